package io.minqing.ingest.read;

import io.minqing.contract.Codes.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * RFC 4180 CSV, streamed line by line with exact 1-based physical line numbers (a record spanning lines is
 * numbered by its first line). Each line is decoded on its own: a line that is not valid in the file's encoding is
 * rejected as BAD_ENCODING and costs only itself. A quoted field may span at most {@link #MAX_RECORD_LINES} lines;
 * a quote that is never closed within them (or before the end of the file) makes the record's first line a
 * MALFORMED_RECORD reject and reading resumes at the next line, so one broken quote loses one row, not the rest of
 * the file. Blank lines (and lines of only commas) are skipped and counted.
 *
 * <p>Encoding: forced, or detected by a first pass that tries every line as strict UTF-8: if every line with
 * non-ASCII bytes is valid UTF-8 the file is UTF-8; if none is, a legacy code page, and if both kinds occur, the
 * majority wins and the other lines become BAD_ENCODING rejects. Which code page ({@link #legacy}): GB18030 (a
 * superset of GBK/GB2312) unless the non-UTF-8 lines read like a single-byte one — Windows-1252 for Western European
 * text ("v\xEDa p\xFAblica", which GB18030 would silently read as "v韆 p鷅lica"), Windows-1251 for Cyrillic. A UTF-8
 * byte-order mark is removed.
 */
public final class CsvSource implements RecordSource {

    /** Most physical lines one quoted record may span before its opening quote is declared broken. */
    public static final int MAX_RECORD_LINES = 200;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String fileName;
    private InputStream in;
    private ByteLines lines;
    private final Charset charset;
    private final boolean utf8;
    private final CharsetDecoder strictDecoder;
    private final String encodingName;
    private final Map<String, Long> counters = new TreeMap<>();
    private final Deque<Line> pending = new ArrayDeque<>();
    private long lineNo;
    private List<String> headers;
    private Map<String, Integer> headerIndex;
    private SourceRecord next;
    private boolean firstLine = true;

    /** A physical line; {@code controlFree}: its bytes hold no control character (see {@link #controlFree}). */
    private record Line(long no, String text, boolean bad, boolean controlFree) {
    }

    /**
     * @param open     opens the file (called twice when the encoding is detected)
     * @param encoding forced encoding name, or null to detect
     */
    public CsvSource(String fileName, Supplier<InputStream> open, String encoding) {
        this.fileName = fileName;
        Charset cs;
        String name;
        if (encoding != null && !encoding.isBlank()) {
            cs = Charset.forName(encoding.trim());
            name = cs.name() + " (forced)";
        } else {
            Charset detected = detect(open);
            cs = detected;
            name = detected.name();
        }
        this.charset = cs;
        this.utf8 = cs.equals(StandardCharsets.UTF_8);
        this.strictDecoder = strict(cs);
        this.in = open.get();
        this.lines = new ByteLines(in);
        this.encodingName = name;
        readHeader();
    }

    /**
     * One range of a file cut by {@link CsvSplits}: the header is read from the file's start, then the records of
     * the range with their line numbers in the whole file. The encoding was decided for the whole file.
     *
     * @param openAt opens the file at a byte offset
     */
    public CsvSource(String fileName, java.util.function.LongFunction<InputStream> openAt, CsvSplits.Split split) {
        this.fileName = fileName;
        this.charset = Charset.forName(split.charset());
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.strictDecoder = strict(charset);
        this.encodingName = split.encodingName();
        if (split.start() == 0) {
            this.in = new Bounded(openAt.apply(0), split.end());
            this.lines = new ByteLines(in);
            readHeader();
            return;
        }
        try (InputStream head = openAt.apply(0)) {
            this.in = head;
            this.lines = new ByteLines(head);
            readHeader();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the header of " + fileName, e);
        }
        counters.clear(); // the header's counters (BOM, blank lines before it) belong to the first range
        this.in = new Bounded(openAt.apply(split.start()), split.end() - split.start());
        this.lines = new ByteLines(in);
        this.lineNo = split.linesBefore();
        this.firstLine = false;
    }

    /**
     * The rule shared with {@link CsvSplits#plan}: more lines with non-ASCII bytes that are not UTF-8 than lines that
     * are means a legacy code page, told by {@link #legacy} from the file's start.
     */
    static Charset vote(long utf8Lines, long otherLines, Supplier<InputStream> open) {
        return otherLines > utf8Lines ? legacy(open) : StandardCharsets.UTF_8;
    }

    /** How much of a file's start {@link #legacy} reads. */
    static final int LEGACY_SAMPLE_BYTES = 4 << 20;

    /**
     * Which legacy code page a file that is not UTF-8 is in, from the runs of bytes ≥ 0x80 in its first
     * {@value #LEGACY_SAMPLE_BYTES} bytes' lines that are not UTF-8. GBK/GB18030 Chinese is pairs of such bytes (a
     * character is two, and common ones — all of GB2312 — have both bytes ≥ 0xA1), so its runs have even length; a
     * single-byte code page puts one byte per letter, so Western European text has runs of one between ASCII letters
     * (v\xEDa) and Cyrillic whole words of them, of any length. More than a quarter of the runs of odd length means
     * single-byte: Windows-1251 when the runs are 3 bytes long or more on average (words), else Windows-1252; otherwise
     * GB18030. Other code pages (Big5, Shift_JIS, ISO-8859-7 …) are not told apart: give them with --encoding.
     */
    static Charset legacy(Supplier<InputStream> open) {
        long runs = 0;
        long odd = 0;
        long high = 0;
        try (InputStream in = new Bounded(open.get(), LEGACY_SAMPLE_BYTES)) {
            ByteLines bl = new ByteLines(in);
            byte[] l;
            while ((l = bl.next()) != null) {
                if (isAscii(l) || CsvSplits.Utf8.isValid(l)) {
                    continue;
                }
                int run = 0;
                for (int i = 0; i <= l.length; i++) {
                    if (i < l.length && l[i] < 0) {
                        run++;
                    } else if (run > 0) {
                        runs++;
                        odd += run & 1;
                        high += run;
                        run = 0;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (runs > 0 && 4 * odd > runs) {
            return Charset.forName(high >= 3 * runs ? "windows-1251" : "windows-1252");
        }
        return Charset.forName("GB18030");
    }

    static Charset detect(Supplier<InputStream> open) {
        long utf8 = 0;
        long notUtf8 = 0;
        try (InputStream in = open.get()) {
            ByteLines bl = new ByteLines(in);
            byte[] l;
            while ((l = bl.next()) != null) {
                if (isAscii(l)) {
                    continue;
                }
                if (CsvSplits.Utf8.isValid(l)) {
                    utf8++;
                } else {
                    notUtf8++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vote(utf8, notUtf8, open);
    }

    /** A stream that ends after {@code limit} bytes. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private static boolean isAscii(byte[] l) {
        for (byte b : l) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static CharsetDecoder strict(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private Line readLine() {
        if (!pending.isEmpty()) {
            return pending.pollFirst();
        }
        try {
            if (!lines.nextView()) {
                return null;
            }
            // the line's bytes, decoded where they lie (in the read buffer, usually)
            byte[] b = lines.viewArray;
            int off = lines.viewOffset;
            int n = lines.viewLength;
            lineNo++;
            if (firstLine) {
                firstLine = false;
                if (n >= 3 && b[off] == BOM[0] && b[off + 1] == BOM[1] && b[off + 2] == BOM[2]) {
                    off += 3;
                    n -= 3;
                    counters.merge("bom_removed", 1L, Long::sum);
                }
            }
            if (utf8) {
                // malformed bytes become U+FFFD; a line decoded without one was well-formed (the byte check, a
                // second pass over every line, is needed only when U+FFFD appears, which a valid line may hold too)
                String text = new String(b, off, n, StandardCharsets.UTF_8);
                return new Line(lineNo, text, text.indexOf('\uFFFD') >= 0
                        && !CsvSplits.Utf8.isValid(java.util.Arrays.copyOfRange(b, off, off + n)), controlFree(b, off, n));
            }
            try {
                return new Line(lineNo, strictDecoder.reset().decode(ByteBuffer.wrap(b, off, n)).toString(), false, false);
            } catch (CharacterCodingException e) {
                CharBuffer lenient = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(b, off, n));
                return new Line(lineNo, lenient.toString(), true, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + fileName + " line " + (lineNo + 1), e);
        }
    }

    /**
     * Whether UTF-8 bytes surely decode to text without a control character as {@code RecordMapper.stripControls}
     * removes them: no C0 byte other than tab (a line holds no line feed), no DEL, and no 0xC2, the lead byte of the C1
     * controls U+0080–U+009F (and, conservatively, of U+00A0–U+00BF). One pass over the line's bytes, in place of one
     * per value and lookup in the mapper.
     */
    static boolean controlFree(byte[] b, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            byte x = b[i];
            if (x >= 0) {
                if (x < 0x20 && x != '\t' || x == 0x7F) {
                    return false;
                }
            } else if (x == (byte) 0xC2) {
                return false;
            }
        }
        return true;
    }

    /** Parse outcome of a buffer of lines. */
    private record Parse(List<String> fields, boolean incomplete, String error) {
    }

    static Parse parse(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (true) {
            f.setLength(0);
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                // the usual quoted field holds no quote of its own: slice it
                int close = s.indexOf('"', i);
                if (close >= 0 && (close + 1 >= n || s.charAt(close + 1) != '"')) {
                    f.append(s, i, close);
                    i = close + 1;
                    closed = true;
                }
                while (!closed && i < n) {
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && s.charAt(i + 1) == '"') {
                            f.append('"');
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        f.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    return new Parse(null, true, null);
                }
                if (i < n && s.charAt(i) != ',') {
                    return new Parse(null, false, "a character (" + s.charAt(i) + ") follows the closing quote of field "
                            + (out.size() + 1) + "; quotes inside a quoted field must be doubled (\"\")");
                }
            } else {
                // an unquoted field is a plain slice of the line
                int start = i;
                int comma = s.indexOf(',', i);
                i = comma < 0 ? n : comma;
                out.add(s.substring(start, i));
                if (i >= n) {
                    return new Parse(out, false, null);
                }
                i++; // the comma
                continue;
            }
            out.add(f.toString());
            if (i >= n) {
                return new Parse(out, false, null);
            }
            i++; // the comma
        }
    }

    private SourceRecord readRecord() {
        while (true) {
            Line first = readLine();
            if (first == null) {
                return null;
            }
            if (first.bad) {
                return new SourceRecord(first.no, naive(first.text), first.text, new SourceRecord.Problem(RejectReason.BAD_ENCODING,
                        null, null, "Line " + first.no + " is not valid " + charset.name() + " (undecodable bytes shown as \uFFFD). "
                        + "Save the export in one encoding (UTF-8 is best) or give it with --encoding."));
            }
            if (first.text.isBlank() || onlyCommasAndBlanks(first.text)) {
                counters.merge("blank_lines", 1L, Long::sum);
                continue;
            }
            // the usual record is one line: parsed and kept as the line's own text, without copying it
            Parse p = parse(first.text);
            if (p.fields != null) {
                return new SourceRecord(first.no, fieldsOf(p.fields), first.text, null, first.controlFree);
            }
            List<Line> buf = new ArrayList<>();
            buf.add(first);
            boolean controlFree = first.controlFree;
            StringBuilder text = new StringBuilder(first.text);
            while (true) {
                Line more = p.incomplete && buf.size() < MAX_RECORD_LINES ? readLine() : null;
                if (more == null || more.bad || p.error != null) {
                    // give back every line after the first, and reject the first
                    if (more != null) {
                        pending.addFirst(more);
                    }
                    for (int k = buf.size() - 1; k >= 1; k--) {
                        pending.addFirst(buf.get(k));
                    }
                    String why = p.error != null ? p.error
                            : "a quoted field opened on this line is never closed (checked up to " + MAX_RECORD_LINES
                            + " lines or the end of the file)";
                    return new SourceRecord(first.no, naive(first.text), first.text, new SourceRecord.Problem(RejectReason.MALFORMED_RECORD,
                            null, null, "Broken CSV quoting at line " + first.no + ": " + why + ". Fix the quotes in the export."));
                }
                buf.add(more);
                controlFree &= more.controlFree;
                text.append('\n').append(more.text);
                String joined = text.toString();
                p = parse(joined);
                if (p.fields != null) {
                    return new SourceRecord(first.no, fieldsOf(p.fields), joined, null, controlFree);
                }
            }
        }
    }

    /** Whether every char of {@code s} is a comma or whitespace ({@link Character#isWhitespace}). */
    private static boolean onlyCommasAndBlanks(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ',' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Best-effort fields of a line that could not be parsed (split at every comma, quotes ignored), used only to
     * find the values of personal columns so they can be masked in the reject's raw record.
     */
    private Map<String, String> naive(String line) {
        if (headers == null) {
            return Map.of();
        }
        return fieldsOf(List.of(line.split(",", -1)));
    }

    /**
     * The fields of a record as wide as the header: its values by the header's index, shared by all records, in
     * place of a map of its own per record (the usual case; other widths get a LinkedHashMap). Read-only, in header
     * order, equal to the LinkedHashMap it replaces.
     */
    private static final class Row extends java.util.AbstractMap<String, String> {
        private final Map<String, Integer> index;
        private final String[] values;

        Row(Map<String, Integer> index, String[] values) {
            this.index = index;
            this.values = values;
        }

        @Override
        public String get(Object key) {
            Integer i = index.get(key);
            return i == null ? null : values[i];
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            Integer i = index.get(key);
            return i == null ? defaultValue : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return index.containsKey(key);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public java.util.Set<Map.Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, String>> iterator() {
                    java.util.Iterator<Map.Entry<String, Integer>> it = index.entrySet().iterator();
                    return new java.util.Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            Map.Entry<String, Integer> e = it.next();
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), values[e.getValue()]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }

    private void readHeader() {
        SourceRecord h = readRecord();
        headers = new ArrayList<>();
        if (h == null) {
            return;
        }
        if (h.problem() != null) {
            throw io.minqing.ingest.IngestErrors.unreadableFile(fileName, "its header (line " + h.row() + ") cannot be read: "
                    + h.problem().message().replaceAll("\\.$", ""));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String raw : h.fields().values()) {
            String name = raw.trim();
            int k = seen.merge(name, 1, Integer::sum);
            headers.add(k == 1 ? name : name + "#" + k);
        }
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (String name : headers) {
            idx.putIfAbsent(name, idx.size());
        }
        headerIndex = idx.size() == headers.size() ? idx : null; // "a#2" could also be a header of its own
    }

    private Map<String, String> fieldsOf(List<String> values) {
        if (headerIndex != null && values.size() == headers.size()) {
            return new Row(headerIndex, values.toArray(new String[0]));
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (headers == null) {
            for (int i = 0; i < values.size(); i++) {
                m.put("#" + i, values.get(i));
            }
            return m;
        }
        for (int i = 0; i < values.size(); i++) {
            m.put(i < headers.size() ? headers.get(i) : "#extra" + (i - headers.size() + 1), values.get(i));
        }
        return m;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readRecord();
            if (next != null && next.problem() == null) {
                next = checkWidth(next);
            }
        }
        return next != null;
    }

    private SourceRecord checkWidth(SourceRecord r) {
        int n = r.fields().size();
        if (n > headers.size()) {
            List<String> extra = new ArrayList<>();
            r.fields().forEach((k, v) -> {
                if (k.startsWith("#extra") && !v.isBlank()) {
                    extra.add(v);
                }
            });
            if (extra.isEmpty()) {
                counters.merge("trailing_empty_fields", 1L, Long::sum);
                Map<String, String> m = new LinkedHashMap<>(r.fields());
                m.keySet().removeIf(k -> k.startsWith("#extra"));
                return new SourceRecord(r.row(), m, r.raw(), null, r.controlFree());
            }
            return new SourceRecord(r.row(), r.fields(), r.raw(), new SourceRecord.Problem(RejectReason.TOO_MANY_COLUMNS,
                    null, extra.get(0), "Line " + r.row() + " has " + n + " fields but the header has " + headers.size()
                    + "; the extra values start with '" + extra.get(0) + "'. A comma inside a value must be quoted (\"a,b\")."));
        }
        if (n < headers.size()) {
            return new SourceRecord(r.row(), r.fields(), r.raw(), new SourceRecord.Problem(RejectReason.TOO_FEW_COLUMNS,
                    headers.get(n), null, "Line " + r.row() + " has " + n + " fields but the header has " + headers.size()
                    + " (missing from column '" + headers.get(n) + "' on). Check for a line break inside an unquoted value."));
        }
        return r;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    @Override
    public List<String> headers() {
        return headers;
    }

    @Override
    public String encoding() {
        return encodingName + (counters.containsKey("bom_removed") ? " with BOM" : "");
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
