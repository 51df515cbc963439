package io.minqing.transform.metrics;

import static io.minqing.transform.metrics.FactsSql.Dialect.SPARK;

import io.minqing.contract.marts.MetricMarts;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Staged cases + surveys → {@code case_facts} (one row per case, facts at the as-of cut-off). A pure Dataset
 * transformation: no reading or writing here. Definitions: docs/metrics.md.
 */
public final class CaseFacts {

    private CaseFacts() {
    }

    /** A TIMESTAMP_NTZ SQL literal of t. */
    static String ntz(LocalDateTime t) {
        return SPARK.ntz(t);
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
        Dataset<Row> c = cases.where(FactsSql.receivedBy(SPARK, asOf))
                .selectExpr(FactsSql.cutOff(SPARK, cfg, asOf).toArray(new String[0]));
        if (surveys == null) {
            List<String> cols = new ArrayList<>(List.of("*"));
            cols.addAll(FactsSql.noSurvey(SPARK));
            return c.selectExpr(cols.toArray(new String[0]));
        }
        Dataset<Row> s = latestSurveyPerCase(surveys, asOf);
        if (broadcast) {
            s = functions.broadcast(s);
        }
        return c.join(s, c.col("source").equalTo(s.col("s_source")).and(c.col("case_id").equalTo(s.col("s_case_id"))), "left")
                .drop("s_source", "s_case_id");
    }

    /** Limits, durations and flags of {@link #joined} rows (FactsSql's definitions), in the case_facts column order. */
    static Dataset<Row> derive(Dataset<Row> c, MetricsConfig cfg, LocalDateTime asOf) {
        List<String> step1 = new ArrayList<>(List.of("*"));
        step1.addAll(FactsSql.limits(SPARK, cfg));
        c = c.selectExpr(step1.toArray(new String[0]));
        List<String> step2 = new ArrayList<>(List.of("*"));
        step2.addAll(FactsSql.flags(SPARK, asOf));
        c = c.selectExpr(step2.toArray(new String[0]));
        List<Column> cols = new ArrayList<>();
        for (String name : MetricMarts.CASE_FACTS.columnNames()) {
            cols.add(functions.col(name));
        }
        return c.select(cols.toArray(new Column[0]));
    }

    /** The latest survey (by surveyed_at, then survey_id) of each case at or before the cut-off. */
    static Dataset<Row> latestSurveyPerCase(Dataset<Row> surveys, LocalDateTime asOf) {
        return surveys.where(FactsSql.caseSurveyBy(SPARK, asOf))
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
