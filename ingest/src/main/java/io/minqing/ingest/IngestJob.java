package io.minqing.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.minqing.contract.Codes.RejectReason;
import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.Lake;
import io.minqing.contract.Progress;
import io.minqing.contract.TableSchema;
import io.minqing.contract.spark.ParquetFooters;
import io.minqing.ingest.read.CsvSplits;
import io.minqing.ingest.read.Inputs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
            List<Inputs.Piece> pieces = IngestRules.pieces(units, config,
                    chunks -> jsc.parallelize(chunks, chunks.size()).map(CsvSplits::scan).collect());
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
            List<PieceReader.PieceInfo> infos = new ArrayList<>();
            for (Row u : pieceRows) {
                infos.add(new PieceReader.PieceInfo(u.getInt(0), u.getInt(7), u.getString(1), u.getString(2),
                        u.isNullAt(3) ? null : u.<String, Long>getJavaMap(3), u.isNullAt(4) ? null : u.<String>getList(4),
                        u.getString(5), u.isNullAt(6) ? null : u.getInt(6)));
            }
            Map<Integer, IngestRules.UnitOutcome> unitRows = IngestRules.mergePieces(infos);
            long read = IngestRules.read(unitRows);
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
                        .repartition(col("unit")).sortWithinPartitions("unit", IngestRules.REJECT_ORDER.toArray(new String[0]))
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
            IngestRules.checkWritten(written, staged, kept);
            long atDefaultPlace = cases.staged().filter(IngestRules.NEW_STAGED)
                    .filter(col("community").isin(IngestRules.defaultPlaces(config.profile()).toArray())).count();
            cases.release();
            surveys.release();
            long rejected = files.stream().mapToLong(FileCounts::rejected).sum();
            progress.done("validate and resolve duplicates: " + staged + " staged, " + rejected + " rejected", read, "rows");

            Map<String, Object> summaryContent = QualitySummary.build(config, source, files, QualitySummary.spark(tmpCases, tmpSurveys),
                    atDefaultPlace);
            for (String dir : List.of("cases", "surveys", "rejects_cases", "rejects_surveys")) {
                ParquetFooters.canonicalizeAll(runTmp.resolve(dir)); // byte-identical from one process to the next
            }
            return IngestRules.finish(config, out, progress, runTmp, units, files, summaryContent, casesMonthsToWrite,
                    surveysMonthsToWrite, t0);
        } finally {
            IngestRules.deleteTree(runTmp);
        }
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
            Dataset<Row> mine = staged.filter(IngestRules.NEW_STAGED).select(partitionColumn);
            Dataset<Row> replaced = ranked.filter(IngestRules.REPLACED).select(partitionColumn);
            List<String> out = new ArrayList<>();
            for (Row r : mine.union(replaced).distinct().collectAsList()) {
                out.add(r.getString(0));
            }
            out.sort(null);
            return out;
        }

        /** Rows already staged that are written again, unchanged, because their month is rewritten. */
        long keptFromLake(List<String> months, String partitionColumn) {
            return staged.filter(IngestRules.KEPT).filter(col(partitionColumn).isin(months.toArray())).count();
        }
    }

    static Staging stage(Dataset<Row> rows, String key, boolean hasUpdatedAt) {
        return stage(rows, key, hasUpdatedAt, null);
    }

    static Staging stage(Dataset<Row> rows, String key, boolean hasUpdatedAt, String defaultCommunity) {
        Dataset<Row> repeated = rows.groupBy("source", key).count().filter(col("count").gt(1)).select("source", key).persist();
        scala.collection.immutable.Seq<String> on = scala.jdk.javaapi.CollectionConverters.asScala(List.of("source", key)).toSeq();
        Dataset<Row> ranked = dedupe(rows.join(repeated, on, "left_semi"), key, hasUpdatedAt, defaultCommunity).persist();
        Dataset<Row> single = rows.join(repeated, on, "left_anti").drop("raw").withColumn("_rank", lit(1));
        Dataset<Row> winners = ranked.filter(IngestRules.STAGED).drop("raw", "_kept_file", "_kept_row", IngestRules.COMPLETE);
        return new Staging(single.unionByName(winners), ranked, repeated);
    }

    /**
     * Ranks rows within (source, key) by {@link IngestRules#dedupeOrder}: for cases its first key is
     * {@link IngestRules#COMPLETE}, {@link RecordMapper#completeness} as a UDF (the embedded job calls the same method).
     * Rank 1 is staged, the others become DUPLICATE_KEY.
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
        List<org.apache.spark.sql.Column> order = new ArrayList<>();
        for (IngestRules.SortKey k : IngestRules.dedupeOrder(hasUpdatedAt)) {
            order.add(k.descending() ? (k.nullsLast() ? col(k.column()).desc_nulls_last() : col(k.column()).desc_nulls_first())
                    : (k.nullsLast() ? col(k.column()).asc_nulls_last() : col(k.column()).asc_nulls_first()));
        }
        WindowSpec w = Window.partitionBy(col("source"), col(key)).orderBy(order.toArray(new org.apache.spark.sql.Column[0]));
        return rows.withColumn(IngestRules.COMPLETE, complete).withColumn("_rank", row_number().over(w))
                .withColumn("_kept_file", first(col("source_file")).over(w))
                .withColumn("_kept_row", first(col("source_row")).over(w));
    }

    private static Dataset<Row> duplicates(Dataset<Row> ranked, String table, String key) {
        return ranked.filter(IngestRules.NEW_DUPLICATE).select(
                col("source_file"), col("source_row"), lit(RejectReason.DUPLICATE_KEY.code()).as("reason"),
                lit(null).cast("string").as("column_name"), col(key).as("value"),
                concat(IngestRules.duplicateMessage(table, key).stream()
                        .map(p -> p.literal() != null ? lit(p.literal()) : col(p.column()).cast("string"))
                        .toArray(org.apache.spark.sql.Column[]::new)).as("message"),
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
        if (!Lake.hasParquet(dir)) {
            return spark.createDataFrame(List.of(), io.minqing.contract.spark.SparkSchemas.structType(schema));
        }
        return spark.read().parquet(dir.toString());
    }


    /** Per unit: what became of each record (by kind and reject reason) and the duplicates the ranking rejected. */
    private List<FileCounts> fileCounts(List<Inputs.Unit> units, Map<Integer, IngestRules.UnitOutcome> byUnit, Dataset<Row> outcomes,
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
        Map<Integer, Long> duplicates = new TreeMap<>();
        for (Staging st : stagings) {
            for (Row r : st.ranked().filter(IngestRules.NEW_DUPLICATE).groupBy("unit").count().collectAsList()) {
                duplicates.merge(r.getInt(0), r.getLong(1), Long::sum);
            }
        }
        return IngestRules.fileCounts(units, byUnit, valid, rejectBy, duplicates, mapper);
    }

}
