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
