package io.minqing.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every subcommand: Spark and minqing logs at INFO instead of WARN. */
public final class Verbosity {

    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Show engine logs (INFO) and stack traces of errors.")
    void setVerbose(boolean v) {
        verbose = v;
        Configurator.setRootLevel(v ? Level.INFO : Level.WARN);
    }

    static boolean isVerbose() {
        return verbose;
    }
}
