package io.minqing.contract.marts;

import static io.minqing.contract.Column.coded;
import static io.minqing.contract.Column.optional;
import static io.minqing.contract.Column.required;
import static io.minqing.contract.ColumnType.BOOLEAN;
import static io.minqing.contract.ColumnType.DOUBLE;
import static io.minqing.contract.ColumnType.INT;
import static io.minqing.contract.ColumnType.LONG;
import static io.minqing.contract.ColumnType.STRING;
import static io.minqing.contract.ColumnType.STRING_LIST;
import static io.minqing.contract.ColumnType.TIMESTAMP;

import io.minqing.contract.Codes;
import io.minqing.contract.Column;
import io.minqing.contract.ColumnType;
import io.minqing.contract.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The metric marts written by {@code minqing transform} under {@code lake/marts/<table>/}: their names, grain and
 * columns. Reports and notebooks-data (DuckDB, no Spark) build against these; {@code docs/metrics.md} documents the
 * same columns with the formulas and is kept in step by {@code MetricsDocumentTest}.
 *
 * <p>Conventions: rates are fractions 0–1 stored next to their numerator ({@code _num}) and denominator
 * ({@code _den}), with the Wilson 95% interval ({@code _lo}, {@code _hi}); {@code _eb} is the empirical-Bayes
 * (beta-binomial) shrunk rate used for ranking; durations are hours as DOUBLE; times are district wall-clock
 * {@code TIMESTAMP}s; {@code assessment_month} is the assessment window label yyyy-MM (see docs/metrics.md).
 */
public final class MetricMarts {

    /** The four rates that get Wilson intervals, shrinkage and funnel limits, in report order. */
    public static final List<String> RANKED_RATES = List.of("response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate");

    /** Zones of a unit against the funnel limits at its denominator. */
    public static final List<String> FUNNEL_ZONES = List.of("high_998", "high_95", "in_control", "low_95", "low_998");

    /** Why a community is not ranked in a month. */
    public static final List<String> UNRANKED_REASONS = List.of("below_min_volume", "missing_component");

