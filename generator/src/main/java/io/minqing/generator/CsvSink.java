package io.minqing.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one CSV file with RFC 4180 quoting (a field is quoted when it holds a comma, quote or line break) and
 * counts physical lines, so defects can name the line they are on (1-based, header = line 1). The encoder
 * refuses characters the charset cannot hold (a GBK file must not silently get '?').
 */
final class CsvSink implements AutoCloseable {

    private final Path path;
    private final Writer out;
    private final String newline;
    private long line;
    private long rows;

    CsvSink(Path path, Charset charset, boolean bom, String newline) throws IOException {
        this.path = path;
        this.newline = newline;
        OutputStream os = Files.newOutputStream(path);
        if (bom) {
            os.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        CharsetEncoder enc = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.out = new BufferedWriter(new OutputStreamWriter(os, enc), 1 << 16);
    }

    Path path() {
        return path;
    }

    /** Writes the header (line 1). */
    void header(Iterable<String> names) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            quote(sb, n);
        }
        out.write(sb.toString());
        out.write(newline);
        line++;
    }

    /** Writes a data row and returns its physical line number. */
    long row(String[] values) throws IOException {
        StringBuilder sb = new StringBuilder(512);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, values[i]);
        }
        out.write(sb.toString());
        out.write(newline);
        rows++;
        return ++line;
    }

    /** Writes an empty physical line and returns its number. */
    long blankLine() throws IOException {
        out.write(newline);
        return ++line;
    }

    /** Number of the line the next row will be written on. */
    long nextLine() {
        return line + 1;
    }

    long rows() {
        return rows;
    }

    private static void quote(StringBuilder sb, String v) {
        if (v == null) {
            return;
        }
        boolean needs = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                needs = true;
                break;
            }
        }
        if (!needs) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
