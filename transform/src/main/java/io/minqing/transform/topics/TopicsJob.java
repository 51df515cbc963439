package io.minqing.transform.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.contract.spark.SparkSchemas;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code minqing topics --engine spark}: the same plain-Java topic model as {@link EmbeddedTopicsJob}, run by Spark
 * for corpora that outgrow one machine. Segmentation and assignment are distributed ({@code mapPartitions}); the fit
 * runs on the driver over the cases in the fit sample (all of them up to {@code topics.fit-max-cases}, default 200,000;
 * beyond it a fixed hash sample of that size, {@link TopicsCore#inFitSample}); the aggregates are Spark group-bys and
 * the mart rows are built by the same Java as the embedded engine's. See docs/topics.md.
 */
public final class TopicsJob {

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

    public TopicsResult run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 5);
        Path staged = requireInput(cfg);
        Taxonomy taxonomy = cfg.taxonomyFile() == null ? Taxonomy.none() : Taxonomy.read(cfg.taxonomyFile());
        Path tmp = cfg.lake().tmp();
        // this engine rewrites every mart and keeps no month's results: the embedded engine's record of what its kept
        // months were computed from no longer describes the marts (docs/topics.md, "Reusing unchanged months")
        try {
            java.nio.file.Files.deleteIfExists(MonthReuse.manifestFile(cfg.lake()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("removing " + MonthReuse.manifestFile(cfg.lake()), e);
        }

        progress.start();
        Dataset<Row> cases = spark.read().parquet(staged.toString());
        SparkSchemas.requireConforms(Contract.CASES, cases.schema(), staged.toString());
        org.apache.spark.util.LongAccumulator segmented = spark.sparkContext().longAccumulator("texts segmented");
        Dataset<Row> words = segment(cases, segmenter, segmented).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        long n = words.count();
        progress.done("segment case text (" + segmenter.name() + "; " + segmented.value() + " texts segmented)", n, "cases");

        progress.start();
        int cap = cfg.fitMaxCases();
        List<Doc> sample = docs(words.filter((FilterFunction<Row>) r -> TopicsCore.inFitSample(r.getString(0), n, cap)));
        Row range = n == 0 ? null : words.agg(min("received_month"), max("received_month")).first();
        TopicsCore.ModelStep step = TopicsCore.fitOrLoad(cfg, taxonomy, segmenter.name(), sample,
                range == null ? "-..-" : range.getString(0) + ".." + range.getString(1), progress);
        if (step.model() == null) {
            words.unpersist();
            for (TableSchema t : TopicMarts.ALL) {
                MartWriter.write(spark.createDataFrame(List.of(), SparkSchemas.structType(t)), t, cfg.lake().mart(t.name()), tmp, false,
                        t.columnNames().get(0));
            }
            TopicsCore.writeNotice(cfg, step.notice());
            out.println(step.notice());
            cleanTmp(tmp);
            return new TopicsResult(n, false, "-", 0, 0, null, 0, cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9,
                    List.of(), "spark", segmented.value(), 0, step.notice(), 0, 0);
        }
        TopicModel model = step.model();

        progress.start();
        Dataset<Row> caseTopics = assign(words, model).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        long written = MartWriter.write(caseTopics, TopicMarts.CASE_TOPICS, cfg.lake().mart("case_topics"), tmp, true, "source", "case_id");
        words.unpersist();
        progress.done("assign cases to topics → marts/case_topics", written, "rows");

        progress.start();
        long topicRows = MartWriter.write(topicsMart(spark, caseTopics, model), TopicMarts.TOPICS, cfg.lake().mart("topics"), tmp, true,
                "topic_id");
        TopicSeries series = series(caseTopics, model);
        caseTopics.unpersist();
        long tcm = MartWriter.write(frame(series.topicCommunityMonth(), TopicMarts.TOPIC_COMMUNITY_MONTH), TopicMarts.TOPIC_COMMUNITY_MONTH,
                cfg.lake().mart("topic_community_month"), tmp, true, "community", "month", "topic_id");
        progress.done("topics and topic_community_month marts (" + topicRows + " topics)", tcm, "rows");

        progress.start();
        TopicSeries.Detection det = series.detect(new RecurringDetector(cfg.detector()), cfg.districtBaselineMonths());
        long rec = MartWriter.write(frame(det.mart(), TopicMarts.RECURRING_ISSUES), TopicMarts.RECURRING_ISSUES,
                cfg.lake().mart("recurring_issues"), tmp, true, "as_of_month", "community", "place", "topic_id");
        progress.done(TopicsCore.detectionLine(det, series, cfg), rec, "rows");
        TopicsCore.writeNotice(cfg, null);
        cleanTmp(tmp);
        return new TopicsResult(n, step.fitted(), model.versionName(), model.topics().size(), rec, series.latestMonth(),
                det.flaggedInLatestMonth(), cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9, step.idMap(),
                "spark", segmented.value(), 0, null, 0, 0);
    }

    private Dataset<Row> frame(List<Object[]> rows, TableSchema table) {
        return spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), SparkSchemas.structType(table));
    }

    private static void cleanTmp(Path tmp) {
        try {
            TopicModel.deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + tmp, e);
        }
    }

    /**
     * Re-runs only the detector on the existing case_topics mart and saved model (new thresholds, no re-assignment);
     * rewrites recurring_issues. Returns the number of rows written.
     */
    public long redetect() {
        TopicModel model = TopicModel.load(cfg.modelDir());
        Dataset<Row> caseTopics = spark.read().parquet(cfg.lake().mart("case_topics").toString());
        TopicSeries series = series(caseTopics, model);
        TopicSeries.Detection det = series.detect(new RecurringDetector(cfg.detector()), cfg.districtBaselineMonths());
        out.println("dispersion " + det.dispersionText() + "; chance cluster flags by month (exact, under the null; bound "
                + cfg.detector().clusterFalseAlarms() + "): " + det.clusterChanceText());
        return MartWriter.write(frame(det.mart(), TopicMarts.RECURRING_ISSUES), TopicMarts.RECURRING_ISSUES,
                cfg.lake().mart("recurring_issues"), cfg.lake().tmp(), true, "as_of_month", "community", "place", "topic_id");
    }

    /** Checks the staged cases and the taxonomy file exist (before a Spark session is started); returns the staged folder. */
    public static Path requireInput(TopicsConfig cfg) {
        return TopicsCore.requireInput(cfg);
    }

    /** Rows of {@link #WORDS} collected to the driver as docs. */
    public static List<Doc> docs(Dataset<Row> words) {
        return words.collectAsList().stream().map(TopicsJob::doc).toList();
    }

    static Doc doc(Row r) {
        return new Doc(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getList(6),
                r.getList(7), r.getString(8));
    }

    private static Row row(Doc d) {
        return RowFactory.create(d.key(), d.source(), d.caseId(), d.community(), d.place(), d.receivedMonth(), seq(d.titleWords()),
                seq(d.descriptionWords()), d.titleText());
    }

    /** Staged cases → one row of words per case (pure; segmentation runs in the executors, one partition at a time). */
    public static Dataset<Row> segment(Dataset<Row> cases, Segmenter segmenter) {
        return segment(cases, segmenter, null);
    }

    static Dataset<Row> segment(Dataset<Row> cases, Segmenter segmenter, org.apache.spark.util.LongAccumulator segmented) {
        return cases.select("source", "case_id", "community", "address", "received_month", "title", "description")
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
                    TextPrep prep = new TextPrep();
                    TopicsCore.Words w = text -> {
                        if (text.isBlank()) {
                            return List.of();
                        }
                        if (segmented != null) {
                            segmented.add(1);
                        }
                        return segmenter.words(text);
                    };
                    return new Iterator<Row>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Row next() {
                            Row r = it.next();
                            return row(TopicsCore.doc(prep, w, r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                    r.getString(5), r.getString(6)));
                        }
                    };
                }, ExpressionEncoder.apply(WORDS));
    }

    /** Rows built inside Dataset.map carry arrays as Scala sequences. */
    static scala.collection.immutable.Seq<String> seq(List<String> l) {
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
    }

    /** Words → case_topics rows (pure, distributed). */
    public static Dataset<Row> assign(Dataset<Row> words, TopicModel model) {
        StructType schema = SparkSchemas.structType(TopicMarts.CASE_TOPICS);
        return words.mapPartitions((MapPartitionsFunction<Row, Row>) it -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                return RowFactory.create(TopicsCore.caseTopicRow(doc(it.next()), model));
            }
        }, ExpressionEncoder.apply(schema));
    }

    /** case_topics → topics mart rows: sizes and the 5 most typical cases per topic by Spark, the rows by {@link TopicsCore}. */
    public static Dataset<Row> topicsMart(SparkSession spark, Dataset<Row> caseTopics, TopicModel model) {
        java.util.Map<Integer, Long> size = new java.util.TreeMap<>();
        caseTopics.groupBy("topic_id").agg(count(lit(1)).as("size")).collectAsList().forEach(r -> size.put(r.getInt(0), r.getLong(1)));
        java.util.Map<Integer, List<String>> ex = new java.util.TreeMap<>();
        caseTopics.withColumn("rn", row_number().over(Window.partitionBy("topic_id").orderBy(col("score").desc(), col("case_id"), col("source"))))
                .filter(col("rn").leq(5)).select("topic_id", "case_id", "rn").orderBy("topic_id", "rn").collectAsList()
                .forEach(r -> ex.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1)));
        return spark.createDataFrame(TopicsCore.topicsRows(model, size, ex).stream().map(RowFactory::create).toList(),
                SparkSchemas.structType(TopicMarts.TOPICS));
    }

    /** case_topics → the monthly series: counts and the 5 most typical cases of every cell by Spark. */
    static TopicSeries series(Dataset<Row> caseTopics, TopicModel model) {
        List<TopicSeries.Count> counts = caseTopics.groupBy("community", "place", "topic_id", "received_month").agg(count(lit(1)).as("n"))
                .collectAsList().stream()
                .map(r -> new TopicSeries.Count(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getLong(4))).toList();
        List<TopicSeries.Top> top = caseTopics
                .withColumn("rn", row_number().over(Window.partitionBy("community", "place", "topic_id", "received_month")
                        .orderBy(col("score").desc(), col("case_id"), col("source"))))
                .filter(col("rn").leq(5)).select("community", "place", "topic_id", "received_month", "case_id", "score")
                .collectAsList().stream()
                .map(r -> new TopicSeries.Top(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getString(4), r.getDouble(5)))
                .toList();
        return TopicSeries.of(counts, top, model);
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