    public static final TableSchema CASE_FACTS = new TableSchema("case_facts",
            "one row per staged case, with the facts derived at the as-of cut-off", List.of(
            required("source", "来源", STRING, "Source system of the case (staged cases.source)."),
            required("case_id", "件号", STRING, "Case identifier, unique together with source."),
            optional("street", "街道", STRING, "Sub-district of the community."),
            required("community", "社区", STRING, "Canonical community name."),
            coded("channel", "收件渠道", false, "How the request was received.", Codes.Channel.class),
            required("is_proactive", "主动发现", BOOLEAN, "Found by workers on their rounds (proactive) rather than raised by a resident (reactive)."),
            coded("priority", "紧急程度", false, "Time-limit class of the case.", Codes.Priority.class),
            coded("status", "办理状态", false, "Status in the source at export time.", Codes.Status.class),
            coded("handler_type", "快递员类型", true, "Kind of handler (快递员).", Codes.HandlerType.class),
            optional("handler_key", "快递员标识", STRING, "Keyed pseudonym of the handler."),
            coded("escalation_level", "办理层级", false, "Level the case was settled at.", Codes.EscalationLevel.class),
            required("departments", "协办单位", STRING_LIST, "Co-handling departments; empty when none."),
            required("received_at", "收件时间", TIMESTAMP, "When the request was received (收件)."),
            optional("dispatched_at", "派件时间", TIMESTAMP, "When it was dispatched (派件); null if not dispatched by the as-of cut-off."),
            optional("resolved_at", "办结时间", TIMESTAMP, "When staff closed it (办结); null if not closed by the as-of cut-off."),
            optional("feedback_at", "反馈时间", TIMESTAMP, "When the result was fed back (反馈); null if not by the as-of cut-off."),
            optional("due_at", "办理时限(记录)", TIMESTAMP, "Deadline as recorded by the source, unchanged."),
            required("limit_due_at", "适用办理时限", TIMESTAMP, "Deadline that applies: due_at when recorded (and after received_at), else received_at + the configured limit of the priority (urgent 2 h, normal 168 h, complex 360 h)."),
            required("limit_hours", "适用时限(小时)", DOUBLE, "limit_due_at − received_at, in hours."),
            coded("limit_source", "时限来源", false, "Where limit_due_at came from: the recorded due_at or the configured limit by priority.", LimitSource.class),
            required("dispatch_due_at", "派件时限", TIMESTAMP, "received_at + the configured dispatch limit (sla.dispatch-hours, default 24 h)."),
            optional("dispatch_hours", "收件至派件(小时)", DOUBLE, "dispatched_at − received_at in hours (收件→派件); null when not dispatched."),
            optional("handle_hours", "派件至办结(小时)", DOUBLE, "resolved_at − dispatched_at in hours (派件→办结); null unless both happened."),
            optional("resolve_hours", "收件至办结(小时)", DOUBLE, "resolved_at − received_at in hours (收件→办结); null while open."),
            optional("feedback_hours", "办结至反馈(小时)", DOUBLE, "feedback_at − resolved_at in hours (办结→反馈); null unless both happened."),
            required("age_hours", "在办/办结用时(小时)", DOUBLE, "Kaplan–Meier time: resolve_hours when closed, else as_of_at − received_at (censored)."),
            required("is_counted", "计入考核", BOOLEAN, "False for withdrawn and duplicate cases, which no metric counts."),
            required("is_settled_on_spot", "即事即办", BOOLEAN, "Closed without a dispatch (即事即办): resolved_at set, dispatched_at null."),
            required("is_response_due", "派件时限已到", BOOLEAN, "dispatch_due_at < as_of_at: the response outcome is known, so the case counts in the 响应率 denominator."),
            required("is_responded_on_time", "按时响应", BOOLEAN, "coalesce(dispatched_at, resolved_at) ≤ dispatch_due_at: dispatched in time, or settled on the spot (即事即办, closed without a dispatch) within the dispatch limit."),
            required("is_closed", "已办结", BOOLEAN, "resolved_at is set (at or before the as-of cut-off)."),
            required("is_closed_on_time", "按期办结", BOOLEAN, "Closed at or before limit_due_at."),
            required("is_open", "在办", BOOLEAN, "Not closed at the as-of cut-off (counted cases only)."),
            required("is_overdue_open", "截至统计时点超期未办结", BOOLEAN, "Open and limit_due_at < as_of_at."),
            optional("survey_id", "测评编号", STRING, "The case's survey (the latest by surveyed_at, then survey_id, at or before the cut-off); null when not surveyed."),
            optional("surveyed_at", "测评时间", TIMESTAMP, "When that survey was taken."),
            optional("is_survey_contacted", "是否联系", BOOLEAN, "Survey answer: the handler contacted the resident."),
            optional("is_survey_resolved", "是否解决", BOOLEAN, "Survey answer: the resident says the problem was solved."),
            coded("survey_satisfaction", "满意度", true, "Survey answer: satisfaction verdict.", Codes.Satisfaction.class),
            required("as_of_at", "统计截止时间", TIMESTAMP, "The as-of cut-off of this run; later events are treated as not yet happened."),
            required("assessment_month", "考核月份", STRING, "Assessment window (yyyy-MM) that holds received_at; the Parquet partition folder.")
    ), "assessment_month");

    public static final TableSchema COMMUNITY_MONTH = new TableSchema("community_month",
            "one row per community × assessment month (every community in every month from the first to the as-of month)",
            monthColumns(true), null);

    public static final TableSchema DISTRICT_MONTH = new TableSchema("district_month",
            "one row per assessment month for the whole district (all communities pooled)",
            monthColumns(false), null);

