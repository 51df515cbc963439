package io.minqing.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at '\n' (a trailing '\r' is dropped) without decoding, so each line can be
 * decoded on its own and a bad byte sequence costs one line, not the file. Safe for UTF-8 and GB18030, whose
 * multi-byte sequences never contain the byte 0x0A. A last line without a terminator is a line; an empty one is not.
 */
final class ByteLines {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int len;
    private boolean eof;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end. */
    byte[] next() throws IOException {
        return nextView() ? Arrays.copyOfRange(viewArray, viewOffset, viewOffset + viewLength) : null;
    }

    /** The bytes of the line {@link #nextView} found: {@code viewArray[viewOffset, viewOffset + viewLength)}. */
    byte[] viewArray;
    int viewOffset;
    int viewLength;

    /**
     * Moves to the next line and shows its bytes (without the terminator) in {@link #viewArray}, {@link #viewOffset}
     * and {@link #viewLength}, valid until the next call: usually a slice of the read buffer, so a line is decoded
     * without being copied first. False at the end.
     */
    boolean nextView() throws IOException {
        byte[] line = null;
        int n = 0;
        while (true) {
            if (pos >= len && !fill()) {
                break;
            }
            int start = pos;
            int i = start;
            while (i < len && buf[i] != '\n') {
                i++;
            }
            int chunk = i - start;
            if (line == null && i < len) {
                pos = i + 1;
                return view(buf, start, chunk); // the common case: the whole line is in the buffer
            }
            if (line == null) {
                line = new byte[Math.max(256, chunk * 2)];
            } else if (n + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, n + chunk));
            }
            System.arraycopy(buf, start, line, n, chunk);
            n += chunk;
            pos = i;
            if (i < len) {
                pos = i + 1;
                return view(line, 0, n);
            }
        }
        return n != 0 && view(line, 0, n);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int r = in.read(buf);
        pos = 0;
        if (r <= 0) {
            eof = true;
            len = 0;
            return false;
        }
        len = r;
        return true;
    }

    private boolean view(byte[] b, int from, int n) {
        if (n > 0 && b[from + n - 1] == '\r') {
            n--;
        }
        viewArray = b;
        viewOffset = from;
        viewLength = n;
        return true;
    }
}
