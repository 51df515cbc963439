package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB metrics counterpart on a five-case lake worked by hand against docs/metrics.md (default config:
 * 24 h dispatch limit; urgent 2 h, normal 168 h handling limits).
 */
class DuckSqlTest {

    static final String CASE_COLS = "source, case_id, street, community, channel, is_proactive, priority, status, handler_type, handler_key, "
            + "escalation_level, departments, received_at, dispatched_at, resolved_at, feedback_at, due_at";

    static String c(String id, String channel, String priority, String status, String recv, String disp, String res, String fb) {
        return "('x', '" + id + "', '大通街道', '居南社区', '" + channel + "', false, '" + priority + "', '" + status + "', NULL, NULL, 'community', "
                + "[]::VARCHAR[], TIMESTAMP '" + recv + "', " + ts(disp) + ", " + ts(res) + ", " + ts(fb) + ", NULL::TIMESTAMP)";
    }

    static String ts(String t) {
        return t == null ? "NULL::TIMESTAMP" : "TIMESTAMP '" + t + "'";
    }

    @Test
    void communityMonthByHand(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        Files.createDirectories(lake.resolve("staged/cases/received_month=2021-08"));
        Files.createDirectories(lake.resolve("staged/surveys/surveyed_month=2021-08"));
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES "
                    // c1: dispatched after 2 h, closed after 10 h (normal: 168 h limit) — responded, on time
                    + c("c1", "hotline", "normal", "resolved", "2021-08-01 00:00:00", "2021-08-01 02:00:00", "2021-08-01 10:00:00", null) + ", "
                    // c2: dispatched after 30 h (late response), closed after 240 h (> 168 h: late)
                    + c("c2", "hotline", "normal", "resolved", "2021-08-02 00:00:00", "2021-08-03 06:00:00", "2021-08-12 00:00:00", "2021-08-12 12:00:00") + ", "
                    // c3: settled on the spot after 1 h (urgent: 2 h limit) — responded, on time
                    + c("c3", "diary", "urgent", "resolved", "2021-08-03 00:00:00", null, "2021-08-03 01:00:00", null) + ", "
                    // c4: withdrawn — counted by nothing
                    + c("c4", "hotline", "normal", "withdrawn", "2021-08-04 00:00:00", null, null, null) + ", "
                    // c5: dispatched after 4 h, still open, urgent 2 h limit long past — open overdue
                    + c("c5", "web", "urgent", "dispatched", "2021-08-05 00:00:00", "2021-08-05 04:00:00", null, null)
                    + ") t(" + CASE_COLS + ")) TO " + DuckSql.lit(lake.resolve("staged/cases/received_month=2021-08/part-0.parquet")) + " (FORMAT parquet)");
            st.execute("COPY (SELECT * FROM (VALUES "
                    + "('x', 's1', 'c1', '居南社区', TIMESTAMP '2021-08-02 00:00:00', true, true, 'satisfied'), "
                    + "('x', 's2', NULL, '居南社区', TIMESTAMP '2021-08-13 00:00:00', NULL, NULL, 'basically_satisfied'), "
                    + "('x', 's3', 'c2', '居南社区', TIMESTAMP '2021-08-13 00:00:00', true, false, 'dissatisfied')"
                    + ") t(source, survey_id, case_id, community, surveyed_at, is_contacted, is_resolved, satisfaction)) TO "
                    + DuckSql.lit(lake.resolve("staged/surveys/surveyed_month=2021-08/part-0.parquet")) + " (FORMAT parquet)");
            DuckStage.metrics(st, lake, dir.resolve("out"));
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + DuckSql.lit(dir.resolve("out/community_month.parquet")) + ")")) {
                rs.next();
                assertEquals("2021-08", rs.getString("assessment_month"));
                assertEquals("大通街道", rs.getString("street"));
                // as-of = the latest event: surveys s2/s3 at 2021-08-13 00:00, after c2's feedback 08-12 12:00
                assertEquals("2021-08-13T00:00", rs.getObject("as_of_at", java.time.LocalDateTime.class).toString());
                assertFalse(rs.getBoolean("is_month_complete"));
                assertEquals(4, rs.getLong("cases_count"));
                assertEquals(1, rs.getLong("excluded_count"));
                assertEquals(2, rs.getLong("channel_hotline_count"));
                assertEquals(1, rs.getLong("settled_on_spot_count"));
                // response: all four due (received + 24 h < 08-13); on time: c1, c3 (on the spot), c5 → 3 / 4
                assertEquals(3, rs.getLong("response_num"));
                assertEquals(4, rs.getLong("response_den"));
                assertEquals(0.75, rs.getDouble("response_rate"), 1e-12);
                // on time: c1, c3; late: c2; open overdue: c5 → 2 / (2 + 1 + 1)
                assertEquals(2, rs.getLong("on_time_num"));
                assertEquals(4, rs.getLong("on_time_den"));
                assertEquals(1, rs.getLong("closed_late_count"));
                assertEquals(1, rs.getLong("open_overdue_count"));
                assertEquals(3, rs.getLong("closure_num"));
                // backlog at the as-of: 4 counted − 3 closed; overdue: c2 entered and left, c5 entered → 1
                assertEquals(1, rs.getLong("backlog_count"));
                assertEquals(1, rs.getLong("backlog_overdue_count"));
                // surveys: s1 resolved, s3 not, s2 no answer → 1 / 2; satisfaction (1 + 0.9·1) / 3
                assertEquals(3, rs.getLong("surveys_count"));
                assertEquals(1, rs.getLong("surveys_general_count"));
                assertEquals(0.5, rs.getDouble("resolution_rate"), 1e-12);
                assertEquals(1.9, rs.getDouble("satisfaction_num"), 1e-12);
                assertEquals(1.9 / 3, rs.getDouble("satisfaction_rate"), 1e-12);
                // composite 0.1·0.75 + 0.5·0.5 + 0.4·(1.9/3) = 0.075 + 0.25 + 0.253333…
                assertEquals(0.075 + 0.25 + 0.4 * 1.9 / 3, rs.getDouble("composite_score"), 1e-12);
                // dispatch hours [2, 4, 30]: median 4; P90 at position 0.9·2 = 1.8 → 4 + 0.8·(30 − 4) = 24.8
                assertEquals(4.0, rs.getDouble("dispatch_hours_p50"), 1e-12);
                assertEquals(24.8, rs.getDouble("dispatch_hours_p90"), 1e-9);
                // resolve hours [1, 10, 240]: median 10; P90 10 + 0.8·230 = 194
                assertEquals(10.0, rs.getDouble("resolve_hours_p50"), 1e-12);
                assertEquals(194.0, rs.getDouble("resolve_hours_p90"), 1e-9);
                assertFalse(rs.next(), "one community, one month");
            }
            try (ResultSet rs = st.executeQuery("SELECT survey_id, survey_satisfaction FROM read_parquet("
                    + DuckSql.lit(dir.resolve("out/case_facts.parquet")) + ") WHERE case_id = 'c2'")) {
                rs.next();
                assertEquals("s3", rs.getString(1));
                assertEquals("dissatisfied", rs.getString(2));
            }
        }
    }
}