    public static final TableSchema HANDLER_MONTH = new TableSchema("handler_month",
            "one row per assessment month × handler type (handler_key null) and per assessment month × handler", List.of(
            required("assessment_month", "考核月份", STRING, "Assessment window of received_at, yyyy-MM."),
            coded("handler_type", "快递员类型", false, "Kind of handler; cases with a handler_key but no type count as other.", Codes.HandlerType.class),
            optional("handler_key", "快递员标识", STRING, "Pseudonymous handler; null on the row that totals the handler type."),
            required("handlers_count", "快递员人数", LONG, "Distinct handler_key values in the group (1 on a handler row)."),
            required("cases_count", "派件量", LONG, "Counted cases received in the window with this handler type (and handler)."),
            required("closed_count", "办结量", LONG, "Of cases_count, closed by the cut-off."),
            required("open_overdue_count", "本月收件超期未办结", LONG, "Of cases_count, open and past limit_due_at at the cut-off."),
            required("on_time_num", "按期办结数", LONG, "Closed on time."),
            required("on_time_den", "按期办结率分母", LONG, "Closed on time + closed late + open overdue."),
            optional("on_time_rate", "按期办结率", DOUBLE, "on_time_num / on_time_den; null when the denominator is 0."),
            optional("on_time_rate_lo", "按期办结率下限", DOUBLE, "Wilson 95% lower bound of on_time_rate."),
            optional("on_time_rate_hi", "按期办结率上限", DOUBLE, "Wilson 95% upper bound of on_time_rate."),
            optional("handle_hours_p50", "派件至办结中位数", DOUBLE, "Median of handle_hours over closed dispatched cases (linear interpolation, R type 7)."),
            optional("handle_hours_p90", "派件至办结P90", DOUBLE, "90th percentile of handle_hours over closed dispatched cases (R type 7)."),
            optional("resolve_hours_km_p50", "办结用时KM中位数", DOUBLE, "Kaplan–Meier median of age_hours, open cases censored at the cut-off; null if the curve never reaches 0.5."),
            required("resolution_num", "解决数", LONG, "Case surveys answering is_resolved = true."),
            required("resolution_den", "解决率分母", LONG, "Case surveys with an is_resolved answer."),
            optional("resolution_rate", "解决率", DOUBLE, "resolution_num / resolution_den (surveys joined to the group's cases)."),
            required("satisfaction_num", "满意加权数", DOUBLE, "satisfied + w·basically_satisfied among the cases' surveys (w = satisfaction.basic-weight, default 0.9)."),
            required("satisfaction_den", "有效测评数", LONG, "Case surveys with a satisfaction answer."),
            optional("satisfaction_rate", "满意率", DOUBLE, "satisfaction_num / satisfaction_den.")
    ), null);

