package io.minqing.bench;

/**
 * One timed process: a stage of the pipeline through the launcher — on minqing's default embedded engine
 * ({@link #MINQING}) or with {@code --engine spark} ({@link #MINQING_SPARK}) — or its hand-written DuckDB counterpart
 * ({@link #DUCKDB}; for ingest also {@link #DUCKDB_WORK}), at one input size.
 *
 * @param cases      the input size: cases generated for this run (rows/s is cases per second for every stage)
 * @param stage      generate, ingest, metrics, topics, report, export
 * @param engine     {@link #MINQING}, {@link #MINQING_SPARK}, {@link #DUCKDB} or {@link #DUCKDB_WORK}
 * @param wallSeconds wall-clock seconds from process start to exit, JVM start-up included
 * @param maxRssMb   peak resident memory of the process in MiB, or NaN when unknown
 * @param cpuSeconds user + system CPU seconds, or NaN when unknown
 * @param load1      the machine's 1-minute load average when the process started (the machine is shared)
 * @param exitCode   the process's exit code (rows with a non-zero code are failures, not timings)
 * @param note       what went wrong, or a remark ("not available"); empty when fine
 */
public record Measurement(long cases, String stage, String engine, double wallSeconds, double maxRssMb, double cpuSeconds,
                          double load1, int exitCode, String note) {

    /** minqing's default engine: embedded DuckDB in the launcher's process. */
    public static final String MINQING = "minqing";
    /** minqing with {@code --engine spark} (local mode): the scale-out engine, timed beside the default. */
    public static final String MINQING_SPARK = "minqing-spark";
    /** The hand-written DuckDB counterpart of a stage (the baseline). */
    public static final String DUCKDB = "duckdb";
    /**
     * The second ingest counterpart: hand-written DuckDB SQL doing minqing's per-row ingest work ({@link DuckWorkSql}),
     * beside the plain {@code COPY} of {@link #DUCKDB}.
     */
    public static final String DUCKDB_WORK = "duckdb-work";

    /** Whether this is a run of minqing itself (either engine), not of the baseline. */
    public boolean isMinqing() {
        return engine.equals(MINQING) || engine.equals(MINQING_SPARK);
    }

    public boolean ok() {
        return exitCode == 0 && !Double.isNaN(wallSeconds);
    }

    /** Cases per second, or NaN for a failed or skipped run. */
    public double rowsPerSecond() {
        return ok() && wallSeconds > 0 ? cases / wallSeconds : Double.NaN;
    }

    /** A stage that was not run (e.g. topics before that command exists): no timing, only the note. */
    public static Measurement skipped(long cases, String stage, String engine, String note) {
        return new Measurement(cases, stage, engine, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, note);
    }
}
