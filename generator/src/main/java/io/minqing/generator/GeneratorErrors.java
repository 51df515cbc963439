package io.minqing.generator;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.Path;

/** The generator's user-facing errors, worded in one place (tests assert these texts). */
final class GeneratorErrors {

    private GeneratorErrors() {
    }

    static MinqingException badOption(String option, Object value, String allowed) {
        return new MinqingException(ExitCode.USAGE, "Invalid value for option '" + option + "': '" + value + "'. " + allowed);
    }

    static MinqingException outNotADirectory(Path out) {
        return new MinqingException(ExitCode.USAGE, "Cannot write the sample district to " + out
                + ": it exists and is not a directory. Give --out a directory (it is created if missing).");
    }

    static MinqingException cannotWrite(Path path, Exception cause) {
        return new MinqingException(ExitCode.INPUT, "Cannot write " + path + ": " + cause.getMessage()
                + ". Check that the folder is writable and the disk is not full, then run minqing generate again.", cause);
    }
}
