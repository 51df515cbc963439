package io.minqing.transform.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** {@link Bounds} on the Spark engine: from the footers, else by one Spark aggregation each. */
final class SparkBounds {

    private SparkBounds() {
    }

    static Bounds of(Dataset<Row> cases, Path casesPath, Dataset<Row> surveys, Path surveysPath) {
        return Bounds.fromFooters(casesPath, surveysPath, Files.isDirectory(surveysPath)).orElseGet(() -> scanned(cases, surveys));
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
}
