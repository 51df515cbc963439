package io.minqing.transform.topics.eval;

import io.minqing.contract.Settings;
import io.minqing.contract.spark.Sessions;
import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.TextPrep;
import io.minqing.transform.topics.TopicFitter;
import io.minqing.transform.topics.TopicModel;
import io.minqing.transform.topics.TopicModelBuilder;
import io.minqing.transform.topics.Taxonomy;
import io.minqing.transform.topics.TopicsConfig;
import io.minqing.transform.topics.TopicsJob;
import io.minqing.transform.topics.testing.CleanExportStager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code make eval}: prints (1) NMI / ARI / purity of the unsupervised topics against the 494 labelled Teddy Cup
 * messages (一级分类; the labels are used only to score), and (2) on the sample district which planted stories were
 * flagged in which months, the false alarms, and the topic list.
 * Args: {@code [--district DIR]} (a generated sample district; default: generate one into a temporary folder).
 */
public final class TopicsEval {

    private TopicsEval() {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "../shared/data/real"));
        Path district = null;
        Path lake = null;
        boolean teddy = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-teddy")) {
                teddy = false;
            }
            if (args[i].equals("--lake")) {
                lake = Path.of(args[++i]);
            }
            if (args[i].equals("--district")) {
                district = Path.of(args[++i]);
            }
        }
        SparkSession spark = Sessions.getOrCreate("minqing-topics-eval", "local[2]");
        spark.sparkContext().setLogLevel("ERROR");
        nullSimulation();
        if (!teddy) {
            System.out.println("Teddy Cup part skipped (--no-teddy).");
        } else if (Files.isDirectory(real.resolve("teddycup2020c"))) {
            teddy(spark, real);
            // over 10 seeds, with and without titles (mean ± sd); -Dlsa=0,100 adds the LSA variant
            SeedsEval.run(SeedsEval.messages(real, System.getProperty("cache")), Integer.getInteger("seeds", 10), new int[] {7, 30},
                    java.util.Arrays.stream(System.getProperty("lsa", "0").split(",")).mapToInt(Integer::parseInt).toArray());
            // #14's rows: k = 7 and the chosen k, with no taxonomy, the wrong one (大通区) and the fitting one (Teddy Cup)
            TaxonomyKEval.run(SeedsEval.messages(real, System.getProperty("cache")), Integer.getInteger("seeds", 10),
                    List.of("none", "datong", "teddycup"), List.of("7", "auto"), List.of("yes", "no"), false);
        } else {
            System.out.println("Teddy Cup data not found under " + real + " — skipped (set -Dminqing.real.data=DIR).");
        }
        if (district == null && lake == null) {
            Path dir = Files.createTempDirectory("minqing-topics-eval");
            io.minqing.transform.topics.testing.SampleDistrictLake.Built b =
                    io.minqing.transform.topics.testing.SampleDistrictLake.build(spark, dir, System.out);
            district = b.district();
            lake = b.lake();
            System.out.println("generated and ingested the sample district into " + dir + " (" + b.staged() + " case and survey rows staged)");
        }
        sampleDistrict(spark, district, lake);
        spark.stop();
    }

    /**
     * The detector's false-alarm rate under the null: monthly counts Poisson(e) with the expectation exactly right.
     * Reports the share of cell-months (after a 6-month burn-in) that come out flagged, by rule.
     */
    static void nullSimulation() {
        io.minqing.transform.topics.RecurringDetector det =
                new io.minqing.transform.topics.RecurringDetector(io.minqing.transform.topics.RecurringDetector.Params.defaults());
        java.util.Random r = new java.util.Random(7);
        int months = 60;
        int cells = 4000;
        System.out.println("## Detector false-alarm rate under the Poisson null (" + cells + " cells × " + (months - 6)
                + " months each, default parameters)");
        System.out.println();
        System.out.println("| expected e | flagged per cell-month | recurring | rising |");
        System.out.println("|---|---|---|---|");
        for (double e : new double[] {0.5, 1, 2, 5, 10, 30, 100}) {
            long flagged = 0;
            long rec = 0;
            long rise = 0;
            long n = 0;
            org.apache.commons.math3.distribution.PoissonDistribution pd = new org.apache.commons.math3.distribution.PoissonDistribution(
                    new org.apache.commons.math3.random.JDKRandomGenerator(r.nextInt()), e, 1e-12, 10_000);
            for (int c = 0; c < cells; c++) {
                long[] y = new long[months];
                double[] ex = new double[months];
                for (int t = 0; t < months; t++) {
                    y[t] = pd.sample();
                    ex[t] = e;
                }
                for (var sig : det.detect(new io.minqing.transform.topics.RecurringDetector.Series("c", null, 1, y, ex))) {
                    if (sig.asOfIndex() >= 6 && sig.flagged()) {
                        flagged++;
                        rec += sig.rule().equals("rising") ? 0 : 1;
                        rise += sig.rule().equals("recurring") ? 0 : 1;
                    }
                }
                n += months - 6;
            }
            System.out.printf(Locale.ROOT, "| %.1f | %.5f | %.5f | %.5f |%n", e, (double) flagged / n, (double) rec / n, (double) rise / n);
        }
        System.out.println();
    }

    static void teddy(SparkSession spark, Path real) throws Exception {
        List<TeddyCup.Message> labelled = TeddyCup.labelled(real);
        List<TeddyCup.Message> all = TeddyCup.labelledAndFull(real);
        Segmenter seg = new HanlpSegmenter();
        TextPrep prep = new TextPrep();
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>[]> words = new java.util.HashMap<>();
        for (TeddyCup.Message m : all) {
            @SuppressWarnings("unchecked")
            List<String>[] w = new List[] {seg.words(prep.clean(m.subject(), null, null)), seg.words(prep.clean(m.detail(), null, null))};
            words.put(m.id(), w);
            rows.add(RowFactory.create(m.id(), w[0], w[1]));
        }
        Dataset<Row> ds = spark.createDataFrame(rows, SegmenterComparison.schema()).cache();
        System.out.printf(Locale.ROOT, "%n## Teddy Cup 2020 C: %d labelled messages (sample/附件2), fitted on %d messages "
                + "(+ full/附件3, 附件4, 测试数据, unlabelled)%n%n", labelled.size(), all.size());
        System.out.println("| method | k | seed | NMI | ARI | purity |");
        System.out.println("|---|---|---|---|---|---|");
        TopicsConfig dflt = TopicsConfig.defaults(Path.of("."));
        List<String> labels = labelled.stream().map(TeddyCup.Message::label).toList();
        for (int k : new int[] {7, 30}) {
            for (long seed : new long[] {dflt.fit().seed(), 1L}) {
                TopicFitter.Params p = new TopicFitter.Params(TopicFitter.Method.KMEANS, k, dflt.fit().minDf(), dflt.fit().maxDfShare(),
                        dflt.fit().maxTerms(), dflt.fit().maxIter(), seed);
                TopicFitter.Fit fit = new TopicFitter(p).fit(SegmenterComparison.docs(ds));
                TopicModel model = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(fit, seg.name(), "-", null).model();
                List<Integer> cl = labelled.stream().map(m -> model.assign(words.get(m.id())[0], words.get(m.id())[1]).topicId()).toList();
                ClusterQuality.Scores s = ClusterQuality.score(labels, cl);
                System.out.printf(Locale.ROOT, "| k-means (cosine) | %d | %d | %.3f | %.3f | %.3f |%n", k, seed, s.nmi(), s.ari(), s.purity());
            }
        }
    }

    static void sampleDistrict(SparkSession spark, Path district, Path reuse) throws Exception {
        Path lake = reuse != null ? reuse : Files.createTempDirectory("minqing-topics-eval");
        if (!Files.isDirectory(lake.resolve("staged/cases"))) {
            CleanExportStager.stage(spark, district.resolve("exports/cases.csv"), lake);
        }
        System.out.println("lake: " + lake + (Files.isDirectory(lake.resolve("models/topics")) ? " (reusing its topic model)" : ""));
        Path taxonomy = System.getProperty("topics.taxonomy") != null ? Path.of(System.getProperty("topics.taxonomy"))
                : io.minqing.contract.testing.RepoPaths.root().resolve("config/topics-taxonomy.txt");
        System.out.println("taxonomy: " + (Files.isRegularFile(taxonomy) ? taxonomy : "none"));
        Map<String, String> overrides = new java.util.TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("topics.") && !k.equals("topics.taxonomy"))
                .forEach(k -> overrides.put(k, System.getProperty(k)));
        TopicsConfig cfg = TopicsConfig.from(Settings.ofMap(overrides), lake, false, Files.isRegularFile(taxonomy) ? taxonomy : null);
        long t0 = System.nanoTime();
        TopicsJob job = new TopicsJob(spark, cfg, new HanlpSegmenter(), System.out);
        if (Boolean.getBoolean("redetect") && Files.isDirectory(lake.resolve("marts/case_topics"))) {
            System.out.println("re-running the detector only (" + overrides + "): " + job.redetect() + " rows");
        } else {
            job.run();
        }
        TopicModel saved = TopicModel.load(lake.resolve("models/topics"));
        System.out.printf(Locale.ROOT, "%n## Sample district %s: model %s, %d topics, %.0f s%n%n", district,
                saved.versionName(), saved.topics().size(), (System.nanoTime() - t0) / 1e9);
        SampleDistrictCheck.Outcome o = SampleDistrictCheck.check(spark, lake, district);
        System.out.printf(Locale.ROOT, "Topics vs the generator's topic families: NMI %.3f, ARI %.3f, purity %.3f (%d topics, %d families)%n%n",
                o.quality().nmi(), o.quality().ari(), o.quality().purity(), o.quality().clusters(), o.quality().classes());
        System.out.println("| topic_id | label | cases | majority family |");
        System.out.println("|---|---|---|---|");
        o.labels().forEach((id, l) -> System.out.printf(Locale.ROOT, "| %d | %s | %d | %s |%n", id, l, o.sizes().getOrDefault(id, 0L),
                o.majorityFamily().getOrDefault(id, "")));
        System.out.println();
        System.out.println("| story | topic | flag months (manifest) | flagged months (detector) |");
        System.out.println("|---|---|---|---|");
        for (SampleDistrictCheck.Story s : SampleDistrictCheck.stories(district)) {
            int t = o.storyTopic().get(s.id());
            System.out.printf(Locale.ROOT, "| %s | %d %s | %s | %s |%n", s.id(), t, o.labels().getOrDefault(t, "?"),
                    String.join(" ", s.flagMonths()), String.join(" ", o.flaggedMonths().get(s.id())));
        }
        System.out.println();
        System.out.println("Evidence of the single-place stories at their estate (y of n cases, share elsewhere q, binomial p, cells):");
        o.estateEvidence().forEach((id, byMonth) -> byMonth.forEach((m, e) -> System.out.printf(Locale.ROOT,
                "  %s %s: %d of %d, q %.4f, p %.2e, p×cells %.3f%s%n", id, m, e.y(), e.n(), e.q(), e.p(), e.p() * e.cells(),
                e.detectableAtOneFalseAlarmAMonth() ? "" : " (not detectable at one false alarm a month)")));
        System.out.println("False alarms (flags that match no planted story) by month: " + o.falseAlarmsByMonth());
        o.falseAlarms().forEach(f -> System.out.println("  " + f));
    }
}
