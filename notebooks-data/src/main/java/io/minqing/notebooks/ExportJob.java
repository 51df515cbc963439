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
 * CSV (UTF-8 with BOM, so Excel shows Chinese) per table, plus {@code minqing.duckdb} with a view per table (column
 * comments carry the definitions) and a generated {@code README.md} data dictionary. Runs on DuckDB only.
 *
 * <p>Defence in depth for privacy: marts hold no raw personal data (ingest pseudonymises and masks), and this job
 * checks every text column for anything that still looks like a mobile or ID-card number and refuses to export it.
 * Output is deterministic (rows sorted by all columns), so a rerun on the same marts gives the same files.
 */
public final class ExportJob {

    public static final String DATABASE_FILE = "minqing.duckdb";

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
                for (TableSchema t : config.tables()) {
                    Path src = config.lake().mart(t.name());
                    if (!Files.isDirectory(src) || !hasParquet(src)) {
                        missing.add(t.name());
                        continue;
                    }
                    written.add(exportTable(st, t, src, tmp, out));
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

    private ExportResult.Table exportTable(Statement st, TableSchema t, Path src, Path tmp, Path out) throws SQLException, IOException {
        String scan = "read_parquet('" + sql(src.toString()) + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
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

    /** One DuckDB file with a view per table over the Parquet copy (relative paths: open it from notebooks-data/). */
    private static void writeDatabase(Path db, List<ExportResult.Table> tables) throws IOException, SQLException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".wal"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            // Views keep the relative path; binding them here needs the folder on the search path.
            st.execute("SET file_search_path='" + sql(db.getParent().toString()) + "'");
            for (ExportResult.Table t : tables) {
                st.execute("CREATE VIEW " + quote(t.name()) + " AS SELECT * FROM read_parquet('parquet/" + t.name() + ".parquet')");
            }
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
