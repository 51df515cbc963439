package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MartCheckTest {

    /** Two rows (居南社区, 远望社区 in 2021-08), every compared column 1.0 unless overridden for 远望社区. */
    static void write(Path file, Map<String, String> yuanwang) throws Exception {
        Files.createDirectories(file.getParent());
        List<String> a = new ArrayList<>(List.of("'2021-08' AS assessment_month", "'居南社区' AS community"));
        List<String> b = new ArrayList<>(List.of("'2021-08'", "'远望社区'"));
        for (String col : DuckSql.comparedColumns()) {
            a.add("1.0::DOUBLE AS " + col);
            b.add(yuanwang.getOrDefault(col, "1.0::DOUBLE"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT " + String.join(", ", a) + " UNION ALL SELECT " + String.join(", ", b) + ") TO "
                    + DuckSql.lit(file) + " (FORMAT parquet)");
        }
    }

    @Test
    void equalMartsAgree(@TempDir Path dir) throws Exception {
        write(dir.resolve("lake/marts/community_month/part-0.parquet"), Map.of());
        // 1 + 1e-13 is within the relative 1e-9
        write(dir.resolve("d.parquet"), Map.of("resolve_hours_p90", "(1.0 + 1e-13)::DOUBLE"));
        MartCheck.Outcome o = MartCheck.compare(dir.resolve("lake"), dir.resolve("d.parquet"));
        assertTrue(o.agrees(), o.summary());
        assertEquals("community_month: minqing and DuckDB agree on 2 rows × " + DuckSql.comparedColumns().size() + " columns", o.summary());
    }

    @Test
    void aDifferentCountOrANullIsNamed(@TempDir Path dir) throws Exception {
        write(dir.resolve("lake/marts/community_month/part-0.parquet"), Map.of());
        write(dir.resolve("d.parquet"), Map.of("response_num", "2.0::DOUBLE", "composite_score", "NULL::DOUBLE",
                "resolve_hours_p90", "(1.0 + 1e-6)::DOUBLE"));
        MartCheck.Outcome o = MartCheck.compare(dir.resolve("lake"), dir.resolve("d.parquet"));
        assertFalse(o.agrees());
        assertEquals(List.of("response_num: 1 rows differ", "composite_score: 1 rows differ", "resolve_hours_p90: 1 rows differ"),
                o.differences());
        assertEquals(2, o.matched());
    }
}
