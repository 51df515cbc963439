package io.minqing.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof that the DuckDB counterpart did the same work: minqing's community_month mart and DuckDB's, joined on
 * (assessment_month, community), compared column by column — counts exactly, doubles to a relative 1e-9, a null
 * only equal to a null.
 */
public final class MartCheck {

    /** Rows on each side, rows matched by key, and "column: n rows differ" for every column that differs. */
    public record Outcome(long minqingRows, long duckdbRows, long matched, List<String> differences) {
        public boolean agrees() {
            return minqingRows == duckdbRows && matched == minqingRows && differences.isEmpty();
        }

        public String summary() {
            if (agrees()) {
                return "community_month: minqing and DuckDB agree on " + matched + " rows × " + DuckSql.comparedColumns().size() + " columns";
            }
            return "community_month DIFFERS: minqing " + minqingRows + " rows, DuckDB " + duckdbRows + ", matched " + matched
                    + (differences.isEmpty() ? "" : "; " + String.join("; ", differences));
        }
    }

    private MartCheck() {
    }

    /** Compares {@code lake/marts/community_month} with the DuckDB {@code community_month.parquet}. */
    public static Outcome compare(Path lake, Path duckParquet) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW m AS SELECT * FROM read_parquet(" + DuckSql.lit(lake.resolve("marts/community_month").resolve("**/*.parquet"))
                    + ", hive_partitioning = true, union_by_name = true)");
            st.execute("CREATE VIEW d AS SELECT * FROM read_parquet(" + DuckSql.lit(duckParquet) + ")");
            long mRows = scalar(st, "SELECT count(*) FROM m");
            long dRows = scalar(st, "SELECT count(*) FROM d");
            long matched = scalar(st, "SELECT count(*) FROM m JOIN d USING (assessment_month, community)");
            List<String> sums = new ArrayList<>();
            for (String col : DuckSql.comparedColumns()) {
                sums.add("count(*) FILTER (WHERE NOT (" + same("m." + col, "d." + col) + ")) AS \"" + col + "\"");
            }
            List<String> diffs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", sums) + " FROM m JOIN d USING (assessment_month, community)")) {
                rs.next();
                for (int i = 0; i < DuckSql.comparedColumns().size(); i++) {
                    long n = rs.getLong(i + 1);
                    if (n > 0) {
                        diffs.add(DuckSql.comparedColumns().get(i) + ": " + n + " rows differ");
                    }
                }
            }
            return new Outcome(mRows, dRows, matched, diffs);
        }
    }

    /** SQL: a and b both null, or equal within a relative 1e-9 (exact for integers). */
    static String same(String a, String b) {
        return "(" + a + " IS NULL AND " + b + " IS NULL) OR coalesce(abs(" + a + " - " + b + ") <= 1e-9 * greatest(1.0, abs(" + a + ")), false)";
    }

    private static long scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void main(String[] args) throws SQLException {
        System.out.println(compare(Path.of(args[0]), Path.of(args[1])).summary());
    }
}
