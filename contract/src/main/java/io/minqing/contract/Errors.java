package io.minqing.contract;

import java.nio.file.Path;
import java.util.Collection;

/**
 * The one place where user-facing error messages are written (Delta Kernel's pattern). Each message names
 * what was being done, the file / key / value involved, and how to fix it. Tests assert these texts.
 * Modules add their own factory methods here rather than formatting messages inline.
 */
public final class Errors {

    private Errors() {
    }

    public static MinqingException invalidConfig(String key, Object value, String allowed) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid value for '" + key + "': '" + value + "'. " + allowed);
    }

    public static MinqingException unknownConfigKey(String source, String key, Collection<String> known) {
        return new MinqingException(ExitCode.USAGE,
                "Unknown configuration key '" + key + "' in " + source + ". Known keys: " + String.join(", ", known) + ".");
    }

    public static MinqingException unreadableConfig(Path file, String why) {
        return new MinqingException(ExitCode.USAGE,
                "Cannot read configuration file " + file + ": " + why + ". Fix the file or leave out --config to use the defaults.");
    }

    public static MinqingException missingInput(Path path, String what, String fix) {
        return new MinqingException(ExitCode.INPUT,
                "Missing " + what + ": " + path + " does not exist. " + fix);
    }

    public static MinqingException contractViolation(String table, String column, String expected, String actual, String location) {
        return new MinqingException(ExitCode.INPUT,
                "Table " + table + " at " + location + " breaks the data contract: column '" + column + "' should be "
                        + expected + " but is " + actual + ". Re-run the stage that writes " + table
                        + " with this version of minqing (see docs/data-contract.md).");
    }

    public static MinqingException missingPseudonymKey(String envVar, String configKey) {
        return new MinqingException(ExitCode.USAGE,
                "No pseudonymisation key: set the environment variable " + envVar + " or '" + configKey
                        + "' in the configuration file to a secret of at least 16 characters. Only the generated "
                        + "sample district (--demo) may run with the built-in demo key.");
    }

    public static MinqingException weakPseudonymKey(String configKey) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid value for '" + configKey + "': the key is shorter than 16 characters. Use a longer random secret.");
    }
}
