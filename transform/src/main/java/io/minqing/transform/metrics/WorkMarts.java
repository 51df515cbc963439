package io.minqing.transform.metrics;

import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** {@code handler_month} and {@code department_month}: who handled the cases and which departments co-handled them. */
public final class WorkMarts {

    private WorkMarts() {
    }

    /** handler_month rows, sorted by month, handler type, handler (type totals first). */
    public static List<Row> handlerMonth(Dataset<Row> facts, MetricsConfig cfg) {
        return handlerMonth(MonthPass.run(facts, cfg), cfg);
    }

    /** handler_month rows from a {@link MonthPass}: type totals (handler_key null) and one row per pseudonymous handler. */
    public static List<Row> handlerMonth(MonthPass.Result pass, MetricsConfig cfg) {
        List<Row> out = new ArrayList<>();
        for (Row r : pass.handlerTypes()) {
            out.add(handlerRow(r, null, cfg));
        }
        for (Row r : pass.handlers()) {
            out.add(handlerRow(r, r.getString(3), cfg));
        }
        out.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.getString(1))
                .thenComparing(r -> r.getString(2), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static Row handlerRow(Row s, String handlerKey, MetricsConfig cfg) {
        Map<String, Object> v = new HashMap<>();
        v.put("assessment_month", s.getString(1));
        v.put("handler_type", s.getString(2));
        v.put("handler_key", handlerKey);
        v.put("handlers_count", s.getLong(s.fieldIndex("handlers")));
        common(v, s, cfg);
        v.put("handle_hours_p50", s.get(s.fieldIndex("handle_p50")));
        v.put("handle_hours_p90", s.get(s.fieldIndex("handle_p90")));
        return toRow(MetricMarts.HANDLER_MONTH, v);
    }

    /** department_month rows, sorted by month, level, department (level totals first). */
    public static List<Row> departmentMonth(Dataset<Row> facts, MetricsConfig cfg) {
        return departmentMonth(MonthPass.run(facts, cfg), cfg);
    }

    /** department_month rows from a {@link MonthPass}: escalation-level totals (department null) and each department. */
    public static List<Row> departmentMonth(MonthPass.Result pass, MetricsConfig cfg) {
        List<Row> out = new ArrayList<>();
        for (Row s : pass.departments()) {
            Map<String, Object> v = new HashMap<>();
            v.put("assessment_month", s.getString(1));
            v.put("escalation_level", s.getString(2));
            v.put("department", s.getString(3));
            common(v, s, cfg);
            v.put("resolve_hours_p50", s.get(s.fieldIndex("resolve_p50")));
            v.put("resolve_hours_p90", s.get(s.fieldIndex("resolve_p90")));
            v.put("resolve_hours_km_p90", s.get(s.fieldIndex("km_p90")));
            out.add(toRow(MetricMarts.DEPARTMENT_MONTH, v));
        }
        List<String> levels = List.of("community", "street", "district");
        out.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> levels.indexOf(r.getString(1)))
                .thenComparing(r -> r.getString(2), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static void common(Map<String, Object> v, Row s, MetricsConfig cfg) {
        java.util.function.ToLongFunction<String> n = name -> MonthPass.count(s, MonthPass.WORK_COUNTS, name);
        long cases = n.applyAsLong("cases_count");
        long closed = n.applyAsLong("closed_count");
        long open = n.applyAsLong("open_count");
        long openOverdue = n.applyAsLong("open_overdue_count");
        long onTime = n.applyAsLong("on_time_num");
        long late = n.applyAsLong("closed_late_count");
        long resNum = n.applyAsLong("resolution_num");
        long resDen = n.applyAsLong("resolution_den");
        // as the SQL count_if(satisfied) + w * count_if(basically_satisfied) computed it: long → double, then w·basic
        double satNum = (double) n.applyAsLong("satisfied_count") + cfg.basicWeight() * (double) n.applyAsLong("basically_satisfied_count");
        long satDen = n.applyAsLong("satisfaction_den");
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
        v.put("resolve_hours_km_p50", s.get(s.fieldIndex("km_p50")));
        v.put("resolution_num", resNum);
        v.put("resolution_den", resDen);
        v.put("resolution_rate", Stats.rate(resNum, resDen));
        v.put("satisfaction_num", satNum);
        v.put("satisfaction_den", satDen);
        v.put("satisfaction_rate", Stats.rate(satNum, satDen));
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
