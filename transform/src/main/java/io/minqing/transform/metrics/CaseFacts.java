package io.minqing.transform.metrics;

import io.minqing.contract.marts.MetricMarts;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Staged cases + surveys → {@code case_facts} (one row per case, facts at the as-of cut-off). A pure Dataset
 * transformation: no reading or writing here. Definitions: docs/metrics.md.
 */
public final class CaseFacts {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private CaseFacts() {
    }

    /** A TIMESTAMP_NTZ SQL literal of t. */
    static String ntz(LocalDateTime t) {
        return "timestamp_ntz'" + TS.format(t) + "'";
    }

    static String micros(double hours) {
        return Long.toString(Math.round(hours * 3_600_000_000.0)) + "L";
    }

    static String hoursBetween(String from, String to) {
        return "CAST(timestampdiff(MICROSECOND, " + from + ", " + to + ") AS DOUBLE) / 3600000000.0D";
    }

    /**
     * @param cases   staged cases (contract schema)
     * @param surveys staged surveys (contract schema); null leaves the survey columns empty (the month marts read
     *                surveys by their own window and do not need the join)
     * @param asOf    the cut-off: later events count as not yet happened, cases received later are left out
     */
    public static Dataset<Row> build(Dataset<Row> cases, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        return derive(joined(cases, surveys, cfg, asOf), cfg, asOf);
    }

    /**
     * case_facts ready to be written partitioned by assessment_month: one shuffle puts each month in one partition
     * and the rows are sorted within it, so the files are the same on every run. The shuffle carries the raw case and
     * survey columns; the 25 derived columns are computed after it, so they are not shuffled.
     */
    public static Dataset<Row> buildForWrite(Dataset<Row> cases, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        Dataset<Row> raw = joined(cases, surveys, cfg, asOf, false).repartition(functions.col("assessment_month"));
        return sortAndDerive(raw, cfg, asOf);
    }

    /**
     * case_facts ready to be written, when every partition of {@code cases} is already one whole assessment month
     * (a staged month file read as one partition, with calendar-month windows) and the surveys are small enough to
     * broadcast: the latest-survey answers go to every task and the case rows are not shuffled at all — at 10M cases
     * that saves shuffling and sorting 10M rows twice (for a sort-merge join on the case key, then by month). The same
     * rows in the same order as {@link #buildForWrite}, so the files are the same whichever path wrote them.
     */
    public static Dataset<Row> buildForWriteInPlace(Dataset<Row> cases, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        return sortAndDerive(joined(cases, surveys, cfg, asOf, true), cfg, asOf);
    }

    private static Dataset<Row> sortAndDerive(Dataset<Row> raw, MetricsConfig cfg, LocalDateTime asOf) {
        // derived after the sort: the sorter buffers the 23 raw columns, not all 45 (the projection keeps the order)
        return derive(raw.sortWithinPartitions("assessment_month", "community", "received_at", "source", "case_id"), cfg, asOf);
    }

    /**
     * Parquet options for writing case_facts: no dictionary for the columns whose values are (nearly) all distinct —
     * identifiers, times and durations — where the writer would build a dictionary per page only to fall back to
     * plain encoding; low-cardinality columns (community, channel, flags, as_of_at …) keep theirs.
     */
    public static java.util.Map<String, String> writeOptions() {
        java.util.Map<String, String> o = new java.util.TreeMap<>();
        for (String c : List.of("case_id", "received_at", "dispatched_at", "resolved_at", "feedback_at", "due_at",
                "limit_due_at", "dispatch_due_at", "dispatch_hours", "handle_hours", "resolve_hours", "feedback_hours",
                "age_hours", "survey_id", "surveyed_at")) {
            o.put("parquet.enable.dictionary#" + c, "false");
        }
        return o;
    }

    /** The staged case columns cut off at asOf, the assessment month, and the joined survey answer. */
    static Dataset<Row> joined(Dataset<Row> cases, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        return joined(cases, surveys, cfg, asOf, false);
    }

