package io.minqing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One DuckDB counterpart as its own process, so the harness measures its wall time and peak memory the same way as
 * a minqing stage: {@code DuckStage ingest EXPORTS_DIR OUT_DIR} (the plain {@code COPY}), {@code DuckStage ingest-work
 * EXPORTS_DIR OUT_DIR} (the same per-row work as minqing's ingest, {@link DuckWorkSql}) or {@code DuckStage metrics LAKE
 * OUT_DIR}. The SQL is in {@link DuckSql} and {@link DuckWorkSql}. DuckDB runs in memory with its default threads (all
 * cores) and memory limit (ingest-work: minqing ingest's 1.5 GB, {@link DuckWorkSql#MEMORY_LIMIT}), spilling to
 * OUT_DIR/.duckdb-tmp.
 */
public final class DuckStage {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private DuckStage() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !List.of("ingest", "ingest-work", "metrics").contains(args[0])) {
            System.err.println("usage: DuckStage ingest|ingest-work EXPORTS_DIR OUT_DIR | DuckStage metrics LAKE OUT_DIR");
            System.exit(2);
        }
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET temp_directory = " + DuckSql.lit(out.resolve(".duckdb-tmp")));
            if (args[0].equals("ingest")) {
                ingest(st, in, out);
            } else if (args[0].equals("ingest-work")) {
                ingestWork(st, in, out, LocalDate.now(ZoneId.of("Asia/Shanghai")));
            } else {
                metrics(st, in, out);
            }
        }
        System.out.printf(Locale.ROOT, "duckdb %s done in %.1f s%n", args[0], (System.nanoTime() - t0) / 1e9);
    }

    static void ingest(Statement st, Path exports, Path out) throws SQLException, IOException {
        for (String table : new String[] {"cases", "surveys"}) {
            Path csv = exports.resolve(table + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new IOException("No " + csv + ": run `minqing generate --out DIR` first and give DIR/exports.");
            }
            st.execute(DuckSql.copyCsvToParquet(csv, out.resolve(table + ".parquet")));
            System.out.println("duckdb ingest: " + csv + " → " + out.resolve(table + ".parquet") + " (" + count(st, out.resolve(table + ".parquet")) + " rows)");
        }
    }

    /**
     * {@link DuckWorkSql} on EXPORTS/cases.csv and surveys.csv: staged month partitions under OUT/staged/cases and
     * OUT/staged/surveys, rejects in OUT/rejects/cases.parquet and surveys.parquet; {@code asOf} is the last plausible
     * date (minqing's default: today in Asia/Shanghai).
     */
    static void ingestWork(Statement st, Path exports, Path out, LocalDate asOf) throws SQLException, IOException {
        st.execute("SET memory_limit = '" + DuckWorkSql.MEMORY_LIMIT + "'");
        Files.createDirectories(out.resolve("rejects"));
        Files.createDirectories(out.resolve("staged"));
        for (String table : new String[] {"cases", "surveys"}) {
            Path csv = exports.resolve(table + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new IOException("No " + csv + ": run `minqing generate --out DIR` first and give DIR/exports.");
            }
            boolean cases = table.equals("cases");
            String checked = table + "_checked";
            String key = cases ? "case_id" : "survey_id";
            st.execute(cases ? DuckWorkSql.casesChecked(csv, asOf) : DuckWorkSql.surveysChecked(csv, asOf));
            String monthColumn = cases ? "received_month" : "surveyed_month";
            List<String> months = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(DuckWorkSql.stagedMonths(checked, monthColumn))) {
                while (rs.next()) {
                    months.add(rs.getString(1));
                }
            }
            for (String month : months) {
                Path dir = out.resolve("staged").resolve(table).resolve(monthColumn + "=" + month);
                Files.createDirectories(dir);
                st.execute(DuckWorkSql.copyStagedMonth(checked, key, monthColumn, month, dir.resolve("data_0.parquet")));
            }
            Path rejects = out.resolve("rejects").resolve(table + ".parquet");
            st.execute(DuckWorkSql.copyRejects(checked, key, rejects));
            st.execute("DROP TABLE " + checked);
            System.out.println("duckdb ingest-work: " + csv + " → " + count(st, out.resolve("staged").resolve(table).resolve("**/*.parquet"))
                    + " staged, " + count(st, rejects) + " rejected");
        }
    }

    static void metrics(Statement st, Path lake, Path out) throws SQLException, IOException {
        Files.createDirectories(out);
        for (String v : DuckSql.stagedViews(lake)) {
            st.execute(v);
        }
        LocalDateTime asOf;
        try (ResultSet rs = st.executeQuery(DuckSql.AS_OF)) {
            rs.next();
            asOf = rs.getObject(1, LocalDateTime.class);
        }
        String a = "TIMESTAMP '" + TS.format(asOf) + "'";
        st.execute(DuckSql.caseFacts(a));
        st.execute("COPY facts TO " + DuckSql.lit(out.resolve("case_facts.parquet")) + " (FORMAT parquet)");
        st.execute(DuckSql.communityMonth(a));
        st.execute("COPY community_month TO " + DuckSql.lit(out.resolve("community_month.parquet")) + " (FORMAT parquet)");
        System.out.println("duckdb metrics: as-of " + asOf + ", case_facts " + count(st, out.resolve("case_facts.parquet"))
                + " rows, community_month " + count(st, out.resolve("community_month.parquet")) + " rows → " + out);
    }

    /** Rows of a Parquet file or glob (files of different columns, such as minqing's rejects, by name). */
    static long count(Statement st, Path parquet) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + DuckSql.lit(parquet) + ", union_by_name = true)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
