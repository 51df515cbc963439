package io.minqing.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A PrintStream for a job's progress lines that writes through picocli's out writer line by line, so the lines
 * reach the terminal as they happen and tests that pass their own writer capture them.
 */
final class ProgressStream extends OutputStream {

    private final PrintWriter w;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    private ProgressStream(PrintWriter w) {
        this.w = w;
    }

    static PrintStream to(PrintWriter w) {
        return new PrintStream(new ProgressStream(w), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        buf.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public void flush() {
        w.print(buf.toString(StandardCharsets.UTF_8));
        w.flush();
        buf.reset();
    }
}
