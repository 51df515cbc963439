package io.minqing.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at '\n' (a trailing '\r' is dropped) without decoding, so each line can be
 * decoded on its own and a bad byte sequence costs one line, not the file. Safe for UTF-8 and GB18030, whose
 * multi-byte sequences never contain the byte 0x0A.
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
        byte[] line = new byte[256];
        int n = 0;
        while (true) {
            if (pos >= len) {
                if (eof) {
                    break;
                }
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    eof = true;
                    len = 0;
                    break;
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return strip(line, n);
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = b;
        }
        return n == 0 ? null : strip(line, n);
    }

    private static byte[] strip(byte[] line, int n) {
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return Arrays.copyOf(line, n);
    }
}