    public static final TableSchema DEPARTMENT_MONTH = new TableSchema("department_month",
            "one row per assessment month × escalation level × co-handling department, plus a row per month × level with department null (all cases at that level)", List.of(
            required("assessment_month", "考核月份", STRING, "Assessment window of received_at, yyyy-MM."),
            coded("escalation_level", "办理层级", false, "Level the case was settled at (community, street, district).", Codes.EscalationLevel.class),
            optional("department", "协办单位", STRING, "Co-handling department; null on the row for all cases of the level (a case with two departments counts once there, once under each department)."),
            required("cases_count", "件数", LONG, "Counted cases received in the window at this level (with this department)."),
            required("closed_count", "办结量", LONG, "Of cases_count, closed by the cut-off."),
            required("open_count", "在办量", LONG, "Of cases_count, open at the cut-off."),
            required("open_overdue_count", "本月收件超期未办结", LONG, "Of cases_count, open and past limit_due_at at the cut-off."),
            required("on_time_num", "按期办结数", LONG, "Closed on time."),
            required("on_time_den", "按期办结率分母", LONG, "Closed on time + closed late + open overdue."),
            optional("on_time_rate", "按期办结率", DOUBLE, "on_time_num / on_time_den; null when the denominator is 0."),
            optional("on_time_rate_lo", "按期办结率下限", DOUBLE, "Wilson 95% lower bound of on_time_rate."),
            optional("on_time_rate_hi", "按期办结率上限", DOUBLE, "Wilson 95% upper bound of on_time_rate."),
            optional("resolve_hours_p50", "办结用时中位数", DOUBLE, "Median resolve_hours of closed cases (R type 7)."),
            optional("resolve_hours_p90", "办结用时P90", DOUBLE, "90th percentile of resolve_hours of closed cases (R type 7)."),
            optional("resolve_hours_km_p50", "办结用时KM中位数", DOUBLE, "Kaplan–Meier median of age_hours, open cases censored at the cut-off."),
            optional("resolve_hours_km_p90", "办结用时KM P90", DOUBLE, "Kaplan–Meier 90th percentile (time by which 90% are closed); null if never reached."),
            required("resolution_num", "解决数", LONG, "Case surveys answering is_resolved = true."),
            required("resolution_den", "解决率分母", LONG, "Case surveys with an is_resolved answer."),
            optional("resolution_rate", "解决率", DOUBLE, "resolution_num / resolution_den."),
            required("satisfaction_num", "满意加权数", DOUBLE, "satisfied + w·basically_satisfied among the cases' surveys."),
            required("satisfaction_den", "有效测评数", LONG, "Case surveys with a satisfaction answer."),
            optional("satisfaction_rate", "满意率", DOUBLE, "satisfaction_num / satisfaction_den.")
    ), null);

    public static final TableSchema KM_CURVE = new TableSchema("km_curve",
            "one row per unit (community or district) × assessment month × point of a fixed time grid", List.of(
            coded("level", "层级", false, "district: all communities pooled; community: one community.", Level.class),
            optional("community", "社区", STRING, "Community; null on district rows."),
            required("assessment_month", "考核月份", STRING, "Cohort: cases received in this assessment window."),
            required("time_hours", "时间(小时)", DOUBLE, "Grid point t: every 2 h up to 48 h, then every 12 h up to 720 h."),
            required("survival", "未办结比例", DOUBLE, "Kaplan–Meier S(t): estimated share of the cohort still open t hours after receipt, open cases censored at the cut-off."),
            required("at_risk", "风险集", LONG, "Cases with age_hours ≥ t (still open and observed just before t)."),
            required("events", "累计办结", LONG, "Cases closed within t hours (resolve_hours ≤ t)."),
            required("censored", "累计删失", LONG, "Open cases censored at or before t (age_hours ≤ t, not closed).")
    ), null);

    public static final TableSchema FUNNEL_MONTH = new TableSchema("funnel_month",
            "one row per assessment month × rate × denominator value of a grid (every n up to 50, then steps of 5%, plus each community's n)", List.of(
            required("assessment_month", "考核月份", STRING, "Assessment window, yyyy-MM."),
            new Column("metric", "指标", STRING, false, "The rate the limits are for.", RANKED_RATES),
            required("den", "分母", LONG, "Denominator n (the funnel's x axis)."),
            required("target", "目标值", DOUBLE, "Pooled district rate θ = Σ num / Σ den over communities in the month."),
            required("lo95", "95%下限", DOUBLE, "Lower 95% limit at n (Spiegelhalter 2005; exact binomial with interpolation, or θ − 1.96·√(θ(1−θ)/n + τ²) when overdispersed), clipped to 0–1."),
            required("hi95", "95%上限", DOUBLE, "Upper 95% limit at n."),
            required("lo998", "99.8%下限", DOUBLE, "Lower 99.8% limit at n (z = 3.09)."),
            required("hi998", "99.8%上限", DOUBLE, "Upper 99.8% limit at n."),
            required("phi", "离散度φ", DOUBLE, "Winsorised overdispersion factor φ = mean of the squared 10%/90%-winsorised z-scores of the communities; 0 when k < 2 or θ is 0 or 1."),
            required("tau2", "τ²", DOUBLE, "Additive random-effects variance τ² (0 when not overdispersed)."),
            required("is_overdispersed", "是否过度离散", BOOLEAN, "k·φ exceeds the 95th percentile of χ² with k − 1 degrees of freedom (k = communities with n > 0), so the τ² limits are used."),
            required("units_count", "社区数", INT, "k: communities with a positive denominator in the month.")
    ), null);

