package io.minqing.transform.metrics;

import io.minqing.contract.marts.MetricMarts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code handler_month} and {@code department_month}: who handled the cases and which departments co-handled them. */
public final class WorkMarts {

    private WorkMarts() {
    }

    /** handler_month rows from a {@link MonthPass}: type totals (handler_key null) and one row per pseudonymous handler. */
    public static List<MartRow> handlerMonth(MonthPass.Result pass, MetricsConfig cfg) {
        List<MartRow> out = new ArrayList<>();
        for (MonthPass.PassRow r : pass.handlerTypes()) {
            out.add(handlerRow(r, null, cfg));
        }
        for (MonthPass.PassRow r : pass.handlers()) {
            out.add(handlerRow(r, r.k3(), cfg));
        }
        out.sort(Comparator.comparing((MartRow r) -> r.getString("assessment_month")).thenComparing(r -> r.getString("handler_type"))
                .thenComparing(r -> r.getString("handler_key"), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static MartRow handlerRow(MonthPass.PassRow s, String handlerKey, MetricsConfig cfg) {
        Map<String, Object> v = new HashMap<>();
        v.put("assessment_month", s.month());
        v.put("handler_type", s.k2());
        v.put("handler_key", handlerKey);
        v.put("handlers_count", s.handlers());
        common(v, s, cfg);
        v.put("handle_hours_p50", s.stats().handleP50());
        v.put("handle_hours_p90", s.stats().handleP90());
        return MartRow.of(MetricMarts.HANDLER_MONTH, v);
    }

    /** department_month rows from a {@link MonthPass}: escalation-level totals (department null) and each department. */
    public static List<MartRow> departmentMonth(MonthPass.Result pass, MetricsConfig cfg) {
        List<MartRow> out = new ArrayList<>();
        for (MonthPass.PassRow s : pass.departments()) {
            Map<String, Object> v = new HashMap<>();
            v.put("assessment_month", s.month());
            v.put("escalation_level", s.k2());
            v.put("department", s.k3());
            common(v, s, cfg);
            v.put("resolve_hours_p50", s.stats().resolveP50());
            v.put("resolve_hours_p90", s.stats().resolveP90());
            v.put("resolve_hours_km_p90", s.stats().kmP90());
            out.add(MartRow.of(MetricMarts.DEPARTMENT_MONTH, v));
        }
        List<String> levels = List.of("community", "street", "district");
        out.sort(Comparator.comparing((MartRow r) -> r.getString("assessment_month"))
                .thenComparing(r -> levels.indexOf(r.getString("escalation_level")))
                .thenComparing(r -> r.getString("department"), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static void common(Map<String, Object> v, MonthPass.PassRow s, MetricsConfig cfg) {
        java.util.function.ToLongFunction<String> n = s::count;
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
        v.put("resolve_hours_km_p50", s.stats().kmP50());
        v.put("resolution_num", resNum);
        v.put("resolution_den", resDen);
        v.put("resolution_rate", Stats.rate(resNum, resDen));
        v.put("satisfaction_num", satNum);
        v.put("satisfaction_den", satDen);
        v.put("satisfaction_rate", Stats.rate(satNum, satDen));
    }
}
