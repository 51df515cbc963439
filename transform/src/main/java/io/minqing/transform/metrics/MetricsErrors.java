package io.minqing.transform.metrics;

import io.minqing.contract.Errors;
import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.Path;

/** The user-facing errors of the metrics transform, worded in one place so tests can assert them. */
public final class MetricsErrors {

    private MetricsErrors() {
    }

    public static MinqingException weightsDoNotSumToOne(double r, double s, double m) {
        return Errors.invalidConfig("weights", String.format(java.util.Locale.ROOT, "response=%s, resolution=%s, satisfaction=%s", r, s, m),
                "The three composite weights (weights.response, weights.resolution, weights.satisfaction) must sum to 1.");
    }

    public static MinqingException badBroadcastMode(String key, String value) {
        return Errors.invalidConfig(key, value, "It must be auto (broadcast the survey answers when they fit in half of the"
                + " memory), always or never.");
    }

    public static MinqingException notABoolean(String key, String value) {
        return Errors.invalidConfig(key, value, "It must be true or false.");
    }

    public static MinqingException badRankingMetric(String value) {
        return Errors.invalidConfig("ranking.metric", value,
                "It must be one of composite_score, response_rate, on_time_rate, resolution_rate, satisfaction_rate.");
    }

    public static MinqingException badCutDay(String value) {
        return Errors.invalidConfig("assessment.cut-day", value,
                "It must be a whole number from 1 to 28 (1 = calendar month; 19 = windows from the 19th to the 18th).");
    }

    public static MinqingException badSeed(String value) {
        return Errors.invalidConfig("ranking.seed", value, "It must be a whole number.");
    }

    public static MinqingException badAsOf(String value) {
        return new MinqingException(ExitCode.USAGE, "Invalid value for '--as-of': '" + value
                + "'. Give the cut-off as district local time, e.g. 2021-08-31T23:59:59 or 2021-08-31 (= 2021-08-31T00:00).");
    }

    public static MinqingException noStagedCases(Path path) {
        return Errors.missingInput(path, "staged cases",
                "Run 'minqing ingest' first, or point --lake at the lake folder that holds staged/cases.");
    }

    public static MinqingException emptyStagedCases(Path path) {
        return new MinqingException(ExitCode.INPUT, "No staged cases in " + path
                + ": there is nothing to compute metrics from. Check the ingest summary (quality/ingest-summary.json) for rejected rows.");
    }

    public static MinqingException asOfBeforeData(String asOf, String firstReceived) {
        return new MinqingException(ExitCode.USAGE, "Invalid value for '--as-of': '" + asOf
                + "' is before the first staged case (received " + firstReceived + "). Give a later cut-off or leave out --as-of.");
    }
}
