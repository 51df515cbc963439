package io.minqing.transform.metrics;

import io.minqing.contract.Contract;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.contract.testing.SparkTestSession;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The hand-worked fixture of the metric tests (as-of 2021-09-10 00:00, calendar months). Every expected value in
 * MetricsFixtureTest is derived from the rows below; the comments there show the arithmetic.
 *
 * <pre>
 * 甲社区 (A)  id   received        dispatched      resolved        notes
 *   2021-07  a0  07-20 08:00     07-20 09:00     07-21 08:00     24 h, on time
 *   2021-08  a1  08-02 09:00     08-02 10:00     08-03 09:00     hotline, 24 h, h_1 grid worker
 *            a2  08-05 08:00     08-06 20:00     08-15 08:00     wechat, 36 h dispatch (late), 240 h (late), street + 城管, h_2
 *            a3  08-10 10:00     —               08-10 10:30     diary, proactive, 即事即办 0.5 h, h_1
 *            a4  08-20 12:00     08-20 13:00     open            hotline, overdue at the cut-off (limit 08-27 12:00), h_3
 *            a5  08-31 23:00     09-01 02:00     09-02 23:00     hotline, due_at 09-01 23:00 recorded → 48 h late; crosses the month, h_3
 *            a6  08-15 09:00     —               —               withdrawn (not counted)
 *            a7  08-25 10:00     08-25 10:30     08-25 11:30     mailbox, urgent (2 h) on time 1.5 h, district + 物业, 城管, h_1
 *   2021-09  a8  09-09 12:00     —               open            dispatch limit not yet passed at the cut-off
 *            a9  09-08 08:00     09-08 09:00     09-09 08:00     24 h
 *            a10 09-09 20:00     09-10 05:00*    open            * dispatched after the cut-off → not yet dispatched
 * 乙社区 (B)   b1  08-12 08:00     08-13 09:00     08-14 09:00     the only case: 25 h dispatch (late), 49 h, h_4
 * 丙社区 (C)   c1  08-30 08:00     08-30 09:00     open            only open cases in the month; h_5 grid worker
 *            c2  08-30 10:00     —               open
 * surveys: s1 a1 08-04 (solved, 满意), s6 a1 08-05 (solved, 基本满意), s2 a2 08-16 (not solved, 不满意),
 *          s3 a3 08-11 (solved, 基本满意), s4 general A 08-20 (no answer, 满意), s7 b1 08-15 (solved, 满意),
 *          s5 a5 09-03 (solved, 满意), s8 a9 09-11 (after the cut-off: ignored), s9 general 丁社区 08-21 (a community with no cases)
 * </pre>
 */
final class Fixture {

    static final LocalDateTime AS_OF = t("2021-09-10 00:00");
    static final String A = "甲社区";
    static final String B = "乙社区";
    static final String C = "丙社区";
    static final String D = "丁社区";

    private Fixture() {
    }

    static LocalDateTime t(String s) {
        return s == null ? null : LocalDateTime.parse(s.replace(' ', 'T'));
    }

    static Row kase(String id, String community, String channel, boolean proactive, String received, String dispatched,
                    String resolved, String due, String priority, String status, String handlerKey, String handlerType,
                    String level, List<String> departments) {
        LocalDateTime r = t(received);
        return RowFactory.create(id, "t", "大通街道", community, null, channel, proactive, null, "标题", "内容", null, null,
                r, t(dispatched), t(resolved), resolved == null ? null : t(resolved).plusHours(1), t(due), priority, status,
                handlerKey, handlerType, level, departments, null, null, "cases.csv", 1L,
                String.format("%04d-%02d", r.getYear(), r.getMonthValue()));
    }

