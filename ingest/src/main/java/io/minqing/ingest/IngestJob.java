package io.minqing.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.minqing.contract.Codes.RejectReason;
import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.TableSchema;
import io.minqing.ingest.read.Inputs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code minqing ingest}: source exports → {@code staged/cases}, {@code staged/surveys}, {@code rejects/…} and
 * {@code quality/ingest-summary.json}. One Spark task per input unit (file or sheet) streams its records through
 * the profile's {@link RecordMapper}; duplicates of (source, key) are resolved across the whole run; every read
 * row is counted as staged or rejected, and the job checks that per file.
 *
 * <p>Writes are atomic per file and idempotent: everything is first written under {@code lake/_tmp/ingest-<id>/},
 * then each Parquet file is moved into place with an atomic rename, replacing only what this run owns:
 * the {@code part-<source>.parquet} file of each month partition it produces (and, with replaceSource, this
 * source's files in other months), and the reject file of each input unit it read. Output is one file per
 * partition, rows sorted by key, so a rerun writes byte-identical Parquet.
 */
public final class IngestJob {

    /** Per unit (file or sheet): what was read and what became of it. */
    public record FileCounts(String file, String table, String encoding, long read, long staged, long rejected,
                             long rejectedNotDuplicate, Map<String, Long> byReason, Map<String, Long> counters,
                             List<String> ignoredHeaders) {
    }

    /** The result of a run. */
    public record Result(String source, long read, long staged, long rejected, List<FileCounts> files,
                         List<String> casesMonths, List<String> surveysMonths, Path summary, Duration elapsed) {
    }

    private final SparkSession spark;
    private final IngestConfig config;
    private final PrintStream out;

    public IngestJob(SparkSession spark, IngestConfig config, PrintStream progressOut) {
        this.spark = spark;
        this.config = config;
        this.out = progressOut;
    }

    public Result run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 4);
        String source = config.profile().name();
        progress.start();
        List<Inputs.Unit> units = Inputs.expand(config.inputs(), config.sheet());
        RecordMapper mapper = new RecordMapper(config.profile(), config.pseudonymKey(), config.asOf());
        Path runTmp = config.lake().tmp().resolve("ingest-" + UUID.randomUUID());
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<Row> rows = jsc.parallelize(units, Math.max(1, units.size()))
                    .flatMap(new Outcomes.UnitReader(mapper, config.encoding()));
            try {
                spark.createDataFrame(rows, Outcomes.SCHEMA).write().mode(SaveMode.ErrorIfExists)
                        .parquet(runTmp.resolve("outcomes").toString());
            } catch (RuntimeException e) {
                throw userErrorOf(e);
            }
            Dataset<Row> outcomes = spark.read().parquet(runTmp.resolve("outcomes").toString());
            List<Row> unitRows = outcomes.filter(col("kind").equalTo(Outcomes.UNIT))
                    .select("unit", "table", "encoding", "counters", "headers", "error", "error_exit").orderBy("unit").collectAsList();
            for (Row u : unitRows) {
                if (!u.isNullAt(5)) {
                    throw new io.minqing.contract.MinqingException(exitCode(u.getInt(6)), u.getString(5));
                }
            }
            long read = unitRows.stream().mapToLong(r -> r.<String, Long>getJavaMap(3).getOrDefault("read", 0L)).sum();
            progress.done("read " + units.size() + " file(s)/sheet(s) with profile " + source, read, "rows");

            progress.start();
            Dataset<Row> cases = dedupe(outcomes, Outcomes.CASE, "cases", Contract.CASES, "case_id", true);
            Dataset<Row> surveys = dedupe(outcomes, Outcomes.SURVEY, "surveys", Contract.SURVEYS, "survey_id", false);
            writeStaged(cases.filter(col("_rank").equalTo(1)), Contract.CASES, runTmp.resolve("cases"));
            writeStaged(surveys.filter(col("_rank").equalTo(1)), Contract.SURVEYS, runTmp.resolve("surveys"));
            Dataset<Row> rejects = outcomes.filter(col("kind").equalTo(Outcomes.REJECT)).select(col("reject.*"), col("unit"), col("table"))
                    .unionByName(duplicates(cases, "cases", "case_id"))
                    .unionByName(duplicates(surveys, "surveys", "survey_id"));
            for (String table : List.of("cases", "surveys")) {
                List<org.apache.spark.sql.Column> cols = new ArrayList<>();
                for (Column c : Contract.REJECTS.columns()) {
                    if (!c.name().equals(Contract.REJECTS.partitionColumn())) {
                        cols.add(col(c.name()));
                    }
                }
                cols.add(col("unit"));
                rejects.filter(col("table").equalTo(table)).select(cols.toArray(new org.apache.spark.sql.Column[0]))
                        .repartition(col("unit")).sortWithinPartitions("unit", "source_row", "reason")
                        .write().mode(SaveMode.ErrorIfExists).partitionBy("unit")
                        .parquet(runTmp.resolve("rejects_" + table).toString());
            }
            Dataset<Row> tmpCases = readOrEmpty(runTmp.resolve("cases"), Contract.CASES);
            Dataset<Row> tmpSurveys = readOrEmpty(runTmp.resolve("surveys"), Contract.SURVEYS);
            Dataset<Row> tmpRejects = readRejects(runTmp);
            long staged = tmpCases.count() + tmpSurveys.count();
            List<FileCounts> files = fileCounts(units, unitRows, tmpCases, tmpSurveys, tmpRejects, mapper);
            long rejected = files.stream().mapToLong(FileCounts::rejected).sum();
            progress.done("validate and resolve duplicates: " + staged + " staged, " + rejected + " rejected", read, "rows");

            List<String> over = new ArrayList<>();
            for (FileCounts f : files) {
                if (f.read() > 0 && (double) f.rejectedNotDuplicate() / f.read() > config.rejectThreshold()) {
                    over.add(f.file() + ": " + f.rejectedNotDuplicate() + " of " + f.read() + " rows rejected ("
                            + IngestErrors.pct((double) f.rejectedNotDuplicate() / f.read()) + "), mostly "
                            + topReasons(f.byReason()));
                }
            }
            Map<String, Object> summaryContent = QualitySummary.build(config, source, files, tmpCases, tmpSurveys);
            progress.start();
            LakeMoves moves = new LakeMoves(config.lake(), source);
            List<String> casesMonths = List.of();
            List<String> surveysMonths = List.of();
            if (over.isEmpty()) {
                casesMonths = moves.moveStaged(runTmp.resolve("cases"), "cases", Contract.CASES.partitionColumn(), config.replaceSource());
                surveysMonths = moves.moveStaged(runTmp.resolve("surveys"), "surveys", Contract.SURVEYS.partitionColumn(), config.replaceSource());
            }
            for (String table : List.of("cases", "surveys")) {
                moves.moveRejects(runTmp.resolve("rejects_" + table), table, units);
            }
            progress.done("write staged (" + casesMonths.size() + " case months, " + surveysMonths.size()
                    + " survey months) and rejects" + (over.isEmpty() ? "" : " (staged NOT updated)"), staged, "rows");

            progress.start();
            Path summary = QualitySummary.write(config, summaryContent, casesMonths, surveysMonths, over.isEmpty());
            progress.done("quality summary " + summary, files.size(), "files");
            QualitySummary.printTable(out, files);
            if (!over.isEmpty()) {
                throw IngestErrors.tooManyRejects(over, config.rejectThreshold(),
                        config.lake().rejects("cases").resolve("source=" + source) + " (or rejects/surveys), summary "
                                + summary);
            }
            return new Result(source, read, staged, rejected, files, casesMonths, surveysMonths, summary,
                    Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            deleteTree(runTmp);
        }
    }

    private static io.minqing.contract.ExitCode exitCode(int code) {
        for (io.minqing.contract.ExitCode c : io.minqing.contract.ExitCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        throw new IllegalStateException("No exit code " + code);
    }

    /** The user-facing error a task threw (Spark wraps it), or the exception itself. */
    static RuntimeException userErrorOf(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.minqing.contract.MinqingException me) {
                return me;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }

    static String topReasons(Map<String, Long> byReason) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(byReason.entrySet());
        e.removeIf(x -> x.getKey().equals(RejectReason.DUPLICATE_KEY.code()));
        e.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(3, e.size()); i++) {
            parts.add(e.get(i).getKey() + " " + e.get(i).getValue());
        }
        return String.join(", ", parts);
    }

    /**
     * Ranks the staged rows of one table within (source, key): the most recently updated first (updated_at, nulls
     * last; then the later input unit; then the later row). Rank 1 is staged, the others become DUPLICATE_KEY.
     */
    static Dataset<Row> dedupe(Dataset<Row> outcomes, String kind, String struct, TableSchema schema, String key,
                               boolean hasUpdatedAt) {
        Dataset<Row> rows = outcomes.filter(col("kind").equalTo(kind)).select(col(struct + ".*"), col("unit"), col("raw"));
        WindowSpec w = Window.partitionBy(col("source"), col(key)).orderBy(
                hasUpdatedAt ? col("updated_at").desc_nulls_last() : lit(0),
                col("unit").desc(), col("source_row").desc());
        return rows.withColumn("_rank", row_number().over(w))
                .withColumn("_kept_file", first(col("source_file")).over(w))
                .withColumn("_kept_row", first(col("source_row")).over(w));
    }

    private static Dataset<Row> duplicates(Dataset<Row> ranked, String table, String key) {
        return ranked.filter(col("_rank").gt(1)).select(
                col("source_file"), col("source_row"), lit(RejectReason.DUPLICATE_KEY.code()).as("reason"),
                lit(null).cast("string").as("column_name"), col(key).as("value"),
                concat(lit("Key " + key + " '"), col(key), lit("' occurs again in "), col("_kept_file"), lit(" at line/row "),
                        col("_kept_row").cast("string"), lit(", the most recent version (later "
                                + (table.equals("cases") ? "updated_at, then " : "") + "file, then row), which was staged. "
                                + "Nothing to fix unless that version is wrong; drop repeated rows from the export.")).as("message"),
                col(key).as("case_id"), col("raw").as("raw_record"), col("source"), col("unit"), lit(table).as("table"));
    }

    private void writeStaged(Dataset<Row> kept, TableSchema schema, Path dir) {
        kept.select(schema.columnNames().stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .repartition(col(schema.partitionColumn()))
                .sortWithinPartitions(schema.partitionColumn(), schema.columns().get(0).name())
                .write().mode(SaveMode.ErrorIfExists).partitionBy(schema.partitionColumn())
                .parquet(dir.toString());
    }

    private Dataset<Row> readOrEmpty(Path dir, TableSchema schema) {
        if (!hasParquet(dir)) {
            return spark.createDataFrame(List.of(), io.minqing.contract.spark.SparkSchemas.structType(schema));
        }
        return spark.read().parquet(dir.toString());
    }

    private Dataset<Row> readRejects(Path runTmp) {
        Dataset<Row> all = null;
        for (String table : List.of("cases", "surveys")) {
            Path d = runTmp.resolve("rejects_" + table);
            if (!hasParquet(d)) {
                continue;
            }
            Dataset<Row> r = spark.read().parquet(d.toString()).select("source_file", "reason");
            all = all == null ? r : all.unionByName(r);
        }
        if (all == null) {
            all = spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
                    .add("source_file", "string").add("reason", "string"));
        }
        return all;
    }

    static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<FileCounts> fileCounts(List<Inputs.Unit> units, List<Row> unitRows, Dataset<Row> cases,
                                        Dataset<Row> surveys, Dataset<Row> rejects, RecordMapper mapper) {
        Map<String, Long> stagedBy = new TreeMap<>();
        for (Dataset<Row> d : List.of(cases, surveys)) {
            for (Row r : d.groupBy("source_file").count().collectAsList()) {
                stagedBy.merge(r.getString(0), r.getLong(1), Long::sum);
            }
        }
        Map<String, Map<String, Long>> rejectBy = new TreeMap<>();
        for (Row r : rejects.groupBy("source_file", "reason").count().collectAsList()) {
            rejectBy.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        Map<Integer, Row> byUnit = new TreeMap<>();
        unitRows.forEach(r -> byUnit.put(r.getInt(0), r));
        List<FileCounts> out = new ArrayList<>();
        for (Inputs.Unit u : units) {
            Row r = byUnit.get(u.index());
            if (r == null) {
                throw new IllegalStateException("No outcome row for input unit " + u.label() + " (a bug)");
            }
            Map<String, Long> counters = new TreeMap<>(r.<String, Long>getJavaMap(3));
            long read = counters.remove("read");
            long staged = stagedBy.getOrDefault(u.label(), 0L);
            Map<String, Long> reasons = rejectBy.getOrDefault(u.label(), Map.of());
            long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
            if (read != staged + rejected) {
                throw new IllegalStateException("Row accounting broken for " + u.label() + ": read " + read + " but staged "
                        + staged + " + rejected " + rejected + " = " + (staged + rejected) + " (a bug in ingest; please report it)");
            }
            long dup = reasons.getOrDefault(RejectReason.DUPLICATE_KEY.code(), 0L);
            List<String> headers = r.isNullAt(4) ? List.of() : r.<String>getList(4);
            List<String> ignored = ignoredHeaders(mapper, r.getString(1), headers);
            out.add(new FileCounts(u.label(), r.getString(1), r.getString(2), read, staged, rejected, rejected - dup,
                    new TreeMap<>(reasons), counters, ignored));
        }
        return out;
    }

    private static List<String> ignoredHeaders(RecordMapper mapper, String table, List<String> headers) {
        Profile p = mapper.profile();
        Profile.TableMapping m = table.equals(RecordMapper.CASES) ? p.cases() : p.surveys();
        List<String> used = new ArrayList<>();
        m.columns().values().forEach(used::addAll);
        used.addAll(m.resident());
        used.addAll(m.handler());
        return headers.stream().filter(h -> !used.contains(h)).toList();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing temporary folder " + dir, e);
        }
    }
}
