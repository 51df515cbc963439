package io.minqing.cli;

import io.minqing.contract.Settings;
import io.minqing.contract.engine.Engine;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --engine duckdb|spark} and {@code --master URL}, shared by the commands that run a job on an engine (ingest,
 * transform, topics). See {@link Engine#resolve} for the precedence: DuckDB unless Spark is asked for or implied.
 */
public final class EngineOptions {

    @Option(names = "--engine", paramLabel = "duckdb|spark",
            description = "Engine: duckdb (embedded, in-process, the default) or spark (also implied by --master or by "
                    + "spark-submit). Environment MINQING_ENGINE, config key engine.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[*] or spark://HOST:7077 (implies --engine spark; default under "
                    + "spark-submit: its master).")
    String master;

    /** Adds {@code --engine} to the command-line values that {@link Settings#resolve} takes. */
    void addTo(Map<String, String> cliValues) {
        if (engine != null) {
            cliValues.put(Engine.KEY, engine);
        }
    }

    /** The engine of this run; on the embedded one, third-party logging is switched off first (see EmbeddedLogs). */
    Engine resolve(Settings settings) {
        Engine e = Engine.resolve(settings, master);
        if (e == Engine.DUCKDB) {
            EmbeddedLogs.quiet();
        } else if ("embedded".equals(System.getenv("MINQING_HEAP_DEFAULT")) && (master == null || master.startsWith("local"))) {
            // the launcher sized the heap for the embedded engine (Spark was chosen in the config file only)
            System.err.printf(Locale.ROOT, "minqing: note: the Spark engine runs in this JVM with the embedded engine's heap "
                    + "(%,d MB); for large inputs give it more with MINQING_JAVA_OPTS=-Xmx12g or pass --engine spark on "
                    + "the command line (then the launcher gives it half the RAM).%n", Runtime.getRuntime().maxMemory() >> 20);
        }
        return e;
    }

    String master() {
        return master;
    }
}