    static List<Row> caseRows() {
        List<Row> c = new ArrayList<>();
        c.add(kase("a0", A, "hotline", false, "2021-07-20 08:00", "2021-07-20 09:00", "2021-07-21 08:00", null, "normal", "resolved", "h_1", "grid_worker", "community", List.of()));
        c.add(kase("a1", A, "hotline", false, "2021-08-02 09:00", "2021-08-02 10:00", "2021-08-03 09:00", null, "normal", "resolved", "h_1", "grid_worker", "community", List.of()));
        c.add(kase("a2", A, "wechat_group", false, "2021-08-05 08:00", "2021-08-06 20:00", "2021-08-15 08:00", null, "normal", "resolved", "h_2", "community_staff", "street", List.of("城管")));
        c.add(kase("a3", A, "diary", true, "2021-08-10 10:00", null, "2021-08-10 10:30", null, "normal", "resolved", "h_1", "grid_worker", "community", List.of()));
        c.add(kase("a4", A, "hotline", false, "2021-08-20 12:00", "2021-08-20 13:00", null, null, "normal", "dispatched", "h_3", "retired_party_member", "community", List.of()));
        c.add(kase("a5", A, "hotline", false, "2021-08-31 23:00", "2021-09-01 02:00", "2021-09-02 23:00", "2021-09-01 23:00", "normal", "resolved", "h_3", "retired_party_member", "community", List.of()));
        c.add(kase("a6", A, "hotline", false, "2021-08-15 09:00", null, null, null, "normal", "withdrawn", null, null, "community", List.of()));
        c.add(kase("a7", A, "mailbox", false, "2021-08-25 10:00", "2021-08-25 10:30", "2021-08-25 11:30", null, "urgent", "resolved", "h_1", "grid_worker", "district", List.of("物业", "城管")));
        c.add(kase("a8", A, "hotline", false, "2021-09-09 12:00", null, null, null, "normal", "received", null, null, "community", List.of()));
        c.add(kase("a9", A, "hotline", false, "2021-09-08 08:00", "2021-09-08 09:00", "2021-09-09 08:00", null, "normal", "resolved", "h_1", "grid_worker", "community", List.of()));
        c.add(kase("a10", A, "hotline", false, "2021-09-09 20:00", "2021-09-10 05:00", null, null, "normal", "dispatched", "h_1", "grid_worker", "community", List.of()));
        c.add(kase("b1", B, "hotline", false, "2021-08-12 08:00", "2021-08-13 09:00", "2021-08-14 09:00", null, "normal", "resolved", "h_4", "party_volunteer", "community", List.of()));
        c.add(kase("c1", C, "hotline", false, "2021-08-30 08:00", "2021-08-30 09:00", null, null, "normal", "dispatched", "h_5", "grid_worker", "community", List.of()));
        c.add(kase("c2", C, "hotline", false, "2021-08-30 10:00", null, null, null, "normal", "received", null, null, "community", List.of()));
        return c;
    }

    static Row survey(String id, String caseId, String community, String at, Boolean resolved, String satisfaction) {
        LocalDateTime s = t(at);
        return RowFactory.create(id, caseId, "t", community, s, "phone", true, resolved, satisfaction, null,
                "surveys.csv", 1L, String.format("%04d-%02d", s.getYear(), s.getMonthValue()));
    }

    static List<Row> surveyRows() {
        return List.of(
                survey("s1", "a1", A, "2021-08-04 10:00", true, "satisfied"),
                survey("s6", "a1", A, "2021-08-05 10:00", true, "basically_satisfied"),
                survey("s2", "a2", A, "2021-08-16 10:00", false, "dissatisfied"),
                survey("s3", "a3", A, "2021-08-11 10:00", true, "basically_satisfied"),
                survey("s4", null, A, "2021-08-20 10:00", null, "satisfied"),
                survey("s7", "b1", B, "2021-08-15 10:00", true, "satisfied"),
                survey("s5", "a5", A, "2021-09-03 10:00", true, "satisfied"),
                survey("s8", "a9", A, "2021-09-11 10:00", true, "satisfied"),
                survey("s9", null, D, "2021-08-21 10:00", true, "satisfied"));
    }

    static Dataset<Row> cases() {
        return SparkTestSession.get().createDataFrame(caseRows(), SparkSchemas.structType(Contract.CASES));
    }

    static Dataset<Row> surveys() {
        return SparkTestSession.get().createDataFrame(surveyRows(), SparkSchemas.structType(Contract.SURVEYS));
    }
}
