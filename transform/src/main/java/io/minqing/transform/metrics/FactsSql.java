package io.minqing.transform.metrics;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ONE definition of case_facts' derived columns and of the survey counts by month, as SQL expressions in a
 * neutral form rendered for either engine. The few places where Spark SQL and DuckDB differ are the named macros of
 * {@link Dialect}: a TIMESTAMP_NTZ literal, adding microseconds to a time, the microseconds between two times, and the
 * assessment month of a time. Everything else (CASE, coalesce, comparisons, count_if) is written once and runs as is
 * on both. Definitions: docs/metrics.md.
 */
public final class FactsSql {

    private FactsSql() {
    }

    /** The SQL dialect an expression is rendered for. */
    public enum Dialect {
        SPARK, DUCKDB;

        private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

        /** A wall-clock time literal (Spark TIMESTAMP_NTZ, DuckDB TIMESTAMP). */
        public String ntz(LocalDateTime t) {
            return (this == SPARK ? "timestamp_ntz'" : "TIMESTAMP '") + TS.format(t) + "'";
        }

        /** ts + micros microseconds. */
        String plusMicros(long micros, String ts) {
            return this == SPARK ? "timestampadd(MICROSECOND, " + micros + "L, " + ts + ")"
                    : "(" + ts + " + to_microseconds(CAST(" + micros + " AS BIGINT)))";
        }

        /** Microseconds from one time to another, as BIGINT (null when either is null). */
        String microsBetween(String from, String to) {
            return this == SPARK ? "timestampdiff(MICROSECOND, " + from + ", " + to + ")"
                    : "(epoch_us(" + to + ") - epoch_us(" + from + "))";
        }

        /** The assessment month label yyyy-MM of a time (see {@link Windows}). */
        public String monthOf(String ts, int cutDay) {
            if (this == SPARK) {
                return Windows.sqlMonthOf(ts, cutDay);
            }
            return cutDay == 1 ? "strftime(" + ts + ", '%Y-%m')"
                    : "strftime(CAST(" + ts + " AS DATE) + CASE WHEN day(" + ts + ") >= " + cutDay
                    + " THEN INTERVAL 1 MONTH ELSE INTERVAL 0 MONTH END, '%Y-%m')";
        }

        /** A typed null of a contract type: STRING, TIMESTAMP or BOOLEAN. */
        String nullOf(String type) {
            return switch (type) {
                case "STRING" -> this == SPARK ? "CAST(NULL AS STRING)" : "CAST(NULL AS VARCHAR)";
                case "TIMESTAMP" -> this == SPARK ? "CAST(NULL AS TIMESTAMP_NTZ)" : "CAST(NULL AS TIMESTAMP)";
                default -> "CAST(NULL AS " + type + ")";
            };
        }
    }

    static long micros(double hours) {
        return Math.round(hours * 3_600_000_000.0);
    }

    static String hoursBetween(Dialect d, String from, String to) {
        return "CAST(" + d.microsBetween(from, to) + " AS DOUBLE) / " + (d == Dialect.SPARK ? "3600000000.0D" : "CAST(3600000000.0 AS DOUBLE)");
    }

    /** The staged case columns cut off at asOf and the assessment month: the select list over staged cases. */
    static List<String> cutOff(Dialect d, MetricsConfig cfg, LocalDateTime asOf) {
        String a = d.ntz(asOf);
        return List.of("source", "case_id", "street", "community", "channel", "is_proactive", "priority", "status",
                "handler_type", "handler_key", "escalation_level", "departments", "received_at",
                "CASE WHEN dispatched_at <= " + a + " THEN dispatched_at END AS dispatched_at",
                "CASE WHEN resolved_at <= " + a + " THEN resolved_at END AS resolved_at",
                "CASE WHEN feedback_at <= " + a + " THEN feedback_at END AS feedback_at",
                "due_at",
                d.monthOf("received_at", cfg.cutDay()) + " AS assessment_month");
    }

    /** Filter on staged cases: received at or before the cut-off. */
    static String receivedBy(Dialect d, LocalDateTime asOf) {
        return "received_at <= " + d.ntz(asOf);
    }

    /** Filter on staged surveys that may be a case's survey at the cut-off. */
    static String caseSurveyBy(Dialect d, LocalDateTime asOf) {
        return "case_id IS NOT NULL AND surveyed_at <= " + d.ntz(asOf);
    }

