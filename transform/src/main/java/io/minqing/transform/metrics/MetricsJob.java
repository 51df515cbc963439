package io.minqing.transform.metrics;

import io.minqing.contract.Contract;
import io.minqing.contract.Lake;
import io.minqing.contract.Progress;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.spark.SparkSchemas;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The metrics transform: staged cases and surveys → case_facts, community_month, district_month, handler_month,
 * department_month, km_curve, funnel_month under {@code lake/marts/}. Configured in the constructor; {@link #run()}
 * reads, checks the staged schemas once, computes and writes, and returns what it did.
 */
public final class MetricsJob {

    /**
     * What a run did.
     *
     * @param factsInPlace case_facts was built from whole staged month files with the surveys broadcast, without
     *                     shuffling the cases (else they were shuffled by month); the files are the same either way
     */
    public record Result(LocalDateTime asOf, boolean asOfFromData, long casesRead, long surveysRead,
                         Map<String, Long> rowsWritten, Path martsDir, double seconds, boolean factsInPlace) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final MetricsConfig config;
    private final Optional<LocalDateTime> asOf;
    private final PrintStream progressOut;

    public MetricsJob(SparkSession spark, Lake lake, MetricsConfig config, Optional<LocalDateTime> asOf, PrintStream progressOut) {
        this.spark = spark;
        this.lake = lake;
        this.config = config;
        this.asOf = asOf;
        this.progressOut = progressOut;
    }

    /** Parses --as-of: ISO date-time (2021-08-31T23:59:59, a space also works) or a date (its midnight). */
    public static LocalDateTime parseAsOf(String s) {
        String v = s.trim().replace(' ', 'T');
        try {
            return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay() : LocalDateTime.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw MetricsErrors.badAsOf(s);
        }
    }

    static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
    static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";
    static final String OPEN_COST = "spark.sql.files.openCostInBytes";

    /** True when every assessment_month=… folder under dir holds exactly one Parquet file. */
    static boolean oneFilePerFolder(Path dir) {
        try (var months = Files.list(dir)) {
            for (Path m : (Iterable<Path>) months::iterator) {
                if (!Files.isDirectory(m)) {
                    continue;
                }
                try (var files = Files.list(m)) {
                    if (files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count() != 1) {
                        return false;
                    }
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Shuffle partitions for this job: the configured value when it was set, else (Spark's default of 200) four per
     * core — the shuffles here group by month (about 20 keys a year) and feed Java folds, so 200 mostly empty
     * partitions only add per-task and per-file cost; AQE still coalesces what is left.
     */
    static String shufflePartitions(SparkSession spark, String current) {
        boolean setByUser = spark.sparkContext().getConf().contains(SHUFFLE_PARTITIONS) || !"200".equals(current);
        return setByUser ? current : Integer.toString(Math.max(4, 4 * spark.sparkContext().defaultParallelism()));
    }

    /**
     * Runs {@code body} with Spark's file splitting set so that every Parquet file is read as one partition: no file
     * is split (max partition bytes 1 TiB) and none is packed with another (each file "costs" 1 TiB to open).
     */
    private <T> T withWholeFiles(java.util.function.Supplier<T> body) {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String k : List.of(MAX_PARTITION_BYTES, OPEN_COST)) {
            saved.put(k, spark.conf().get(k));
            spark.conf().set(k, Long.toString(1L << 40));
        }
        try {
            return body.get();
        } finally {
            saved.forEach((k, v) -> spark.conf().set(k, v));
        }
    }

    private void withWholeFiles(Runnable body) {
        withWholeFiles(() -> {
            body.run();
            return null;
        });
    }

    /** Spark setting overriding the broadcast decision: auto (default), always or never. */
    static final String BROADCAST_SURVEYS = "spark.minqing.metrics.broadcastSurveys";

    /**
     * Bytes of memory one broadcast survey answer may need at the peak, all copies included. Measured at 10M cases
     * (Spark's BroadcastExchange metrics): the hash table the broadcast keeps held 8,200,840 answers in 1.95 GB, 237
     * bytes each; while it is built, the collected rows and the serialised copy being broadcast are alive too, so
     * twice that is allowed for.
     */
    static final long BROADCAST_BYTES_PER_SURVEY = 512;

    /**
     * Whether the latest survey answers of nSurveys surveys may be broadcast: their peak size must stay under half of
     * the driver's heap (it collects them and builds the hash table) and, on a cluster, of an executor's memory.
     */
    static boolean surveysFitBroadcast(SparkSession spark, long nSurveys) {
        String mode = spark.conf().get(BROADCAST_SURVEYS, "auto").trim(); // also sees --conf and -Dspark.… at start-up
        switch (mode) {
            case "always" -> {
                return true;
            }
            case "never" -> {
                return false;
            }
            case "auto" -> {
            }
            default -> throw MetricsErrors.badBroadcastMode(BROADCAST_SURVEYS, mode);
        }
        long memory = Runtime.getRuntime().maxMemory();
        if (!spark.sparkContext().isLocal()) {
            memory = Math.min(memory, spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g"));
        }
        return nSurveys <= memory / 2 / BROADCAST_BYTES_PER_SURVEY;
    }

    public Result run() {
        long t0 = System.nanoTime();
        Progress p = new Progress(progressOut, 4);
        p.start();
        Path casesPath = lake.staged(Contract.CASES.name());
        if (!Files.isDirectory(casesPath)) {
            throw MetricsErrors.noStagedCases(casesPath);
        }
        Dataset<Row> cases = spark.read().parquet(casesPath.toString());
        SparkSchemas.requireConforms(Contract.CASES, cases.schema(), casesPath.toString());
        Path surveysPath = lake.staged(Contract.SURVEYS.name());
        Dataset<Row> surveys = Files.isDirectory(surveysPath)
                ? spark.read().parquet(surveysPath.toString())
                : spark.createDataFrame(List.of(), SparkSchemas.structType(Contract.SURVEYS));
        SparkSchemas.requireConforms(Contract.SURVEYS, surveys.schema(), surveysPath.toString());
        Bounds b = SparkBounds.of(cases, casesPath, surveys, surveysPath);
        long nCases = b.cases();
        if (nCases == 0) {
            throw MetricsErrors.emptyStagedCases(casesPath);
        }
        long nSurveys = b.surveys();
        LocalDateTime first = b.firstReceived();
        LocalDateTime latest = b.latestEvent();
        LocalDateTime cut = asOf.orElse(latest);
        if (cut.isBefore(first)) {
            throw MetricsErrors.asOfBeforeData(asOf.map(DateTimeFormatter.ISO_LOCAL_DATE_TIME::format).orElse(""), first.toString());
        }
        p.done("read staged cases and surveys (as of " + cut + ")", nCases + nSurveys, "rows");

        MartWriter writer = new MartWriter(spark, lake);
        boolean inPlace;
        Map<String, Long> written = new LinkedHashMap<>();
        String partitions = spark.conf().get(SHUFFLE_PARTITIONS);
        spark.conf().set(SHUFFLE_PARTITIONS, shufflePartitions(spark, partitions));
        try {
            p.start();
            // With calendar-month windows and one staged file per month, a staged file read as one partition is one
            // whole assessment month: when the survey answers fit in memory too, case_facts is built without moving
            // the case rows (CaseFacts.buildForWriteInPlace); otherwise they are shuffled by month.
            inPlace = config.cutDay() == 1 && oneFilePerFolder(casesPath) && surveysFitBroadcast(spark, nSurveys);
            if (inPlace) {
                withWholeFiles(() -> writer.write(MetricMarts.CASE_FACTS,
                        CaseFacts.buildForWriteInPlace(spark.read().parquet(casesPath.toString()), surveys, config, cut),
                        CaseFacts.writeOptions()));
            } else {
                writer.write(MetricMarts.CASE_FACTS, CaseFacts.buildForWrite(cases, surveys, config, cut), CaseFacts.writeOptions());
            }
            // the marts below read the facts back from the files just written (column-pruned Parquet), rather than
            // recomputing the survey join or caching 40-odd columns in memory
            Path factsDir = lake.mart(MetricMarts.CASE_FACTS.name());
            long nFacts = io.minqing.contract.spark.ParquetFooters.rowCount(factsDir); // from the footers: no Spark job
            written.put(MetricMarts.CASE_FACTS.name(), nFacts);
            p.done("case_facts", nFacts, "rows");

            p.start();
            // Each month was written by one task, so normally each month folder holds one file. Then reading one
            // file per partition (no file split, none packed together) gives the month grouping without a shuffle.
            MonthPass.Result pass = oneFilePerFolder(factsDir)
                    ? withWholeFiles(() -> SparkMonthPass.run(SparkMonthPass.readFacts(spark, factsDir), config, true))
                    : SparkMonthPass.run(SparkMonthPass.readFacts(spark, factsDir), config, false);
            MonthMarts.Output month = MonthMarts.build(pass, SparkMonthPass.surveyCounts(surveys, config, cut), config, cut);
            written.put("community_month", writer.writeRows(MetricMarts.COMMUNITY_MONTH, month.community()));
            written.put("district_month", writer.writeRows(MetricMarts.DISTRICT_MONTH, month.district()));
            written.put("km_curve", writer.writeRows(MetricMarts.KM_CURVE, month.km()));
            written.put("funnel_month", writer.writeRows(MetricMarts.FUNNEL_MONTH, month.funnel()));
            p.done("community_month, district_month, km_curve, funnel_month", month.community().size(), "community-months");

            p.start();
            List<MartRow> handlers = WorkMarts.handlerMonth(pass, config);
            List<MartRow> departments = WorkMarts.departmentMonth(pass, config);
            written.put("handler_month", writer.writeRows(MetricMarts.HANDLER_MONTH, handlers));
            written.put("department_month", writer.writeRows(MetricMarts.DEPARTMENT_MONTH, departments));
            p.done("handler_month, department_month", handlers.size() + departments.size(), "rows");
        } finally {
            spark.conf().set(SHUFFLE_PARTITIONS, partitions);
        }
        return new Result(cut, asOf.isEmpty(), nCases, nSurveys, written, lake.root().resolve("marts"),
                (System.nanoTime() - t0) / 1e9, inPlace);
    }
}
