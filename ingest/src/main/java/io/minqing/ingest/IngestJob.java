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
import io.minqing.contract.spark.ParquetFooters;
import io.minqing.ingest.read.CsvSplits;
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
                             List<String> ignoredHeaders, List<String> missingHeaders) {

        /** Counts of a unit whose missing headers were not looked up. */
        public FileCounts(String file, String table, String encoding, long read, long staged, long rejected,
                          long rejectedNotDuplicate, Map<String, Long> byReason, Map<String, Long> counters,
                          List<String> ignoredHeaders) {
            this(file, table, encoding, read, staged, rejected, rejectedNotDuplicate, byReason, counters, ignoredHeaders, List.of());
        }
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
            List<Inputs.Piece> pieces = pieces(jsc, units);
            JavaRDD<Row> rows = jsc.parallelize(pieces, Math.max(1, pieces.size()))
                    .flatMap(new Outcomes.UnitReader(mapper, config.encoding()));
            try {
                // intermediate, read once: no dictionary encoding (most of its bytes are unique texts, for which
                // parquet-mr builds a dictionary per column chunk only to give up on it)
                spark.createDataFrame(rows, Outcomes.SCHEMA).write().mode(SaveMode.ErrorIfExists)
                        .option("parquet.enable.dictionary", "false")
                        .parquet(runTmp.resolve("outcomes").toString());
            } catch (RuntimeException e) {
                throw userErrorOf(e);
            }
            Dataset<Row> outcomes = spark.read().parquet(runTmp.resolve("outcomes").toString());
            List<Row> pieceRows = outcomes.filter(col("kind").equalTo(Outcomes.UNIT))
                    .select("unit", "table", "encoding", "counters", "headers", "error", "error_exit", "piece")
                    .orderBy("unit", "piece").collectAsList();
            for (Row u : pieceRows) {
                if (!u.isNullAt(5)) {
                    throw new io.minqing.contract.MinqingException(exitCode(u.getInt(6)), u.getString(5));
                }
            }
            Map<Integer, UnitOutcome> unitRows = UnitOutcome.merge(pieceRows);
            long read = unitRows.values().stream().mapToLong(u -> u.counters().getOrDefault("read", 0L)).sum();
            progress.done("read " + units.size() + " file(s)/sheet(s) with profile " + source
                    + (pieces.size() > units.size() ? " in " + pieces.size() + " parallel pieces" : ""), read, "rows");

            progress.start();
            Staging cases = stage(valid(outcomes, Outcomes.CASE, "cases", Contract.CASES), "case_id", true,
                    config.profile().communities().dflt());
            Staging surveys = stage(valid(outcomes, Outcomes.SURVEY, "surveys", Contract.SURVEYS), "survey_id", false);
            List<String> casesMonthsToWrite = cases.monthsToWrite(Contract.CASES.partitionColumn());
            List<String> surveysMonthsToWrite = surveys.monthsToWrite(Contract.SURVEYS.partitionColumn());
            writeStaged(cases.staged(), casesMonthsToWrite, Contract.CASES, runTmp.resolve("cases"));
            writeStaged(surveys.staged(), surveysMonthsToWrite, Contract.SURVEYS, runTmp.resolve("surveys"));
            Dataset<Row> rejects = outcomes.filter(col("kind").equalTo(Outcomes.REJECT)).select(col("reject.*"), col("unit"), col("table"))
                    .unionByName(duplicates(cases.ranked(), "cases", "case_id"))
                    .unionByName(duplicates(surveys.ranked(), "surveys", "survey_id"));
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
            List<FileCounts> files = fileCounts(units, unitRows, outcomes, List.of(cases, surveys), mapper);
            long staged = files.stream().mapToLong(FileCounts::staged).sum();
            long written = tmpCases.count() + tmpSurveys.count();
            long kept = cases.keptFromLake(casesMonthsToWrite, Contract.CASES.partitionColumn())
                    + surveys.keptFromLake(surveysMonthsToWrite, Contract.SURVEYS.partitionColumn());
            if (written != staged + kept) {
                throw new IllegalStateException("Row accounting broken: " + written + " rows written to staged but the files' "
                        + "outcomes add up to " + staged + " and " + kept + " rows already staged were kept "
                        + "(a bug in ingest; please report it)");
            }
            cases.release();
            surveys.release();
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
            for (String dir : List.of("cases", "surveys", "rejects_cases", "rejects_surveys")) {
                ParquetFooters.canonicalizeAll(runTmp.resolve(dir)); // byte-identical from one process to the next
            }
            LakeMoves moves = new LakeMoves(config.lake(), source);
            List<String> casesMonths = List.of();
            List<String> surveysMonths = List.of();
            if (over.isEmpty()) {
                casesMonths = moves.moveStaged(runTmp.resolve("cases"), "cases", Contract.CASES.partitionColumn(), config.replaceSource(),
                        casesMonthsToWrite);
                surveysMonths = moves.moveStaged(runTmp.resolve("surveys"), "surveys", Contract.SURVEYS.partitionColumn(), config.replaceSource(),
                        surveysMonthsToWrite);
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

    /**
     * The pieces the read stage's tasks take: one per unit, except CSV files larger than twice the split size, which
     * are scanned in parallel ({@link CsvSplits}) and cut into line-aligned ranges read by separate tasks.
     */
    private List<Inputs.Piece> pieces(JavaSparkContext jsc, List<Inputs.Unit> units) {
        List<CsvSplits.Chunk> chunks = new ArrayList<>();
        Map<Integer, Long> lengths = new TreeMap<>();
        for (Inputs.Unit u : units) {
            if (u.format() == Inputs.Format.CSV && !u.compressed()) {
                long len = Inputs.length(u.uri());
                if (len > 2 * config.splitBytes()) {
                    lengths.put(u.index(), len);
                    chunks.addAll(CsvSplits.chunks(u.index(), u.uri(), len, config.splitBytes()));
                }
            }
        }
        Map<Integer, List<CsvSplits.ChunkScan>> scans = new TreeMap<>();
        if (!chunks.isEmpty()) {
            for (CsvSplits.ChunkScan c : jsc.parallelize(chunks, chunks.size()).map(CsvSplits::scan).collect()) {
                scans.computeIfAbsent(c.unit(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Inputs.Piece> out = new ArrayList<>();
        for (Inputs.Unit u : units) {
            if (!scans.containsKey(u.index())) {
                out.add(new Inputs.Piece(u, null));
                continue;
            }
            for (CsvSplits.Split sp : CsvSplits.plan(scans.get(u.index()), lengths.get(u.index()), config.encoding())) {
                out.add(new Inputs.Piece(u, sp));
            }
        }
        return out;
    }

    /** A unit's outcome, added up over its pieces. */
    record UnitOutcome(String table, String encoding, Map<String, Long> counters, List<String> headers) {

        /** Rows (unit, table, encoding, counters, headers, …, piece) ordered by unit and piece. */
        static Map<Integer, UnitOutcome> merge(List<Row> pieceRows) {
            Map<Integer, UnitOutcome> out = new TreeMap<>();
            for (Row r : pieceRows) {
                Map<String, Long> counters = new TreeMap<>(r.<String, Long>getJavaMap(3));
                UnitOutcome prev = out.get(r.getInt(0));
                if (prev == null) {
                    out.put(r.getInt(0), new UnitOutcome(r.getString(1), r.getString(2), counters,
                            r.isNullAt(4) ? List.of() : List.copyOf(r.<String>getList(4))));
                } else {
                    counters.forEach((k, v) -> prev.counters().merge(k, v, Long::sum));
                }
            }
            return out;
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
     * This run's valid rows of one table, plus — unless the run replaces the source — the rows this source already has
     * staged (unit -1, no raw record), so a case sent again in a later export updates its staged row instead of
     * standing beside it, and a later export that repeats a month does not drop that month's other cases.
     */
    private Dataset<Row> valid(Dataset<Row> outcomes, String kind, String struct, TableSchema schema) {
        Dataset<Row> fresh = outcomes.filter(col("kind").equalTo(kind)).select(col(struct + ".*"), col("unit"), col("raw"))
                .withColumn("_new", lit(true));
        List<String> files = config.replaceSource() ? List.of() : new LakeMoves(config.lake(), config.profile().name()).ownedStaged(struct);
        if (files.isEmpty()) {
            return fresh;
        }
        Dataset<Row> staged = spark.read().schema(io.minqing.contract.spark.SparkSchemas.structType(schema))
                .option("basePath", config.lake().staged(struct).toString())
                .parquet(files.toArray(new String[0]));
        return fresh.unionByName(staged.withColumn("unit", lit(-1)).withColumn("raw", lit(null).cast("string"))
                .withColumn("_new", lit(false)));
    }

    /**
     * One table's rows split by key: {@code staged} has one row per (source, key) — the rows whose key occurs once,
     * plus the winner of each repeated key — and {@code ranked} has only the rows of repeated keys with their rank.
     * Only those go through the ranking window (and carry the raw record), so a run without duplicates never sorts or
     * shuffles its rows by key; the repeated keys are found by an aggregation over the key columns alone. Rows already
     * staged ({@code _new} false) take part like an earlier input unit.
     */
    record Staging(Dataset<Row> staged, Dataset<Row> ranked, Dataset<Row> repeatedKeys) {
        void release() {
            ranked.unpersist();
            repeatedKeys.unpersist();
        }

        /**
         * The month partitions this run rewrites: those of its own staged rows, and those that held a staged row this
         * run replaced (a case whose received month changed leaves its old month).
         */
        List<String> monthsToWrite(String partitionColumn) {
            Dataset<Row> mine = staged.filter(col("_new")).select(partitionColumn);
            Dataset<Row> replaced = ranked.filter(col("_rank").gt(1).and(col("_new").equalTo(false))).select(partitionColumn);
            List<String> out = new ArrayList<>();
            for (Row r : mine.union(replaced).distinct().collectAsList()) {
                out.add(r.getString(0));
            }
            out.sort(null);
            return out;
        }

        /** Rows already staged that are written again, unchanged, because their month is rewritten. */
        long keptFromLake(List<String> months, String partitionColumn) {
            return staged.filter(col("_new").equalTo(false).and(col(partitionColumn).isin(months.toArray()))).count();
        }
    }

    static Staging stage(Dataset<Row> rows, String key, boolean hasUpdatedAt) {
        return stage(rows, key, hasUpdatedAt, null);
    }

    static Staging stage(Dataset<Row> rows, String key, boolean hasUpdatedAt, String defaultCommunity) {
        Dataset<Row> repeated = rows.groupBy("source", key).count().filter(col("count").gt(1)).select("source", key).persist();
        scala.collection.immutable.Seq<String> on = scala.jdk.javaapi.CollectionConverters.asScala(List.of("source", key)).toSeq();
        Dataset<Row> ranked = dedupe(rows.join(repeated, on, "left_semi"), key, hasUpdatedAt, defaultCommunity).persist();
        Dataset<Row> single = rows.join(repeated, on, "left_anti").drop("raw");
        Dataset<Row> winners = ranked.filter(col("_rank").equalTo(1)).drop("raw", "_rank", "_kept_file", "_kept_row", "_complete");
        return new Staging(single.unionByName(winners), ranked, repeated);
    }

    /**
     * Ranks rows within (source, key): the most complete first ({@link RecordMapper#completeness}, cases only), then
     * the most recently updated (updated_at, nulls last), then the later input unit, then the later row. Rank 1 is
     * staged, the others become DUPLICATE_KEY.
     */
    static Dataset<Row> dedupe(Dataset<Row> rows, String key, boolean hasUpdatedAt) {
        return dedupe(rows, key, hasUpdatedAt, null);
    }

    static Dataset<Row> dedupe(Dataset<Row> rows, String key, boolean hasUpdatedAt, String defaultCommunity) {
        org.apache.spark.sql.Column complete = lit(0);
        if (hasUpdatedAt) {
            org.apache.spark.sql.api.java.UDF4<String, String, String, String, Integer> f =
                    (community, category, title, description) -> RecordMapper.completeness(community, defaultCommunity, category, title, description);
            complete = org.apache.spark.sql.functions.udf(f, org.apache.spark.sql.types.DataTypes.IntegerType)
                    .apply(RecordMapper.COMPLETENESS_COLUMNS.stream().map(org.apache.spark.sql.functions::col)
                            .toArray(org.apache.spark.sql.Column[]::new));
        }
        Dataset<Row> withScore = rows.withColumn("_complete", complete);
        WindowSpec w = Window.partitionBy(col("source"), col(key)).orderBy(
                col("_complete").desc(),
                hasUpdatedAt ? col("updated_at").desc_nulls_last() : lit(0),
                col("unit").desc(), col("source_row").desc());
        return withScore.withColumn("_rank", row_number().over(w))
                .withColumn("_kept_file", first(col("source_file")).over(w))
                .withColumn("_kept_row", first(col("source_row")).over(w));
    }

    private static Dataset<Row> duplicates(Dataset<Row> ranked, String table, String key) {
        return ranked.filter(col("_rank").gt(1).and(col("_new"))).select(
                col("source_file"), col("source_row"), lit(RejectReason.DUPLICATE_KEY.code()).as("reason"),
                lit(null).cast("string").as("column_name"), col(key).as("value"),
                concat(lit("Key " + key + " '"), col(key), lit("' occurs again in "), col("_kept_file"), lit(" at line/row "),
                        col("_kept_row").cast("string"), lit(", the version kept by the duplicate rule ("
                                + (table.equals("cases") ? "more complete — place, category, text — then later updated_at, then " : "later ")
                                + "file, then row), which was staged. "
                                + "Nothing to fix unless that version is wrong; drop repeated rows from the export.")).as("message"),
                col(key).as("case_id"), col("raw").as("raw_record"), col("source"), col("unit"), lit(table).as("table"));
    }

    private void writeStaged(Dataset<Row> kept, List<String> months, TableSchema schema, Path dir) {
        if (months.isEmpty()) {
            return;
        }
        kept.filter(col(schema.partitionColumn()).isin(months.toArray())).select(schema.columnNames().stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
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

    /**
     * Per unit: read (the reader's own count) against what became of each record (one outcome row per record, by
     * kind and reject reason) and the duplicates the ranking turned into DUPLICATE_KEY rejects.
     */
    private List<FileCounts> fileCounts(List<Inputs.Unit> units, Map<Integer, UnitOutcome> byUnit, Dataset<Row> outcomes,
                                        List<Staging> stagings, RecordMapper mapper) {
        Map<Integer, Long> valid = new TreeMap<>();
        Map<Integer, Map<String, Long>> rejectBy = new TreeMap<>();
        for (Row r : outcomes.filter(col("kind").notEqual(Outcomes.UNIT)).groupBy(col("unit"), col("kind"), col("reject.reason"))
                .count().collectAsList()) {
            if (r.getString(1).equals(Outcomes.REJECT)) {
                rejectBy.computeIfAbsent(r.getInt(0), k -> new TreeMap<>()).merge(r.getString(2), r.getLong(3), Long::sum);
            } else {
                valid.merge(r.getInt(0), r.getLong(3), Long::sum);
            }
        }
        for (Staging st : stagings) {
            for (Row r : st.ranked().filter(col("_rank").gt(1).and(col("_new"))).groupBy("unit").count().collectAsList()) {
                rejectBy.computeIfAbsent(r.getInt(0), k -> new TreeMap<>())
                        .merge(RejectReason.DUPLICATE_KEY.code(), r.getLong(1), Long::sum);
                valid.merge(r.getInt(0), -r.getLong(1), Long::sum);
            }
        }
        List<FileCounts> out = new ArrayList<>();
        for (Inputs.Unit u : units) {
            UnitOutcome r = byUnit.get(u.index());
            if (r == null) {
                throw new IllegalStateException("No outcome row for input unit " + u.label() + " (a bug)");
            }
            Map<String, Long> counters = new TreeMap<>(r.counters());
            long read = counters.remove("read");
            long staged = valid.getOrDefault(u.index(), 0L);
            Map<String, Long> reasons = rejectBy.getOrDefault(u.index(), Map.of());
            long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
            if (read != staged + rejected) {
                throw new IllegalStateException("Row accounting broken for " + u.label() + ": read " + read + " but staged "
                        + staged + " + rejected " + rejected + " = " + (staged + rejected) + " (a bug in ingest; please report it)");
            }
            long dup = reasons.getOrDefault(RejectReason.DUPLICATE_KEY.code(), 0L);
            List<String> ignored = ignoredHeaders(mapper, r.table(), r.headers());
            out.add(new FileCounts(u.label(), r.table(), r.encoding(), read, staged, rejected, rejected - dup,
                    new TreeMap<>(reasons), counters, ignored, mapper.missingHeaders(r.table(), r.headers())));
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
