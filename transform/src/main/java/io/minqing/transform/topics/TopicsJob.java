package io.minqing.transform.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.contract.spark.SparkSchemas;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code minqing topics}: staged cases → words → topics (fit once, then assign; {@code --refit} on request) →
 * the four topic marts. See docs/topics.md.
 */
public final class TopicsJob {

    public record Result(long cases, boolean fitted, String modelVersion, int topics, long recurringRows,
                         String latestMonth, long flaggedLatestMonth, Path marts, double seconds,
                         List<TopicModelBuilder.IdMapping> idMap) {
    }

    static final StructType WORDS = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("case_id", DataTypes.StringType, false)
            .add("community", DataTypes.StringType, false)
            .add("place", DataTypes.StringType, true)
            .add("received_month", DataTypes.StringType, false)
            .add("title_words", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("description_words", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("title_text", DataTypes.StringType, false);

    private final SparkSession spark;
    private final TopicsConfig cfg;
    private final Segmenter segmenter;
    private final PrintStream out;

    public TopicsJob(SparkSession spark, TopicsConfig cfg, Segmenter segmenter, PrintStream progressOut) {
        this.spark = spark;
        this.cfg = cfg;
        this.segmenter = segmenter;
        this.out = progressOut;
    }

    public Result run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 5);
        Path staged = requireInput(cfg);
        Taxonomy taxonomy = cfg.taxonomyFile() == null ? Taxonomy.none() : Taxonomy.read(cfg.taxonomyFile());

        progress.start();
        Dataset<Row> cases = spark.read().parquet(staged.toString());
        SparkSchemas.requireConforms(Contract.CASES, cases.schema(), staged.toString());
        Dataset<Row> words = segment(cases, segmenter).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        long n = words.count();
        if (n == 0) {
            throw TopicsErrors.noCases(staged);
        }
        progress.done("segment case text (" + segmenter.name() + ")", n, "cases");

        progress.start();
        Path modelDir = cfg.modelDir();
        TopicModel previous = TopicModel.exists(modelDir) ? TopicModel.load(modelDir) : null;
        TopicModel model;
        List<TopicModelBuilder.IdMapping> idMap = List.of();
        boolean fitted = previous == null || cfg.refit();
        if (fitted) {
            TopicModelBuilder.Built built = fit(words, n, taxonomy, previous);
            model = built.model();
            idMap = built.idMap();
            model.save(modelDir);
            if (previous != null) {
                writeIdMap(modelDir.resolve("id-map.tsv"), previous, model, idMap);
            }
            progress.done((previous == null ? "fit" : "refit") + " topic model " + model.versionName() + " (" + model.topics().size()
                    + " topics)", model.fittedCases(), "cases");
        } else {
            model = previous;
            progress.done("load topic model " + model.versionName() + " (" + model.topics().size() + " topics)", model.topics().size(), "topics");
        }

        progress.start();
        Dataset<Row> caseTopics = assign(words, model).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Path tmp = cfg.lake().tmp();
        long written = MartWriter.write(caseTopics, TopicMarts.CASE_TOPICS, cfg.lake().mart("case_topics"), tmp, "source", "case_id");
        words.unpersist();
        progress.done("assign cases to topics → marts/case_topics", written, "rows");

        progress.start();
        long topicRows = MartWriter.write(topicsMart(spark, caseTopics, model), TopicMarts.TOPICS, cfg.lake().mart("topics"), tmp, "topic_id");
        TopicSeries series = TopicSeries.collect(caseTopics, model);
        caseTopics.unpersist();
        long tcm = MartWriter.write(series.topicCommunityMonth(spark), TopicMarts.TOPIC_COMMUNITY_MONTH,
                cfg.lake().mart("topic_community_month"), tmp, "community", "month", "topic_id");
        progress.done("topics and topic_community_month marts (" + topicRows + " topics)", tcm, "rows");

        progress.start();
        RecurringDetector detector = new RecurringDetector(cfg.detector());
        TopicSeries.Detection det = series.detect(detector, cfg.districtBaselineMonths());
        long rec = MartWriter.write(det.rows(spark), TopicMarts.RECURRING_ISSUES, cfg.lake().mart("recurring_issues"), tmp,
                "as_of_month", "community", "place", "topic_id");
        progress.done("recurring_issues (dispersion " + det.dispersion() + "; chance cluster flags a month "
                + String.format(java.util.Locale.ROOT, "%.3f", det.meanClusterChance()) + " (bound " + cfg.detector().clusterFalseAlarms()
                + "); " + det.flaggedInLatestMonth() + " flagged in " + series.latestMonth() + ")", rec, "rows");
        try {
            TopicModel.deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + tmp, e);
        }
        return new Result(n, fitted, model.versionName(), model.topics().size(), rec, series.latestMonth(),
                det.flaggedInLatestMonth(), cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9, idMap);
    }

    /**
     * Re-runs only the detector on the existing case_topics mart and saved model (new thresholds, no re-assignment);
     * rewrites recurring_issues. Returns the number of rows written.
     */
    public long redetect() {
        TopicModel model = TopicModel.load(cfg.modelDir());
        Dataset<Row> caseTopics = spark.read().parquet(cfg.lake().mart("case_topics").toString());
        TopicSeries series = TopicSeries.collect(caseTopics, model);
        TopicSeries.Detection det = series.detect(new RecurringDetector(cfg.detector()), cfg.districtBaselineMonths());
        out.println("dispersion " + det.dispersion() + "; chance cluster flags by month (exact, under the null; bound "
                + cfg.detector().clusterFalseAlarms() + "): " + det.clusterChanceByMonth());
        return MartWriter.write(det.rows(spark), TopicMarts.RECURRING_ISSUES, cfg.lake().mart("recurring_issues"), cfg.lake().tmp(),
                "as_of_month", "community", "place", "topic_id");
    }

    /** Checks the staged cases and the taxonomy file exist (before a Spark session is started); returns the staged folder. */
    public static Path requireInput(TopicsConfig cfg) {
        Path staged = cfg.lake().staged("cases");
        if (!Files.isDirectory(staged)) {
            throw TopicsErrors.missingStaged(staged);
        }
        if (cfg.taxonomyFile() != null && !Files.isRegularFile(cfg.taxonomyFile())) {
            throw TopicsErrors.missingTaxonomy(cfg.taxonomyFile());
        }
        return staged;
    }

    private TopicModelBuilder.Built fit(Dataset<Row> words, long n, Taxonomy taxonomy, TopicModel previous) {
        Dataset<Row> sample = words;
        if (n > cfg.fitMaxCases()) {
            double frac = (double) cfg.fitMaxCases() / n;
            sample = words.filter(org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(col("key")), lit(1_000_000L))
                    .lt(lit((long) (frac * 1_000_000))));
        }
        long withText = sample.filter(org.apache.spark.sql.functions.size(col("title_words")).plus(
                org.apache.spark.sql.functions.size(col("description_words"))).gt(0)).count();
        if (withText < 5L * cfg.fit().k()) {
            throw TopicsErrors.tooFewCases(withText, cfg.fit().k());
        }
        Row range = words.agg(min("received_month"), max("received_month")).first();
        List<java.util.Set<String>> seeds = taxonomy.entries().stream().map(Taxonomy.Entry::seeds).toList();
        TopicFitter.Fit fit = new TopicFitter(cfg.fit()).fit(sample.orderBy("key"), seeds);
        java.util.Map<String, TitleLabeler.Title> titles = new java.util.HashMap<>();
        for (Row r : sample.select("key", "title_text", "title_words").collectAsList()) {
            titles.put(r.getString(0), new TitleLabeler.Title(r.getString(1), r.getList(2)));
        }
        return new TopicModelBuilder(taxonomy, cfg.taxonomyMinShare(), cfg.refitMinSimilarity())
                .build(fit, segmenter.name(), range.getString(0) + ".." + range.getString(1), previous, titles);
    }

    /** Staged cases → one row of words per case (pure; the segmenter runs inside the executors). */
    public static Dataset<Row> segment(Dataset<Row> cases, Segmenter segmenter) {
        TextPrep prep = new TextPrep();
        return cases.select("source", "case_id", "community", "address", "received_month", "title", "description")
                .map((MapFunction<Row, Row>) r -> {
                    String community = r.getString(2);
                    String address = r.getString(3);
                    return RowFactory.create(r.getString(0) + "\u001f" + r.getString(1), r.getString(0), r.getString(1),
                            community, TextPrep.place(address), r.getString(4),
                            seq(segmenter.words(prep.clean(r.getString(5), address, community))),
                            seq(segmenter.words(prep.clean(r.getString(6), address, community))),
                            prep.clean(r.getString(5), address, community));
                }, ExpressionEncoder.apply(WORDS));
    }

    /** Rows built inside Dataset.map carry arrays as Scala sequences. */
    static scala.collection.immutable.Seq<String> seq(List<String> l) {
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
    }

    /** Words → case_topics rows (pure). */
    public static Dataset<Row> assign(Dataset<Row> words, TopicModel model) {
        StructType schema = SparkSchemas.structType(TopicMarts.CASE_TOPICS);
        String version = model.versionName();
        return words.map((MapFunction<Row, Row>) r -> {
            TopicModel.Assignment a = model.assign(r.getList(6), r.getList(7));
            return RowFactory.create(r.getString(2), r.getString(1), r.getString(3), r.getString(4), a.topicId(),
                    model.label(a.topicId()), a.score(), version, r.getString(5));
        }, ExpressionEncoder.apply(schema));
    }

    /** case_topics → topics mart rows (pure). */
    public static Dataset<Row> topicsMart(SparkSession spark, Dataset<Row> caseTopics, TopicModel model) {
        long total = caseTopics.count();
        List<Row> sizes = caseTopics.groupBy("topic_id").agg(count(lit(1)).as("size")).collectAsList();
        List<Row> examples = caseTopics
                .withColumn("rn", row_number().over(Window.partitionBy("topic_id").orderBy(col("score").desc(), col("case_id"), col("source"))))
                .filter(col("rn").leq(5)).select("topic_id", "case_id", "rn").orderBy("topic_id", "rn").collectAsList();
        java.util.Map<Integer, Long> size = new java.util.TreeMap<>();
        sizes.forEach(r -> size.put(r.getInt(0), r.getLong(1)));
        java.util.Map<Integer, List<String>> ex = new java.util.TreeMap<>();
        examples.forEach(r -> ex.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1)));
        List<Row> rows = new ArrayList<>();
        List<TopicModel.Topic> topics = new ArrayList<>(model.topics());
        if (size.containsKey(TopicModel.UNASSIGNED_ID)) {
            topics.add(0, new TopicModel.Topic(TopicModel.UNASSIGNED_ID, TopicModel.UNASSIGNED_LABEL, "terms", List.of()));
        }
        for (TopicModel.Topic t : topics) {
            long s = size.getOrDefault(t.id(), 0L);
            rows.add(RowFactory.create(t.id(), t.label(), t.labelSource(), t.topTerms(), ex.getOrDefault(t.id(), List.of()), s,
                    total == 0 ? 0.0 : (double) s / total, model.versionName()));
        }
        return spark.createDataFrame(rows, SparkSchemas.structType(TopicMarts.TOPICS));
    }

    static void writeIdMap(Path file, TopicModel previous, TopicModel model, List<TopicModelBuilder.IdMapping> idMap) {
        List<String> lines = new ArrayList<>();
        lines.add("# topic ids of " + previous.versionName() + " → " + model.versionName() + " (minqing topics --refit)");
        lines.add("old_id\told_label\tnew_id\tnew_label\tsimilarity\thow");
        for (TopicModelBuilder.IdMapping m : idMap) {
            lines.add((m.oldId() < 0 ? "" : m.oldId()) + "\t" + m.oldLabel() + "\t" + (m.newId() == null ? "" : m.newId()) + "\t"
                    + m.newLabel() + "\t" + String.format(Locale.ROOT, "%.3f", m.similarity()) + "\t" + m.how());
        }
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
