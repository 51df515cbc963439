package io.minqing.transform.topics.eval;

import io.minqing.contract.testing.RepoPaths;
import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.Doc;
import io.minqing.transform.topics.Taxonomy;
import io.minqing.transform.topics.TaxonomyMatch;
import io.minqing.transform.topics.TopicFitter;
import io.minqing.transform.topics.TopicModel;
import io.minqing.transform.topics.TopicModelBuilder;
import io.minqing.transform.topics.TopicsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * #14's eval rows: over seeds 1..n (default 10), mean ± sd NMI / ARI / purity on the 494 labelled Teddy Cup messages
 * at k = 7 and at the k the criterion chooses ({@code topics.k} unset: {@link io.minqing.transform.topics.KChooser}),
 * with and without titles, with no taxonomy, with the wrong one (the sample district's config/topics-taxonomy.txt)
 * and with the fitting one (config/topics-taxonomy-teddycup.txt). The model is fitted on all 10,437 messages and the
 * 494 are assigned by the saved model, as case_topics does (see {@link SeedsEval}); the labels are used only to score.
 * {@code -Ddiagnose=true} also prints, for seed 1, each cluster's best taxonomy entry with its share and breadth.
 * Run: {@code make eval} or {@code -Dtopics.main=io.minqing.transform.topics.eval.TaxonomyKEval -Dtopics.jvm="-Dseeds=10 -Dcache=/tmp/teddy-words.tsv"}.
 */
public final class TaxonomyKEval {

    private TaxonomyKEval() {
    }

    public static void main(String[] args) throws Exception {
        String dir = System.getProperty("minqing.real.data");
        if (dir == null || dir.isBlank() || dir.startsWith("$")) {
            dir = System.getenv().getOrDefault("MINQING_REAL_DATA", "../shared/data/real");
        }
        Path real = Path.of(dir);
        if (!Files.isDirectory(real.resolve("teddycup2020c"))) {
            System.out.println("SKIPPED: real data (Teddy Cup) not found under " + real
                    + " — set -Dminqing.real.data=DIR or MINQING_REAL_DATA to print the taxonomy × k table.");
            return;
        }
        List<String> only = Arrays.asList(System.getProperty("taxonomies", "none,datong,teddycup").split(","));
        List<String> ks = Arrays.asList(System.getProperty("kmodes", "7,auto").split(","));
        List<String> titles = Arrays.asList(System.getProperty("titles", "yes,no").split(","));
        run(SeedsEval.messages(real, System.getProperty("cache")), Integer.getInteger("seeds", 10), only, ks, titles,
                Boolean.getBoolean("diagnose"));
    }

    static Map<String, Taxonomy> taxonomies(List<String> only) {
        Map<String, Taxonomy> t = new LinkedHashMap<>();
        if (only.contains("none")) {
            t.put("none", Taxonomy.none());
        }
        if (only.contains("datong")) {
            t.put("大通区 (wrong)", Taxonomy.read(RepoPaths.root().resolve("config/topics-taxonomy.txt")));
        }
        if (only.contains("teddycup")) {
            t.put("Teddy Cup (fitting)", Taxonomy.read(RepoPaths.root().resolve("config/topics-taxonomy-teddycup.txt")));
        }
        return t;
    }

    static void run(List<SeedsEval.Msg> msgs, int seeds, List<String> only, List<String> kModes, List<String> titleModes, boolean diagnose) {
        List<SeedsEval.Msg> labelled = msgs.stream().filter(m -> m.label() != null).toList();
        List<String> labels = labelled.stream().map(SeedsEval.Msg::label).toList();
        TopicsConfig dflt = TopicsConfig.defaults(Path.of("."));
        TopicFitter.Params base = dflt.fit();
        System.out.printf(Locale.ROOT, "%n## Teddy Cup: k = 7 and the chosen k, by taxonomy; fitted on %d messages, scored on %d "
                + "labelled, seeds 1..%d (k candidates %s)%n%n", msgs.size(), labelled.size(), seeds, dflt.kCandidates());
        System.out.println("| titles | taxonomy | k | NMI mean ± sd | ARI mean ± sd | purity mean ± sd | k per seed | topics (mean) "
                + "| taxonomy-named topics (mean) | fit s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String tm : titleModes) {
            boolean withTitles = tm.equals("yes");
            List<Doc> docs = TopicFitter.inKeyOrder(msgs.stream().map(m -> new Doc(m.id(), "", m.id(), "", null, "",
                    withTitles ? m.title() : List.of(), m.detail(), "")).toList());
            Map<String, Doc> byId = new TreeMap<>();
            docs.forEach(d -> byId.put(d.key(), d));
            for (Map.Entry<String, Taxonomy> tax : taxonomies(only).entrySet()) {
                List<java.util.Set<String>> seedSets = tax.getValue().entries().stream().map(Taxonomy.Entry::seeds).toList();
                for (String km : kModes) {
                    boolean auto = km.equals("auto");
                    double[][] s = new double[3][seeds];
                    int[] chosen = new int[seeds];
                    double topics = 0;
                    double named = 0;
                    long t0 = System.nanoTime();
                    for (int seed = 1; seed <= seeds; seed++) {
                        TopicFitter.Params p = base.withK(auto ? dflt.kCandidates().get(0) : Integer.parseInt(km)).withSeed(seed);
                        TopicFitter.Fit fit = new TopicFitter(p).fit(docs, seedSets, auto ? dflt.kCandidates() : List.of());
                        TopicModel model = new TopicModelBuilder(tax.getValue(), dflt.taxonomyMinShare(), 0.5).build(fit, "eval", "-", null).model();
                        List<Integer> cl = labelled.stream().map(m -> model.assign(byId.get(m.id()).titleWords(),
                                byId.get(m.id()).descriptionWords()).topicId()).toList();
                        ClusterQuality.Scores q = ClusterQuality.score(labels, cl);
                        s[0][seed - 1] = q.nmi();
                        s[1][seed - 1] = q.ari();
                        s[2][seed - 1] = q.purity();
                        chosen[seed - 1] = fit.kChoice().k();
                        topics += model.topics().size();
                        named += model.topics().stream().filter(t -> t.labelSource().equals("taxonomy")).count();
                        if (diagnose && seed == 1) {
                            diagnose(tm, tax.getKey(), tax.getValue(), fit, model);
                        }
                    }
                    double secs = (System.nanoTime() - t0) / 1e9 / seeds;
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | %s | %.1f | %.1f | %.1f |%n",
                            tm, tax.getKey(), auto ? "chosen" : km, SeedsEval.mean(s[0]), SeedsEval.sd(s[0]), SeedsEval.mean(s[1]),
                            SeedsEval.sd(s[1]), SeedsEval.mean(s[2]), SeedsEval.sd(s[2]),
                            Arrays.stream(chosen).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElse(""),
                            topics / seeds, named / seeds, secs);
                }
            }
        }
    }

    /** Per cluster: size, the entry with the highest seed share, that share, its second seed word's share, named or not. */
    static void diagnose(String titles, String taxName, Taxonomy tax, TopicFitter.Fit fit, TopicModel model) {
        if (tax.isEmpty()) {
            System.out.printf(Locale.ROOT, "  [diag titles=%s %s k=%d] k scores %s%n", titles, taxName, fit.kChoice().k(), fit.kChoice().scoresText());
            return;
        }
        System.out.printf(Locale.ROOT, "  [diag titles=%s %s k=%d] k scores %s; seeding: %s%n", titles, taxName, fit.kChoice().k(),
                fit.kChoice().scoresText(), model.info().getOrDefault("taxonomy_seeded", "") + " | skipped: "
                        + model.info().getOrDefault("taxonomy_skipped", ""));
        for (int c = 0; c < fit.sizes().length; c++) {
            int size = fit.sizes()[c];
            int bestE = -1;
            double best = -1;
            for (int e = 0; e < tax.entries().size(); e++) {
                double share = size == 0 ? 0 : (double) fit.seedHits()[c][e] / size;
                if (share > best) {
                    best = share;
                    bestE = e;
                }
            }
            int[] wh = fit.wordHits()[c][bestE].clone();
            Arrays.sort(wh);
            double first = wh.length > 0 && size > 0 ? (double) wh[wh.length - 1] / size : 0;
            double second = wh.length > 1 && size > 0 ? (double) wh[wh.length - 2] / size : 0;
            int named = TaxonomyMatch.nameOf(fit, c, tax, 0.5);
            double[] cen = fit.centroids()[c];
            List<String> top = new ArrayList<>();
            Integer[] idx = new Integer[cen.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(cen[b], cen[a]));
            for (int i = 0; i < Math.min(6, idx.length); i++) {
                top.add(fit.vectorizer().terms().get(idx[i]));
            }
            System.out.printf(Locale.ROOT, "    cluster %2d size %5d best %-12s share %.2f first %.2f second %.2f → %s   %s%n", c, size,
                    tax.entries().get(bestE).name(), best, first, second, named < 0 ? "-" : tax.entries().get(named).name(), String.join(" ", top));
        }
    }
}
