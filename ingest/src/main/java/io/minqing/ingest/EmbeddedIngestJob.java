package io.minqing.ingest;

import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.TableSchema;
import io.minqing.ingest.IngestJob.FileCounts;
import io.minqing.ingest.read.CsvSplits;
import io.minqing.ingest.read.Inputs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code minqing ingest} on the embedded engine (the default): the same run as {@link IngestJob} without a
 * SparkSession. The pieces (units, and ranges of large CSV files) are read by a thread pool as wide as the machine
 * through the same {@link PieceReader}; each thread appends its outcomes to an in-memory DuckDB database; the
 * ranking of repeated keys, the month partitions and the reject files are then DuckDB queries, and each staged month
 * and each unit's rejects is one {@code COPY (SELECT … ORDER BY …) TO … (FORMAT PARQUET)}. The rules (dedupe order,
 * DUPLICATE_KEY message, accounting, threshold, moves, summary) are {@link IngestRules}' and
 * {@link QualitySummary}'s, shared with the Spark job. Output is laid out, typed and sorted as the Spark job's, and a
 * rerun writes byte-identical files.
 */
public final class EmbeddedIngestJob {

    /** DuckDB's memory limit for the run's in-memory tables (the JVM's heap comes on top). */
    static final String MEMORY_LIMIT = "1536MB";

    /** The string compressions the run's in-memory tables do without (see {@link #run}). */
    static final String UNCOMPRESSED_STRINGS = "fsst,dict_fsst";

    private final IngestConfig config;
    private final PrintStream out;
    private final int threads;

    public EmbeddedIngestJob(IngestConfig config, PrintStream progressOut) {
        this(config, progressOut, Runtime.getRuntime().availableProcessors());
    }

    public EmbeddedIngestJob(IngestConfig config, PrintStream progressOut, int threads) {
        this.config = config;
        this.out = progressOut;
        this.threads = Math.max(1, threads);
    }

    /** A table's keys: its first column (case_id, survey_id) and its partition column. */
    private record Table(String name, TableSchema schema, String kind) {
        String key() {
            return schema.columns().get(0).name();
        }

        String month() {
            return schema.partitionColumn();
        }

        boolean hasUpdatedAt() {
            return schema.find("updated_at").isPresent();
        }
    }

    private static final List<Table> TABLES = List.of(new Table("cases", Contract.CASES, Outcomes.CASE),
            new Table("surveys", Contract.SURVEYS, Outcomes.SURVEY));

