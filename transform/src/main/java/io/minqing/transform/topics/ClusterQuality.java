package io.minqing.transform.topics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement of a clustering with reference labels: normalised mutual information (NMI, arithmetic-mean
 * normalisation, as scikit-learn's default), adjusted Rand index (ARI, Hubert–Arabie) and purity.
 */
public final class ClusterQuality {

    private ClusterQuality() {
    }

    public record Scores(double nmi, double ari, double purity, int n, int clusters, int classes) {
    }

    public static <A, B> Scores score(List<A> labels, List<B> clusters) {
        if (labels.size() != clusters.size()) {
            throw new IllegalArgumentException("labels and clusters differ in length");
        }
        int n = labels.size();
        Map<A, Map<B, Integer>> table = new HashMap<>();
        Map<A, Integer> rowSum = new HashMap<>();
        Map<B, Integer> colSum = new HashMap<>();
        for (int i = 0; i < n; i++) {
            table.computeIfAbsent(labels.get(i), k -> new HashMap<>()).merge(clusters.get(i), 1, Integer::sum);
            rowSum.merge(labels.get(i), 1, Integer::sum);
            colSum.merge(clusters.get(i), 1, Integer::sum);
        }
        double mi = 0;
        double sumComb = 0;
        for (Map.Entry<A, Map<B, Integer>> r : table.entrySet()) {
            for (Map.Entry<B, Integer> c : r.getValue().entrySet()) {
                double nij = c.getValue();
                mi += nij / n * Math.log(n * nij / ((double) rowSum.get(r.getKey()) * colSum.get(c.getKey())));
                sumComb += comb2(nij);
            }
        }
        double hA = entropy(rowSum, n);
        double hB = entropy(colSum, n);
        double nmi = hA + hB == 0 ? 1 : 2 * mi / (hA + hB);
        double sumA = rowSum.values().stream().mapToDouble(ClusterQuality::comb2).sum();
        double sumB = colSum.values().stream().mapToDouble(ClusterQuality::comb2).sum();
        double expected = sumA * sumB / comb2(n);
        double max = (sumA + sumB) / 2;
        double ari = max == expected ? 1 : (sumComb - expected) / (max - expected);
        int majority = 0;
        for (B b : colSum.keySet()) {
            int best = 0;
            for (Map<B, Integer> row : table.values()) {
                best = Math.max(best, row.getOrDefault(b, 0));
            }
            majority += best;
        }
        return new Scores(nmi, ari, (double) majority / n, n, colSum.size(), rowSum.size());
    }

    private static double comb2(double x) {
        return x * (x - 1) / 2;
    }

    private static <K> double entropy(Map<K, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
