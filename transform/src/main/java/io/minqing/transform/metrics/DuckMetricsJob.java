package io.minqing.transform.metrics;

import static io.minqing.transform.metrics.FactsSql.Dialect.DUCKDB;

import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.Errors;
import io.minqing.contract.Lake;
import io.minqing.contract.Progress;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.spark.ParquetFooters;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The metrics transform on embedded DuckDB (the default engine): the same marts as {@link MetricsJob} from the same
 * definitions, without a Spark session. case_facts is FactsSql's definition rendered for DuckDB and written with
 * {@code COPY … TO … (FORMAT PARQUET)}, one file per assessment month in the documented order; the month pass is the
 * same Java fold ({@link MonthPass}) fed month by month from each month's file as soon as it is written (the whole
 * month built, written, counted and folded on one of two threads, the string keys as codes, see {@link #CODED}:
 * {@link #factsAndPass}); the statistics across
 * communities are the same Java ({@link MonthMarts}, {@link WorkMarts}); the small marts go through an appender into a
 * temporary table and out with COPY.
 */
public final class DuckMetricsJob {

    private final Lake lake;
    private final MetricsConfig config;
    private final Optional<LocalDateTime> asOf;
    private final PrintStream progressOut;

    public DuckMetricsJob(Lake lake, MetricsConfig config, Optional<LocalDateTime> asOf, PrintStream progressOut) {
        this.lake = lake;
        this.config = config;
        this.asOf = asOf;
        this.progressOut = progressOut;
    }

    /** The empty marker file of a completed write (as Spark's committer leaves it). */
    static final String SUCCESS = "_SUCCESS";

    static String lit(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String lit(Path p) {
        return lit(p.toAbsolutePath().toString());
    }


    public MetricsJob.Result run() {
        long t0 = System.nanoTime();
        Progress p = new Progress(progressOut, 4);
        p.start();
        Path casesPath = lake.staged(Contract.CASES.name());
        if (!Files.isDirectory(casesPath)) {
            throw MetricsErrors.noStagedCases(casesPath);
        }
        Path surveysPath = lake.staged(Contract.SURVEYS.name());
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            // DuckDB creates only the last folder of its temp_directory, and only when it first spills (never at 1M cases)
            Files.createDirectories(lake.tmp());
            Path spill = lake.tmp().resolve("duckdb-" + System.nanoTime());
            st.execute("SET temp_directory = " + lit(spill));
            // bound DuckDB's memory (its default is 80% of the machine) so that a large district spills to the lake's tmp
            // instead of growing past the RSS budget (the latest surveys of all cases are the largest step now)
            st.execute("SET memory_limit = '2GB'");
            st.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            stage(st, Contract.CASES, casesPath, "staged_cases");
            stage(st, Contract.SURVEYS, surveysPath, "staged_surveys");
            Bounds b = bounds(st, casesPath, surveysPath);
            if (b.cases() == 0) {
                throw MetricsErrors.emptyStagedCases(casesPath);
            }
            LocalDateTime cut = asOf.orElse(b.latestEvent());
            if (cut.isBefore(b.firstReceived())) {
                throw MetricsErrors.asOfBeforeData(asOf.map(DateTimeFormatter.ISO_LOCAL_DATE_TIME::format).orElse(""),
                        b.firstReceived().toString());
            }
            p.done("read staged cases and surveys (as of " + cut + ")", b.cases() + b.surveys(), "rows");

            Map<String, Long> written = new LinkedHashMap<>();
            p.start();
            MonthPass.Result pass = factsAndPass((DuckDBConnection) conn, st, cut);
            Path factsDir = lake.mart(MetricMarts.CASE_FACTS.name());
            long nFacts = ParquetFooters.rowCount(factsDir);
            written.put(MetricMarts.CASE_FACTS.name(), nFacts);
            p.done("case_facts", nFacts, "rows");

            p.start();
            MonthMarts.Output month = MonthMarts.build(pass, surveyCounts(st, cut), config, cut);
            written.put("community_month", writeRows((DuckDBConnection) conn, MetricMarts.COMMUNITY_MONTH, month.community()));
            written.put("district_month", writeRows((DuckDBConnection) conn, MetricMarts.DISTRICT_MONTH, month.district()));
            written.put("km_curve", writeRows((DuckDBConnection) conn, MetricMarts.KM_CURVE, month.km()));
            written.put("funnel_month", writeRows((DuckDBConnection) conn, MetricMarts.FUNNEL_MONTH, month.funnel()));
            p.done("community_month, district_month, km_curve, funnel_month", month.community().size(), "community-months");

            p.start();
            List<MartRow> handlers = WorkMarts.handlerMonth(pass, config);
            List<MartRow> departments = WorkMarts.departmentMonth(pass, config);
            written.put("handler_month", writeRows((DuckDBConnection) conn, MetricMarts.HANDLER_MONTH, handlers));
            written.put("department_month", writeRows((DuckDBConnection) conn, MetricMarts.DEPARTMENT_MONTH, departments));
            p.done("handler_month, department_month", handlers.size() + departments.size(), "rows");
            if (Files.isDirectory(spill)) {
                MartFiles.deleteTree(spill);
            }
            removeEmptyTmp();
            return new MetricsJob.Result(cut, asOf.isEmpty(), b.cases(), b.surveys(), written, lake.root().resolve("marts"),
                    (System.nanoTime() - t0) / 1e9, false);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB metrics on " + lake.root() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeEmptyTmp() throws IOException {
        if (Files.isDirectory(lake.tmp())) {
            try (Stream<Path> left = Files.list(lake.tmp())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(lake.tmp());
                }
            }
        }
    }

    /**
     * A view over a staged table's Parquet files (an empty table of the contract's columns when there are none), checked
     * against the contract; not TEMP, so that the other connections of {@link #onTwoThreads} see it.
     */
    static void stage(Statement st, TableSchema table, Path dir, String name) throws SQLException {
        if (!Lake.hasParquet(dir)) {
            List<String> cols = new ArrayList<>();
            for (Column c : table.columns()) {
                cols.add(c.name() + " " + c.type().duckdbType());
            }
            st.execute("CREATE OR REPLACE TABLE " + name + " (" + String.join(", ", cols) + ")");
            return;
        }
        st.execute("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM read_parquet(" + lit(dir.resolve("**").resolve("*.parquet"))
                + ", hive_partitioning = true, hive_types_autocast = false)");
        Map<String, String> actual = new LinkedHashMap<>();
        try (ResultSet r = st.executeQuery("DESCRIBE " + name)) {
            while (r.next()) {
                actual.put(r.getString(1), r.getString(2));
            }
        }
        for (Column c : table.columns()) {
            String got = actual.get(c.name());
            if (got == null) {
                throw Errors.contractViolation(table.name(), c.name(), c.type().docName(), "missing", dir.toString());
            }
            if (!got.equals(c.type().duckdbType())) {
                throw Errors.contractViolation(table.name(), c.name(), c.type().docName(), got, dir.toString());
            }
        }
    }

    /** As {@link SparkBounds#of}: from the Parquet footers when every file has statistics, else by one DuckDB scan. */
    static Bounds bounds(Statement st, Path casesPath, Path surveysPath) throws SQLException {
        Optional<Bounds> fromFooters = Bounds.fromFooters(casesPath, surveysPath, Lake.hasParquet(surveysPath));
        if (fromFooters.isPresent()) {
            return fromFooters.get();
        }
        try (ResultSet r = st.executeQuery("SELECT (SELECT count(*) FROM staged_cases), (SELECT count(*) FROM staged_surveys), "
                + "(SELECT epoch_us(min(received_at)) FROM staged_cases), "
                + "epoch_us(greatest((SELECT max(greatest(received_at, dispatched_at, resolved_at, feedback_at)) FROM staged_cases), "
                + "(SELECT max(surveyed_at) FROM staged_surveys)))")) {
            r.next();
            return new Bounds(r.getLong(1), r.getLong(2), Bounds.time((Long) r.getObject(3)), Bounds.time((Long) r.getObject(4)));
        }
    }

    /**
     * Writes case_facts (FactsSql rendered for DuckDB), one file per assessment month, and runs the month pass over
     * the same rows: each month is built, written, counted and folded on its own (two months at a time).
     */
    private MonthPass.Result factsAndPass(DuckDBConnection conn, Statement st, LocalDateTime cut) throws SQLException, IOException {
        int cutDay = config.cutDay();
        String month = MetricMarts.CASE_FACTS.partitionColumn();
        // The surveys that may be a case's at the cut-off joined with the cases' keys, each with its case's assessment
        // month as yyyyMM: one row per survey and month of its key. Which of a key's surveys is its latest is decided
        // in each month's join below (latestSurvey), on that month's rows alone: the window over all months' rows
        // that did it here cost about as much as the join itself at 10M cases (6.6 against 6.8 CPU-s), where each
        // month's window on its ~400k rows costs next to nothing more than the month's filter. The rows come out of
        // the join in about the cases' order (months together), so each month's integer filter skips most of the
        // other months' row groups by their min/max.
        st.execute("CREATE OR REPLACE TABLE survey_by_month AS SELECT k.s_month, s.source AS s_source, s.case_id AS s_case_id, "
                + "s.survey_id, s.surveyed_at, s.is_contacted AS is_survey_contacted, s.is_resolved AS is_survey_resolved, "
                + "s.satisfaction AS survey_satisfaction FROM (SELECT * FROM staged_surveys WHERE " + FactsSql.caseSurveyBy(DUCKDB, cut)
                + ") s JOIN (SELECT source, case_id, " + monthNumber(DUCKDB.monthOf("received_at", cutDay)) + " AS s_month "
                + "FROM staged_cases WHERE " + FactsSql.receivedBy(DUCKDB, cut) + ") k ON k.source = s.source AND k.case_id = s.case_id");
        List<String> months = new ArrayList<>();
        try (ResultSet r = st.executeQuery("SELECT DISTINCT " + DUCKDB.monthOf("received_at", cutDay) + " AS m FROM staged_cases WHERE "
                + FactsSql.receivedBy(DUCKDB, cut) + " ORDER BY m")) {
            while (r.next()) {
                months.add(r.getString(1));
            }
        }
        // the codes of the month pass's string keys: the facts' values are the staged cases' (cutOff passes them through)
        for (String c : CODED) {
            st.execute("CREATE OR REPLACE TYPE " + codeType(c) + " AS ENUM (SELECT DISTINCT " + c + " FROM staged_cases WHERE "
                    + FactsSql.receivedBy(DUCKDB, cut) + " AND " + c + " IS NOT NULL)");
        }
        Dictionary dict = Dictionary.read(st);
        List<String> cols = new ArrayList<>(MetricMarts.CASE_FACTS.columnNames());
        cols.remove(month);
        List<String> casts = new ArrayList<>();
        for (Column c : MetricMarts.CASE_FACTS.columns()) {
            if (cols.contains(c.name())) {
                casts.add("CAST(" + c.name() + " AS " + c.type().duckdbType() + ") AS " + c.name());
            }
        }
        String typed = String.join(", ", casts);
        String order = String.join(", ", FactsSql.SORT.stream().map(c -> c + " ASC NULLS FIRST").toList());
        long cutMicros = java.time.temporal.ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), cut);
        Path tmp = lake.tmp().resolve(MetricMarts.CASE_FACTS.name() + "-" + System.nanoTime());
        // Each month on its own, single-threaded inside DuckDB, two months at a time on two connections: its staged
        // cases (the received_at range of its window: the Parquet statistics skip the other months' files) joined with
        // its latest surveys, derived, sorted and COPYed straight to its file in the contract's types (copyQuery), then
        // counted (counts) and folded (MonthPass.foldStatistics) from that file, read back while it is in the page
        // cache. No table of all facts: no global sort, nothing that spills. (The month used to go through a small
        // table first, COPYed from there: storing the rows in it and scanning them cost more than reading back the
        // few columns the counters and the fold need.)
        st.execute("SET threads = 1");
        List<MonthOut> parts = onTwoThreads(conn, months, (c, m) -> {
            YearMonth ym = YearMonth.parse(m);
            // the window's received_at range (the Parquet statistics skip the other months' row groups) and, to be
            // exact, the month itself. (Naming the window's received_month partitions as well read fewer files but
            // cost more CPU at 1M cases: 0.13 against 0.10 s a month.)
            String inMonth = "received_at >= " + DUCKDB.ntz(Windows.start(ym, cutDay)) + " AND received_at < "
                    + DUCKDB.ntz(Windows.end(ym, cutDay)) + " AND " + DUCKDB.monthOf("received_at", cutDay) + " = " + lit(m);
            String joined = "SELECT c.*, s.* EXCLUDE (s_month, s_source, s_case_id) FROM (SELECT "
                    + FactsSql.list(FactsSql.cutOff(DUCKDB, config, cut)) + " FROM staged_cases WHERE " + FactsSql.receivedBy(DUCKDB, cut)
                    + " AND " + inMonth + ") c LEFT JOIN (" + latestSurvey(m) + ") s ON c.source = s.s_source AND c.case_id = s.s_case_id";
            String step1 = "SELECT *, " + FactsSql.list(FactsSql.limits(DUCKDB, config)) + " FROM (" + joined + ")";
            String step2 = "SELECT *, " + FactsSql.list(FactsSql.flags(DUCKDB, cut)) + " FROM (" + step1 + ")";
            String table = "facts_" + m.replace('-', '_');
            Path dir = tmp.resolve(month + "=" + m);
            Files.createDirectories(dir);
            try (Statement s = c.createStatement()) {
                Path file = dir.resolve("part-00000.parquet");
                copyQuery(s, MetricMarts.CASE_FACTS, FactsSql.NEVER_NULL, "SELECT " + typed + " FROM (" + step2 + ") ORDER BY " + order, file);
                s.execute("CREATE OR REPLACE TEMP VIEW " + table + " AS SELECT *, " + lit(m) + " AS " + month + " FROM read_parquet(" + lit(file) + ")");
                List<MonthPass.Counted> counted = counts(s, table);
                List<MonthPass.PassRow> rows;
                try (ResultSet r = s.executeQuery("SELECT " + String.join(", ", PASS_COLUMNS) + " FROM " + table + " WHERE "
                        + MonthPass.COUNTED.sql())) {
                    rows = MonthPass.foldStatistics(facts(r, m, dict, cutMicros), config);
                }
                s.execute("DROP VIEW " + table);
                return new MonthOut(counted, rows);
            }
        });
        st.execute("DROP TABLE survey_by_month");
        st.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
        Files.createDirectories(tmp);
        Files.createFile(tmp.resolve(SUCCESS)); // the marker Spark writes, so both engines leave the same files
        MartFiles.install(lake, MetricMarts.CASE_FACTS, tmp);
        List<MonthPass.PassRow> rows = new ArrayList<>();
        List<MonthPass.Counted> counted = new ArrayList<>();
        for (MonthOut o : parts) {
            rows.addAll(o.rows());
            counted.addAll(o.counted());
        }
        return MonthPass.split(MonthPass.withCounts(rows, counted));
    }

    /**
     * The latest survey of each case key of month m at the cut-off, from survey_by_month's rows of that month: by
     * surveyed_at, then survey_id, … (as Spark's max(struct), where a null field orders first). A key seen in two
     * months (never, by the contract) gets its latest survey in each, as the join with all facts gave it.
     */
    private static String latestSurvey(String m) {
        return "SELECT * FROM survey_by_month WHERE s_month = " + m.replace("-", "") + " QUALIFY row_number() OVER (PARTITION BY "
                + "s_source, s_case_id ORDER BY surveyed_at DESC NULLS LAST, survey_id DESC NULLS LAST, is_survey_contacted DESC "
                + "NULLS LAST, is_survey_resolved DESC NULLS LAST, survey_satisfaction DESC NULLS LAST) = 1";
    }

    /** A month label yyyy-MM (SQL expression) as the integer yyyyMM. */
    private static String monthNumber(String label) {
        return "CAST(replace(" + label + ", '-', '') AS INTEGER)";
    }

    /** One month's counters (counts) and folded statistics. */
    private record MonthOut(List<MonthPass.Counted> counted, List<MonthPass.PassRow> rows) {
    }

    /**
     * The select list that writes a mart's columns with the Parquet repetition Spark gives them: DuckDB writes a column
     * REQUIRED whenever its statistics show no null, so a column that may be null (not in {@code required}) goes
     * through a CASE with a NULL branch, which makes it OPTIONAL whatever the data.
     */
    static String repetitionAsSpark(List<String> columns, java.util.Set<String> required) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            out.add(required.contains(c) ? c : "CASE WHEN " + c + " IS NULL THEN NULL ELSE " + c + " END AS " + c);
        }
        return String.join(", ", out);
    }

    /** The required columns of a contract table (Spark writes them REQUIRED from the contract's StructType). */
    static java.util.Set<String> required(TableSchema schema) {
        java.util.Set<String> r = new java.util.HashSet<>();
        for (Column c : schema.columns()) {
            if (!c.nullable()) {
                r.add(c.name());
            }
        }
        return r;
    }

    /** COPYs a table's (or a parenthesised query's) rows to one Parquet file ({@link #repetitionAsSpark}). */
    private static void copyTable(Statement st, TableSchema schema, java.util.Set<String> required, String table, Path file)
            throws SQLException {
        List<String> cols = new ArrayList<>(schema.columnNames());
        cols.remove(schema.partitionColumn());
        st.execute("COPY (SELECT " + repetitionAsSpark(cols, required) + " FROM " + table + ") TO " + lit(file)
                + " (FORMAT PARQUET, COMPRESSION SNAPPY)");
    }

    /**
     * COPYs a query's rows (a column for each of the schema's but the partition column) to one Parquet file with the
     * Parquet repetition Spark gives them ({@link #repetitionAsSpark}; DuckDB writes a column REQUIRED whenever its
     * statistics show no null): a required BOOLEAN goes through a CASE of two constants, which DuckDB's statistics
     * prove never null where those of the flags' own expressions (coalesce, IS NULL … AND …) do not reach the COPY
     * (the small table this replaced proved it with NOT NULL columns). The required columns are never null by their
     * definition (FactsSql.NEVER_NULL), so the CASE changes no value.
     */
    private static void copyQuery(Statement st, TableSchema schema, java.util.Set<String> required, String query, Path file)
            throws SQLException {
        List<String> flags = new ArrayList<>();
        for (Column c : schema.columns()) {
            String n = c.name();
            if (n.equals(schema.partitionColumn())) {
                continue;
            }
            boolean flag = required.contains(n) && c.type().duckdbType().equals("BOOLEAN");
            flags.add(flag ? "CASE WHEN " + n + " THEN true ELSE false END AS " + n : n);
        }
        copyTable(st, schema, required, "(SELECT " + String.join(", ", flags) + " FROM (" + query + "))", file);
    }

    private static void createTable(Statement st, TableSchema schema, java.util.Set<String> required, String name)
            throws SQLException {
        createTable(st, schema, required, name, true);
    }

    private static void createTable(Statement st, TableSchema schema, java.util.Set<String> required, String name, boolean temp)
            throws SQLException {
        List<String> cols = new ArrayList<>();
        for (Column c : schema.columns()) {
            if (c.name().equals(schema.partitionColumn())) {
                continue;
            }
            cols.add(c.name() + " " + c.type().duckdbType() + (required.contains(c.name()) ? " NOT NULL" : ""));
        }
        st.execute("CREATE OR REPLACE " + (temp ? "TEMP " : "") + "TABLE " + name + " (" + String.join(", ", cols) + ")");
    }

    /** The survey counts of community_month (FactsSql.surveyCounts) on DuckDB, read by column name. */
    private List<MonthMarts.SurveyCount> surveyCounts(Statement st, LocalDateTime cut) throws SQLException {
        List<MonthMarts.SurveyCount> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery("SELECT m, community, " + FactsSql.list(FactsSql.surveyCounts()) + " FROM (SELECT "
                + FactsSql.list(FactsSql.surveyInputs(DUCKDB, config.cutDay())) + " FROM staged_surveys WHERE "
                + FactsSql.surveysBy(DUCKDB, cut) + ") GROUP BY m, community")) {
            while (r.next()) {
                out.add(MonthMarts.SurveyCount.of(name -> {
                    try {
                        return r.getObject(name);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        }
        return out;
    }

    /**
     * The string columns the month pass reads as codes: each is cast to an ENUM of its distinct values (made from the
     * staged cases the facts pass through, {@link #factsAndPass}) and fetched as the value's position, which the pass turns
     * back into one shared String per value ({@link Dictionary}). Why: a VARCHAR costs the JDBC fetch a UTF-8 decode and
     * a new String per row, and every new String its hash again in the fold's group maps. (Street, channel and the
     * satisfaction were coded too until DuckDB took over the counters: only the statistics' group keys are read now.)
     */
    static final List<String> CODED = List.of("community", "handler_type", "handler_key", "escalation_level");

    private static String codeType(String column) {
        return "mq_code_" + column;
    }

    private static String code(String column) {
        return "CAST(enum_code(CAST(" + column + " AS " + codeType(column) + ")) AS INTEGER)";
    }

    /** The values of the {@link #CODED} columns by code, interned (so the fold's literals compare by reference). */
    record Dictionary(Map<String, String[]> values) {

        static Dictionary read(Statement st) throws SQLException {
            Map<String, String[]> v = new LinkedHashMap<>();
            for (String c : CODED) {
                List<String> l = new ArrayList<>();
                try (ResultSet r = st.executeQuery("SELECT CAST(unnest(enum_range(NULL::" + codeType(c) + ")) AS VARCHAR)")) {
                    while (r.next()) {
                        l.add(r.getString(1).intern());
                    }
                }
                v.put(c, l.toArray(new String[0]));
            }
            return new Dictionary(v);
        }

        /** The value of column c at result column i, null when null. */
        String get(ResultSet r, int i, String c) throws SQLException {
            int k = r.getInt(i);
            return r.wasNull() ? null : values.get(c)[k];
        }
    }

    /**
     * The columns the statistics of the month pass read ({@link MonthPass#foldStatistics}: counted cases only, the
     * counters are DuckDB's, {@link #counts}), with the times as microseconds.
     */
    private static final List<String> PASS_COLUMNS = passColumns();

    private static List<String> passColumns() {
        List<String> c = new ArrayList<>(List.of(code("community"), code("handler_type"), code("handler_key"),
                code("escalation_level")));
        c.addAll(departmentsColumns());
        // the fold reads the resolve hours of a closed case and the age of an open one (its KM time): one column; and
        // as_of_at is the cut-off on every row, which the fold is given once (facts)
        c.addAll(List.of("is_closed", "dispatch_hours", "handle_hours", "CASE WHEN is_closed THEN resolve_hours ELSE age_hours END",
                "epoch_us(resolved_at)", "epoch_us(limit_due_at)"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(c.get(i) + " AS c" + (i + 1));
        }
        return List.copyOf(out);
    }

    /** The separator of the departments joined into one string (a unit separator, never in a department's name). */
    private static final String SEP = "\u001f";

    /**
     * The departments as two columns: joined into one string with {@link #SEP} (null when none), which costs the
     * JDBC fetch one string instead of a nested array per row; and, only for the rare list that this cannot carry
     * (a null element, or one that holds the separator), the list itself.
     */
    private static List<String> departmentsColumns() {
        String odd = "len(list_filter(departments, lambda x: x IS NULL OR contains(x, chr(31)))) > 0";
        return List.of("CASE WHEN len(departments) > 0 AND NOT (" + odd + ") THEN array_to_string(departments, chr(31)) END",
                "CASE WHEN len(departments) > 0 AND " + odd + " THEN departments END");
    }

    /**
     * The counters of every group of the month pass, counted by DuckDB over the case_facts rows of table: the
     * {@link MonthPass#COMMUNITY} counters (and the streets) of every community × month, and the {@link MonthPass#WORK}
     * counters, over counted cases, of each handler type (type null with a handler: 'other'), handler, escalation level
     * and escalation level × co-handling department (each distinct department of a case once; a null department names
     * none, as in the fold, where its key would be the level's). The groups are the fold's
     * ({@link MonthPass.Fold#fold}); {@link MonthPass#withCounts} fails if they ever differ.
     */
    static List<MonthPass.Counted> counts(Statement st, String table) throws SQLException {
        String month = MetricMarts.CASE_FACTS.partitionColumn();
        List<MonthPass.Counted> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery("SELECT " + month + " AS m, community, " + MonthPass.countSql(MonthPass.COMMUNITY)
                + ", list(DISTINCT street) FILTER (WHERE street IS NOT NULL) AS streets FROM " + table + " GROUP BY " + month
                + ", community")) {
            while (r.next()) {
                String street = null;
                java.sql.Array a = r.getArray("streets");
                if (a != null) {
                    for (Object x : (Object[]) a.getArray()) {
                        String sx = (String) x;
                        if (street == null || sx.compareTo(street) < 0) {
                            street = sx;
                        }
                    }
                }
                out.add(new MonthPass.Counted(MonthPass.COMMUNITY_KIND, r.getString("m"), r.getString("community"), null,
                        counters(r, MonthPass.COMMUNITY), street));
            }
        }
        String work = MonthPass.countSql(MonthPass.WORK);
        java.util.SortedSet<String> read = new java.util.TreeSet<>(List.of(month, "handler_type", "handler_key", "escalation_level",
                "departments"));
        MonthPass.WORK.forEach(w -> read.addAll(w.when().columns()));
        String sql = "WITH c AS (SELECT " + String.join(", ", read) + " FROM " + table + " WHERE " + MonthPass.COUNTED.sql() + ") "
                + "SELECT " + MonthPass.HANDLER_TYPE + " AS kind, " + month + " AS m, coalesce(handler_type, 'other') AS k2, "
                + "CAST(NULL AS VARCHAR) AS k3, " + work + " FROM c WHERE handler_type IS NOT NULL OR handler_key IS NOT NULL "
                + "GROUP BY m, k2 "
                + "UNION ALL SELECT " + MonthPass.HANDLER + ", " + month + ", coalesce(handler_type, 'other'), handler_key, " + work
                + " FROM c WHERE handler_key IS NOT NULL GROUP BY " + month + ", coalesce(handler_type, 'other'), handler_key "
                // each case in its level's row (department null) and in one row per distinct department (list_distinct
                // drops nulls); only the cases with departments are unnested (a list made and unnested for every case
                // cost more than the level's rows grouped on their own)
                + "UNION ALL SELECT " + MonthPass.DEPARTMENT + ", " + month + ", escalation_level, CAST(NULL AS VARCHAR), " + work
                + " FROM c GROUP BY " + month + ", escalation_level "
                + "UNION ALL SELECT " + MonthPass.DEPARTMENT + ", " + month + ", escalation_level, department, " + work + " FROM ("
                + "SELECT *, unnest(list_distinct(departments)) AS department FROM c WHERE len(departments) > 0"
                + ") GROUP BY " + month + ", escalation_level, department";
        try (ResultSet r = st.executeQuery(sql)) {
            while (r.next()) {
                out.add(new MonthPass.Counted(r.getInt("kind"), r.getString("m"), r.getString("k2"), r.getString("k3"),
                        counters(r, MonthPass.WORK), null));
            }
        }
        return out;
    }

    private static long[] counters(ResultSet r, List<MonthPass.Counter> counters) throws SQLException {
        long[] n = new long[counters.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = r.getLong(counters.get(i).name());
        }
        return n;
    }

    /** Work on one item with a connection of its own thread. */
    interface ConnWork<T, R> {
        R apply(DuckDBConnection c, T item) throws SQLException, IOException;
    }

    /**
     * work applied to every item on up to two threads (the machine's cores, at most two), each thread with its own
     * duplicate of conn and every other item; the results in the items' order.
     */
    static <T, R> List<R> onTwoThreads(DuckDBConnection conn, List<T> items, ConnWork<T, R> work) throws SQLException, IOException {
        int threads = Math.max(1, Math.min(2, Math.min(items.size(), Runtime.getRuntime().availableProcessors())));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<R>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    List<R> out = new ArrayList<>();
                    try (DuckDBConnection c = (DuckDBConnection) conn.duplicate()) {
                        for (int i = first; i < items.size(); i += threads) {
                            out.add(work.apply(c, items.get(i)));
                        }
                    }
                    return out;
                }));
            }
            List<List<R>> done = new ArrayList<>();
            for (Future<List<R>> f : futures) {
                done.add(f.get());
            }
            List<R> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(done.get(i % threads).get(i / threads));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof SQLException se) {
                throw se;
            }
            if (c instanceof IOException ie) {
                throw ie;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The facts of one month's result set, read as the fold asks for them. */
    private static Iterator<MonthPass.Fact> facts(ResultSet r, String month, Dictionary dict, long asOfMicros) {
        return new Iterator<>() {
            private Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = r.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return ahead;
            }

            @Override
            public MonthPass.Fact next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                try {
                    return fact(r, month, dict, asOfMicros);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A counted case's fact with the fields the statistics read (PASS_COLUMNS); the counters' fields stay unset. */
    private static MonthPass.Fact fact(ResultSet r, String month, Dictionary dict, long asOfMicros) throws SQLException {
        MonthPass.Fact f = new MonthPass.Fact();
        f.month = month;
        f.counted = true; // the query's condition
        f.community = dict.get(r, 1, "community");
        f.handlerType = dict.get(r, 2, "handler_type");
        f.handlerKey = dict.get(r, 3, "handler_key");
        f.escalationLevel = dict.get(r, 4, "escalation_level");
        String joined = r.getString(5);
        if (joined != null) {
            f.departments = Arrays.asList(joined.split(SEP, -1));
        } else {
            java.sql.Array a = r.getArray(6);
            if (a != null) {
                Object[] d = (Object[]) a.getArray();
                List<String> l = new ArrayList<>(d.length);
                for (Object x : d) {
                    l.add((String) x);
                }
                f.departments = l;
            }
        }
        f.closed = r.getBoolean(7);
        f.dispatchHours = dbl(r, 8);
        f.handleHours = dbl(r, 9);
        if (f.closed) {
            f.resolveHours = dbl(r, 10);
        } else {
            f.ageHours = dbl(r, 10);
        }
        f.resolvedAt = micros(r, 11);
        f.limitDueAt = micros(r, 12);
        f.asOfAt = asOfMicros;
        return f;
    }

    private static double dbl(ResultSet r, int i) throws SQLException {
        double v = r.getDouble(i);
        return r.wasNull() ? Double.NaN : v;
    }

    private static long micros(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? MonthPass.NONE : v;
    }

    /** Writes driver-side rows (already sorted, in the schema's column order) as one Parquet file. Returns the row count. */
    long writeRows(DuckDBConnection conn, TableSchema schema, List<MartRow> rows) throws SQLException, IOException {
        Path tmp = lake.tmp().resolve(schema.name() + "-" + System.nanoTime());
        Files.createDirectories(tmp);
        try (Statement st = conn.createStatement()) {
            createTable(st, schema, required(schema), "rows_in");
            try (DuckDBAppender ap = conn.createAppender("temp", "main", "rows_in")) {
                for (MartRow r : rows) {
                    if (r.schema() != schema) {
                        throw new IllegalArgumentException("A " + r.schema().name() + " row written as " + schema.name());
                    }
                    ap.beginRow();
                    for (Object v : r.values()) {
                        append(ap, v);
                    }
                    ap.endRow();
                }
            }
            // COPY without ORDER BY keeps the appended order (preserve_insertion_order)
            copyTable(st, schema, required(schema), "rows_in", tmp.resolve("part-00000.parquet"));
            st.execute("DROP TABLE rows_in");
        }
        Files.createFile(tmp.resolve(SUCCESS));
        MartFiles.install(lake, schema, tmp);
        return rows.size();
    }

    private static void append(DuckDBAppender ap, Object v) throws SQLException {
        if (v == null) {
            ap.appendNull();
        } else if (v instanceof String s) {
            ap.append(s);
        } else if (v instanceof Long l) {
            ap.append(l.longValue());
        } else if (v instanceof Integer i) {
            ap.append(i.intValue());
        } else if (v instanceof Double d) {
            ap.append(d.doubleValue());
        } else if (v instanceof Boolean b) {
            ap.append(b.booleanValue());
        } else if (v instanceof LocalDateTime t) {
            ap.append(t);
        } else {
            throw new IllegalArgumentException("Cannot append a " + v.getClass().getName() + " (" + Arrays.toString(new Object[] {v}) + ")");
        }
    }
}