    /** As {@link #joined(Dataset, Dataset, MetricsConfig, LocalDateTime)}; {@code broadcast} sends the survey answers to every task. */
    static Dataset<Row> joined(Dataset<Row> cases, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf, boolean broadcast) {
        String asof = ntz(asOf);
        Dataset<Row> c = cases.where("received_at <= " + asof).selectExpr(
                "source", "case_id", "street", "community", "channel", "is_proactive", "priority", "status",
                "handler_type", "handler_key", "escalation_level", "departments", "received_at",
                "CASE WHEN dispatched_at <= " + asof + " THEN dispatched_at END AS dispatched_at",
                "CASE WHEN resolved_at <= " + asof + " THEN resolved_at END AS resolved_at",
                "CASE WHEN feedback_at <= " + asof + " THEN feedback_at END AS feedback_at",
                "due_at",
                Windows.sqlMonthOf("received_at", cfg.cutDay()) + " AS assessment_month");
        if (surveys == null) {
            return c.selectExpr("*", "CAST(NULL AS STRING) AS survey_id", "CAST(NULL AS TIMESTAMP_NTZ) AS surveyed_at",
                    "CAST(NULL AS BOOLEAN) AS is_survey_contacted", "CAST(NULL AS BOOLEAN) AS is_survey_resolved",
                    "CAST(NULL AS STRING) AS survey_satisfaction");
        }
        Dataset<Row> s = latestSurveyPerCase(surveys, asOf);
        if (broadcast) {
            s = functions.broadcast(s);
        }
        return c.join(s, c.col("source").equalTo(s.col("s_source")).and(c.col("case_id").equalTo(s.col("s_case_id"))), "left")
                .drop("s_source", "s_case_id");
    }

    /** Limits, durations and flags of {@link #joined} rows, in the case_facts column order. */
    static Dataset<Row> derive(Dataset<Row> c, MetricsConfig cfg, LocalDateTime asOf) {
        String asof = ntz(asOf);
        String byPriority = "CASE priority WHEN 'urgent' THEN timestampadd(MICROSECOND, " + micros(cfg.urgentHours()) + ", received_at)"
                + " WHEN 'complex' THEN timestampadd(MICROSECOND, " + micros(cfg.complexHours()) + ", received_at)"
                + " ELSE timestampadd(MICROSECOND, " + micros(cfg.normalHours()) + ", received_at) END";
        String dueValid = cfg.useDueAt() ? "(due_at IS NOT NULL AND due_at > received_at)" : "false";
        c = c.selectExpr("*",
                "CASE WHEN " + dueValid + " THEN due_at ELSE " + byPriority + " END AS limit_due_at",
                "CASE WHEN " + dueValid + " THEN 'due_at' ELSE 'priority' END AS limit_source",
                "timestampadd(MICROSECOND, " + micros(cfg.dispatchHours()) + ", received_at) AS dispatch_due_at",
                "status NOT IN ('withdrawn', 'duplicate') AS is_counted");
        c = c.selectExpr("*",
                hoursBetween("received_at", "limit_due_at") + " AS limit_hours",
                hoursBetween("received_at", "dispatched_at") + " AS dispatch_hours",
                hoursBetween("dispatched_at", "resolved_at") + " AS handle_hours",
                hoursBetween("received_at", "resolved_at") + " AS resolve_hours",
                hoursBetween("resolved_at", "feedback_at") + " AS feedback_hours",
                hoursBetween("received_at", "coalesce(resolved_at, " + asof + ")") + " AS age_hours",
                "(dispatched_at IS NULL AND resolved_at IS NOT NULL) AS is_settled_on_spot",
                "(dispatch_due_at < " + asof + ") AS is_response_due",
                "coalesce(coalesce(dispatched_at, resolved_at) <= dispatch_due_at, false) AS is_responded_on_time",
                "(resolved_at IS NOT NULL) AS is_closed",
                "coalesce(resolved_at <= limit_due_at, false) AS is_closed_on_time",
                "(is_counted AND resolved_at IS NULL) AS is_open",
                "(is_counted AND resolved_at IS NULL AND limit_due_at < " + asof + ") AS is_overdue_open",
                asof + " AS as_of_at");
        List<Column> cols = new ArrayList<>();
        for (String name : MetricMarts.CASE_FACTS.columnNames()) {
            cols.add(functions.col(name));
        }
        return c.select(cols.toArray(new Column[0]));
    }

    /** The latest survey (by surveyed_at, then survey_id) of each case at or before the cut-off. */
    static Dataset<Row> latestSurveyPerCase(Dataset<Row> surveys, LocalDateTime asOf) {
        return surveys.where("case_id IS NOT NULL AND surveyed_at <= " + ntz(asOf))
                .selectExpr("source", "case_id", "struct(surveyed_at, survey_id, is_contacted, is_resolved, satisfaction) AS sv")
                // partitioned by case first: max(struct) is a sort-based aggregate, and without this Spark would sort
                // the surveys twice (for a partial aggregate that merges almost nothing, and again after its shuffle)
                .repartition(functions.col("source"), functions.col("case_id"))
                .groupBy("source", "case_id")
                .agg(functions.max("sv").as("sv"))
                .selectExpr("source AS s_source", "case_id AS s_case_id", "sv.survey_id AS survey_id",
                        "sv.surveyed_at AS surveyed_at", "sv.is_contacted AS is_survey_contacted",
                        "sv.is_resolved AS is_survey_resolved", "sv.satisfaction AS survey_satisfaction");
    }
}
