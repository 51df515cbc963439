package io.minqing.notebooks;

import io.minqing.contract.Column;
import io.minqing.contract.ColumnType;
import io.minqing.contract.Errors;
import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.TableSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code minqing export}: copies the marts into the analysts' folder {@code notebooks-data/} as one Parquet file and one
 * CSV (UTF-8 with BOM, so Excel shows Chinese) per table, plus {@code minqing.duckdb} with a view per table and a
 * generated {@code README.md} data dictionary. Runs on DuckDB only.
 *
 * <p>Every table with a month column gets {@link #PARTIAL_MONTH} (the running month, not over at the cut-off, is
 * provisional). {@code minqing.duckdb} is written in DuckDB's {@link #STORAGE_VERSION} format, so DuckDB 1.x clients
 * (DBeaver, older Python) open it as well as 2.x; its views read the Parquet files through the macro
 * {@link #DIR_MACRO}{@code ()}, which holds this folder's absolute path: the views work from any working directory,
 * and after moving the folder one statement ({@code CREATE OR REPLACE MACRO notebooks_dir() AS '<new folder>'})
 * relocates them.
 *
 * <p>Defence in depth for privacy: marts hold no raw personal data (ingest pseudonymises and masks), and this job
 * checks every text column for anything that still looks like a mobile or ID-card number and refuses to export it.
 * Output is deterministic (rows sorted by all columns), so a rerun on the same marts gives the same files.
 */
public final class ExportJob {

    public static final String DATABASE_FILE = "minqing.duckdb";
    /** Storage format of minqing.duckdb: v1.0.0 (file version 64) is read by DuckDB 0.10, every 1.x and 2.x. */
    public static final String STORAGE_VERSION = "v1.0.0";
    /** The scalar macro in minqing.duckdb that holds the folder's absolute path; every view reads through it. */
    public static final String DIR_MACRO = "notebooks_dir";
    /** The column added to every table with a month: true for the running month (provisional figures). */
    public static final String PARTIAL_MONTH = "is_partial_month";
    /** Month columns, in the order looked for; assessment_month follows the assessment windows, the others are calendar months. */
    static final List<String> MONTH_COLUMNS = List.of("assessment_month", "month", "received_month", "as_of_month");

    /** RE2 patterns (DuckDB) for an unmasked mobile or 18-digit ID number standing alone in text. */
    static final String MOBILE_RE = "(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)";
    static final String ID_CARD_RE = "(^|[^0-9A-Za-z])[0-9]{17}[0-9Xx]([^0-9A-Za-z]|$)";
    /** What every {@code *_key} column must hold: a keyed pseudonym (contract's Pseudonymizer), never a raw value. */
    static final String PSEUDONYM_RE = "[a-z]_[0-9a-f]{16}";

    private final ExportConfig config;

    public ExportJob(ExportConfig config) {
        this.config = config;
    }

    public ExportResult run() {
        long started = System.nanoTime();
        Path out = config.outDir();
        Path tmp = out.resolve(".export-tmp");
        List<ExportResult.Table> written = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try {
            deleteRecursively(tmp);
            Files.createDirectories(tmp.resolve("parquet"));
            Files.createDirectories(tmp.resolve("csv"));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                // copying case_facts / case_topics needs no more: DuckDB's default (80% of the RAM) took 6.2 GB at 10M
                // cases; beyond the limit it spills into the export's own temporary folder
                st.execute("SET memory_limit = '1GB'");
                st.execute("SET temp_directory = '" + sql(tmp.resolve("duckdb-spill").toString()) + "'");
                Months months = months(st);
                for (TableSchema t : config.tables()) {
                    Path src = config.lake().mart(t.name());
                    if (!Files.isDirectory(src) || !hasParquet(src)) {
                        missing.add(t.name());
                        continue;
                    }
                    written.add(exportTable(st, t, src, tmp, out, months));
                }
            }
            if (written.isEmpty()) {
                throw new MinqingException(ExitCode.INPUT, "Nothing to export: no mart tables under "
                        + config.lake().root().resolve("marts") + " (looked for " + names(config.tables())
                        + "). Run 'minqing transform --lake " + config.lake().root() + "' first.");
            }
            Files.createDirectories(out);
            for (String sub : List.of("parquet", "csv")) {
                Path target = out.resolve(sub);
                Path old = out.resolve(".old-" + sub);
                deleteRecursively(old);
                if (Files.exists(target)) {
                    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(tmp.resolve(sub), target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            }
            deleteRecursively(tmp);
            Path db = out.resolve(DATABASE_FILE);
            writeDatabase(db, written);
            Path readme = out.resolve("README.md");
            Files.writeString(readme, DataDictionary.render(config.tables()), StandardCharsets.UTF_8);
            List<ExportResult.Table> finalTables = written.stream()
                    .map(w -> new ExportResult.Table(w.name(), w.rows(), out.resolve("parquet").resolve(w.name() + ".parquet"),
                            out.resolve("csv").resolve(w.name() + ".csv")))
                    .toList();
            return new ExportResult(finalTables, missing, db, readme, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("writing notebooks-data to " + out, e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed while exporting marts from " + config.lake().root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What is known about the running month: the cut-off (latest {@code as_of_at} of district_month, or of any exported
     * table that has one) and the assessment months district_month marks as not complete.
     */
    record Months(java.time.LocalDateTime asOf, List<String> partialAssessmentMonths) {
    }

    private Months months(Statement st) throws SQLException, IOException {
        java.time.LocalDateTime asOf = null;
        List<String> partial = null;
        List<TableSchema> withAsOf = new ArrayList<>(config.tables().stream()
                .filter(t -> t.columnNames().contains("as_of_at")).toList());
        withAsOf.sort(Comparator.comparing((TableSchema t) -> !t.name().equals("district_month")));
        for (TableSchema t : withAsOf) {
            Path src = config.lake().mart(t.name());
            if (!Files.isDirectory(src) || !hasParquet(src)) {
                continue;
            }
            String scan = scan(src);
            try (ResultSet rs = st.executeQuery("SELECT max(as_of_at) FROM " + scan)) {
                rs.next();
                asOf = rs.getObject(1, java.time.LocalDateTime.class);
            }
            if (t.columnNames().contains("is_month_complete") && t.columnNames().contains("assessment_month")) {
                partial = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT DISTINCT assessment_month FROM " + scan
                        + " WHERE NOT is_month_complete ORDER BY 1")) {
                    while (rs.next()) {
                        partial.add(rs.getString(1));
                    }
                }
            }
            if (asOf != null) {
                break;
            }
        }
        return new Months(asOf, partial);
    }

    /**
     * SQL for {@link #PARTIAL_MONTH} of a table whose month column is {@code col}: an assessment month is partial when
     * district_month says it is not complete; a calendar month (or an assessment month without district_month) when
     * its end lies after the cut-off. NULL when no cut-off is known.
     */
    static String partialMonthSql(String col, Months m) {
        if (col.equals("assessment_month") && m.partialAssessmentMonths() != null) {
            return m.partialAssessmentMonths().isEmpty() ? "false" : quote(col) + " IN (" + m.partialAssessmentMonths().stream()
                    .map(v -> "'" + sql(v) + "'").collect(Collectors.joining(", ")) + ")";
        }
        if (m.asOf() == null) {
            return "CAST(NULL AS BOOLEAN)";
        }
        return "(strptime(" + quote(col) + " || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH > TIMESTAMP '"
                + m.asOf().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")) + "')";
    }

    /** The month column of {@code t} that {@link #PARTIAL_MONTH} is computed from; null when it has none. */
    static String monthColumn(TableSchema t) {
        return MONTH_COLUMNS.stream().filter(t.columnNames()::contains).findFirst().orElse(null);
    }

    private static String scan(Path src) {
        return "read_parquet('" + sql(src.toString()) + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
    }

    private ExportResult.Table exportTable(Statement st, TableSchema t, Path src, Path tmp, Path out, Months months)
            throws SQLException, IOException {
        String scan = scan(src);
        List<String> present = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + scan)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        for (Column col : t.columns()) {
            if (!present.contains(col.name())) {
                throw Errors.contractViolation(t.name(), col.name(), col.type().docName(), "missing", src.toString());
            }
        }
        String cols = t.columns().stream().map(col -> quote(col.name())).collect(Collectors.joining(", "));
        String month = monthColumn(t);
        if (month != null) {
            cols += ", " + partialMonthSql(month, months) + " AS " + quote(PARTIAL_MONTH);
        }
        for (Column col : t.columns()) {
            if (col.type() != ColumnType.STRING || col.name().endsWith("_id") || col.name().endsWith("_ids")) {
                continue; // identifiers are not free text (a numeric case id is not a phone number)
            }
            boolean pseudonym = col.name().endsWith("_key");
            String c = quote(col.name());
            String bad = pseudonym
                    ? c + " IS NOT NULL AND NOT regexp_full_match(" + c + ", '" + PSEUDONYM_RE + "')"
                    : "regexp_matches(" + c + ", '" + MOBILE_RE + "') OR regexp_matches(" + c + ", '" + ID_CARD_RE + "')";
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + scan + " WHERE " + bad)) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    throw new MinqingException(ExitCode.INPUT, "Refusing to export " + t.name() + "." + col.name() + ": " + n
                            + (pseudonym ? " value(s) are not keyed pseudonyms (r_/h_ + 16 hex digits)"
                                    : " value(s) look like an unmasked phone or ID-card number")
                            + " (mart at " + src + "). Re-run 'minqing ingest' with this version (it pseudonymises people "
                            + "and masks free text) and 'minqing transform'.");
                }
            }
        }
        Path parquet = tmp.resolve("parquet").resolve(t.name() + ".parquet");
        st.execute("COPY (SELECT " + cols + " FROM " + scan + " ORDER BY ALL) TO '" + sql(parquet.toString())
                + "' (FORMAT parquet, COMPRESSION zstd)");
        Path rawCsv = tmp.resolve("csv").resolve(t.name() + ".nobom.csv");
        st.execute("COPY (SELECT * FROM read_parquet('" + sql(parquet.toString()) + "')) TO '" + sql(rawCsv.toString())
                + "' (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')");
        Path csv = tmp.resolve("csv").resolve(t.name() + ".csv");
        prependBom(rawCsv, csv);
        Files.delete(rawCsv);
        long rows;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + sql(parquet.toString()) + "')")) {
            rs.next();
            rows = rs.getLong(1);
        }
        return new ExportResult.Table(t.name(), rows, out.resolve("parquet").resolve(parquet.getFileName()),
                out.resolve("csv").resolve(csv.getFileName()));
    }

    /**
     * One DuckDB file in the {@link #STORAGE_VERSION} format with a view per table over the Parquet copy, each reading
     * {@code notebooks_dir() || '/parquet/<table>.parquet'}, the macro holding the folder's absolute path.
     */
    private static void writeDatabase(Path db, List<ExportResult.Table> tables) throws IOException, SQLException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".wal"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("ATTACH '" + sql(db.toString()) + "' AS nb (STORAGE_VERSION '" + STORAGE_VERSION + "')");
            st.execute("USE nb");
            st.execute("CREATE MACRO " + DIR_MACRO + "() AS '" + sql(db.getParent().toString()) + "'");
            for (ExportResult.Table t : tables) {
                st.execute("CREATE VIEW " + quote(t.name()) + " AS SELECT * FROM read_parquet(" + DIR_MACRO + "() || '/parquet/"
                        + sql(t.name()) + ".parquet')");
            }
            st.execute("USE memory");
            st.execute("DETACH nb"); // checkpoints: everything in the file, no .wal beside it for a 1.x client to trip on
        }
    }

    static void prependBom(Path from, Path to) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(from));
             OutputStream o = Files.newOutputStream(to)) {
            o.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            in.transferTo(o);
        }
    }

    private static boolean hasParquet(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static String names(List<TableSchema> ts) {
        return ts.stream().map(TableSchema::name).collect(Collectors.joining(", "));
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    static String sql(String literal) {
        return literal.replace("'", "''");
    }
}
