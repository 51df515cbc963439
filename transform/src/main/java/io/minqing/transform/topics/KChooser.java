package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Chooses the number of topics k when the user does not set it: <b>stability across seeded starts</b>. For each
 * candidate k, {@link #RUNS} k-means++ runs with seeds seed+1 … seed+RUNS cluster the same evenly spaced sample of at
 * most {@link #SAMPLE} cases (in key order, so both engines see the same cases); the score is the mean adjusted Rand
 * index over all pairs of runs (1: every start finds the same clusters). The smallest k whose score is within one
 * standard error of the best score wins (the one-standard-error rule: scores closer than the estimate's own noise
 * count as a tie, and ties go to the smaller k; the standard error is the sd of the pairwise ARIs over √pairs). A k that the data holds as distinct groups is found from any start; a k that must split one group
 * or merge two does so differently from start to start. Candidates need at least {@link #MIN_CASES_PER_CLUSTER} cases with text per cluster (fewer
 * make topics too small to read and their agreement noise; with none left, the smallest candidate); with a
 * taxonomy, candidates below the number of entries with support are dropped when a candidate at or above it remains
 * (a district that names 20 topics gets at least 20). Deterministic, and cheap: 7 candidates × 4 runs on 2,000 cases.
 */
public final class KChooser {

    public static final int SAMPLE = 2000;
    public static final int RUNS = 4;
    /** A candidate k needs at least this many cases with text per cluster on average. */
    public static final int MIN_CASES_PER_CLUSTER = 20;
    public static final String CRITERION = "stability";

    /**
     * How k was set. {@code source}: {@code user} (topics.k or -k) or {@code criterion}; {@code score} the chosen k's
     * stability (NaN for the user's k); {@code scores} every candidate's.
     */
    public record Choice(int k, String source, String criterion, double score, Map<Integer, Double> scores,
                         Map<Integer, Double> errors) {
        public Choice {
            scores = Map.copyOf(scores);
            errors = Map.copyOf(errors);
        }

        public static Choice user(int k) {
            return new Choice(k, "user", null, Double.NaN, Map.of(), Map.of());
        }

        public boolean byCriterion() {
            return source.equals("criterion");
        }

        /** The candidates' scores as {@code k:score} in k order, as written to model.properties. */
        public String scoresText() {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(scores).forEach((kk, s) -> sb.append(sb.length() == 0 ? "" : " ").append(kk).append(':')
                    .append(String.format(Locale.ROOT, "%.4f", s))
                    .append(errors.containsKey(kk) ? String.format(Locale.ROOT, "±%.4f", errors.get(kk)) : ""));
            return sb.toString();
        }
    }

    private KChooser() {
    }

    /** The criterion's description for the marts and the model file. */
    public static String describe() {
        return CRITERION + ": mean pairwise ARI of " + RUNS + " seeded k-means++ runs on up to " + SAMPLE
                + " cases, smallest k within one standard error of the best";
    }

    /**
     * @param xs    the fit's TF-IDF vectors, in key order
     * @param floor the number of taxonomy entries with support (0 without a taxonomy)
     */
    static Choice choose(List<Vectorizer.Sparse> xs, int dims, TopicFitter.Params base, List<Integer> grid, int floor) {
        List<Vectorizer.Sparse> sample = sample(xs);
        List<Integer> fit = grid.stream().filter(k -> (long) MIN_CASES_PER_CLUSTER * k <= xs.size() && 5L * k <= sample.size()).toList();
        if (fit.isEmpty()) {
            return new Choice(grid.get(0), "criterion", describe() + " (too few cases to compare; smallest candidate)", Double.NaN, Map.of(),
                    Map.of());
        }
        List<Integer> atFloor = fit.stream().filter(k -> k >= floor).toList();
        List<Integer> candidates = atFloor.isEmpty() ? List.of(fit.get(fit.size() - 1)) : atFloor;
        Map<Integer, Double> scores = new TreeMap<>();
        Map<Integer, Double> errors = new TreeMap<>();
        int bestK = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int k : candidates) {
            double[] s = stability(sample, dims, base.withK(k));
            scores.put(k, s[0]);
            errors.put(k, s[1]);
            if (s[0] > best) {
                best = s[0];
                bestK = k;
            }
        }
        double bar = best - errors.get(bestK);
        int chosen = candidates.stream().filter(k -> scores.get(k) >= bar).findFirst().orElse(bestK);
        return new Choice(chosen, "criterion", describe(), scores.get(chosen), scores, errors);
    }

    /** {mean, standard error} of the pairwise ARIs of {@link #RUNS} runs with seeds seed+1 … seed+RUNS. */
    static double[] stability(List<Vectorizer.Sparse> xs, int dims, TopicFitter.Params p) {
        List<List<Integer>> runs = new ArrayList<>();
        for (int r = 1; r <= RUNS; r++) {
            int[] a = new TopicFitter(p.withSeed(p.seed() + r)).cluster(xs, dims);
            runs.add(IntStream.of(a).boxed().toList());
        }
        List<Double> aris = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                aris.add(ClusterQuality.score(runs.get(i), runs.get(j)).ari());
            }
        }
        double mean = aris.stream().mapToDouble(Double::doubleValue).sum() / aris.size();
        double ss = aris.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum();
        double sd = aris.size() > 1 ? Math.sqrt(ss / (aris.size() - 1)) : 0;
        return new double[] {mean, sd / Math.sqrt(aris.size())};
    }

    /** The normalised centroids of an assignment. */
    static double[][] centres(List<Vectorizer.Sparse> xs, int[] assign, int k, int dims) {
        double[][] c = new double[k][dims];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int j = 0; j < x.indices().length; j++) {
                c[assign[i]][x.indices()[j]] += x.values()[j];
            }
        }
        for (double[] row : c) {
            TopicFitter.normalise(row);
        }
        return c;
    }

    /**
     * Simplified cosine silhouette: per case (b − a) / max(a, b) with a = 1 − cosine to its own centre and b = 1 − the
     * highest cosine to another centre (0 when a = b = 0); the mean over the cases.
     */
    static double silhouette(List<Vectorizer.Sparse> xs, int[] assign, double[][] c) {
        double sum = 0;
        for (int i = 0; i < xs.size(); i++) {
            double own = xs.get(i).dot(c[assign[i]]);
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c.length; j++) {
                if (j != assign[i]) {
                    other = Math.max(other, xs.get(i).dot(c[j]));
                }
            }
            double a = 1 - own;
            double b = 1 - other;
            double m = Math.max(a, b);
            sum += m <= 0 ? 0 : (b - a) / m;
        }
        return sum / xs.size();
    }

    /**
     * Mean NPMI coherence of the clusters' top {@code n} terms (by centroid weight) over the cases' word occurrence:
     * NPMI(w, v) = ln(p(w, v) / (p(w) p(v))) / −ln p(w, v), −1 when w and v never occur together.
     */
    static double coherence(List<Vectorizer.Sparse> xs, double[][] c, int n) {
        double total = 0;
        int topics = 0;
        for (double[] centre : c) {
            List<Integer> top = IntStream.range(0, centre.length).filter(t -> centre[t] > 0).boxed()
                    .sorted((a, b) -> Double.compare(centre[b], centre[a])).limit(n).toList();
            if (top.size() < 2) {
                continue;
            }
            java.util.BitSet[] occ = new java.util.BitSet[top.size()];
            for (int t = 0; t < top.size(); t++) {
                occ[t] = new java.util.BitSet(xs.size());
            }
            for (int i = 0; i < xs.size(); i++) {
                for (int t = 0; t < top.size(); t++) {
                    if (java.util.Arrays.binarySearch(xs.get(i).indices(), top.get(t)) >= 0) {
                        occ[t].set(i);
                    }
                }
            }
            double sum = 0;
            int pairs = 0;
            double N = xs.size();
            for (int a = 0; a < top.size(); a++) {
                for (int b = a + 1; b < top.size(); b++) {
                    java.util.BitSet both = (java.util.BitSet) occ[a].clone();
                    both.and(occ[b]);
                    double pab = both.cardinality() / N;
                    double pa = occ[a].cardinality() / N;
                    double pb = occ[b].cardinality() / N;
                    sum += pab == 0 ? -1 : pab >= 1 ? 1 : Math.log(pab / (pa * pb)) / -Math.log(pab);
                    pairs++;
                }
            }
            total += sum / pairs;
            topics++;
        }
        return topics == 0 ? 0 : total / topics;
    }

    /** Experiment hook: per candidate k, {stability, mean silhouette, mean coherence} over the runs. */
    public static Map<Integer, double[]> criteria(List<Vectorizer.Sparse> xs, int dims, TopicFitter.Params base, List<Integer> ks) {
        List<Vectorizer.Sparse> sample = sample(xs);
        Map<Integer, double[]> out = new TreeMap<>();
        for (int k : ks) {
            List<List<Integer>> runs = new ArrayList<>();
            double sil = 0;
            double coh = 0;
            for (int r = 1; r <= RUNS; r++) {
                TopicFitter.Params p = base.withK(k).withSeed(base.seed() + r);
                int[] a = new TopicFitter(p).cluster(sample, dims);
                runs.add(IntStream.of(a).boxed().toList());
                double[][] c = centres(sample, a, k, dims);
                sil += silhouette(sample, a, c) / RUNS;
                coh += coherence(sample, c, 10) / RUNS;
            }
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < runs.size(); i++) {
                for (int j = i + 1; j < runs.size(); j++) {
                    sum += ClusterQuality.score(runs.get(i), runs.get(j)).ari();
                    pairs++;
                }
            }
            double rep5 = 0;
            double rep75 = 0;
            for (int i = 0; i < runs.size(); i++) {
                for (int j = 0; j < runs.size(); j++) {
                    if (i != j) {
                        rep5 += reproduced(runs.get(i), runs.get(j), k, 0.5) / (double) (RUNS * (RUNS - 1));
                        rep75 += reproduced(runs.get(i), runs.get(j), k, 0.75) / (double) (RUNS * (RUNS - 1));
                    }
                }
            }
            out.put(k, new double[] {sum / pairs, sil, coh, rep5, rep75});
        }
        return out;
    }

    /** Clusters of run a that run b finds again: the best-matching cluster of b has Jaccard ≥ min with it. */
    static int reproduced(List<Integer> a, List<Integer> b, int k, double min) {
        int[][] both = new int[k][k];
        int[] na = new int[k];
        int[] nb = new int[k];
        for (int i = 0; i < a.size(); i++) {
            both[a.get(i)][b.get(i)]++;
            na[a.get(i)]++;
            nb[b.get(i)]++;
        }
        int out = 0;
        for (int x = 0; x < k; x++) {
            if (na[x] == 0) {
                continue;
            }
            double best = 0;
            for (int y = 0; y < k; y++) {
                if (both[x][y] > 0) {
                    best = Math.max(best, both[x][y] / (double) (na[x] + nb[y] - both[x][y]));
                }
            }
            if (best >= min) {
                out++;
            }
        }
        return out;
    }

    /** At most {@link #SAMPLE} cases, evenly spaced in the given (key) order. */
    static List<Vectorizer.Sparse> sample(List<Vectorizer.Sparse> xs) {
        if (xs.size() <= SAMPLE) {
            return xs;
        }
        List<Vectorizer.Sparse> out = new ArrayList<>(SAMPLE);
        for (int i = 0; i < SAMPLE; i++) {
            out.add(xs.get((int) ((long) i * xs.size() / SAMPLE)));
        }
        return out;
    }
}
