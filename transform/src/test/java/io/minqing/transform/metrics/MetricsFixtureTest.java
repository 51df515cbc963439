package io.minqing.transform.metrics;

import static io.minqing.transform.metrics.Fixture.A;
import static io.minqing.transform.metrics.Fixture.AS_OF;
import static io.minqing.transform.metrics.Fixture.B;
import static io.minqing.transform.metrics.Fixture.C;
import static io.minqing.transform.metrics.Fixture.D;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Settings;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every metric on the hand-worked fixture of {@link Fixture}; the arithmetic is in the comments. */
class MetricsFixtureTest {

    static final double EPS = 1e-9;
    static MetricsConfig cfg;
    static Map<String, Map<String, Object>> facts;
    static MonthMarts.Output out;
    static List<MartRow> handlers;
    static List<MartRow> departments;

    @BeforeAll
    static void compute() {
        // min volume 1 so that the tiny fixture communities can be ranked where they have every component
        cfg = MetricsConfig.from(Settings.ofMap(Map.of("ranking.min-volume", "1", "ranking.simulations", "200")));
        Dataset<Row> f = CaseFacts.build(Fixture.cases(), Fixture.surveys(), cfg, AS_OF).cache();
        facts = new HashMap<>();
        for (Row r : f.collectAsList()) {
            facts.put(r.getString(r.fieldIndex("case_id")), asMap(MetricMarts.CASE_FACTS, r));
        }
        out = SparkMonthPass.monthMarts(f, Fixture.surveys(), cfg, AS_OF);
        MonthPass.Result pass = SparkMonthPass.run(f, cfg);
        handlers = WorkMarts.handlerMonth(pass, cfg);
        departments = WorkMarts.departmentMonth(pass, cfg);
    }

