package io.minqing.transform.metrics;

import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/** {@code handler_month} and {@code department_month}: who handled the cases and which departments co-handled them. */
public final class WorkMarts {

    private WorkMarts() {
    }

    private static List<String> commonAggs(MetricsConfig cfg) {
        return List.of("count(*) AS cases_count",
                "count_if(is_closed) AS closed_count",
                "count_if(is_open) AS open_count",
                "count_if(is_overdue_open) AS open_overdue_count",
                "count_if(is_closed_on_time) AS on_time_num",
                "count_if(is_closed AND NOT is_closed_on_time) AS closed_late",
                "count_if(is_survey_resolved) AS resolution_num",
                "count_if(is_survey_resolved IS NOT NULL) AS resolution_den",
                "count_if(survey_satisfaction = 'satisfied') + " + cfg.basicWeight()
                        + "D * count_if(survey_satisfaction = 'basically_satisfied') AS satisfaction_num",
                "count_if(survey_satisfaction IS NOT NULL) AS satisfaction_den");
    }

    private static List<Row> aggregate(Dataset<Row> in, List<String> keys, List<String> aggs) {
        Column[] cs = aggs.stream().map(functions::expr).toArray(Column[]::new);
        Column[] rest = java.util.Arrays.copyOfRange(cs, 1, cs.length);
        return in.groupBy(keys.stream().map(functions::col).toArray(Column[]::new)).agg(cs[0], rest).collectAsList();
    }

    /** handler_month rows, sorted by month, handler type, handler (type totals first). */
    public static List<Row> handlerMonth(Dataset<Row> facts, MetricsConfig cfg) {
        Dataset<Row> in = facts.where("is_counted AND (handler_key IS NOT NULL OR handler_type IS NOT NULL)")
                .withColumn("handler_type", functions.expr("coalesce(handler_type, 'other')"));
        List<String> aggs = new ArrayList<>(commonAggs(cfg));
        aggs.add("count(DISTINCT handler_key) AS handlers_count");
        List<Row> byHandler = aggregate(in, List.of("assessment_month", "handler_type", "handler_key"), aggs);
        List<Row> byType = aggregate(in, List.of("assessment_month", "handler_type"), aggs);
        List<Row> stats = GroupStats.compute(in, List.of("assessment_month", "handler_type", "handler_key"), new int[] {2, 3}, false, null).collectAsList();
        Map<String, Row> st = index(stats);
        List<Row> out = new ArrayList<>();
        for (Row r : byType) {
            out.add(handlerRow(r, null, st.get("2|" + r.getString(0) + "|" + r.getString(1))));
        }
        for (Row r : byHandler) {
            if (r.isNullAt(2)) {
                continue; // cases with a type but no pseudonymous handler count only in the type total
            }
            out.add(handlerRow(r, r.getString(2), st.get("3|" + r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2))));
        }
        out.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.getString(1))
                .thenComparing(r -> r.getString(2), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static Row handlerRow(Row r, String handlerKey, Row s) {
        int k = r.fieldIndex("cases_count");
        Map<String, Object> v = new HashMap<>();
        v.put("assessment_month", r.getString(0));
        v.put("handler_type", r.getString(1));
        v.put("handler_key", handlerKey);
        v.put("handlers_count", r.getLong(r.fieldIndex("handlers_count")));
        common(v, r, k, s);
        v.put("handle_hours_p50", s == null ? null : s.get(s.fieldIndex("handle_p50")));
        v.put("handle_hours_p90", s == null ? null : s.get(s.fieldIndex("handle_p90")));
        return toRow(MetricMarts.HANDLER_MONTH, v);
    }

    /** department_month rows, sorted by month, level, department (level totals first). */
    public static List<Row> departmentMonth(Dataset<Row> facts, MetricsConfig cfg) {
        Dataset<Row> counted = facts.where("is_counted");
        Dataset<Row> levelRows = counted.withColumn("department", functions.lit(null).cast("string"));
        Dataset<Row> deptRows = counted.where("size(departments) > 0")
                .withColumn("department", functions.explode(functions.array_distinct(functions.col("departments"))));
        Dataset<Row> in = levelRows.unionByName(deptRows);
        List<Row> agg = aggregate(in, List.of("assessment_month", "escalation_level", "department"), commonAggs(cfg));
        Map<String, Row> st = index(GroupStats.compute(in, List.of("assessment_month", "escalation_level", "department"), new int[] {3}, false, null).collectAsList());
        List<Row> out = new ArrayList<>();
        for (Row r : agg) {
            Row s = st.get("3|" + r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2));
            Map<String, Object> v = new HashMap<>();
            v.put("assessment_month", r.getString(0));
            v.put("escalation_level", r.getString(1));
            v.put("department", r.getString(2));
            common(v, r, r.fieldIndex("cases_count"), s);
            v.put("resolve_hours_p50", s == null ? null : s.get(s.fieldIndex("resolve_p50")));
            v.put("resolve_hours_p90", s == null ? null : s.get(s.fieldIndex("resolve_p90")));
            v.put("resolve_hours_km_p90", s == null ? null : s.get(s.fieldIndex("km_p90")));
            out.add(toRow(MetricMarts.DEPARTMENT_MONTH, v));
        }
        List<String> levels = List.of("community", "street", "district");
        out.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> levels.indexOf(r.getString(1)))
                .thenComparing(r -> r.getString(2), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static void common(Map<String, Object> v, Row r, int k, Row s) {
        long cases = r.getLong(k);
        long closed = r.getLong(k + 1);
        long open = r.getLong(k + 2);
        long openOverdue = r.getLong(k + 3);
        long onTime = r.getLong(k + 4);
        long late = r.getLong(k + 5);
        long resNum = r.getLong(k + 6);
        long resDen = r.getLong(k + 7);
        double satNum = ((Number) r.get(k + 8)).doubleValue();
        long satDen = r.getLong(k + 9);
        v.put("cases_count", cases);
        v.put("closed_count", closed);
        v.put("open_count", open);
        v.put("open_overdue_count", openOverdue);
        long den = onTime + late + openOverdue;
        v.put("on_time_num", onTime);
        v.put("on_time_den", den);
        v.put("on_time_rate", Stats.rate(onTime, den));
        double[] w = Stats.wilson(onTime, den, Stats.Z95);
        v.put("on_time_rate_lo", w == null ? null : w[0]);
        v.put("on_time_rate_hi", w == null ? null : w[1]);
        v.put("resolve_hours_km_p50", s == null ? null : s.get(s.fieldIndex("km_p50")));
        v.put("resolution_num", resNum);
        v.put("resolution_den", resDen);
        v.put("resolution_rate", Stats.rate(resNum, resDen));
        v.put("satisfaction_num", satNum);
        v.put("satisfaction_den", satDen);
        v.put("satisfaction_rate", Stats.rate(satNum, satDen));
    }

    private static Map<String, Row> index(List<Row> stats) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : stats) {
            int level = r.getInt(0);
            StringBuilder k = new StringBuilder().append(level);
            for (int i = 1; i <= level; i++) {
                k.append('|').append(r.getString(i));
            }
            m.put(k.toString(), r);
        }
        return m;
    }

    static Row toRow(TableSchema schema, Map<String, Object> v) {
        Object[] out = new Object[schema.columns().size()];
        for (int i = 0; i < out.length; i++) {
            String name = schema.columns().get(i).name();
            if (!v.containsKey(name)) {
                throw new IllegalStateException("No value computed for " + schema.name() + "." + name);
            }
            out[i] = v.get(name);
        }
        return RowFactory.create(out);
    }
}
