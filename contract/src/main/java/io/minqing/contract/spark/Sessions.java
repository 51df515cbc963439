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
     * Returns the active session if there is one (tests), else builds one.
     *
     * @param master e.g. {@code local[*]} or {@code spark://host:7077}; null or blank means: the master spark-submit
     *               set ({@code spark.master}), else {@code local[*]} — so the same command runs locally and on a cluster
     */
    public static SparkSession getOrCreate(String appName, String master) {
        return configure(SparkSession.builder().appName(appName).master(resolveMaster(master))).getOrCreate();
    }

    /** The master to use: the explicit one, else spark-submit's, else {@code local[*]}. */
    public static String resolveMaster(String master) {
        if (master != null && !master.isBlank()) {
            return master;
        }
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted : "local[*]";
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
