package io.minqing.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every subcommand: Spark and minqing logs at INFO instead of WARN. */
public final class Verbosity {

    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Show engine logs (INFO) and stack traces of errors.")
    void setVerbose(boolean v) {
        boolean was = verbose;
        verbose = v;
        if (v) { // every logger, including those log4j2.properties silences (Spark's copies of a task's failure)
            Configurator.setAllLevels(org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, Level.INFO);
        } else if (was) {
            Configurator.reconfigure(); // back to log4j2.properties
        } else {
            Configurator.setRootLevel(Level.WARN);
        }
    }

    static boolean isVerbose() {
        return verbose;
    }
}
