package io.minqing.transform.topics.eval;

import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.Doc;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.Taxonomy;
import io.minqing.transform.topics.TextPrep;
import io.minqing.transform.topics.TopicFitter;
import io.minqing.transform.topics.TopicModel;
import io.minqing.transform.topics.TopicModelBuilder;
import io.minqing.transform.topics.TopicsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * With and without a change, over many seeds, on the Teddy Cup labels: the shipped topic model (plain-Java spherical
 * k-means, {@link TopicFitter}) is fitted on all 10,437 messages (the 495 labelled plus the unlabelled 附件3, 附件4 and
 * 测试数据), the 495 are assigned by the saved model ({@link TopicModel#assign}, as case_topics does) and scored
 * against their first-level labels (NMI, ARI, purity). Each variant runs seeds 1..n (default 10) with titles and with
 * titles blanked (the held-out Teddy Cup data has none); the table gives mean ± sd and, against the baseline on the
 * same seeds, the mean paired difference with its standard error.
 * Run: {@code make eval} or {@code -Dtopics.main=io.minqing.transform.topics.eval.SeedsEval -Dtopics.jvm="-Dseeds=10 -Dcache=/tmp/teddy-words.tsv"}.
 */
public final class SeedsEval {

    private SeedsEval() {
    }

    record Msg(String id, List<String> title, List<String> detail, String label) {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "../shared/data/real"));
        if (!Files.isDirectory(real.resolve("teddycup2020c"))) {
            System.out.println("Teddy Cup data not found under " + real + " — skipped (set -Dminqing.real.data=DIR).");
            return;
        }
        run(messages(real, System.getProperty("cache")), Integer.getInteger("seeds", 10),
                Arrays.stream(System.getProperty("ks", "7,30").split(",")).mapToInt(Integer::parseInt).toArray(),
                System.getProperty("variants", "tfidf,shipped,lsa100").split(","));
    }

    static List<Msg> messages(Path real, String cache) throws Exception {
        Path c = cache == null ? null : Path.of(cache);
        List<Msg> out = new ArrayList<>();
        if (c != null && Files.isRegularFile(c)) {
            for (String line : Files.readAllLines(c)) {
                String[] f = line.split("\t", -1);
                out.add(new Msg(f[0], words(f[2]), words(f[3]), f[1].isEmpty() ? null : f[1]));
            }
            return out;
        }
        Segmenter seg = new HanlpSegmenter();
        TextPrep prep = new TextPrep();
        List<String> lines = new ArrayList<>();
        for (TeddyCup.Message m : TeddyCup.labelledAndFull(real)) {
            Msg d = new Msg(m.id(), seg.words(prep.clean(m.subject(), null, null)), seg.words(prep.clean(m.detail(), null, null)), m.label());
            out.add(d);
            lines.add(d.id() + "\t" + (d.label() == null ? "" : d.label()) + "\t" + String.join(" ", d.title()) + "\t"
                    + String.join(" ", d.detail()));
        }
        if (c != null) {
            Files.write(c, lines);
        }
        return out;
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    /** LSA dimensions per variant: 0 for the shipped defaults, else LSA to that many dimensions. */
    static void run(List<Msg> msgs, int seeds, int[] ks, int[] lsas) {
        run(msgs, seeds, ks, Arrays.stream(lsas).mapToObj(d -> d == 0 ? "shipped" : "lsa" + d).toArray(String[]::new));
    }

    /**
     * Variants: {@code tfidf} (k-means on the TF-IDF vectors, one k-means at k: topics.over-cluster 1),
     * {@code overF} (over-cluster F·k, merge by average linkage, Lloyd at k), {@code lsaD} (LSA to D dimensions, then
     * k-means at k), {@code shipped} (the configuration defaults). The first variant is the baseline of ΔNMI.
     */
    static TopicFitter.Params variant(TopicFitter.Params base, String v) {
        if (v.equals("shipped")) {
            return base;
        }
        if (v.equals("tfidf")) {
            return base.withLsa(0).withOverCluster(1);
        }
        if (v.startsWith("over")) {
            return new TopicFitter.Params(base.method(), base.k(), base.minDf(), base.maxDfShare(), base.maxTerms(), base.maxIter(),
                    base.seed(), 0, Integer.parseInt(v.substring(4)), Integer.MAX_VALUE);
        }
        if (v.startsWith("lsa")) {
            return base.withLsa(Integer.parseInt(v.substring(3))).withOverCluster(1);
        }
        throw new IllegalArgumentException("unknown variant " + v + " (tfidf, overF, lsaD, shipped)");
    }

    static String describe(String v) {
        if (v.startsWith("over")) {
            return "over-cluster " + v.substring(4) + "·k → average link → k-means";
        }
        if (v.startsWith("lsa")) {
            return "LSA " + v.substring(3) + " + k-means";
        }
        return v.equals("shipped") ? "shipped defaults (over-cluster " + TopicFitter.DEFAULT_OVER_CLUSTER + ")" : "TF-IDF k-means";
    }

    static void run(List<Msg> msgs, int seeds, int[] ks, String[] variants) {
        List<Msg> labelled = msgs.stream().filter(m -> m.label() != null).toList();
        List<String> labels = labelled.stream().map(Msg::label).toList();
        TopicFitter.Params base = TopicsConfig.defaults(Path.of(".")).fit();
        System.out.printf(Locale.ROOT, "%n## Teddy Cup: fitted on %d messages, scored on %d labelled, seeds 1..%d%n%n", msgs.size(),
                labelled.size(), seeds);
        System.out.println("| titles | k | variant | NMI mean ± sd | ARI mean ± sd | purity mean ± sd | ΔNMI vs first row (± se) "
                + "| NMI of the fit's own clusters | fit s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (boolean titles : new boolean[] {true, false}) {
            List<Doc> docs = TopicFitter.inKeyOrder(msgs.stream().map(m -> new Doc(m.id(), "", m.id(), "", null, "",
                    titles ? m.title() : List.of(), m.detail(), "")).toList());
            Map<String, Doc> byId = new TreeMap<>();
            docs.forEach(d -> byId.put(d.key(), d));
            for (int k : ks) {
                double[] first = null;
                for (String v : variants) {
                    double[][] s = new double[4][seeds];
                    long t0 = System.nanoTime();
                    for (int seed = 1; seed <= seeds; seed++) {
                        TopicFitter.Params p = variant(new TopicFitter.Params(base.method(), k, base.minDf(), base.maxDfShare(),
                                base.maxTerms(), base.maxIter(), seed, base.lsaDims(), base.overCluster(), base.overClusterMax()), v);
                        TopicFitter.Fit fit = new TopicFitter(p).fit(docs);
                        TopicModel model = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(fit, "eval", "-", null).model();
                        List<Integer> cl = labelled.stream().map(m -> model.assign(byId.get(m.id()).titleWords(),
                                byId.get(m.id()).descriptionWords()).topicId()).toList();
                        ClusterQuality.Scores q = ClusterQuality.score(labels, cl);
                        s[0][seed - 1] = q.nmi();
                        s[1][seed - 1] = q.ari();
                        s[2][seed - 1] = q.purity();
                        s[3][seed - 1] = ClusterQuality.score(labels, labelled.stream()
                                .map(m -> fit.clusterOf().getOrDefault(m.id(), -1)).toList()).nmi();
                    }
                    double secs = (System.nanoTime() - t0) / 1e9 / seeds;
                    String delta = "—";
                    if (first == null) {
                        first = s[0];
                    } else {
                        double[] d = new double[seeds];
                        for (int i = 0; i < seeds; i++) {
                            d[i] = s[0][i] - first[i];
                        }
                        delta = String.format(Locale.ROOT, "%+.3f ± %.3f", mean(d), sd(d) / Math.sqrt(seeds));
                    }
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | %s | %.3f ± %.3f | %.1f |%n",
                            titles ? "yes" : "no", k, describe(v), mean(s[0]), sd(s[0]),
                            mean(s[1]), sd(s[1]), mean(s[2]), sd(s[2]), delta, mean(s[3]), sd(s[3]), secs);
                }
            }
        }
    }

    static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / Math.max(1, x.length - 1));
    }
}
