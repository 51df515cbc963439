package io.minqing.contract.engine;

import io.minqing.contract.Errors;
import io.minqing.contract.Settings;
import java.util.Locale;

/**
 * The engine a job runs on. {@link #DUCKDB} (the default) is embedded DuckDB in this process: no Spark session is
 * started, it is what a district runs on one machine. {@link #SPARK} is Apache Spark: locally with {@code --master
 * local[*]}, or on a cluster through {@code spark-submit}. Every mart is defined once and both engines give the same
 * values (the cross-engine tests check it).
 *
 * <p>Resolution, one precedence as everywhere: {@code --engine} &gt; environment {@code MINQING_ENGINE} &gt; config
 * key {@code engine} &gt; implied by the launch ({@code --master} given, or started by {@code spark-submit}: Spark) &gt;
 * DuckDB.
 */
public enum Engine {
    DUCKDB("duckdb"),
    SPARK("spark");

    /** The configuration key ({@code MINQING_ENGINE} in the environment). */
    public static final String KEY = "engine";

    private final String code;

    Engine(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Parses duckdb|spark (any case); anything else is a usage error naming the key and the value. */
    public static Engine parse(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.code.equals(v)) {
                return e;
            }
        }
        throw Errors.invalidConfig(key, value, "It must be duckdb (embedded, the default) or spark.");
    }

    /**
     * The engine of a run.
     *
     * @param settings resolved settings; the command line's {@code --engine} is put there as key {@link #KEY}
     * @param master   the {@code --master} option, or null
     */
    public static Engine resolve(Settings settings, String master) {
        if (settings.get(KEY).isPresent()) {
            return parse(settings.origin(KEY).equals("command line") ? "--engine" : KEY, settings.get(KEY).get());
        }
        if (master != null && !master.isBlank()) {
            return SPARK;
        }
        return launchedBySparkSubmit() ? SPARK : DUCKDB;
    }

    /** spark-submit sets the system property SPARK_SUBMIT=true (and spark.master) in the JVM it launches. */
    static boolean launchedBySparkSubmit() {
        return "true".equals(System.getProperty("SPARK_SUBMIT"))
                || (System.getProperty("spark.master") != null && !System.getProperty("spark.master").isBlank());
    }
}
