package io.minqing.transform.topics.eval;

import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.TextPrep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Feature and clustering experiments on the Teddy Cup messages, in plain Java (spherical k-means, no Spark) so that
 * many variants run in minutes: title weight, minimum document frequency, maximum document share, k, and the best
 * of several k-means++ starts by the unsupervised criterion (highest total cosine to the centres). The 494 labels are
 * used only to score. Run: {@code -Dtopics.main=io.minqing.transform.topics.eval.TeddyExperiments}.
 */
public final class TeddyExperiments {

    record Doc(String id, List<String> title, List<String> detail, String label) {
    }

    private TeddyExperiments() {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "../shared/data/real"));
        List<TeddyCup.Message> labelled = TeddyCup.labelled(real);
        List<TeddyCup.Message> all = TeddyCup.labelledAndFull(real);
        Segmenter seg = new HanlpSegmenter();
        TextPrep prep = new TextPrep();
        List<Doc> docs = new ArrayList<>();
        Path cache = System.getProperty("cache") == null ? null : Path.of(System.getProperty("cache"));
        if (cache != null && java.nio.file.Files.isRegularFile(cache)) {
            for (String line : java.nio.file.Files.readAllLines(cache)) {
                String[] f = line.split("\t", -1);
                docs.add(new Doc(f[0], words(f[2]), words(f[3]), f[1].isEmpty() ? null : f[1]));
            }
        } else {
            List<String> lines = new ArrayList<>();
            for (TeddyCup.Message m : all) {
                Doc d = new Doc(m.id(), seg.words(prep.clean(m.subject(), null, null)), seg.words(prep.clean(m.detail(), null, null)), m.label());
                docs.add(d);
                lines.add(d.id() + "\t" + (d.label() == null ? "" : d.label()) + "\t" + String.join(" ", d.title()) + "\t" + String.join(" ", d.detail()));
            }
            if (cache != null) {
                java.nio.file.Files.write(cache, lines);
            }
        }
        System.out.println("| title weight | min df | max df share | k | starts | NMI | ARI | purity | vocabulary |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        String[] variants = System.getProperty("variants", "2,3,0.3;1,3,0.3;3,3,0.3;2,10,0.3;2,3,0.1;2,20,0.1;3,10,0.1").split(";");
        int[] ks = java.util.Arrays.stream(System.getProperty("ks", "7,30").split(",")).mapToInt(Integer::parseInt).toArray();
        int starts = Integer.getInteger("starts", 5);
        for (String v : variants) {
            String[] p = v.split(",");
            double tw = Double.parseDouble(p[0]);
            int minDf = Integer.parseInt(p[1]);
            double maxShare = Double.parseDouble(p[2]);
            double dw = p.length > 3 ? Double.parseDouble(p[3]) : 1;
            boolean bigrams = p.length > 4 && p[4].equals("bi");
            List<Doc> use = docs;
            if (bigrams) {
                use = new ArrayList<>();
                for (Doc d : docs) {
                    use.add(new Doc(d.id(), withBigrams(d.title()), withBigrams(d.detail()), d.label()));
                }
            }
            for (int k : ks) {
                double[] r = run(use, tw, dw, minDf, maxShare, k, starts);
                System.out.printf(Locale.ROOT, "| %.0f (detail %.1f%s) | %d | %.2f | %d | %d | %.3f | %.3f | %.3f | %d |%n", tw, dw,
                        bigrams ? ", bigrams" : "", minDf, maxShare, k, starts, r[0], r[1], r[2], (int) r[3]);
            }
        }
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    private static List<String> withBigrams(List<String> w) {
        List<String> out = new ArrayList<>(w);
        for (int i = 0; i + 1 < w.size(); i++) {
            out.add(w.get(i) + "_" + w.get(i + 1));
        }
        return out;
    }

    static double[] run(List<Doc> docs, double titleWeight, double detailWeight, int minDf, double maxShare, int k, int starts) {
        Map<String, Integer> df = new HashMap<>();
        for (Doc d : docs) {
            java.util.Set<String> u = new java.util.HashSet<>(d.title());
            u.addAll(d.detail());
            u.forEach(w -> df.merge(w, 1, Integer::sum));
        }
        int n = docs.size();
        Map<String, Integer> index = new TreeMap<>();
        List<Double> idfL = new ArrayList<>();
        df.entrySet().stream().filter(e -> e.getValue() >= minDf && e.getValue() <= maxShare * n).sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    index.put(e.getKey(), index.size());
                    idfL.add(Math.log((n + 1.0) / (e.getValue() + 1.0)));
                });
        int dim = index.size();
        List<int[]> idx = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        for (Doc d : docs) {
            TreeMap<Integer, Double> tf = new TreeMap<>();
            d.title().forEach(w -> {
                if (index.containsKey(w)) {
                    tf.merge(index.get(w), titleWeight, Double::sum);
                }
            });
            d.detail().forEach(w -> {
                if (index.containsKey(w)) {
                    tf.merge(index.get(w), detailWeight, Double::sum);
                }
            });
            int[] ii = tf.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] vv = new double[ii.length];
            double norm = 0;
            int j = 0;
            for (Map.Entry<Integer, Double> e : tf.entrySet()) {
                vv[j] = e.getValue() <= 0 ? 0 : Math.max(0.1, 1 + Math.log(e.getValue())) * idfL.get(e.getKey());
                norm += vv[j] * vv[j];
                j++;
            }
            for (j = 0; j < vv.length; j++) {
                vv[j] = norm == 0 ? 0 : vv[j] / Math.sqrt(norm);
            }
            idx.add(ii);
            val.add(vv);
        }
        int[] best = null;
        double bestObj = -1;
        for (int s = 0; s < starts; s++) {
            int[] assign = new int[n];
            double obj = kmeans(idx, val, dim, k, 20210831L + s, assign);
            if (obj > bestObj) {
                bestObj = obj;
                best = assign;
            }
        }
        List<String> labels = new ArrayList<>();
        List<Integer> cl = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (docs.get(i).label() != null) {
                labels.add(docs.get(i).label());
                cl.add(idx.get(i).length == 0 ? -1 : best[i]);
            }
        }
        ClusterQuality.Scores sc = ClusterQuality.score(labels, cl);
        return new double[] {sc.nmi(), sc.ari(), sc.purity(), dim};
    }

    /** Spherical k-means (cosine), k-means++ start; returns the total cosine of the cases to their centres. */
    static double kmeans(List<int[]> idx, List<double[]> val, int dim, int k, long seed, int[] assign) {
        int n = idx.size();
        Random rnd = new Random(seed);
        double[][] c = new double[k][];
        List<Integer> nonEmpty = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (idx.get(i).length > 0) {
                nonEmpty.add(i);
            }
        }
        c[0] = dense(idx, val, nonEmpty.get(rnd.nextInt(nonEmpty.size())), dim);
        double[] bestSim = new double[n];
        java.util.Arrays.fill(bestSim, -1);
        for (int j = 1; j < k; j++) {
            double total = 0;
            double[] w = new double[nonEmpty.size()];
            for (int t = 0; t < nonEmpty.size(); t++) {
                int i = nonEmpty.get(t);
                bestSim[i] = Math.max(bestSim[i], dot(idx.get(i), val.get(i), c[j - 1]));
                w[t] = (1 - bestSim[i]) * (1 - bestSim[i]);
                total += w[t];
            }
            double pick = rnd.nextDouble() * total;
            int t = 0;
            for (double acc = w[0]; acc < pick && t < w.length - 1; acc += w[++t]) {
                // walk
            }
            c[j] = dense(idx, val, nonEmpty.get(t), dim);
        }
        double obj = 0;
        for (int iter = 0; iter < 40; iter++) {
            obj = 0;
            boolean changed = false;
            for (int i : nonEmpty) {
                int b = 0;
                double bs = -2;
                for (int j = 0; j < k; j++) {
                    double s = dot(idx.get(i), val.get(i), c[j]);
                    if (s > bs) {
                        bs = s;
                        b = j;
                    }
                }
                changed |= assign[i] != b || iter == 0;
                assign[i] = b;
                obj += bs;
            }
            if (!changed) {
                break;
            }
            double[][] nc = new double[k][dim];
            for (int i : nonEmpty) {
                for (int q = 0; q < idx.get(i).length; q++) {
                    nc[assign[i]][idx.get(i)[q]] += val.get(i)[q];
                }
            }
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (double x : nc[j]) {
                    s += x * x;
                }
                if (s > 0) {
                    for (int q = 0; q < dim; q++) {
                        nc[j][q] /= Math.sqrt(s);
                    }
                    c[j] = nc[j];
                }
            }
        }
        return obj;
    }

    private static double[] dense(List<int[]> idx, List<double[]> val, int i, int dim) {
        double[] d = new double[dim];
        for (int q = 0; q < idx.get(i).length; q++) {
            d[idx.get(i)[q]] = val.get(i)[q];
        }
        return d;
    }

    static double dot(int[] ii, double[] vv, double[] c) {
        double s = 0;
        for (int q = 0; q < ii.length; q++) {
            s += vv[q] * c[ii[q]];
        }
        return s;
    }
}
