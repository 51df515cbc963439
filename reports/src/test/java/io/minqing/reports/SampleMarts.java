package io.minqing.reports;

import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.marts.TopicMarts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made lake for 2021-08 with three communities, written as Parquet marts by DuckDB. The numbers are chosen
 * so the expected report text can be worked out by hand (see the comments); the report must show exactly these.
 *
 * <pre>
 * community   cases  响应率        按期办结率      解决率        满意率             综合得分 (0.1/0.5/0.4)           rank
 * 居南社区     40     36/40 = 90.0%  30/37 = 81.1%   20/25 = 80.0%  21.6/24 = 90.0%   .09+.40+.36   = 85.0%          1 (1–2), last month 2 → ▲1
 * 远望社区     30     24/30 = 80.0%  18/24 = 75.0%   15/20 = 75.0%  16.2/20 = 81.0%   .08+.375+.324 = 77.9%          2 (1–2), last month 1 → ▼1
 * 新庄社区      5      5/5 = 100%     3/4 = 75.0%     2/2 = 100%     1.9/2 = 95.0%    .10+.50+.38   = 98.0%          not ranked (below_min_volume)
 * district    75     65/75 = 86.7%  51/65 = 78.5%   37/47 = 78.7%  39.7/46 = 86.3%   stored 0.8256 → 82.6%
 * </pre>
 *
 * Funnel flags as the mart would store them (set by hand here: the report shows the mart's flags; the exact test
 * itself is tested in transform's StatsTest): 远望 解决率 low_95 and 按期办结率 low_998, 新庄 满意率 high_95.
 *
 * <p>超期未办结 (backlog_overdue_count: open and past the limit at the month end 2021-09-01 00:00, any receipt month):
 * 居南 JN-0001 and JN-0002 (August), 新庄 XZ-0001 (July) → district 3, 居南 2, 新庄 1; of the month's own receipts at
 * the cut-off (open_overdue_count) 居南 2, 新庄 0, district 2.
 *
 * <p>{@link #buildWithoutSurveys} is the same lake with every survey dropped (解决率, 满意率 and the composite undefined
 * in every month, nobody ranked) and a running month 2021-09 with no cases yet (as-of 2021-09-05 09:13).
 */
final class SampleMarts {

    static final YearMonth MONTH = YearMonth.of(2021, 8);
    static final String JUNAN = "居南社区";
    static final String YUANWANG = "远望社区";
    static final String XINZHUANG = "新庄社区";
    /** A title with markup and a phone number: must show as text, masked. */
    static final String EVIL_TITLE = "<script>alert('x')</script>楼道电动车充电 联系13812345678";

    private SampleMarts() {
    }

    /** The contract's columns of a mart as DuckDB types: the fixture follows MetricMarts / TopicMarts exactly. */
    static Map<String, String> schema(TableSchema t) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Column c : t.columns()) {
            m.put(c.name(), c.type().duckdbType());
        }
        return m;
    }

    static void build(Path lake) throws Exception {
        build(lake, true);
    }

    /** The lake without surveys, plus the running month 2021-09 (0 cases at the as-of 2021-09-05 09:13). */
    static void buildWithoutSurveys(Path lake) throws Exception {
        build(lake, false);
    }

    private static void build(Path lake, boolean surveys) throws Exception {
        try (FixtureLake f = new FixtureLake(lake)) {
            f.table("district_month", schema(MetricMarts.DISTRICT_MONTH));
            f.table("community_month", schema(MetricMarts.COMMUNITY_MONTH));
            String asOf = surveys ? "2021-09-01 00:00:00" : "2021-09-05 09:13:00";
            // eleven earlier months for the trend: volume 60..70, composite 0.80, resolution 0.75
            for (int i = 11; i >= 1; i--) {
                String m = MONTH.minusMonths(i).toString();
                f.row("district_month", "assessment_month", m, "as_of_at", asOf, "is_month_complete", true,
                        "cases_count", 71 - i, "response_rate", 0.85, "on_time_rate", 0.78, "resolution_rate", surveys ? 0.75 : null,
                        "satisfaction_rate", surveys ? 0.86 : null, "composite_score", surveys ? 0.80 : null, "proactive_share", 0.30,
                        "channel_hotline_count", 40 - i, "channel_diary_count", 20, "channel_wechat_group_count", 11);
                for (String c : List.of(JUNAN, YUANWANG, XINZHUANG)) {
                    f.row("community_month", "assessment_month", m, "community", c, "street", "大通街道", "as_of_at", asOf,
                            "is_month_complete", true, "cases_count", 20, "composite_score", surveys ? c.equals(JUNAN) ? 0.82 : 0.78 : null,
                            "response_rate", 0.85, "on_time_rate", 0.78,
                            "resolution_rate", surveys ? 0.75 : null, "is_ranked", surveys, "ranked_count", surveys ? 3 : 0,
                            "unranked_reason", surveys ? null : "missing_component");
                }
            }
            f.row("district_month", "assessment_month", "2021-08", "as_of_at", asOf, "is_month_complete", true,
                    "window_end_at", "2021-09-01 00:00:00",
                    "cases_count", 75, "cases_mom", 0.25, "proactive_count", 25, "proactive_share", 25.0 / 75,
                    "backlog_count", 9, "backlog_overdue_count", 3, "open_overdue_count", 2, "surveys_count", surveys ? 50 : 0,
                    "response_num", 65, "response_den", 75, "response_rate", 65.0 / 75, "response_rate_lo", 0.7700,
                    "response_rate_hi", 0.9300, "response_rate_mom", 0.025,
                    "on_time_num", 51, "on_time_den", 65, "on_time_rate", 51.0 / 65,
                    "closure_num", 66, "closure_den", 75, "closure_rate", 0.88,
                    "resolution_num", surveys ? 37 : 0, "resolution_den", surveys ? 47 : 0, "resolution_rate", surveys ? 37.0 / 47 : null,
                    "satisfaction_num", surveys ? 39.7 : 0, "satisfaction_den", surveys ? 46 : 0,
                    "satisfaction_rate", surveys ? 39.7 / 46 : null, "composite_score", surveys ? 0.8256 : null,
                    "composite_score_mom", surveys ? -0.012 : null, "composite_score_yoy", surveys ? 0.031 : null,
                    "resolve_hours_km_p50", 60.0, "resolve_hours_km_p90", 300.0, "resolve_hours_p50", 40.0,
                    "resolve_hours_p90", 200.0,
                    "channel_hotline_count", 30, "channel_wechat_group_count", 20, "channel_diary_count", 25);
            if (surveys) {
                community(f, JUNAN, 40, 36, 40, 30, 37, 20, 25, 21.6, 24, 0.85, 0.84, 0.78, 0.89, true, 1, 1, 2, 2, 30.0);
                community(f, YUANWANG, 30, 24, 30, 18, 24, 15, 20, 16.2, 20, 0.779, 0.79, 0.72, 0.86, true, 2, 1, 2, 1, 96.0);
                community(f, XINZHUANG, 5, 5, 5, 3, 4, 2, 2, 1.9, 2, 0.98, 0.83, 0.65, 0.95, false, null, null, null, null, 20.0);
            } else {
                // no surveys: no 解决率/满意率/composite; the shrunk 按期办结率 orders the table (居南 0.80, 新庄 0.77, 远望 0.76)
                communityWithoutSurveys(f, JUNAN, 40, 36, 40, 30, 37, 0.80, "missing_component", 30.0);
                communityWithoutSurveys(f, YUANWANG, 30, 24, 30, 18, 24, 0.76, "missing_component", 96.0);
                communityWithoutSurveys(f, XINZHUANG, 5, 5, 5, 3, 4, 0.77, "below_min_volume", 20.0);
                // the running month: window 2021-09-01 – 2021-10-01, as-of 2021-09-05 09:13, no case received yet;
                // 超期未办结 at the cut-off is still JN-0001, JN-0002, XZ-0001 (YW-0001's limit 2021-09-06 is ahead)
                f.row("district_month", "assessment_month", "2021-09", "as_of_at", asOf, "is_month_complete", false,
                        "window_end_at", "2021-10-01 00:00:00", "cases_count", 0, "backlog_count", 4, "backlog_overdue_count", 3);
                for (String c : List.of(JUNAN, YUANWANG, XINZHUANG)) {
                    f.row("community_month", "assessment_month", "2021-09", "community", c, "street", "大通街道", "as_of_at", asOf,
                            "window_end_at", "2021-10-01 00:00:00", "is_month_complete", false, "cases_count", 0,
                            "unranked_reason", "below_min_volume", "backlog_overdue_count", c.equals(JUNAN) ? 2 : c.equals(XINZHUANG) ? 1 : 0);
                }
            }
            f.write("marts", "district_month", null);
            f.write("marts", "community_month", null);

            f.table("case_facts", schema(MetricMarts.CASE_FACTS));
            // overdue open at the cut-off 2021-09-01 00:00: limit 2021-08-20 12:00 → 11.5 days; 2021-08-31 00:00 → 1.0 day
            f.row("case_facts", "source", "sample-district", "case_id", "JN-0001", "community", JUNAN, "priority", "normal",
                    "handler_type", "grid_worker", "escalation_level", "community", "received_at", "2021-08-13 12:00:00",
                    "limit_due_at", "2021-08-20 12:00:00", "is_overdue_open", true, "is_counted", true, "as_of_at", asOf, "assessment_month", "2021-08");
            f.row("case_facts", "source", "sample-district", "case_id", "JN-0002", "community", JUNAN, "priority", "urgent",
                    "handler_type", "community_staff", "escalation_level", "street", "received_at", "2021-08-30 22:00:00",
                    "limit_due_at", "2021-08-31 00:00:00", "is_overdue_open", true, "is_counted", true, "as_of_at", asOf, "assessment_month", "2021-08");
            f.row("case_facts", "source", "sample-district", "case_id", "XZ-0001", "community", XINZHUANG, "priority", "complex",
                    "received_at", "2021-07-01 09:00:00", "limit_due_at", "2021-07-16 09:00:00", "is_overdue_open", true,
                    "is_counted", true, "as_of_at", asOf, "assessment_month", "2021-07");
            // open but not overdue, and a September case: neither is listed
            f.row("case_facts", "source", "sample-district", "case_id", "YW-0001", "community", YUANWANG, "priority", "normal",
                    "received_at", "2021-08-30 09:00:00", "limit_due_at", "2021-09-06 09:00:00", "is_overdue_open", false,
                    "is_counted", true, "as_of_at", asOf, "assessment_month", "2021-08");
            // closed late before the month end (limit 08-10, closed 08-20): not in 超期未办结; a withdrawn overdue case
            // (not counted): not either
            f.row("case_facts", "source", "sample-district", "case_id", "YW-0002", "community", YUANWANG, "priority", "normal",
                    "received_at", "2021-08-03 09:00:00", "limit_due_at", "2021-08-10 09:00:00", "resolved_at", "2021-08-20 09:00:00",
                    "is_counted", true, "as_of_at", asOf, "assessment_month", "2021-08");
            f.row("case_facts", "source", "sample-district", "case_id", "YW-0003", "community", YUANWANG, "priority", "normal",
                    "received_at", "2021-08-03 09:00:00", "limit_due_at", "2021-08-10 09:00:00", "is_overdue_open", true,
                    "is_counted", false, "as_of_at", asOf, "assessment_month", "2021-08");
            f.write("marts", "case_facts", "assessment_month");

            f.table("km_curve", schema(MetricMarts.KM_CURVE));
            double[][] curve = {{0, 1.0}, {24, 0.8}, {72, 0.5}, {168, 0.2}, {360, 0.1}};
            for (String c : new String[] {null, JUNAN, YUANWANG, XINZHUANG}) {
                for (double[] pt : curve) {
                    f.row("km_curve", "level", c == null ? "district" : "community", "community", c, "assessment_month", "2021-08",
                            "time_hours", pt[0] * (c == null ? 1 : c.equals(YUANWANG) ? 1.5 : 1), "survival", pt[1]);
                }
            }
            f.write("marts", "km_curve", null);

            f.table("funnel_month", schema(MetricMarts.FUNNEL_MONTH));
            // targets: the district rates 65/75, 51/65, and 0.8 for the survey rates (normal limits, for drawing only)
            Map<String, Double> targets = new LinkedHashMap<>();
            targets.put("response_rate", 65.0 / 75);
            targets.put("on_time_rate", 51.0 / 65);
            if (surveys) {
                targets.put("resolution_rate", 0.8);
                targets.put("satisfaction_rate", 0.8);
            }
            for (Map.Entry<String, Double> t : targets.entrySet()) {
                double th = t.getValue();
                for (int n = 1; n <= 45; n++) {
                    double half95 = 1.96 * Math.sqrt(th * (1 - th) / n);
                    double half998 = 3.09 * Math.sqrt(th * (1 - th) / n);
                    f.row("funnel_month", "assessment_month", "2021-08", "metric", t.getKey(), "den", n, "target", th,
                            "lo95", Math.max(0, th - half95), "hi95", Math.min(1, th + half95),
                            "lo998", Math.max(0, th - half998), "hi998", Math.min(1, th + half998), "is_overdispersed", false);
                }
            }
            f.write("marts", "funnel_month", null);

            f.table("handler_month", schema(MetricMarts.HANDLER_MONTH));
            f.row("handler_month", "assessment_month", "2021-08", "handler_type", "grid_worker", "handlers_count", 6,
                    "cases_count", 40, "closed_count", 35, "on_time_num", 30, "on_time_den", 36, "on_time_rate", 30.0 / 36,
                    "handle_hours_p50", 30.0);
            f.row("handler_month", "assessment_month", "2021-08", "handler_type", "retired_party_member", "handlers_count", 4,
                    "cases_count", 12, "closed_count", 12, "on_time_num", 12, "on_time_den", 12, "on_time_rate", 1.0);
            // a per-handler row: not shown (the report lists handler types)
            f.row("handler_month", "assessment_month", "2021-08", "handler_type", "grid_worker", "handler_key", "h_0123456789abcdef",
                    "handlers_count", 1, "cases_count", 7);
            f.write("marts", "handler_month", null);

            f.table("department_month", schema(MetricMarts.DEPARTMENT_MONTH));
            f.row("department_month", "assessment_month", "2021-08", "escalation_level", "street", "cases_count", 9,
                    "closed_count", 6, "open_overdue_count", 1);
            f.row("department_month", "assessment_month", "2021-08", "escalation_level", "street", "department", "城管",
                    "cases_count", 5, "closed_count", 3, "on_time_num", 2, "on_time_den", 4, "on_time_rate", 0.5,
                    "resolve_hours_p50", 100.0);
            f.write("marts", "department_month", null);

            // topics: 电动车充电 (1), 违章搭建 (2), 噪音扰民 (3)
            f.table("topics", schema(TopicMarts.TOPICS));
            f.row("topics", "topic_id", 1, "label", "电动车充电", "top_terms", List.of("电动车", "充电", "飞线"));
            f.row("topics", "topic_id", 2, "label", "违章搭建", "top_terms", List.of("违建", "搭建"));
            f.row("topics", "topic_id", 3, "label", "噪音扰民", "top_terms", List.of("噪音", "广场舞"));
            f.write("marts", "topics", null);
            f.table("topic_community_month", schema(TopicMarts.TOPIC_COMMUNITY_MONTH));
            // 2021-08 district counts: topic1 = 12+3+0 = 15, topic2 = 4+6+1 = 11, topic3 = 0+2+0 = 2
            int[][] counts = {{12, 4, 0}, {3, 6, 2}, {0, 1, 0}};
            String[] cs = {JUNAN, YUANWANG, XINZHUANG};
            int[] district = {15, 11, 2};
            for (int k = 0; k < 3; k++) {
                for (int t = 0; t < 3; t++) {
                    f.row("topic_community_month", "community", cs[k], "month", "2021-08", "topic_id", t + 1,
                            "topic_label", new String[] {"电动车充电", "违章搭建", "噪音扰民"}[t], "case_count", counts[k][t],
                            "share", counts[k][t] / 20.0, "district_count", district[t], "district_share", district[t] / 75.0);
                    // July: topic 1 had 9 district-wide
                    f.row("topic_community_month", "community", cs[k], "month", "2021-07", "topic_id", t + 1,
                            "topic_label", new String[] {"电动车充电", "违章搭建", "噪音扰民"}[t], "case_count", 3,
                            "share", 0.1, "district_count", t == 0 ? 9 : 5, "district_share", 0.1);
                }
            }
            f.write("marts", "topic_community_month", null);
            f.table("recurring_issues", schema(TopicMarts.RECURRING_ISSUES));
            f.row("recurring_issues", "as_of_month", "2021-08", "community", JUNAN, "place", "淮河新村", "topic_id", 1,
                    "topic_label", "电动车充电", "rule", "both", "is_flagged", true, "is_stopped", false, "window_months", 6,
                    "months_elevated", 4, "month_counts", List.of("2021-03:1", "2021-04:5", "2021-05:6", "2021-06:2", "2021-07:7", "2021-08:9"),
                    "current_count", 9, "expected_count", 2.5, "poisson_p", 0.0012, "cusum", 6.31, "cusum_threshold", 4.0,
                    "first_month", "2021-04", "example_case_ids", List.of("JN-0001", "JN-0007"));
            f.row("recurring_issues", "as_of_month", "2021-08", "community", YUANWANG, "topic_id", 2, "topic_label", "违章搭建",
                    "rule", "recurring", "is_flagged", false, "is_stopped", true, "stopped_since", "2021-07", "window_months", 6,
                    "months_elevated", 3, "month_counts", List.of("2021-03:4"), "current_count", 0, "expected_count", 1.0,
                    "poisson_p", 1.0, "cusum", 0.0, "cusum_threshold", 4.0, "first_month", "2021-03",
                    "example_case_ids", List.of("YW-0001"));
            // a one-month estate cluster (the 小区聚集 rule): 4 of the estate's cases, p = 0.00002 against A / m = 0.0002
            f.row("recurring_issues", "as_of_month", "2021-08", "community", YUANWANG, "place", "远望花园", "topic_id", 2,
                    "topic_label", "违章搭建", "rule", "cluster", "is_flagged", true, "is_stopped", false, "window_months", 6,
                    "months_elevated", 1, "month_counts", List.of("2021-07:0", "2021-08:4"), "current_count", 4,
                    "expected_count", 0.3, "poisson_p", 0.0003, "cusum", 1.2, "cusum_threshold", 4.0, "first_month", "2021-08",
                    "example_case_ids", List.of("YW-0001"), "cluster_p", 0.00002, "cluster_alpha", 0.0002);
            f.write("marts", "recurring_issues", null);

            // staged case texts (for the example cases and the overdue list); the contract masks them already,
            // the report masks again: 13812345678 here must not reach any output.
            f.table("cases", schema(Contract.CASES));
            f.row("cases", "case_id", "JN-0001", "source", "sample-district", "title", EVIL_TITLE, "description", "楼道里有人飞线充电",
                    "received_month", "2021-08");
            f.row("cases", "case_id", "JN-0007", "source", "sample-district", "title", "充电桩不够用", "description",
                    "身份证340402199001011234的居民反映", "received_month", "2021-08");
            f.write("staged", "cases", "received_month");
        }
        Files.createDirectories(lake.resolve("quality"));
        Files.writeString(lake.resolve("quality/ingest-summary.json"), """
                {
                  "source" : "sample-district",
                  "profile" : "sample-district",
                  "as_of" : "2021-09-01T00:00",
                  "reject_threshold" : 0.05,
                  "staged_updated" : true,
                  "totals" : { "read" : 1010, "staged" : 1000, "rejected" : 10 },
                  "rejects_by_reason" : { "MISSING_REQUIRED" : 3, "UNKNOWN_COMMUNITY" : 7 },
                  "normalisations" : { "default:community" : 14, "control_characters_removed:description" : 2,
                    "control_characters_removed:title" : 1 },
                  "missing_headers" : [ "cases.csv: resolved_at (办结时间)" ],
                  "unspecified_place" : 12,
                  "files" : [ {
                    "file" : "cases.csv", "table" : "cases", "encoding" : "UTF-8", "read" : 810, "staged" : 800, "rejected" : 10,
                    "rejected_share" : 0.0123, "rejects_by_reason" : { "MISSING_REQUIRED" : 3, "UNKNOWN_COMMUNITY" : 7 },
                    "normalisations" : { "default:community" : 14 }, "ignored_headers" : [ "完成时间" ],
                    "missing_headers" : [ "resolved_at (办结时间)" ]
                  }, {
                    "file" : "surveys.csv", "table" : "surveys", "encoding" : "GB18030", "read" : 200, "staged" : 200, "rejected" : 0,
                    "rejected_share" : 0.0, "rejects_by_reason" : { }, "normalisations" : { }, "ignored_headers" : [ ]
                  } ],
                  "communities" : [ ],
                  "cases" : { "staged" : 800, "received_from" : "2020-09-01T08:00", "received_to" : "2021-08-31T20:00",
                    "missing_by_stage" : { "dispatched_at" : { "missing" : 40, "of" : 800, "share" : 0.05 } }, "months_written" : [ ] },
                  "surveys" : { "staged" : 200 }
                }
                """);
    }

    private static void community(FixtureLake f, String c, long cases, long rn, long rd, long on, long od, long sn, long sd,
                                  double mn, long md, double composite, double eb, double ebLo, double ebHi, boolean ranked,
                                  Integer rank, Integer rankLo, Integer rankHi, Integer rankPrev, double kmP50) throws Exception {
        f.row("community_month", "assessment_month", "2021-08", "community", c, "street", "大通街道",
                "as_of_at", "2021-09-01 00:00:00", "is_month_complete", true, "cases_count", cases,
                "response_num", rn, "response_den", rd, "response_rate", (double) rn / rd,
                "response_rate_lo", Math.round((double) rn / rd * 100 - 13) / 100.0, "response_rate_hi", Math.min(1, Math.round((double) rn / rd * 100 + 6) / 100.0),
                "on_time_num", on, "on_time_den", od, "on_time_rate", (double) on / od,
                "resolution_num", sn, "resolution_den", sd, "resolution_rate", (double) sn / sd,
                "resolution_funnel_zone", c.equals(YUANWANG) ? "low_95" : "in_control",
                "satisfaction_num", mn, "satisfaction_den", md, "satisfaction_rate", mn / md, "satisfaction_funnel_zone", c.equals(XINZHUANG) ? "high_95" : "in_control",
                "composite_score", composite, "composite_score_eb", eb, "composite_score_eb_lo", ebLo, "composite_score_eb_hi", ebHi,
                "is_ranked", ranked, "unranked_reason", ranked ? null : "below_min_volume", "rank", rank, "rank_lo", rankLo,
                "rank_hi", rankHi, "ranked_count", 2, "rank_prev", rankPrev, "resolve_hours_km_p50", kmP50,
                "response_funnel_zone", "in_control", "on_time_funnel_zone", c.equals(YUANWANG) ? "low_998" : "in_control",
                "surveys_count", sd,
                "window_end_at", "2021-09-01 00:00:00",
                "open_overdue_count", c.equals(JUNAN) ? 2 : 0, "backlog_overdue_count", c.equals(JUNAN) ? 2 : c.equals(XINZHUANG) ? 1 : 0);
    }

    private static void communityWithoutSurveys(FixtureLake f, String c, long cases, long rn, long rd, long on, long od,
                                                double onTimeEb, String reason, double kmP50) throws Exception {
        f.row("community_month", "assessment_month", "2021-08", "community", c, "street", "大通街道",
                "as_of_at", "2021-09-05 09:13:00", "window_end_at", "2021-09-01 00:00:00", "is_month_complete", true,
                "cases_count", cases, "response_num", rn, "response_den", rd, "response_rate", (double) rn / rd,
                "on_time_num", on, "on_time_den", od, "on_time_rate", (double) on / od, "on_time_rate_eb", onTimeEb,
                "response_funnel_zone", "in_control", "on_time_funnel_zone", "in_control",
                "is_ranked", false, "unranked_reason", reason, "ranked_count", 0, "resolve_hours_km_p50", kmP50,
                "open_overdue_count", c.equals(JUNAN) ? 2 : 0, "backlog_overdue_count", c.equals(JUNAN) ? 2 : c.equals(XINZHUANG) ? 1 : 0);
    }
}