    static Map<String, Object> asMap(TableSchema t, Row r) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
            m.put(t.columns().get(i).name(), r.get(i));
        }
        return m;
    }

    static Map<String, Object> asMap(TableSchema t, MartRow r) {
        assertEquals(t, r.schema());
        Map<String, Object> m = new HashMap<>();
        for (String name : t.columnNames()) {
            m.put(name, r.get(name));
        }
        return m;
    }

    static Map<String, Object> community(String c, String month) {
        return out.community().stream().map(r -> asMap(MetricMarts.COMMUNITY_MONTH, r))
                .filter(m -> m.get("community").equals(c) && m.get("assessment_month").equals(month)).findFirst().orElseThrow();
    }

    static Map<String, Object> district(String month) {
        return out.district().stream().map(r -> asMap(MetricMarts.DISTRICT_MONTH, r))
                .filter(m -> m.get("assessment_month").equals(month)).findFirst().orElseThrow();
    }

    static double d(Map<String, Object> m, String k) {
        return ((Number) Objects.requireNonNull(m.get(k), k)).doubleValue();
    }

    static long l(Map<String, Object> m, String k) {
        return ((Number) Objects.requireNonNull(m.get(k), k)).longValue();
    }

    // ---- case_facts ----------------------------------------------------------------------------------------

    @Test
    void stageDurationsInHours() {
        Map<String, Object> a2 = facts.get("a2");
        assertEquals(36.0, d(a2, "dispatch_hours"), EPS);   // 08-05 08:00 → 08-06 20:00
        assertEquals(204.0, d(a2, "handle_hours"), EPS);    // 08-06 20:00 → 08-15 08:00 = 8.5 days
        assertEquals(240.0, d(a2, "resolve_hours"), EPS);   // 10 days
        assertEquals(1.0, d(a2, "feedback_hours"), EPS);    // feedback one hour after closure
        assertEquals(168.0, d(a2, "limit_hours"), EPS);     // normal: 7 days
        assertEquals("priority", a2.get("limit_source"));
        assertEquals(Fixture.t("2021-08-06 08:00"), a2.get("dispatch_due_at"));
        assertFalse((Boolean) a2.get("is_responded_on_time"));
        assertFalse((Boolean) a2.get("is_closed_on_time"));
    }

    @Test
    void recordedDueAtWinsAndTheCaseStaysInItsReceiptMonth() {
        Map<String, Object> a5 = facts.get("a5");
        assertEquals("due_at", a5.get("limit_source"));
        assertEquals(24.0, d(a5, "limit_hours"), EPS);      // 08-31 23:00 → 09-01 23:00
        assertEquals(48.0, d(a5, "resolve_hours"), EPS);
        assertFalse((Boolean) a5.get("is_closed_on_time"));
        assertEquals("2021-08", a5.get("assessment_month"), "received 08-31 23:00, closed in September: an August case");
    }

    @Test
    void urgentLimitIsTwoHours() {
        Map<String, Object> a7 = facts.get("a7");
        assertEquals(2.0, d(a7, "limit_hours"), EPS);
        assertEquals(1.5, d(a7, "resolve_hours"), EPS);
        assertTrue((Boolean) a7.get("is_closed_on_time"));
    }

    @Test
    void settledOnTheSpotCountsAsResponded() {
        Map<String, Object> a3 = facts.get("a3");
        assertTrue((Boolean) a3.get("is_settled_on_spot"));
        assertTrue((Boolean) a3.get("is_responded_on_time")); // closed 0.5 h after receipt, inside 24 h
        assertNull(a3.get("dispatch_hours"));
        assertNull(a3.get("handle_hours"));
    }

    @Test
    void eventsAfterTheCutOffHaveNotHappenedYet() {
        Map<String, Object> a10 = facts.get("a10");
        assertNull(a10.get("dispatched_at"), "dispatched 09-10 05:00, after the cut-off 09-10 00:00");
        assertFalse((Boolean) a10.get("is_response_due"), "dispatch limit 09-10 20:00 is after the cut-off");
        assertTrue((Boolean) a10.get("is_open"));
        assertEquals(4.0, d(a10, "age_hours"), EPS); // 09-09 20:00 → cut-off
        Map<String, Object> a4 = facts.get("a4");
        assertTrue((Boolean) a4.get("is_overdue_open")); // limit 08-27 12:00 < cut-off
        assertEquals(492.0, d(a4, "age_hours"), EPS);    // 08-20 12:00 → 09-10 00:00 = 20.5 days
        assertEquals(AS_OF, a4.get("as_of_at"));
    }

    @Test
    void latestSurveyIsJoinedAndLaterSurveysIgnored() {
        Map<String, Object> a1 = facts.get("a1");
        assertEquals("s6", a1.get("survey_id"), "s6 (08-05) is later than s1 (08-04)");
        assertEquals("basically_satisfied", a1.get("survey_satisfaction"));
        assertEquals(true, a1.get("is_survey_resolved"));
        assertNull(facts.get("a9").get("survey_id"), "s8 was taken after the cut-off");
        assertFalse((Boolean) facts.get("a6").get("is_counted"), "withdrawn");
    }

    // ---- community_month -------------------------------------------------------------------------------------

    @Test
    void volumeAndChannels() {
        Map<String, Object> a = community(A, "2021-08");
        assertEquals(6, l(a, "cases_count"));            // a1 a2 a3 a4 a5 a7
        assertEquals(1, l(a, "excluded_count"));         // a6 withdrawn
        assertEquals(1, l(a, "proactive_count"));        // a3
        assertEquals(5, l(a, "reactive_count"));
        assertEquals(1.0 / 6, d(a, "proactive_share"), EPS);
        assertEquals(3, l(a, "channel_hotline_count"));  // a1 a4 a5
        assertEquals(1, l(a, "channel_wechat_group_count"));
        assertEquals(1, l(a, "channel_diary_count"));
        assertEquals(1, l(a, "channel_mailbox_count"));
        assertEquals(0, l(a, "channel_email_count"));
        assertEquals(1, l(a, "escalated_street_count"));   // a2
        assertEquals(1, l(a, "escalated_district_count")); // a7
        assertEquals(2, l(a, "with_departments_count"));   // a2 a7
        assertEquals("大通街道", a.get("street"));
        assertEquals(Fixture.t("2021-08-01 00:00"), a.get("window_start_at"));
        assertEquals(Fixture.t("2021-09-01 00:00"), a.get("window_end_at"));
        assertTrue((Boolean) a.get("is_month_complete"));
        assertFalse((Boolean) community(A, "2021-09").get("is_month_complete"));
    }

    @Test
    void responseRateWithCensoringAndOnTheSpot() {
        // August: all six dispatch limits passed; on time: a1 (1 h), a3 (即事即办 0.5 h), a4 (1 h), a5 (3 h), a7 (0.5 h); late: a2 (36 h)
        Map<String, Object> a = community(A, "2021-08");
        assertEquals(5, l(a, "response_num"));
        assertEquals(6, l(a, "response_den"));
        assertEquals(5.0 / 6, d(a, "response_rate"), EPS);
        assertEquals(1, l(a, "settled_on_spot_count"));
        double[] w = Stats.wilson(5, 6, Stats.Z95);
        assertEquals(w[0], d(a, "response_rate_lo"), EPS);
        assertEquals(w[1], d(a, "response_rate_hi"), EPS);
        // September: a8 (received 09-09 12:00) and a10 (09-09 20:00) are still inside 24 h at the cut-off → not counted;
        // a9 dispatched after 1 h → 1/1
        Map<String, Object> s = community(A, "2021-09");
        assertEquals(1, l(s, "response_num"));
        assertEquals(1, l(s, "response_den"));
        assertEquals(3, l(s, "cases_count"));
    }

    @Test
    void onTimeResolutionCountsOpenOverdueAgainst() {
        // closed on time a1 (24 ≤ 168), a3 (0.5), a7 (1.5 ≤ 2); late a2 (240 > 168), a5 (48 > 24); open overdue a4
        Map<String, Object> a = community(A, "2021-08");
        assertEquals(3, l(a, "on_time_num"));
        assertEquals(6, l(a, "on_time_den"));
        assertEquals(0.5, d(a, "on_time_rate"), EPS);
        assertEquals(2, l(a, "closed_late_count"));
        assertEquals(1, l(a, "open_overdue_count"));
        assertEquals(1, l(a, "open_count"));
        // September: a9 on time; a8, a10 open but inside their limits → not counted yet: 1/1
        Map<String, Object> s = community(A, "2021-09");
        assertEquals(1, l(s, "on_time_num"));
        assertEquals(1, l(s, "on_time_den"));
    }

    @Test
    void closureIsKeptApartFromResolutionAndSatisfaction() {
        Map<String, Object> a = community(A, "2021-08");
        assertEquals(5, l(a, "closure_num"));          // a1 a2 a3 a5 a7 closed by staff
        assertEquals(6, l(a, "closure_den"));
        // August surveys of 甲社区: s1, s6, s2, s3, s4 (general) — by surveyed_at
        assertEquals(5, l(a, "surveys_count"));
        assertEquals(1, l(a, "surveys_general_count"));
        // is_resolved answered: s1 T, s6 T, s2 F, s3 T (s4 unanswered) → 3/4
        assertEquals(3, l(a, "resolution_num"));
        assertEquals(4, l(a, "resolution_den"));
        assertEquals(0.75, d(a, "resolution_rate"), EPS);
        // 满意 s1, s4; 基本满意 s6, s3; 不满意 s2 → (2 + 0.9·2)/5 = 3.8/5 = 0.76
        assertEquals(2, l(a, "satisfied_count"));
        assertEquals(2, l(a, "basically_satisfied_count"));
        assertEquals(1, l(a, "dissatisfied_count"));
        assertEquals(3.8, d(a, "satisfaction_num"), EPS);
        assertEquals(5, l(a, "satisfaction_den"));
        assertEquals(0.76, d(a, "satisfaction_rate"), EPS);
        // 综合得分 = 0.1·5/6 + 0.5·0.75 + 0.4·0.76 = 0.0833333 + 0.375 + 0.304 = 0.7623333
        assertEquals(0.1 * 5 / 6 + 0.375 + 0.304, d(a, "composite_score"), EPS);
    }

    @Test
    void timeToResolutionExactAndKaplanMeier() {
        Map<String, Object> a = community(A, "2021-08");
        // closed: 0.5, 1.5, 24, 48, 240 → p50 = 24; p90: h = 4·0.9 = 3.6 → 48 + 0.6·192 = 163.2
        assertEquals(24.0, d(a, "resolve_hours_p50"), EPS);
        assertEquals(163.2, d(a, "resolve_hours_p90"), EPS);
        // KM with a4 censored at 492 h: S = 5/6, 4/6, 3/6 (= 0.5 exactly at 24 h) → median = (24 + 48)/2 = 36;
        // S(48) = 2/6, S(240) = 1/6 > 0.1, then only a censored case → no P90
        assertEquals(36.0, d(a, "resolve_hours_km_p50"), EPS);
        assertNull(a.get("resolve_hours_km_p90"));
        // dispatched: 0.5, 1, 1, 3, 36 → p50 = 1; p90: h = 3.6 → 3 + 0.6·33 = 22.8
        assertEquals(1.0, d(a, "dispatch_hours_p50"), EPS);
        assertEquals(22.8, d(a, "dispatch_hours_p90"), EPS);
    }

    @Test
    void aCommunityWithOneCase() {
        Map<String, Object> b = community(B, "2021-08");
        assertEquals(1, l(b, "cases_count"));
        assertEquals(0, l(b, "response_num"));   // dispatched after 25 h
        assertEquals(1, l(b, "response_den"));
        assertEquals(0.0, d(b, "response_rate"), EPS);
        assertEquals(1.0, d(b, "on_time_rate"), EPS); // 49 h ≤ 168 h
        assertEquals(49.0, d(b, "resolve_hours_p50"), EPS);
        assertEquals(49.0, d(b, "resolve_hours_p90"), EPS);
        assertEquals(49.0, d(b, "resolve_hours_km_p50"), EPS); // S drops from 1 to 0 at 49 h
        assertEquals(49.0, d(b, "resolve_hours_km_p90"), EPS);
        // s7: solved, satisfied → composite = 0.1·0 + 0.5·1 + 0.4·1 = 0.9
        assertEquals(0.9, d(b, "composite_score"), EPS);
        // Wilson of 0/1: upper = z²/(1 + z²) = 3.841459/4.841459 = 0.793465
        assertEquals(0.0, d(b, "response_rate_lo"), EPS);
        assertEquals(3.841459 / 4.841459, d(b, "response_rate_hi"), 1e-6);
        // a month with no cases is still a row, with null rates
        Map<String, Object> bSep = community(B, "2021-09");
        assertEquals(0, l(bSep, "cases_count"));
        assertNull(bSep.get("response_rate"));
        assertNull(bSep.get("composite_score"));
        assertEquals(-1.0, d(bSep, "cases_mom"), EPS); // 0/1 − 1
    }

    @Test
    void aMonthWithOnlyOpenCases() {
        Map<String, Object> c = community(C, "2021-08");
        assertEquals(2, l(c, "cases_count"));
        assertEquals(1, l(c, "response_num"));   // c1 dispatched after 1 h; c2 never, its 24 h passed
        assertEquals(2, l(c, "response_den"));
        assertEquals(0, l(c, "on_time_num"));    // both past their limit (09-06) at the cut-off
        assertEquals(2, l(c, "on_time_den"));
        assertEquals(0.0, d(c, "on_time_rate"), EPS);
        assertEquals(0, l(c, "closure_num"));
        assertEquals(0.0, d(c, "closure_rate"), EPS);
        assertNull(c.get("resolve_hours_p50"), "no closed case");
        assertNull(c.get("resolve_hours_km_p50"), "every case censored: S stays 1");
        assertEquals(1.0, d(c, "dispatch_hours_p50"), EPS);
        assertNull(c.get("resolution_rate"), "no surveys");
        assertNull(c.get("composite_score"));
        assertFalse((Boolean) c.get("is_ranked"));
        assertEquals("missing_component", c.get("unranked_reason"));
    }

    @Test
    void surveysWithoutCases() {
        // 丁社区 has no cases, only a general survey in August: it still gets a row with its survey figures
        Map<String, Object> dd = community(D, "2021-08");
        assertEquals(0, l(dd, "cases_count"));
        assertEquals(1, l(dd, "surveys_count"));
        assertEquals(1, l(dd, "surveys_general_count"));
        assertEquals(1.0, d(dd, "resolution_rate"), EPS);
        assertEquals(1.0, d(dd, "satisfaction_rate"), EPS);
        assertNull(dd.get("response_rate"));
        assertEquals("below_min_volume", dd.get("unranked_reason")); // 0 cases < min volume 1
    }

    @Test
    void backlogIsTheStockAtMonthEnd() {
        // end of August (09-01 00:00): received a0..a5, a7 (7 counted), closed a0, a1, a2, a3, a7 → open a4, a5 = 2
        Map<String, Object> a = community(A, "2021-08");
        assertEquals(2, l(a, "backlog_count"));
        // overdue then: a4 (limit 08-27 12:00); a2 was overdue 08-12 08:00 … 08-15 but closed; a5's limit is 09-01 23:00
        assertEquals(1, l(a, "backlog_overdue_count"));
        // at the cut-off: + a8, a9, a10 received, + a5, a9 closed → open a4, a8, a10 = 3; overdue: a4 only
        Map<String, Object> s = community(A, "2021-09");
        assertEquals(3, l(s, "backlog_count"));
        assertEquals(1, l(s, "backlog_overdue_count"));
        // 丙社区: both open; overdue only from 09-06 → 0 at the end of August, 2 at the cut-off
        assertEquals(2, l(community(C, "2021-08"), "backlog_count"));
        assertEquals(0, l(community(C, "2021-08"), "backlog_overdue_count"));
        assertEquals(2, l(community(C, "2021-09"), "backlog_overdue_count"));
        assertEquals(0, l(community(A, "2021-07"), "backlog_count"), "a0 closed in July");
    }

    @Test
    void changeAgainstThePreviousMonth() {
        Map<String, Object> a = community(A, "2021-08");
        // July: a0 only, responded and closed on time; August response 5/6 → −1/6
        assertEquals(5.0, d(a, "cases_mom"), EPS);               // 6/1 − 1
        assertEquals(5.0 / 6 - 1, d(a, "response_rate_mom"), EPS);
        assertEquals(0.5 - 1, d(a, "on_time_rate_mom"), EPS);
        assertNull(a.get("composite_score_mom"), "July has no surveys, so no composite");
        assertNull(a.get("cases_yoy"), "no data a year earlier");
        // September composite: s5 solved and satisfied, response 1/1 → 1.0; change vs August = 1 − 0.7623333
        Map<String, Object> s = community(A, "2021-09");
        assertEquals(1.0 - (0.1 * 5 / 6 + 0.375 + 0.304), d(s, "composite_score_mom"), EPS);
    }

    @Test
    void rankingFlagsSmallAndIncompleteCommunities() {
        // min volume 1: in August 甲 and 乙 have all three components, 丙 lacks surveys, 丁 has no cases
        Map<String, Object> a = community(A, "2021-08");
        Map<String, Object> b = community(B, "2021-08");
        assertTrue((Boolean) a.get("is_ranked"));
        assertTrue((Boolean) b.get("is_ranked"));
        assertEquals(2, ((Number) a.get("ranked_count")).intValue());
        int ra = ((Number) a.get("rank")).intValue();
        int rb = ((Number) b.get("rank")).intValue();
        assertEquals(3, ra + rb, "ranks 1 and 2");
        for (Map<String, Object> m : List.of(a, b)) {
            int lo = ((Number) m.get("rank_lo")).intValue();
            int hi = ((Number) m.get("rank_hi")).intValue();
            assertTrue(lo >= 1 && lo <= hi && hi <= 2);
            assertTrue(d(m, "composite_score_eb_lo") <= d(m, "composite_score_eb") + 0.05);
            assertTrue(d(m, "composite_score_eb_hi") >= d(m, "composite_score_eb") - 0.05);
        }
        // with the default min volume of 15 nobody in this fixture is ranked, and all are still rows
        MetricsConfig dflt = MetricsConfig.defaults();
        MonthMarts.Output o = SparkMonthPass.monthMarts(CaseFacts.build(Fixture.cases(), Fixture.surveys(), dflt, AS_OF),
                Fixture.surveys(), dflt, AS_OF);
        assertEquals(4 * 3, o.community().size(), "4 communities × July..September");
        o.community().forEach(r -> assertEquals("below_min_volume", asMap(MetricMarts.COMMUNITY_MONTH, r).get("unranked_reason")));
    }

    @Test
    void shrinkageUsesTheMonthsPrior() {
        // response in August: 甲 5/6, 乙 0/1, 丙 1/2 (丁 has no denominator) → prior from these three
        double[] prior = Stats.betaPrior(new double[] {5, 0, 1}, new long[] {6, 1, 2});
        double expectedA = prior == null ? 5.0 / 6 : (5 + prior[0]) / (6 + prior[0] + prior[1]);
        assertEquals(expectedA, d(community(A, "2021-08"), "response_rate_eb"), EPS);
        assertEquals("in_control", community(A, "2021-08").get("response_funnel_zone"));
    }

    // ---- district_month --------------------------------------------------------------------------------------

    @Test
    void districtPoolsTheCommunities() {
        Map<String, Object> d = district("2021-08");
        assertEquals(9, l(d, "cases_count"));           // 甲 6 + 乙 1 + 丙 2
        assertEquals(6, l(d, "response_num"));          // 5 + 0 + 1
        assertEquals(9, l(d, "response_den"));
        assertEquals(4.0 / 9, d(d, "on_time_rate"), EPS); // (3 + 1 + 0)/(6 + 1 + 2)
        assertEquals(7, l(d, "surveys_count"));         // 甲 5 + 乙 1 + 丁 1
        // closed: 0.5, 1.5, 24, 48, 49, 240 → p50: h = 2.5 → 24 + 0.5·24 = 36; p90: h = 4.5 → 49 + 0.5·191 = 144.5
        assertEquals(36.0, d(d, "resolve_hours_p50"), EPS);
        assertEquals(144.5, d(d, "resolve_hours_p90"), EPS);
        // KM over 9 (a4 492c, c1 256c, c2 254c censored): 8/9, 7/9, 6/9, 5/9, 4/9 at 49 h < 0.5 → median 49
        assertEquals(49.0, d(d, "resolve_hours_km_p50"), EPS);
        assertEquals(2 + 0 + 2 + 0, l(d, "backlog_count")); // 甲 2 + 乙 0 + 丙 2 + 丁 0
    }

    @Test
    void kmCurveAndFunnelRows() {
        // 甲 August at t = 24 h: S = 3/6; at risk (age ≥ 24): 24, 48, 240, 492 → 4; closed by 24 h: 3
        MartRow r = out.km().stream().filter(x -> A.equals(x.get("community")) && x.get("assessment_month").equals("2021-08")
                        && ((Number) x.get("time_hours")).doubleValue() == 24.0)
                .findFirst().orElseThrow();
        assertEquals(0.5, ((Number) r.get("survival")).doubleValue(), EPS);
        assertEquals(4L, r.get("at_risk"));
        assertEquals(3L, r.get("events"));
        assertEquals(0L, r.get("censored"));
        assertEquals(GroupStats.GRID.length, out.km().stream().filter(x -> "district".equals(x.get("level")) && x.get("assessment_month").equals("2021-08")).count());
        // funnel of response in August: target = 6/9; its rows include each community's denominator (6, 1, 2)
        List<MartRow> f = out.funnel().stream().filter(x -> x.get("assessment_month").equals("2021-08") && x.get("metric").equals("response_rate")).toList();
        assertEquals(6.0 / 9, ((Number) f.get(0).get("target")).doubleValue(), EPS);
        assertTrue(f.stream().anyMatch(x -> ((Number) x.get("den")).longValue() == 6L));
    }

    // ---- handler_month, department_month ---------------------------------------------------------------------

    @Test
    void handlerTypeAndHandlerRows() {
        Map<String, Object> grid = handlers.stream().map(r -> asMap(MetricMarts.HANDLER_MONTH, r))
                .filter(m -> m.get("assessment_month").equals("2021-08") && m.get("handler_type").equals("grid_worker") && m.get("handler_key") == null)
                .findFirst().orElseThrow();
        // grid workers in August: h_1 (a1, a3, a7) and h_5 (c1): 4 cases, 2 handlers, closed 3 on time, c1 open overdue
        assertEquals(2, l(grid, "handlers_count"));
        assertEquals(4, l(grid, "cases_count"));
        assertEquals(3, l(grid, "closed_count"));
        assertEquals(0.75, d(grid, "on_time_rate"), EPS);
        // handle hours: a1 23 h, a7 1 h (a3 was not dispatched) → p50 = 12, p90 = 1 + 0.9·22 = 20.8
        assertEquals(12.0, d(grid, "handle_hours_p50"), EPS);
        assertEquals(20.8, d(grid, "handle_hours_p90"), EPS);
        // joined surveys: a1 → s6 (solved, 基本满意), a3 → s3 (solved, 基本满意) → 2/2 and 1.8/2
        assertEquals(1.0, d(grid, "resolution_rate"), EPS);
        assertEquals(0.9, d(grid, "satisfaction_rate"), EPS);
        Map<String, Object> h1 = handlers.stream().map(r -> asMap(MetricMarts.HANDLER_MONTH, r))
                .filter(m -> m.get("assessment_month").equals("2021-08") && "h_1".equals(m.get("handler_key")))
                .findFirst().orElseThrow();
        assertEquals(3, l(h1, "cases_count"));
        assertEquals(1, l(h1, "handlers_count"));
    }

    @Test
    void departmentRowsCountEachDepartmentAndTheLevelTotal() {
        List<Map<String, Object>> aug = departments.stream().map(r -> asMap(MetricMarts.DEPARTMENT_MONTH, r))
                .filter(m -> m.get("assessment_month").equals("2021-08")).toList();
        Map<String, Object> community = aug.stream().filter(m -> m.get("escalation_level").equals("community") && m.get("department") == null).findFirst().orElseThrow();
        assertEquals(7, l(community, "cases_count")); // a1 a3 a4 a5 b1 c1 c2
        Map<String, Object> streetCg = aug.stream().filter(m -> m.get("escalation_level").equals("street") && "城管".equals(m.get("department"))).findFirst().orElseThrow();
        assertEquals(1, l(streetCg, "cases_count"));
        assertEquals(240.0, d(streetCg, "resolve_hours_p50"), EPS);
        assertEquals(0.0, d(streetCg, "on_time_rate"), EPS);
        // a7 (district) has 物业 and 城管: one row each plus the district total
        assertEquals(3, aug.stream().filter(m -> m.get("escalation_level").equals("district")).count());
    }

    @Test
    void sameNumbersWhateverTheJvmTimeZone() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            List<MartRow> utc = SparkMonthPass.monthMarts(CaseFacts.build(Fixture.cases(), Fixture.surveys(), cfg, AS_OF), Fixture.surveys(), cfg, AS_OF).community();
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
            List<MartRow> ny = SparkMonthPass.monthMarts(CaseFacts.build(Fixture.cases(), Fixture.surveys(), cfg, AS_OF), Fixture.surveys(), cfg, AS_OF).community();
            assertEquals(utc, ny);
            assertEquals(out.community(), ny);
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void cutDayWindows() {
        assertEquals("2021-08", Windows.monthOf(LocalDateTime.parse("2021-07-19T08:00"), 19).toString());
        assertEquals("2021-07", Windows.monthOf(LocalDateTime.parse("2021-07-18T23:00"), 19).toString());
        assertEquals(LocalDateTime.parse("2021-07-19T00:00"), Windows.start(java.time.YearMonth.of(2021, 8), 19));
        assertEquals(LocalDateTime.parse("2021-08-19T00:00"), Windows.end(java.time.YearMonth.of(2021, 8), 19));
        // Spark's rule agrees: a0 (07-20) is in "2021-08" with cut day 19; a2 (08-05) too; a5 (08-31) in "2021-09"
        MetricsConfig c19 = MetricsConfig.from(Settings.ofMap(Map.of("assessment.cut-day", "19")));
        Map<String, String> m = new HashMap<>();
        CaseFacts.build(Fixture.cases(), Fixture.surveys(), c19, AS_OF).select("case_id", "assessment_month")
                .collectAsList().forEach(r -> m.put(r.getString(0), r.getString(1)));
        assertEquals("2021-08", m.get("a0"));
        assertEquals("2021-08", m.get("a2"));
        assertEquals("2021-09", m.get("a5"));
    }
}
