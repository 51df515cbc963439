package io.minqing.transform.metrics;

import io.minqing.contract.spark.ParquetFooters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What the metrics job needs before it starts: how many staged cases and surveys there are, the earliest received_at
 * and the latest event of any kind (the default cut-off). Taken from the Parquet footers' statistics when every file
 * has them (no data read; at 10M cases this saves a scan of 18.6M rows), else by one Spark aggregation each.
 *
 * @param latestEvent the latest received_at, dispatched_at, resolved_at, feedback_at or surveyed_at; null only when
 *                    there are no cases
 */
record Bounds(long cases, long surveys, LocalDateTime firstReceived, LocalDateTime latestEvent) {

    static final List<String> CASE_TIMES = List.of("received_at", "dispatched_at", "resolved_at", "feedback_at");

    static Bounds of(Dataset<Row> cases, Path casesPath, Dataset<Row> surveys, Path surveysPath) {
        Optional<Map<String, ParquetFooters.Int64Range>> c = ParquetFooters.int64Ranges(casesPath, CASE_TIMES);
        Optional<Map<String, ParquetFooters.Int64Range>> s = Files.isDirectory(surveysPath)
                ? ParquetFooters.int64Ranges(surveysPath, List.of("surveyed_at"))
                : Optional.of(Map.of("surveyed_at", new ParquetFooters.Int64Range(0, null, null)));
        if (c.isPresent() && s.isPresent()) {
            Long latest = null;
            for (String col : CASE_TIMES) {
                latest = max(latest, c.get().get(col).max());
            }
            ParquetFooters.Int64Range sv = s.get().get("surveyed_at");
            return new Bounds(c.get().get("received_at").rows(), sv.rows(), time(c.get().get("received_at").min()),
                    time(max(latest, sv.max())));
        }
        return scanned(cases, surveys);
    }

    /** The same bounds by scanning (files without statistics, and the reference the footer route is tested against). */
    static Bounds scanned(Dataset<Row> cases, Dataset<Row> surveys) {
        Row cb = cases.agg(functions.count("*"), functions.min("received_at"),
                functions.expr("max(greatest(received_at, dispatched_at, resolved_at, feedback_at))")).first();
        Row sb = surveys.agg(functions.count("*"), functions.max("surveyed_at")).first();
        LocalDateTime latest = (LocalDateTime) cb.get(2);
        if (!sb.isNullAt(1) && (latest == null || ((LocalDateTime) sb.get(1)).isAfter(latest))) {
            latest = (LocalDateTime) sb.get(1);
        }
        return new Bounds(cb.getLong(0), sb.getLong(0), (LocalDateTime) cb.get(1), latest);
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /** A TIMESTAMP_NTZ value (microseconds of wall-clock time since 1970-01-01T00:00) as LocalDateTime. */
    static LocalDateTime time(Long micros) {
        if (micros == null) {
            return null;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
                ZoneOffset.UTC);
    }
}
