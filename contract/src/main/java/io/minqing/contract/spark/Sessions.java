package io.minqing.contract.spark;

import io.minqing.contract.Contract;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every job uses, with the settings results depend on fixed in one place:
 * the session time zone is the district's, timestamps are written as TIMESTAMP_NTZ / TIMESTAMP_MICROS (never
 * INT96, which DuckDB reads as shifted UTC), and Parquet output is deterministic so reruns give the same bytes.
 */
public final class Sessions {

    private Sessions() {
    }

    /**
     * Returns the active session if there is one (tests, spark-submit), else builds one.
     *
     * @param master e.g. {@code local[*]}; null leaves it to spark-submit
     */
    public static SparkSession getOrCreate(String appName, String master) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null && !master.isBlank()) {
            b = b.master(master);
        }
        return configure(b).getOrCreate();
    }

    /** The shared settings; tests add their own (local[2], 2 shuffle partitions) on top. */
    public static SparkSession.Builder configure(SparkSession.Builder b) {
        return b.config("spark.sql.session.timeZone", Contract.DISTRICT_ZONE.getId())
                .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.parquet.compression.codec", "snappy")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .config("spark.sql.ansi.enabled", "true")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.driver.extraJavaOptions", "-Duser.timezone=" + Contract.DISTRICT_ZONE.getId())
                .config("spark.executor.extraJavaOptions", "-Duser.timezone=" + Contract.DISTRICT_ZONE.getId());
    }
}