    /** Every metric mart, in the order docs/metrics.md documents them. */
    public static final List<TableSchema> ALL = List.of(CASE_FACTS, COMMUNITY_MONTH, DISTRICT_MONTH, HANDLER_MONTH,
            DEPARTMENT_MONTH, KM_CURVE, FUNNEL_MONTH);

    /** Where limit_due_at came from. */
    public enum LimitSource implements io.minqing.contract.Coded {
        DUE_AT("记录时限"),
        PRIORITY("按紧急程度");

        private final String zh;

        LimitSource(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** Aggregation level of a km_curve row. */
    public enum Level implements io.minqing.contract.Coded {
        DISTRICT("全区"),
        COMMUNITY("社区");

        private final String zh;

        Level(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    private MetricMarts() {
    }

    private static List<Column> monthColumns(boolean community) {
        List<Column> c = new ArrayList<>();
        c.add(required("assessment_month", "考核月份", STRING, "Assessment window label yyyy-MM: calendar month by default; with assessment.cut-day d > 1, month M runs from day d of M−1 to day d−1 of M."));
        if (community) {
            c.add(optional("street", "街道", STRING, "Street of the community (the first by name if its cases name several)."));
            c.add(required("community", "社区", STRING, "Canonical community name."));
        }
        c.add(required("window_start_at", "考核起始", TIMESTAMP, "First instant of the assessment window (inclusive)."));
        c.add(required("window_end_at", "考核截止", TIMESTAMP, "End of the assessment window (exclusive)."));
        c.add(required("as_of_at", "统计截止时间", TIMESTAMP, "The as-of cut-off of the run."));
        c.add(required("is_month_complete", "考核期已结束", BOOLEAN, "window_end_at ≤ as_of_at; false for the running month, whose figures are provisional."));
        // volume
        c.add(required("cases_count", "收件量", LONG, "Counted cases (not withdrawn or duplicate) received in the window."));
        c.add(required("excluded_count", "撤回及重复件", LONG, "Withdrawn and duplicate cases received in the window; counted by no metric."));
        c.add(required("proactive_count", "主动发现件", LONG, "Of cases_count, is_proactive (found on workers' rounds)."));
        c.add(required("reactive_count", "居民反映件", LONG, "Of cases_count, raised by residents (not is_proactive)."));
        c.add(optional("proactive_share", "主动发现占比", DOUBLE, "proactive_count / cases_count."));
        for (Codes.Channel ch : Codes.Channel.values()) {
            c.add(required("channel_" + ch.code() + "_count", "渠道:" + ch.zh(), LONG, "Of cases_count, received through channel " + ch.code() + "."));
        }
        c.add(required("escalated_street_count", "上报街道件", LONG, "Of cases_count, settled at street level."));
        c.add(required("escalated_district_count", "上报区级件", LONG, "Of cases_count, settled at district level."));
        c.add(required("with_departments_count", "协办件", LONG, "Of cases_count, with at least one co-handling department."));
        c.add(required("backlog_count", "月末积压", LONG, "Stock at the window end (at the cut-off for the running month): counted cases received in or before the window and not closed in or before it."));
        c.add(required("backlog_overdue_count", "超期未办结", LONG, "The one overdue figure (超期未办结): of backlog_count, those whose limit_due_at lay before the window end (before the cut-off for the running month), whatever the receipt month."));
        // response
        c.add(required("settled_on_spot_count", "即事即办", LONG, "Of cases_count, closed without a dispatch (即事即办)."));
        rate(c, community, "response", "响应率", LONG,
                "Cases of response_den dispatched within the dispatch limit, or settled on the spot (closed without a dispatch) within it.",
                "Cases received in the window whose dispatch limit passed before the cut-off (is_response_due).",
                "response_num / response_den.");
        // on time
        rate(c, community, "on_time", "按期办结率", LONG,
                "Closed on time (resolved_at ≤ limit_due_at) among the window's cases.",
                "Closed on time + closed late + open overdue at the cut-off (open cases still inside their limit are not counted yet).",
                "on_time_num / on_time_den.");
        c.add(required("closed_late_count", "超期办结", LONG, "Of cases_count, closed after limit_due_at."));
        c.add(required("open_overdue_count", "本月收件超期未办结", LONG, "Of cases_count, open at the cut-off and past limit_due_at."));
        c.add(required("open_count", "在办", LONG, "Of cases_count, open at the cut-off."));
        // closure
        c.add(required("closure_num", "办结数", LONG, "Of cases_count, closed by staff (resolved_at) by the cut-off."));
        c.add(required("closure_den", "办结率分母", LONG, "cases_count."));
        c.add(optional("closure_rate", "办结率", DOUBLE, "closure_num / closure_den: staff's closure, not the resident's verdict."));
        c.add(optional("closure_rate_lo", "办结率下限", DOUBLE, "Wilson 95% lower bound of closure_rate."));
        c.add(optional("closure_rate_hi", "办结率上限", DOUBLE, "Wilson 95% upper bound of closure_rate."));
        // surveys
        c.add(required("surveys_count", "测评数", LONG, "Surveys of the community taken in the window (by surveyed_at), case-linked and general."));
        c.add(required("surveys_general_count", "一般测评数", LONG, "Of surveys_count, general surveys not tied to a case (case_id null)."));
        rate(c, community, "resolution", "解决率", LONG,
                "Surveys answering is_resolved = true.",
                "Surveys taken in the window with an is_resolved answer.",
                "resolution_num / resolution_den: the resident's word, kept apart from closure_rate.");
        c.add(required("satisfied_count", "满意", LONG, "Surveys in the window answering satisfied (满意)."));
        c.add(required("basically_satisfied_count", "基本满意", LONG, "Surveys in the window answering basically_satisfied (基本满意)."));
        c.add(required("dissatisfied_count", "不满意", LONG, "Surveys in the window answering dissatisfied (不满意)."));
        rate(c, community, "satisfaction", "满意率", DOUBLE,
                "satisfied_count + w·basically_satisfied_count, w = satisfaction.basic-weight (default 0.9).",
                "Valid surveys: satisfied + basically_satisfied + dissatisfied (satisfaction answered).",
                "satisfaction_num / satisfaction_den.");
        // composite
        c.add(optional("composite_score", "综合得分", DOUBLE, "w_r·response_rate + w_s·resolution_rate + w_m·satisfaction_rate (default 0.1/0.5/0.4); null when any component's denominator is 0."));
        if (community) {
            c.add(optional("composite_score_eb", "综合得分(收缩)", DOUBLE, "The same weights applied to the shrunk rates (_eb); the ranking score."));
            c.add(optional("composite_score_eb_lo", "综合得分下限", DOUBLE, "2.5th percentile of the composite over posterior draws of the three rates (95% credible interval)."));
            c.add(optional("composite_score_eb_hi", "综合得分上限", DOUBLE, "97.5th percentile of the composite over posterior draws."));
        }
        // times
        c.add(optional("dispatch_hours_p50", "派件用时中位数", DOUBLE, "Median dispatch_hours of the window's dispatched cases (R type 7)."));
        c.add(optional("dispatch_hours_p90", "派件用时P90", DOUBLE, "90th percentile of dispatch_hours (R type 7)."));
        c.add(optional("resolve_hours_p50", "办结用时中位数", DOUBLE, "Median resolve_hours of the window's closed cases (R type 7, as DuckDB quantile_cont); biased low while cases are open."));
        c.add(optional("resolve_hours_p90", "办结用时P90", DOUBLE, "90th percentile of resolve_hours of closed cases (R type 7)."));
        c.add(optional("resolve_hours_km_p50", "办结用时KM中位数", DOUBLE, "Kaplan–Meier median of age_hours, open cases censored at the cut-off; null when S(t) never falls to 0.5."));
        c.add(optional("resolve_hours_km_p90", "办结用时KM P90", DOUBLE, "Kaplan–Meier 90th percentile: smallest t with S(t) ≤ 0.1; null when never reached."));
        // ranking
        if (community) {
            c.add(required("is_ranked", "参与排名", BOOLEAN, "cases_count ≥ ranking.min-volume (default 15) and the ranking score exists."));
            c.add(new Column("unranked_reason", "未排名原因", STRING, true, "Why the community is not ranked; null when ranked.", UNRANKED_REASONS));
            c.add(optional("rank", "排名", INT, "1 = best by the ranking score (ranking.metric, default composite_score_eb) among ranked communities; ties by community name."));
            c.add(optional("rank_lo", "排名区间(优)", INT, "Best plausible rank: 2.5th percentile of the rank over ranking.simulations posterior draws."));
            c.add(optional("rank_hi", "排名区间(差)", INT, "Worst plausible rank: 97.5th percentile of the simulated rank."));
            c.add(required("ranked_count", "排名社区数", INT, "Communities ranked in the month."));
            c.add(optional("rank_prev", "上月排名", INT, "rank in the previous assessment month."));
        }
        // change
        c.add(optional("cases_mom", "收件量环比", DOUBLE, "cases_count / cases_count of the previous month − 1 (relative change); null when that was 0."));
        c.add(optional("cases_yoy", "收件量同比", DOUBLE, "cases_count / cases_count of the same month a year earlier − 1."));
        for (String r : List.of("response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate", "composite_score")) {
            String zh = switch (r) {
                case "response_rate" -> "响应率";
                case "on_time_rate" -> "按期办结率";
                case "resolution_rate" -> "解决率";
                case "satisfaction_rate" -> "满意率";
                default -> "综合得分";
            };
            c.add(optional(r + "_mom", zh + "环比", DOUBLE, r + " − its value in the previous month (difference in fraction points); null when either is null."));
            c.add(optional(r + "_yoy", zh + "同比", DOUBLE, r + " − its value in the same month a year earlier; null when either is null."));
        }
        return c;
    }

    private static void rate(List<Column> c, boolean community, String stem, String zh, ColumnType numType,
                             String num, String den, String formula) {
        c.add(required(stem + "_num", zh + "分子", numType, num));
        c.add(required(stem + "_den", zh + "分母", LONG, den));
        c.add(optional(stem + "_rate", zh, DOUBLE, formula + " Null when the denominator is 0."));
        c.add(optional(stem + "_rate_lo", zh + "下限", DOUBLE, "Wilson score 95% lower bound of " + stem + "_rate."));
        c.add(optional(stem + "_rate_hi", zh + "上限", DOUBLE, "Wilson score 95% upper bound of " + stem + "_rate."));
        if (community) {
            c.add(optional(stem + "_rate_eb", zh + "(收缩)", DOUBLE, "Empirical-Bayes shrunk rate (num + α) / (den + α + β), beta prior fitted by moments to the month's communities."));
            c.add(new Column(stem + "_funnel_zone", zh + "漏斗区", STRING, true, "Exact two-sided mid-p test of " + stem + "_num of " + stem + "_den against the district rate (funnel_month target; beta-binomial with τ² when overdispersed): _95 at p < 0.05, _998 at p < 0.002.", FUNNEL_ZONES));
        }
    }
}
