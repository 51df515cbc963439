package io.minqing.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written DuckDB counterparts: what an analyst would write instead of running minqing.
 *
 * <ul>
 *   <li><b>ingest</b>: {@code COPY (SELECT * FROM read_csv(...)) TO … (FORMAT parquet)} for cases.csv and surveys.csv
 *   — type sniffing and Parquet only; no validation, rejects, pseudonyms or masking, which minqing's ingest does.</li>
 *   <li><b>metrics</b>: on the same staged Parquet, the case facts (limits, durations, flags, latest survey) written as
 *   Parquet, and community_month's counts, numerators and denominators, rates, backlog stocks and EXACT
 *   {@code quantile_cont} median / P90 of the dispatch and resolve hours, written as Parquet — with the default
 *   configuration of docs/metrics.md (calendar months, 24 h dispatch limit, 2/168/360 h handling limits, recorded
 *   due_at used, 基本满意 weight 0.9). Not included: Wilson intervals, shrinkage, funnels, rank simulation, Kaplan–Meier,
 *   handler/department marts (small or driver-side work in minqing's transform).</li>
 * </ul>
 */
public final class DuckSql {

    /** Channel codes, as in the contract's Codes.Channel (listed here so the DuckDB process needs no minqing class). */
    static final List<String> CHANNELS = List.of("hotline", "email", "qq_group", "wechat_group", "diary", "contact_card",
            "mailbox", "meeting", "web", "other");

    private DuckSql() {
    }

    static String lit(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** The ingest counterpart for one CSV file. */
    public static String copyCsvToParquet(Path csv, Path parquet) {
        return "COPY (SELECT * FROM read_csv(" + lit(csv) + ", header = true)) TO " + lit(parquet) + " (FORMAT parquet)";
    }

    /** Views over the staged tables of a lake (hive-partitioned Parquet, as minqing ingest writes them). */
    public static List<String> stagedViews(Path lake) {
        return List.of(
                "CREATE OR REPLACE VIEW staged_cases AS SELECT * FROM read_parquet(" + lit(lake.resolve("staged/cases").resolve("**/*.parquet"))
                        + ", hive_partitioning = true)",
                "CREATE OR REPLACE VIEW staged_surveys AS SELECT * FROM read_parquet(" + lit(lake.resolve("staged/surveys").resolve("**/*.parquet"))
                        + ", hive_partitioning = true)");
    }

    /** The default cut-off, as minqing transform takes it: the latest event time in the staged data. */
    public static final String AS_OF = "SELECT greatest((SELECT max(greatest(received_at, dispatched_at, resolved_at, feedback_at)) FROM staged_cases), "
            + "(SELECT max(surveyed_at) FROM staged_surveys))";

    static String hours(String from, String to) {
        return "CAST(date_diff('microsecond', " + from + ", " + to + ") AS DOUBLE) / 3600000000.0::DOUBLE";
    }

    /** case_facts as a table {@code facts}, cut off at {@code asOf} (a TIMESTAMP literal such as TIMESTAMP '2021-09-05 10:00:00'). */
    public static String caseFacts(String asOf) {
        String a = asOf;
        return "CREATE OR REPLACE TEMP TABLE facts AS\n"
                + "WITH c AS (\n"
                + "  SELECT source, case_id, street, community, channel, is_proactive, priority, status, handler_type, handler_key,\n"
                + "         escalation_level, departments, received_at,\n"
                + "         CASE WHEN dispatched_at <= " + a + " THEN dispatched_at END AS dispatched_at,\n"
                + "         CASE WHEN resolved_at <= " + a + " THEN resolved_at END AS resolved_at,\n"
                + "         CASE WHEN feedback_at <= " + a + " THEN feedback_at END AS feedback_at,\n"
                + "         due_at\n"
                + "  FROM staged_cases WHERE received_at <= " + a + "),\n"
                + "l AS (\n"
                + "  SELECT *,\n"
                + "         CASE WHEN due_at IS NOT NULL AND due_at > received_at THEN due_at\n"
                + "              ELSE received_at + CASE priority WHEN 'urgent' THEN INTERVAL 2 HOUR WHEN 'complex' THEN INTERVAL 360 HOUR\n"
                + "                                               ELSE INTERVAL 168 HOUR END END AS limit_due_at,\n"
                + "         CASE WHEN due_at IS NOT NULL AND due_at > received_at THEN 'due_at' ELSE 'priority' END AS limit_source,\n"
                + "         received_at + INTERVAL 24 HOUR AS dispatch_due_at,\n"
                + "         status NOT IN ('withdrawn', 'duplicate') AS is_counted\n"
                + "  FROM c),\n"
                + "s AS (\n"
                + "  SELECT source AS s_source, case_id AS s_case_id,\n"
                + "         arg_max({'survey_id': survey_id, 'surveyed_at': surveyed_at, 'is_contacted': is_contacted,\n"
                + "                  'is_resolved': is_resolved, 'satisfaction': satisfaction}, (surveyed_at, survey_id)) AS sv\n"
                + "  FROM staged_surveys WHERE case_id IS NOT NULL AND surveyed_at <= " + a + "\n"
                + "  GROUP BY ALL)\n"
                + "SELECT source, case_id, street, community, channel, is_proactive, priority, status, handler_type, handler_key,\n"
                + "       escalation_level, departments, received_at, dispatched_at, resolved_at, feedback_at, due_at,\n"
                + "       limit_due_at, " + hours("received_at", "limit_due_at") + " AS limit_hours, limit_source, dispatch_due_at,\n"
                + "       " + hours("received_at", "dispatched_at") + " AS dispatch_hours,\n"
                + "       " + hours("dispatched_at", "resolved_at") + " AS handle_hours,\n"
                + "       " + hours("received_at", "resolved_at") + " AS resolve_hours,\n"
                + "       " + hours("resolved_at", "feedback_at") + " AS feedback_hours,\n"
                + "       " + hours("received_at", "coalesce(resolved_at, " + a + ")") + " AS age_hours,\n"
                + "       is_counted,\n"
                + "       (dispatched_at IS NULL AND resolved_at IS NOT NULL) AS is_settled_on_spot,\n"
                + "       (dispatch_due_at < " + a + ") AS is_response_due,\n"
                + "       coalesce(coalesce(dispatched_at, resolved_at) <= dispatch_due_at, false) AS is_responded_on_time,\n"
                + "       (resolved_at IS NOT NULL) AS is_closed,\n"
                + "       coalesce(resolved_at <= limit_due_at, false) AS is_closed_on_time,\n"
                + "       (is_counted AND resolved_at IS NULL) AS is_open,\n"
                + "       (is_counted AND resolved_at IS NULL AND limit_due_at < " + a + ") AS is_overdue_open,\n"
                + "       sv.survey_id AS survey_id, sv.surveyed_at AS surveyed_at, sv.is_contacted AS is_survey_contacted,\n"
                + "       sv.is_resolved AS is_survey_resolved, sv.satisfaction AS survey_satisfaction,\n"
                + "       " + a + " AS as_of_at, strftime(received_at, '%Y-%m') AS assessment_month\n"
                + "FROM l LEFT JOIN s ON l.source = s.s_source AND l.case_id = s.s_case_id";
    }

    /** community_month's counted columns, from {@code facts} and {@code staged_surveys}, as a table {@code community_month}. */
    public static String communityMonth(String asOf) {
        String a = asOf;
        List<String> counts = new ArrayList<>(List.of(
                "count(*) FILTER (WHERE is_counted) AS cases_count",
                "count(*) FILTER (WHERE NOT is_counted) AS excluded_count",
                "count(*) FILTER (WHERE is_counted AND is_proactive) AS proactive_count"));
        for (String ch : CHANNELS) {
            counts.add("count(*) FILTER (WHERE is_counted AND channel = '" + ch + "') AS channel_" + ch + "_count");
        }
        counts.addAll(List.of(
                "count(*) FILTER (WHERE is_counted AND escalation_level = 'street') AS escalated_street_count",
                "count(*) FILTER (WHERE is_counted AND escalation_level = 'district') AS escalated_district_count",
                "count(*) FILTER (WHERE is_counted AND len(list_filter(departments, lambda x: x IS NOT NULL)) > 0) AS with_departments_count",
                "count(*) FILTER (WHERE is_counted AND is_settled_on_spot) AS settled_on_spot_count",
                "count(*) FILTER (WHERE is_counted AND is_response_due AND is_responded_on_time) AS response_num",
                "count(*) FILTER (WHERE is_counted AND is_response_due) AS response_den",
                "count(*) FILTER (WHERE is_counted AND is_closed_on_time) AS on_time_num",
                "count(*) FILTER (WHERE is_counted AND is_closed AND NOT is_closed_on_time) AS closed_late_count",
                "count(*) FILTER (WHERE is_overdue_open) AS open_overdue_count",
                "count(*) FILTER (WHERE is_open) AS open_count",
                "count(*) FILTER (WHERE is_counted AND is_closed) AS closure_num",
                "quantile_cont(dispatch_hours, 0.5) FILTER (WHERE is_counted) AS dispatch_hours_p50",
                "quantile_cont(dispatch_hours, 0.9) FILTER (WHERE is_counted) AS dispatch_hours_p90",
                "quantile_cont(resolve_hours, 0.5) FILTER (WHERE is_counted) AS resolve_hours_p50",
                "quantile_cont(resolve_hours, 0.9) FILTER (WHERE is_counted) AS resolve_hours_p90"));
        String becameOverdue = "(limit_due_at < " + a + " AND (resolved_at IS NULL OR resolved_at > limit_due_at))";
        return "CREATE OR REPLACE TEMP TABLE community_month AS\n"
                + "WITH counts AS (\n"
                + "  SELECT assessment_month, community,\n    " + String.join(",\n    ", counts) + "\n"
                + "  FROM facts GROUP BY assessment_month, community),\n"
                + "surveys AS (\n"
                + "  SELECT strftime(surveyed_at, '%Y-%m') AS assessment_month, community,\n"
                + "         count(*) AS surveys_count, count(*) FILTER (WHERE case_id IS NULL) AS surveys_general_count,\n"
                + "         count(*) FILTER (WHERE is_resolved) AS resolution_num, count(is_resolved) AS resolution_den,\n"
                + "         count(*) FILTER (WHERE satisfaction = 'satisfied') AS satisfied_count,\n"
                + "         count(*) FILTER (WHERE satisfaction = 'basically_satisfied') AS basically_satisfied_count,\n"
                + "         count(*) FILTER (WHERE satisfaction = 'dissatisfied') AS dissatisfied_count\n"
                + "  FROM staged_surveys WHERE surveyed_at <= " + a + " GROUP BY ALL),\n"
                // stock flows: closures by the month of resolved_at; overdue entries by the month of limit_due_at,
                // exits by the month of resolved_at (cases that became overdue before the cut-off)
                + "flows AS (\n"
                + "  SELECT community, m,\n"
                + "         count(*) FILTER (WHERE k = 'close') AS closed, count(*) FILTER (WHERE k = 'od_in') AS od_in,\n"
                + "         count(*) FILTER (WHERE k = 'od_out') AS od_out\n"
                + "  FROM (SELECT community, 'close' AS k, strftime(resolved_at, '%Y-%m') AS m FROM facts WHERE is_counted AND resolved_at IS NOT NULL\n"
                + "        UNION ALL SELECT community, 'od_in', strftime(limit_due_at, '%Y-%m') FROM facts WHERE is_counted AND " + becameOverdue + "\n"
                + "        UNION ALL SELECT community, 'od_out', strftime(resolved_at, '%Y-%m') FROM facts\n"
                + "                  WHERE is_counted AND " + becameOverdue + " AND resolved_at IS NOT NULL)\n"
                + "  GROUP BY ALL),\n"
                + "months AS (\n"
                + "  SELECT strftime(m, '%Y-%m') AS assessment_month, m AS window_start_at, m + INTERVAL 1 MONTH AS window_end_at\n"
                + "  FROM generate_series((SELECT date_trunc('month', min(received_at)) FROM facts)::TIMESTAMP,\n"
                + "                       date_trunc('month', " + a + ")::TIMESTAMP, INTERVAL 1 MONTH) t(m)),\n"
                + "streets AS (\n"
                + "  SELECT community, arg_max(street, n) AS street FROM (\n"
                + "    SELECT community, street, count(*) AS n FROM facts WHERE street IS NOT NULL GROUP BY ALL) GROUP BY ALL),\n"
                + "grid AS (SELECT * FROM months CROSS JOIN (SELECT DISTINCT community FROM facts)),\n"
                + "joined AS (\n"
                + "  SELECT g.assessment_month, st.street, g.community, g.window_start_at, g.window_end_at, " + a + " AS as_of_at,\n"
                + "         g.window_end_at <= " + a + " AS is_month_complete, c.* EXCLUDE (assessment_month, community),\n"
                + "         s.* EXCLUDE (assessment_month, community), f.closed AS flow_closed, f.od_in, f.od_out\n"
                + "  FROM grid g\n"
                + "  LEFT JOIN streets st ON st.community = g.community\n"
                + "  LEFT JOIN counts c ON c.assessment_month = g.assessment_month AND c.community = g.community\n"
                + "  LEFT JOIN surveys s ON s.assessment_month = g.assessment_month AND s.community = g.community\n"
                + "  LEFT JOIN flows f ON f.m = g.assessment_month AND f.community = g.community),\n"
                + "filled AS (\n"
                + "  SELECT * REPLACE (" + zeroFilled(counts) + ",\n"
                + "         coalesce(surveys_count, 0) AS surveys_count, coalesce(surveys_general_count, 0) AS surveys_general_count,\n"
                + "         coalesce(resolution_num, 0) AS resolution_num, coalesce(resolution_den, 0) AS resolution_den,\n"
                + "         coalesce(satisfied_count, 0) AS satisfied_count, coalesce(basically_satisfied_count, 0) AS basically_satisfied_count,\n"
                + "         coalesce(dissatisfied_count, 0) AS dissatisfied_count,\n"
                + "         coalesce(flow_closed, 0) AS flow_closed, coalesce(od_in, 0) AS od_in, coalesce(od_out, 0) AS od_out)\n"
                + "  FROM joined)\n"
                + "SELECT assessment_month, street, community, window_start_at, window_end_at, as_of_at, is_month_complete,\n"
                + "       cases_count, excluded_count, proactive_count, cases_count - proactive_count AS reactive_count,\n"
                + "       proactive_count / nullif(cases_count, 0) AS proactive_share,\n"
                + "       " + channelColumns() + ",\n"
                + "       escalated_street_count, escalated_district_count, with_departments_count,\n"
                + "       sum(cases_count - flow_closed) OVER w AS backlog_count,\n"
                + "       sum(od_in - od_out) OVER w AS backlog_overdue_count,\n"
                + "       settled_on_spot_count,\n"
                + "       response_num, response_den, response_num / nullif(response_den, 0) AS response_rate,\n"
                + "       on_time_num, on_time_num + closed_late_count + open_overdue_count AS on_time_den,\n"
                + "       on_time_num / nullif(on_time_num + closed_late_count + open_overdue_count, 0) AS on_time_rate,\n"
                + "       closed_late_count, open_overdue_count, open_count,\n"
                + "       closure_num, cases_count AS closure_den, closure_num / nullif(cases_count, 0) AS closure_rate,\n"
                + "       surveys_count, surveys_general_count,\n"
                + "       resolution_num, resolution_den, resolution_num / nullif(resolution_den, 0) AS resolution_rate,\n"
                + "       satisfied_count, basically_satisfied_count, dissatisfied_count,\n"
                + "       satisfied_count + 0.9::DOUBLE * basically_satisfied_count AS satisfaction_num,\n"
                + "       satisfied_count + basically_satisfied_count + dissatisfied_count AS satisfaction_den,\n"
                + "       (satisfied_count + 0.9::DOUBLE * basically_satisfied_count)\n"
                + "           / nullif(satisfied_count + basically_satisfied_count + dissatisfied_count, 0) AS satisfaction_rate,\n"
                + "       0.1::DOUBLE * response_num / nullif(response_den, 0) + 0.5::DOUBLE * resolution_num / nullif(resolution_den, 0)\n"
                + "           + 0.4::DOUBLE * (satisfied_count + 0.9::DOUBLE * basically_satisfied_count)\n"
                + "             / nullif(satisfied_count + basically_satisfied_count + dissatisfied_count, 0) AS composite_score,\n"
                + "       dispatch_hours_p50, dispatch_hours_p90, resolve_hours_p50, resolve_hours_p90\n"
                + "FROM filled\n"
                + "WINDOW w AS (PARTITION BY community ORDER BY assessment_month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)\n"
                + "ORDER BY assessment_month, community";
    }

    private static String zeroFilled(List<String> counts) {
        List<String> out = new ArrayList<>();
        for (String c : counts) {
            String name = c.substring(c.lastIndexOf(" AS ") + 4);
            if (c.startsWith("count(")) {
                out.add("coalesce(" + name + ", 0) AS " + name);
            }
        }
        return String.join(", ", out);
    }

    private static String channelColumns() {
        List<String> out = new ArrayList<>();
        for (String ch : CHANNELS) {
            out.add("channel_" + ch + "_count");
        }
        return String.join(", ", out);
    }

    /** The columns both engines write, which the harness compares after a run (counts exactly, doubles to 1e-9). */
    public static List<String> comparedColumns() {
        List<String> cols = new ArrayList<>(List.of("cases_count", "excluded_count", "proactive_count", "reactive_count"));
        cols.addAll(CHANNELS.stream().map(ch -> "channel_" + ch + "_count").toList());
        cols.addAll(List.of("escalated_street_count", "escalated_district_count", "with_departments_count", "backlog_count",
                "backlog_overdue_count", "settled_on_spot_count", "response_num", "response_den", "response_rate", "on_time_num",
                "on_time_den", "on_time_rate", "closed_late_count", "open_overdue_count", "open_count", "closure_num", "closure_den",
                "closure_rate", "surveys_count", "surveys_general_count", "resolution_num", "resolution_den", "resolution_rate",
                "satisfied_count", "basically_satisfied_count", "dissatisfied_count", "satisfaction_num", "satisfaction_den",
                "satisfaction_rate", "composite_score", "dispatch_hours_p50", "dispatch_hours_p90", "resolve_hours_p50",
                "resolve_hours_p90"));
        return cols;
    }
}
