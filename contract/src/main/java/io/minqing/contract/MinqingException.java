package io.minqing.contract;

import java.util.Objects;

/**
 * A user-facing error: says what happened, why, and how to fix it. Build instances through {@link Errors},
 * the one place where message wording lives, so tests can assert it. Bugs are not MinqingExceptions: they are
 * {@link IllegalStateException} / {@link IllegalArgumentException} and exit with {@link ExitCode#BUG}.
 */
public class MinqingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public MinqingException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public MinqingException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode);
        if (exitCode == ExitCode.OK || exitCode == ExitCode.BUG) {
            throw new IllegalArgumentException("A MinqingException is a user-facing error, not " + exitCode);
        }
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
