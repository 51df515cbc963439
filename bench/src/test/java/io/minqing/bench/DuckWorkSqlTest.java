package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The duckdb-work ingest counterpart on a hand-made export of five cases and two surveys, the expected rows worked
 * out by hand from the sample-district profile: one phone number in text, one bad timestamp, one duplicate key.
 */
class DuckWorkSqlTest {

    static final String CASES_HEADER = "件号,街道,社区,网格,收件渠道,主动发现,类别,标题,诉求内容,地址,联系人,联系电话,收件时间,派件时间,办结时间,"
            + "反馈时间,办理时限,紧急程度,办理状态,快递员,快递员类型,办理层级,协办单位,办理结果,更新时间";

    @Test
    void stagesRejectsMasksAndDeduplicatesByHand(@TempDir Path dir) throws Exception {
        Path exports = dir.resolve("exports");
        Files.createDirectories(exports);
        Files.writeString(exports.resolve("cases.csv"), String.join("\n",
                CASES_HEADER,
                // C1: valid; community by its alias 居南, street from the profile; a phone number in the description
                "C1,,居南,第1网格,热线,否,市容,路灯坏了,路灯坏了，电话13812345678。,居南小区1号楼,张三,13812345678,2021-07-30 09:00:00,"
                        + "2021-07-30 10:00:00,2021-07-31 09:00:00,,,一般,已办结,李四,网格员,社区,城管、派出所,已修好,2021-07-31 09:00:00",
                // C2: month 13 matches none of the profile's formats
                "C2,大通街道,远望社区,,微信,否,,,水管漏水,,,,2021-13-45 08:00:00,,,,,,,,,,,,",
                // C3 twice: the version updated 08-02 wins over the one updated 08-01 (both complete: place, category, text)
                "C3,大通街道,瀚城社区,,网上,否,环境,垃圾,垃圾没人收,身份证340402199001011234,,,2021-08-01 08:00:00,,,,,,,,,,,第一次,2021-08-01 09:00:00",
                "C3,大通街道,瀚城社区,,网上,否,环境,垃圾,垃圾没人收,,,,2021-08-01 08:00:00,2021-08-01 12:00:00,,,,,,,,,,第二次,2021-08-02 09:00:00",
                // C4: not a community of the profile, nor an alias
                "C4,大通街道,花园社区,,热线,否,,,,,,,2021-08-03 08:00:00,,,,,,,,,,,,") + "\n", StandardCharsets.UTF_8);
        Files.writeString(exports.resolve("surveys.csv"), String.join("\n",
                "测评编号,件号,社区,测评时间,测评方式,是否联系,是否解决,满意度,意见,联系电话",
                "S1,C1,居南社区,2021-08-01 10:00:00,电话回访,是,是,满意,挺好 电话 139-1234-5678,13912345678",
                // the time is in the profile's third format; 一般般 is no satisfaction code or label
                "S2,C3,瀚城社区,2021/8/5 9:30,上门回访,否,否,一般般,,") + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            DuckStage.ingestWork(st, exports, out, LocalDate.of(2021, 9, 30));
            String cases = DuckSql.lit(out.resolve("staged/cases/**/*.parquet"));
            // C1 and the winning C3, in two month folders
            assertEquals(List.of("C1 2021-07", "C3 2021-08"), strings(st, "SELECT case_id || ' ' || received_month FROM read_parquet("
                    + cases + ", hive_partitioning = true) ORDER BY case_id"));
            assertEquals(List.of("C2 UNPARSEABLE_TIME", "C3 DUPLICATE_KEY", "C4 UNKNOWN_COMMUNITY"), strings(st, "SELECT case_id || ' ' || reason FROM "
                    + "read_parquet(" + DuckSql.lit(out.resolve("rejects/cases.parquet")) + ") ORDER BY case_id"));
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + cases + ", hive_partitioning = true) ORDER BY case_id")) {
                rs.next();
                assertEquals("路灯坏了，电话138****5678。", rs.getString("description"));
                assertEquals("居南社区", rs.getString("community"));
                assertEquals("大通街道", rs.getString("street"));
                assertEquals("hotline", rs.getString("channel"));
                assertEquals("resolved", rs.getString("status"));
                assertEquals("grid_worker", rs.getString("handler_type"));
                assertEquals("2021-07-31T09:00", rs.getObject("resolved_at", java.time.LocalDateTime.class).toString());
                assertEquals("r_" + sha256Hex16(DuckWorkSql.KEY + "13812345678"), rs.getString("resident_key"));
                assertEquals("h_" + sha256Hex16(DuckWorkSql.KEY + "李四"), rs.getString("handler_key"));
                assertEquals("[城管, 派出所]", rs.getString("departments"));
                rs.next();
                // the later update, with the built-in rules for absent columns: dispatched (派件 given), normal, community
                assertEquals("第二次", rs.getString("resolution_note"));
                assertEquals("dispatched", rs.getString("status"));
                assertEquals("normal", rs.getString("priority"));
                assertEquals("community", rs.getString("escalation_level"));
                assertEquals("web", rs.getString("channel"));
                assertEquals("[]", rs.getString("departments"));
            }
            // the losing C3 keeps its masked ID number in the rejects
            assertEquals(List.of("身份证340402********1234"), strings(st, "SELECT address FROM read_parquet("
                    + DuckSql.lit(out.resolve("rejects/cases.parquet")) + ") WHERE reason = 'DUPLICATE_KEY'"));
            assertEquals(List.of("S1 2021-08 挺好 电话 139****5678"), strings(st, "SELECT survey_id || ' ' || surveyed_month || ' ' || comment FROM "
                    + "read_parquet(" + DuckSql.lit(out.resolve("staged/surveys/**/*.parquet")) + ", hive_partitioning = true)"));
            assertEquals(List.of("S2 UNKNOWN_VALUE"), strings(st, "SELECT survey_id || ' ' || reason FROM read_parquet("
                    + DuckSql.lit(out.resolve("rejects/surveys.parquet")) + ")"));
        }
        assertTrue(Files.isRegularFile(out.resolve("staged/cases/received_month=2021-07/data_0.parquet")));
        // the output checked against itself: the counts the bench prints under its table
        IngestCheck.Outcome o = IngestCheck.compare(out, out);
        assertEquals(new IngestCheck.Outcome(2, 1, 4, 2, 1, 4), o);
        assertEquals("ingest: minqing and the DuckDB query (duckdb-work) both staged 2 cases and 1 surveys and rejected 4 rows", o.summary());
    }

    @Test
    void differentCountsAreNamed() {
        IngestCheck.Outcome o = new IngestCheck.Outcome(1_000_000, 860_114, 0, 999_999, 860_114, 1);
        assertEquals("ingest DIFFERS: minqing staged 1,000,000 cases and 860,114 surveys and rejected 0 rows; the DuckDB query (duckdb-work) "
                + "999,999, 860,114 and 1", o.summary());
    }

    static String sha256Hex16(String s) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 8);
    }

    static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
