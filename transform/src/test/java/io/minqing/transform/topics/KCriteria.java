package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Test scope: the k criteria compared before stability was chosen ({@code KCriteriaExperiment}, docs/topics.md
 * "Choosing k"): stability, cosine silhouette, NPMI coherence of the top terms, clusters found again across runs.
 */
public final class KCriteria {

    private KCriteria() {
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
        List<Vectorizer.Sparse> sample = KChooser.sample(xs);
        Map<Integer, double[]> out = new TreeMap<>();
        for (int k : ks) {
            List<List<Integer>> runs = new ArrayList<>();
            double sil = 0;
            double coh = 0;
            for (int r = 1; r <= KChooser.RUNS; r++) {
                TopicFitter.Params p = base.withK(k).withSeed(base.seed() + r);
                int[] a = new TopicFitter(p).cluster(sample, dims);
                runs.add(IntStream.of(a).boxed().toList());
                double[][] c = centres(sample, a, k, dims);
                sil += silhouette(sample, a, c) / KChooser.RUNS;
                coh += coherence(sample, c, 10) / KChooser.RUNS;
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
                        rep5 += reproduced(runs.get(i), runs.get(j), k, 0.5) / (double) (KChooser.RUNS * (KChooser.RUNS - 1));
                        rep75 += reproduced(runs.get(i), runs.get(j), k, 0.75) / (double) (KChooser.RUNS * (KChooser.RUNS - 1));
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

}