    public IngestJob.Result run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 4);
        String source = config.profile().name();
        progress.start();
        List<Inputs.Unit> units = Inputs.expand(config.inputs(), config.sheet());
        RecordMapper mapper = new RecordMapper(config.profile(), config.pseudonymKey(), config.asOf());
        Path runTmp = config.lake().tmp().resolve("ingest-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "minqing-ingest");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(runTmp);
            try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
                exec(db, "SET threads = " + threads);
                exec(db, "SET temp_directory = " + q(runTmp.resolve("duckdb-spill").toString()));
                // The appended rows grow with the input; past this DuckDB spills them to the run's temp folder
                // instead of taking up to 80% of RAM (its default), so ingest's peak memory does not grow with N.
                exec(db, "SET memory_limit = '" + MEMORY_LIMIT + "'");
                // The appended rows live only for this run: compressing their strings with FSST as each row group
                // fills (and decompressing them for the ranking and the COPYs) was about a fifth of ingest's CPU. The
                // Parquet written from them is the same; only the in-memory (or spilled) form is larger.
                exec(db, "SET disabled_compression_methods = '" + UNCOMPRESSED_STRINGS + "'");
                for (Table t : TABLES) {
                    exec(db, "CREATE TABLE in_" + t.name() + " (" + columnsDdl(t.schema()) + ", unit INTEGER, piece INTEGER, _new BOOLEAN)");
                }
                exec(db, "CREATE TABLE rej (" + columnsDdl(Contract.REJECTS) + ", unit INTEGER, tbl VARCHAR)");

                List<Inputs.Piece> pieces = IngestRules.pieces(units, config, chunks -> parallel(pool, chunks, CsvSplits::scan));
                List<Integer> pieceIndex = java.util.stream.IntStream.range(0, pieces.size()).boxed().toList();
                List<PieceReader.PieceInfo> infos = parallel(pool, pieceIndex, i -> readPiece(db, pieces.get(i), i, mapper));
                Map<Integer, IngestRules.UnitOutcome> unitRows = IngestRules.mergePieces(infos);
                long read = IngestRules.read(unitRows);
                progress.done("read " + units.size() + " file(s)/sheet(s) with profile " + source
                        + (pieces.size() > units.size() ? " in " + pieces.size() + " parallel pieces" : ""), read, "rows");

                progress.start();
                Map<String, List<String>> monthsToWrite = new TreeMap<>();
                long kept = 0;
                long written = 0;
                for (Table t : TABLES) {
                    if (!config.replaceSource()) {
                        addStaged(db, t);
                    }
                    rank(db, t, config.profile().communities().dflt());
                    duplicateRaws(db, t, pool, pieces, mapper);
                    List<String> months = strings(db, "SELECT DISTINCT " + t.month() + " FROM r_" + t.name()
                            + " WHERE " + IngestRules.MONTH_TO_WRITE + " ORDER BY 1");
                    monthsToWrite.put(t.name(), months);
                    exec(db, "CREATE TABLE m_" + t.name() + " (m VARCHAR)");
                    for (String m : months) {
                        exec(db, "INSERT INTO m_" + t.name() + " VALUES (" + q(m) + ")");
                    }
                    exec(db, "CREATE VIEW out_" + t.name() + " AS SELECT * FROM r_" + t.name() + " WHERE " + IngestRules.STAGED + " AND "
                            + t.month() + " IN (SELECT m FROM m_" + t.name() + ")");
                    // per month: the rows written and, of them, those already staged (one scan, not one per month)
                    Map<String, Long> rowsByMonth = new TreeMap<>();
                    for (Object[] r : rows(db, "SELECT " + t.month() + ", count(*), count_if(" + IngestRules.KEPT + ") FROM out_"
                            + t.name() + " GROUP BY " + t.month())) {
                        rowsByMonth.put((String) r[0], (Long) r[1]);
                        written += (Long) r[1];
                        kept += (Long) r[2];
                    }
                    writeStaged(db, pool, t, months, rowsByMonth, runTmp.resolve(t.name()));
                    writeRejects(db, t, units, runTmp.resolve("rejects_" + t.name()));
                }
                List<FileCounts> files = fileCounts(db, units, unitRows, mapper);
                long staged = files.stream().mapToLong(FileCounts::staged).sum();
                IngestRules.checkWritten(written, staged, kept);
                long rejected = files.stream().mapToLong(FileCounts::rejected).sum();
                progress.done("validate and resolve duplicates: " + staged + " staged, " + rejected + " rejected", read, "rows");

                long atDefaultPlace = number(db, "SELECT count(*) FROM r_cases WHERE " + IngestRules.NEW_STAGED + " AND community IN ("
                        + String.join(", ", IngestRules.defaultPlaces(config.profile()).stream().map(EmbeddedIngestJob::q).toList()) + ")");
                Map<String, Object> summaryContent = QualitySummary.build(config, source, files, aggregator(db), atDefaultPlace);
                return IngestRules.finish(config, out, progress, runTmp, units, files, summaryContent,
                        monthsToWrite.get("cases"), monthsToWrite.get("surveys"), t0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed during ingest of " + source + " into " + config.lake().root()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + runTmp, e);
        } finally {
            pool.shutdownNow();
            IngestRules.deleteTree(runTmp);
        }
    }

    /** Reads one piece on a connection of its own, appending its outcomes; returns the piece's last outcome. */
    private PieceReader.PieceInfo readPiece(DuckDBConnection db, Inputs.Piece piece, int index, RecordMapper mapper) {
        try (DuckDBConnection c = (DuckDBConnection) db.duplicate();
             DuckDBAppender cases = c.createAppender("in_cases");
             DuckDBAppender surveys = c.createAppender("in_surveys");
             DuckDBAppender rejects = c.createAppender("rej")) {
            // without the raw record: only a duplicate's reject needs it (duplicateRaws reads those back)
            PieceReader reader = new PieceReader(piece, mapper, config.encoding(), false);
            while (reader.hasNext()) {
                PieceReader.Outcome o = reader.next();
                switch (o.kind()) {
                    case Outcomes.REJECT -> {
                        rejects.beginRow();
                        appendAll(rejects, o.reject());
                        rejects.append(o.unit()).append(o.table()).endRow();
                    }
                    case Outcomes.CASE, Outcomes.SURVEY -> {
                        DuckDBAppender a = o.kind().equals(Outcomes.CASE) ? cases : surveys;
                        a.beginRow();
                        appendAll(a, o.staged());
                        a.append(o.unit()).append(index).append(true).endRow();
                    }
                    default -> {
                        return o.info();
                    }
                }
            }
            throw new IllegalStateException("The reader of " + piece.unit().label() + " ended without its unit outcome (a bug)");
        } catch (SQLException e) {
            throw new IllegalStateException("appending the rows of " + piece.unit().label() + " to DuckDB: " + e.getMessage(), e);
        }
    }

    private static void appendAll(DuckDBAppender a, Object[] values) throws SQLException {
        for (Object v : values) {
            if (v == null) {
                a.appendNull();
            } else if (v instanceof String s) {
                a.append(s);
            } else if (v instanceof Long l) {
                a.append(l.longValue());
            } else if (v instanceof Integer i) {
                a.append(i.intValue());
            } else if (v instanceof Boolean b) {
                a.append(b.booleanValue());
            } else if (v instanceof LocalDateTime t) {
                if (t.getNano() % 1000 == 0) {
                    // what append(t) stores (microseconds from 1970-01-01T00:00, computed there by LocalDateTime.until)
                    a.appendEpochMicros(t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000);
                } else {
                    a.append(t);
                }
            } else if (v instanceof String[] arr) {
                a.append(Arrays.asList(arr));
            } else if (v instanceof Collection<?> list) {
                a.append(list);
            } else {
                throw new IllegalStateException("No DuckDB appender for " + v.getClass().getName() + " (a bug)");
            }
        }
    }

    /**
     * The redacted raw records of this run's duplicates (the DUPLICATE_KEY rejects carry them), into
     * {@code raw_<table>(rp, rr, raw)} by piece and row: the rows were appended without them, since masking every
     * record's full text for the few that lose the ranking was a large share of ingest. The pieces holding such rows
     * are read again (in parallel), mapping only those rows, with the same {@link RecordMapper#raw} the reader uses.
     */
    private void duplicateRaws(DuckDBConnection db, Table t, ExecutorService pool, List<Inputs.Piece> pieces,
                               RecordMapper mapper) throws SQLException {
        exec(db, "CREATE TABLE raw_" + t.name() + " (rp INTEGER, rr BIGINT, raw VARCHAR)");
        Map<Integer, java.util.Set<Long>> wanted = new TreeMap<>();
        for (Object[] r : rows(db, "SELECT piece, source_row FROM r_" + t.name() + " WHERE " + IngestRules.NEW_DUPLICATE)) {
            wanted.computeIfAbsent((Integer) r[0], k -> new java.util.HashSet<>()).add(((Number) r[1]).longValue());
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<Integer> which = new ArrayList<>(wanted.keySet());
        List<Map<Long, String>> raws = parallel(pool, which, i -> PieceReader.raws(pieces.get(i), mapper, config.encoding(), wanted.get(i)));
        try (DuckDBAppender a = db.createAppender("raw_" + t.name())) {
            for (int k = 0; k < which.size(); k++) {
                for (Map.Entry<Long, String> e : raws.get(k).entrySet()) {
                    a.beginRow();
                    a.append(which.get(k).intValue());
                    a.append(e.getKey().longValue());
                    a.append(e.getValue());
                    a.endRow();
                }
            }
        }
    }

    /** Unless the run replaces the source: the rows it already has staged take part like an earlier unit (-1). */
    private void addStaged(Connection db, Table t) throws SQLException {
        List<String> files = new LakeMoves(config.lake(), config.profile().name()).ownedStaged(t.name());
        if (files.isEmpty()) {
            return;
        }
        List<String> quoted = files.stream().map(EmbeddedIngestJob::q).toList();
        exec(db, "INSERT INTO in_" + t.name() + " SELECT " + String.join(", ", t.schema().columnNames())
                + ", -1, NULL, false FROM read_parquet([" + String.join(", ", quoted)
                + "], hive_partitioning = true, hive_types_autocast = false)");
    }

    /**
     * Ranks the rows of each (source, key) by {@link IngestRules#dedupeOrder}; rank 1 is staged. For cases the order
     * starts with {@link IngestRules#COMPLETE}: {@link RecordMapper#completeness} (the Java method the Spark job calls
     * as a UDF), computed here for the rows of repeated keys only — a key that occurs once is ranked first whatever
     * its score.
     */
    private static void rank(DuckDBConnection db, Table t, String defaultCommunity) throws SQLException {
        List<String> order = new ArrayList<>();
        for (IngestRules.SortKey k : IngestRules.dedupeOrder(t.hasUpdatedAt())) {
            order.add(k.column() + (k.descending() ? " DESC" : " ASC") + (k.nullsLast() ? " NULLS LAST" : " NULLS FIRST"));
        }
        // Only the rows of repeated keys are ranked: a key that occurs once is ranked first and kept from its own
        // file and row. Ranking every row materialised a second copy of the whole input, the largest cost of this phase.
        String keys = "(SELECT source, " + t.key() + " FROM in_" + t.name() + " GROUP BY source, " + t.key() + " HAVING count(*) > 1)";
        exec(db, "CREATE TABLE k_" + t.name() + " AS " + keys);
        String from = "(SELECT i.rowid AS rid, i.* FROM in_" + t.name() + " i JOIN k_" + t.name() + " d ON i.source = d.source AND i."
                + t.key() + " = d." + t.key() + ")";
        if (t.hasUpdatedAt()) {
            exec(db, "CREATE TABLE c_" + t.name() + " (rid BIGINT, score INTEGER)");
            // row by row from the result into the appender (on a connection of its own), not via a Java list: a
            // rerun over the same exports repeats every key, and holding all of those rows in the heap grew with N
            String sql = "SELECT i.rowid, " + String.join(", ", RecordMapper.COMPLETENESS_COLUMNS.stream()
                    .map(c -> "i." + c).toList()) + " FROM in_" + t.name() + " i JOIN k_" + t.name() + " d ON i.source = d.source AND i."
                    + t.key() + " = d." + t.key();
            try (DuckDBConnection c2 = (DuckDBConnection) db.duplicate();
                 DuckDBAppender a = c2.createAppender("c_" + t.name());
                 Statement s = db.createStatement();
                 ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    a.beginRow();
                    a.append(r.getLong(1));
                    a.append(RecordMapper.completeness(r.getString(2), defaultCommunity, r.getString(3), r.getString(4), r.getString(5)));
                    a.endRow();
                }
            }
            from = "(SELECT i.*, coalesce(c.score, 0) AS " + IngestRules.COMPLETE + " FROM " + from + " i LEFT JOIN c_"
                    + t.name() + " c ON i.rid = c.rid)";
        }
        exec(db, "CREATE TABLE d_" + t.name() + " AS SELECT rid, row_number() OVER w AS _rank, first_value(source_file) OVER w AS _kept_file, "
                + "first_value(source_row) OVER w AS _kept_row FROM " + from + " WINDOW w AS (PARTITION BY source, "
                + t.key() + " ORDER BY " + String.join(", ", order) + ")");
        exec(db, "CREATE VIEW r_" + t.name() + " AS SELECT i.*, CASE WHEN d.rid IS NULL THEN 1 ELSE d._rank END AS _rank, "
                + "CASE WHEN d.rid IS NULL THEN i.source_file ELSE d._kept_file END AS _kept_file, "
                + "CASE WHEN d.rid IS NULL THEN i.source_row ELSE d._kept_row END AS _kept_row FROM in_" + t.name() + " i LEFT JOIN d_" + t.name() + " d ON i.rowid = d.rid");
    }

    /**
     * One Parquet file per month, without the partition column (it is the folder), rows sorted by key. The months are
     * written side by side, one per thread of the pool on a connection of its own, with DuckDB at one thread: each
     * {@code COPY} then runs on the thread that asked for it. (At the run's width, one {@code COPY} at a time, the
     * asking thread mostly polled for the tasks of the other, about a tenth of this phase's CPU.)
     */
    private void writeStaged(DuckDBConnection db, ExecutorService pool, Table t, List<String> months, Map<String, Long> rowsByMonth,
                             Path dir) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (Column c : t.schema().columns()) {
            if (!c.name().equals(t.month())) {
                cols.add(c.name());
            }
        }
        List<String> toWrite = months.stream().filter(m -> rowsByMonth.getOrDefault(m, 0L) > 0).toList();
        exec(db, "SET threads = 1");
        try {
            parallel(pool, toWrite, m -> {
                Path folder = dir.resolve(t.month() + "=" + m);
                mkdirs(folder);
                try (Connection c = db.duplicate()) {
                    exec(c, "COPY (SELECT " + optional(cols) + " FROM out_" + t.name() + " WHERE " + t.month() + " = " + q(m)
                            + " ORDER BY " + t.key() + ") TO " + q(folder.resolve("part-00000.parquet").toString()) + " (FORMAT PARQUET)");
                } catch (SQLException e) {
                    throw new IllegalStateException("DuckDB failed writing " + t.name() + " " + t.month() + "=" + m + ": " + e.getMessage(), e);
                }
                return m;
            });
        } finally {
            exec(db, "SET threads = " + threads);
        }
    }

    /** The mapper's rejects and this run's duplicates, one Parquet file per unit, sorted by row and reason. */
    private static void writeRejects(Connection db, Table t, List<Inputs.Unit> units, Path dir) throws SQLException {
        List<String> cols = new ArrayList<>();
        List<String> dupCols = new ArrayList<>();
        for (Column c : Contract.REJECTS.columns()) {
            if (c.name().equals(Contract.REJECTS.partitionColumn())) {
                continue;
            }
            cols.add(c.name());
            dupCols.add(switch (c.name()) {
                case "reason" -> q(io.minqing.contract.Codes.RejectReason.DUPLICATE_KEY.code()) + " AS reason";
                case "column_name" -> "CAST(NULL AS VARCHAR) AS column_name";
                case "value", "case_id" -> t.key() + " AS " + c.name();
                case "message" -> messageSql(t) + " AS message";
                case "raw_record" -> "w.raw AS raw_record";
                default -> c.name();
            });
        }
        exec(db, "CREATE TABLE rj_" + t.name() + " AS SELECT " + String.join(", ", cols) + ", unit FROM rej WHERE tbl = "
                + q(t.name()) + " UNION ALL SELECT " + String.join(", ", dupCols) + ", unit FROM r_" + t.name()
                + " LEFT JOIN raw_" + t.name() + " w ON w.rp = piece AND w.rr = source_row WHERE " + IngestRules.NEW_DUPLICATE);
        for (Inputs.Unit u : units) {
            if (number(db, "SELECT count(*) FROM rj_" + t.name() + " WHERE unit = " + u.index()) == 0) {
                continue;
            }
            Path folder = dir.resolve("unit=" + u.index());
            mkdirs(folder);
            exec(db, "COPY (SELECT " + optional(cols) + " FROM rj_" + t.name() + " WHERE unit = " + u.index()
                    + " ORDER BY " + String.join(", ", IngestRules.REJECT_ORDER) + ") TO " + q(folder.resolve("part-00000.parquet").toString()) + " (FORMAT PARQUET)");
        }
    }

    /**
     * The columns as the file's select list, each declared optional in the Parquet schema as the Spark job's are.
     * DuckDB marks a column REQUIRED when its statistics show no null (a month without a null title would get a
     * REQUIRED title); a CASE with a NULL branch keeps it OPTIONAL whatever the data.
     */
    private static String optional(List<String> cols) {
        return String.join(", ", cols.stream().map(c -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE " + c + " END AS " + c).toList());
    }

    private static String messageSql(Table t) {
        List<String> parts = new ArrayList<>();
        for (IngestRules.Part p : IngestRules.duplicateMessage(t.name(), t.key())) {
            parts.add(p.literal() != null ? q(p.literal()) : "CAST(" + p.column() + " AS VARCHAR)");
        }
        return "concat(" + String.join(", ", parts) + ")";
    }

    /** What became of each record per unit, from the appended outcomes and the ranking; checked by IngestRules. */
    private static List<FileCounts> fileCounts(Connection db, List<Inputs.Unit> units, Map<Integer, IngestRules.UnitOutcome> byUnit,
                                               RecordMapper mapper) throws SQLException {
        Map<Integer, Long> valid = new TreeMap<>();
        Map<Integer, Long> duplicates = new TreeMap<>();
        for (Table t : TABLES) {
            for (Object[] r : rows(db, "SELECT unit, count(*) FROM in_" + t.name() + " WHERE _new GROUP BY unit")) {
                valid.merge((Integer) r[0], (Long) r[1], Long::sum);
            }
            for (Object[] r : rows(db, "SELECT unit, count(*) FROM r_" + t.name() + " WHERE " + IngestRules.NEW_DUPLICATE + " GROUP BY unit")) {
                duplicates.merge((Integer) r[0], (Long) r[1], Long::sum);
            }
        }
        Map<Integer, Map<String, Long>> rejectBy = new TreeMap<>();
        for (Object[] r : rows(db, "SELECT unit, reason, count(*) FROM rej GROUP BY unit, reason")) {
            rejectBy.computeIfAbsent((Integer) r[0], k -> new TreeMap<>()).merge((String) r[1], (Long) r[2], Long::sum);
        }
        return IngestRules.fileCounts(units, byUnit, valid, rejectBy, duplicates, mapper);
    }

    /** The summary's questions, asked of the rows this run writes to staged. */
    private static QualitySummary.Aggregator aggregator(Connection db) {
        return (table, groupBy, aggregates) -> {
            List<String> select = new ArrayList<>(groupBy);
            select.addAll(aggregates);
            String sql = "SELECT " + String.join(", ", select) + " FROM out_" + table
                    + (groupBy.isEmpty() ? "" : " GROUP BY " + String.join(", ", groupBy));
            try {
                return rows(db, sql);
            } catch (SQLException e) {
                throw new IllegalStateException("computing the quality summary (" + sql + "): " + e.getMessage(), e);
            }
        };
    }

    private static String columnsDdl(TableSchema schema) {
        List<String> cols = new ArrayList<>();
        for (Column c : schema.columns()) {
            // no NOT NULL: the Spark job's staged files declare every column optional, and these must match them
            cols.add(c.name() + " " + c.type().duckdbType());
        }
        return String.join(", ", cols);
    }

    private static <T, R> List<R> parallel(ExecutorService pool, List<T> items, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<R> out = new ArrayList<>();
        try {
            for (Future<R> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    private static void exec(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static long number(Connection db, String sql) throws SQLException {
        return (Long) rows(db, sql).get(0)[0];
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows(db, sql)) {
            out.add((String) r[0]);
        }
        return out;
    }

    /** Rows as String, Long (BIGINT, HUGEINT), Integer, Boolean or LocalDateTime values. */
    private static List<Object[]> rows(Connection db, String sql) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            while (rs.next()) {
                Object[] v = new Object[n];
                for (int i = 0; i < n; i++) {
                    int type = md.getColumnType(i + 1);
                    v[i] = switch (type) {
                        case Types.TIMESTAMP -> rs.getObject(i + 1, LocalDateTime.class);
                        default -> {
                            Object o = rs.getObject(i + 1);
                            // BIGINT and HUGEINT (count_if's type) alike as Long
                            yield o instanceof Long || o instanceof java.math.BigInteger ? ((Number) o).longValue() : o;
                        }
                    };
                }
                out.add(v);
            }
        }
        return out;
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + p, e);
        }
    }

    /** A SQL string literal. */
    static String q(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
