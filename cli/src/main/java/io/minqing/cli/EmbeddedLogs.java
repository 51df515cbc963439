package io.minqing.cli;

/**
 * Logging on the embedded engine. No Spark session means no engine logs worth showing, yet a library on the embedded
 * path (Parquet's footer reader, Hadoop's file system for ingest's inputs) asks SLF4J for a logger, and binding SLF4J
 * to log4j2 costs about a second per command (plugin scan, configuration factories): more than a 100-row ingest or
 * transform itself. So, unless {@code --verbose} asks for the logs, SLF4J is bound to its no-operation provider before
 * anything logs. The Spark engine keeps log4j2 (log4j2.properties).
 */
final class EmbeddedLogs {

    static final String PROVIDER = "slf4j.provider";
    static final String NOP = "org.slf4j.helpers.NOP_FallbackServiceProvider";

    private EmbeddedLogs() {
    }

    /** Binds SLF4J to no-operation for this process unless verbose or a provider was chosen already (-Dslf4j.provider). */
    static void quiet() {
        if (Verbosity.isVerbose() || System.getProperty(PROVIDER) != null) {
            return;
        }
        System.setProperty(PROVIDER, NOP);
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN"); // no "SLF4J(I): Attempting to load provider" line
        }
    }
}
