package io.minqing.contract;

/** Process exit codes of the {@code minqing} CLI. */
public enum ExitCode {
    OK(0),
    /** A bug: an unexpected exception. Report it with the stack trace from {@code --verbose}. */
    BUG(1),
    /** Wrong command line or configuration. */
    USAGE(2),
    /** Missing or unreadable input, or input that breaks the data contract. */
    INPUT(3),
    /** Too many rejected rows: a data-quality threshold was crossed. */
    DATA_QUALITY(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