    /** The survey columns of case_facts when there are no surveys to join. */
    static List<String> noSurvey(Dialect d) {
        return List.of(d.nullOf("STRING") + " AS survey_id", d.nullOf("TIMESTAMP") + " AS surveyed_at",
                d.nullOf("BOOLEAN") + " AS is_survey_contacted", d.nullOf("BOOLEAN") + " AS is_survey_resolved",
                d.nullOf("STRING") + " AS survey_satisfaction");
    }

    /** First derivation step over the cut-off rows (added to *): the limits and whether the case counts. */
    static List<String> limits(Dialect d, MetricsConfig cfg) {
        String byPriority = "CASE priority WHEN 'urgent' THEN " + d.plusMicros(micros(cfg.urgentHours()), "received_at")
                + " WHEN 'complex' THEN " + d.plusMicros(micros(cfg.complexHours()), "received_at")
                + " ELSE " + d.plusMicros(micros(cfg.normalHours()), "received_at") + " END";
        String dueValid = cfg.useDueAt() ? "(due_at IS NOT NULL AND due_at > received_at)" : "false";
        return List.of(
                "CASE WHEN " + dueValid + " THEN due_at ELSE " + byPriority + " END AS limit_due_at",
                "CASE WHEN " + dueValid + " THEN 'due_at' ELSE 'priority' END AS limit_source",
                d.plusMicros(micros(cfg.dispatchHours()), "received_at") + " AS dispatch_due_at",
                "status NOT IN ('withdrawn', 'duplicate') AS is_counted");
    }

    /** Second derivation step (added to *): durations, flags and the cut-off itself. */
    static List<String> flags(Dialect d, LocalDateTime asOf) {
        String a = d.ntz(asOf);
        return List.of(
                hoursBetween(d, "received_at", "limit_due_at") + " AS limit_hours",
                hoursBetween(d, "received_at", "dispatched_at") + " AS dispatch_hours",
                hoursBetween(d, "dispatched_at", "resolved_at") + " AS handle_hours",
                hoursBetween(d, "received_at", "resolved_at") + " AS resolve_hours",
                hoursBetween(d, "resolved_at", "feedback_at") + " AS feedback_hours",
                hoursBetween(d, "received_at", "coalesce(resolved_at, " + a + ")") + " AS age_hours",
                "(dispatched_at IS NULL AND resolved_at IS NOT NULL) AS is_settled_on_spot",
                "(dispatch_due_at < " + a + ") AS is_response_due",
                "coalesce(coalesce(dispatched_at, resolved_at) <= dispatch_due_at, false) AS is_responded_on_time",
                "(resolved_at IS NOT NULL) AS is_closed",
                "coalesce(resolved_at <= limit_due_at, false) AS is_closed_on_time",
                "(is_counted AND resolved_at IS NULL) AS is_open",
                "(is_counted AND resolved_at IS NULL AND limit_due_at < " + a + ") AS is_overdue_open",
                a + " AS as_of_at");
    }

    /**
     * The case_facts columns that are never null by their definition (Spark's analysis proves it and writes them
     * REQUIRED); every other column is written OPTIONAL by both engines.
     */
    static final java.util.Set<String> NEVER_NULL = java.util.Set.of("limit_source", "is_settled_on_spot",
            "is_responded_on_time", "is_closed", "is_closed_on_time", "as_of_at");

    /** The order of case_facts rows within a month file (ascending, nulls first as Spark sorts). */
    static final List<String> SORT = List.of("assessment_month", "community", "received_at", "source", "case_id");

    /**
     * The survey counts of community_month by (m, community), in this order after the two keys: surveys, general
     * (no case), resolved, with a resolved answer, satisfied, basically satisfied, dissatisfied.
     */
    static List<String> surveyCounts() {
        return List.of("count(*) AS n", "count_if(case_id IS NULL) AS general", "count_if(is_resolved) AS res_num",
                "count_if(is_resolved IS NOT NULL) AS res_den", "count_if(satisfaction = 'satisfied') AS satisfied",
                "count_if(satisfaction = 'basically_satisfied') AS basic",
                "count_if(satisfaction = 'dissatisfied') AS dissatisfied");
    }

    /** The select list before grouping the survey counts (m, community and the answers). */
    static List<String> surveyInputs(Dialect d, int cutDay) {
        return List.of(d.monthOf("surveyed_at", cutDay) + " AS m", "community", "case_id", "is_resolved", "satisfaction");
    }

    static String surveysBy(Dialect d, LocalDateTime asOf) {
        return "surveyed_at <= " + d.ntz(asOf);
    }

    /** Joins a select list. */
    static String list(List<String> exprs) {
        return String.join(", ", new ArrayList<>(exprs));
    }
}
