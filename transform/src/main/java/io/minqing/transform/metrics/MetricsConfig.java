package io.minqing.transform.metrics;

import io.minqing.contract.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The metric settings, parsed once from {@link Settings} (command line &gt; environment &gt; config file &gt; default)
 * and validated here. Keys and defaults are documented in config/minqing.yaml and docs/metrics.md.
 *
 * @param dispatchHours  派件时限 in hours (sla.dispatch-hours)
 * @param urgentHours    办理时限 of urgent cases (sla.urgent-hours)
 * @param normalHours    of normal cases (sla.normal-hours)
 * @param complexHours   of complex cases (sla.complex-hours)
 * @param useDueAt       a recorded due_at wins over the limit by priority (sla.use-due-at)
 * @param basicWeight    weight of 基本满意 in 满意率 (satisfaction.basic-weight)
 * @param wResponse      composite weight of 响应率
 * @param wResolution    composite weight of 解决率
 * @param wSatisfaction  composite weight of 满意率
 * @param minVolume      minimum cases to be ranked (ranking.min-volume)
 * @param rankMetric     composite_score or one of the four rates (ranking.metric)
 * @param simulations    posterior draws for the rank range (ranking.simulations)
 * @param seed           seed of the draws (ranking.seed)
 * @param cutDay         1 = calendar month; d = 2..28 windows from day d of the previous month (assessment.cut-day)
 */
public record MetricsConfig(double dispatchHours, double urgentHours, double normalHours, double complexHours,
                            boolean useDueAt, double basicWeight, double wResponse, double wResolution,
                            double wSatisfaction, int minVolume, String rankMetric, int simulations, long seed,
                            int cutDay) {

    public static final List<String> RANK_METRICS = List.of("composite_score", "response_rate", "on_time_rate",
            "resolution_rate", "satisfaction_rate");

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "sla", Set.of("dispatch-hours", "urgent-hours", "normal-hours", "complex-hours", "use-due-at"),
            "satisfaction", Set.of("basic-weight"),
            "weights", Set.of("response", "resolution", "satisfaction"),
            "ranking", Set.of("min-volume", "metric", "simulations", "seed"),
            "assessment", Set.of("cut-day"));

    public MetricsConfig {
        if (Math.abs(wResponse + wResolution + wSatisfaction - 1.0) > 1e-9) {
            throw MetricsErrors.weightsDoNotSumToOne(wResponse, wResolution, wSatisfaction);
        }
        if (!RANK_METRICS.contains(rankMetric)) {
            throw MetricsErrors.badRankingMetric(rankMetric);
        }
        if (cutDay < 1 || cutDay > 28) {
            throw MetricsErrors.badCutDay(Integer.toString(cutDay));
        }
    }

    /** The defaults (what config/minqing.yaml says). */
    public static MetricsConfig defaults() {
        return from(Settings.empty());
    }

    public static MetricsConfig from(Settings s) {
        KNOWN.forEach(s::requireKnownKeys);
        return new MetricsConfig(
                s.positiveDouble("sla.dispatch-hours", 24, "hours"),
                s.positiveDouble("sla.urgent-hours", 2, "hours"),
                s.positiveDouble("sla.normal-hours", 168, "hours"),
                s.positiveDouble("sla.complex-hours", 360, "hours"),
                bool(s, "sla.use-due-at", true),
                s.fraction("satisfaction.basic-weight", 0.9),
                s.fraction("weights.response", 0.1),
                s.fraction("weights.resolution", 0.5),
                s.fraction("weights.satisfaction", 0.4),
                s.positiveInt("ranking.min-volume", 15),
                s.string("ranking.metric", "composite_score").trim(),
                s.positiveInt("ranking.simulations", 1000),
                seed(s),
                cutDay(s));
    }

    /** The handling limit in hours of a priority code. */
    public double limitHours(String priority) {
        return switch (priority) {
            case "urgent" -> urgentHours;
            case "complex" -> complexHours;
            default -> normalHours;
        };
    }

    private static boolean bool(Settings s, String key, boolean dflt) {
        String v = s.get(key).map(x -> x.trim().toLowerCase(Locale.ROOT)).orElse(null);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw MetricsErrors.notABoolean(key, s.get(key).orElseThrow());
        };
    }

    private static long seed(Settings s) {
        String v = s.get("ranking.seed").orElse("20210831");
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw MetricsErrors.badSeed(v);
        }
    }

    private static int cutDay(Settings s) {
        String v = s.get("assessment.cut-day").orElse("1");
        try {
            int d = Integer.parseInt(v.trim());
            if (d < 1 || d > 28) {
                throw MetricsErrors.badCutDay(v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw MetricsErrors.badCutDay(v);
        }
    }
}
