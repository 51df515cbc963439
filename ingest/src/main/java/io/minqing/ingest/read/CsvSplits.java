package io.minqing.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a large CSV file into byte ranges that separate Spark tasks can read, each yielding exactly the records — with
 * exactly the line numbers — that one reader going through the whole file would, so a 10 GB export is read by every
 * core (or every executor) and still reports "line 7,301,442" for a broken row.
 *
 * <p>How: the file is scanned in fixed-size chunks, in parallel ({@link #scan}). A chunk owns the lines that start
 * in it. For each owned line the scan notes whether it has non-ASCII bytes and whether they are valid UTF-8 (the
 * encoding vote {@link CsvSource} makes, summed over the chunks, gives the same answer as a whole-file pass), and
 * whether the line "completes alone": read as the first line of a record, its quoting closes on the line (or is
 * broken on it), so the record is that one line. The first line start in a chunk that follows at least
 * {@link #CLEAN_RUN} such lines is a safe cut: a record may span at most {@link CsvSource#MAX_RECORD_LINES} lines
 * before the reader gives up on it and restarts at its next line, so every record that began before those
 * {@code CLEAN_RUN} lines has ended before the cut, and each record within them is one line. A chunk without a
 * safe cut (e.g. inside a run of multi-line quoted fields) merges into the previous range. The quote and comma
 * bytes never occur inside a UTF-8 or GB18030 multi-byte character, so the scan works on bytes before the encoding
 * is known. Line numbers of each range's start are the newlines counted before it.
 */
public final class CsvSplits {

    /** Lines that must complete alone before a cut: one more than a record may span. */
    static final int CLEAN_RUN = CsvSource.MAX_RECORD_LINES + 1;

    private CsvSplits() {
    }

    /** A chunk of a file to scan. */
    public record Chunk(int unit, int index, String uri, long start, long end) implements Serializable {
    }

    /**
     * What the scan of one chunk found.
     *
     * @param newlines           '\n' bytes in [start, end)
     * @param utf8Lines          owned lines with non-ASCII bytes, all valid UTF-8
     * @param otherLines         owned lines with non-ASCII bytes that are not valid UTF-8
     * @param cut                the safe cut (a line start in [start, end)), or -1
     * @param newlinesBeforeCut  '\n' bytes in [start, cut)
     */
    public record ChunkScan(int unit, int index, long newlines, long utf8Lines, long otherLines, long cut,
                            long newlinesBeforeCut) implements Serializable {
    }

    /**
     * One range of a file to read.
     *
     * @param start       first byte (a line start)
     * @param end         end (exclusive), a line start or the file length
     * @param linesBefore physical lines before {@code start}, so the first line read is line {@code linesBefore + 1}
     * @param charset     the file's encoding, decided once for all ranges
     * @param encodingName how the quality summary names it (detected or forced)
     */
    public record Split(int index, long start, long end, long linesBefore, String charset, String encodingName)
            implements Serializable {
    }

    /** The chunks of a file of {@code length} bytes. */
    public static List<Chunk> chunks(int unit, String uri, long length, long chunkBytes) {
        List<Chunk> out = new ArrayList<>();
        for (long s = 0, i = 0; s < length; s += chunkBytes, i++) {
            out.add(new Chunk(unit, (int) i, uri, s, Math.min(length, s + chunkBytes)));
        }
        return out;
    }

    /** Scans one chunk (runs in a Spark task). */
    public static ChunkScan scan(Chunk c) {
        long from = c.index() == 0 ? 0 : c.start() - 1; // one byte back: does a line start at c.start?
        try (InputStream in = Inputs.openAt(c.uri(), from)) {
            return scan(in, c, from);
        } catch (IOException e) {
            throw new UncheckedIOException("scanning " + c.uri() + " bytes " + c.start() + "–" + c.end(), e);
        }
    }

    static ChunkScan scan(InputStream in, Chunk c, long from) throws IOException {
        byte[] buf = new byte[1 << 16];
        long pos = from;           // file offset of buf[0] after each read
        long newlines = 0;
        long utf8 = 0;
        long other = 0;
        long cut = -1;
        long nlBeforeCut = 0;
        int clean = 0;
        // line state
        boolean owned = c.index() == 0; // chunk 0 owns its first line; later chunks wait for the first '\n' at or after start-1
        long lineStart = c.index() == 0 ? 0 : -1;
        boolean nonAscii = false;
        Utf8 utf = new Utf8();
        Quotes q = new Quotes();
        int r;
        // the quoting matters only until the chunk's cut is found, and never in chunk 0 (which has no cut)
        boolean quotesMatter = c.index() > 0;
        outer:
        while ((r = in.read(buf)) > 0) {
            for (int i = 0; i < r; i++) {
                if (owned && !quotesMatter && utf.pending == 0) {
                    // Fast path through an owned line between characters: ASCII bytes other than '\n' and whole
                    // 3-byte UTF-8 sequences E1–EC/EE/EF 80–BF 80–BF (the CJK characters of the usual export)
                    // change nothing but "non-ASCII"; anything else goes through the byte-by-byte path below.
                    int j = i;
                    while (j < r) {
                        byte x = buf[j];
                        if (x >= 0) {
                            if (x == '\n') {
                                break;
                            }
                            j++;
                            continue;
                        }
                        if (!utf.valid) { // the line is already invalid: only its end matters
                            nonAscii = true;
                            j++;
                            continue;
                        }
                        int b0 = x & 0xFF;
                        if ((b0 >= 0xE1 && b0 <= 0xEC || b0 == 0xEE || b0 == 0xEF) && j + 2 < r
                                && (buf[j + 1] & 0xC0) == 0x80 && (buf[j + 2] & 0xC0) == 0x80) {
                            nonAscii = true;
                            j += 3;
                            continue;
                        }
                        break;
                    }
                    i = j;
                    if (i >= r) {
                        break;
                    }
                }
                long off = pos + i;
                byte b = buf[i];
                if (b == '\n') {
                    if (off >= c.start() && off < c.end()) {
                        newlines++;
                    }
                    if (owned) {
                        if (nonAscii) {
                            if (utf.valid && utf.pending == 0) {
                                utf8++;
                            } else {
                                other++;
                            }
                        }
                        clean = q.completes() ? clean + 1 : 0;
                    }
                    // the next line starts at off + 1
                    long next = off + 1;
                    if (next >= c.end()) {
                        owned = false;
                        break outer;
                    }
                    owned = next >= c.start();
                    lineStart = next;
                    if (owned && cut < 0 && c.index() > 0 && clean >= CLEAN_RUN) {
                        cut = next;
                        nlBeforeCut = newlines;
                        quotesMatter = false;
                    }
                    nonAscii = false;
                    utf.reset();
                    q.reset();
                    continue;
                }
                if (!owned) {
                    continue;
                }
                if (b < 0) {
                    nonAscii = true;
                }
                utf.accept(b);
                if (quotesMatter) {
                    q.accept(b);
                }
            }
            pos += r;
        }
        if (owned && lineStart >= 0 && pos > lineStart && nonAscii) { // a last line without '\n'
            if (utf.valid && utf.pending == 0) {
                utf8++;
            } else {
                other++;
            }
        }
        return new ChunkScan(c.unit(), c.index(), newlines, utf8, other, cut, nlBeforeCut);
    }

    /**
     * The encoding the scans vote for (the rule of {@link CsvSource#detect}; {@code open} reads the file's start when
     * it is not UTF-8), and the ranges to read.
     */
    public static List<Split> plan(List<ChunkScan> scans, long length, String forcedEncoding,
                                   java.util.function.Supplier<InputStream> open) {
        List<ChunkScan> s = new ArrayList<>(scans);
        s.sort(java.util.Comparator.comparingInt(ChunkScan::index));
        String charset;
        String name;
        if (forcedEncoding != null && !forcedEncoding.isBlank()) {
            Charset cs = Charset.forName(forcedEncoding.trim());
            charset = cs.name();
            name = cs.name() + " (forced)";
        } else {
            long utf8 = s.stream().mapToLong(ChunkScan::utf8Lines).sum();
            long other = s.stream().mapToLong(ChunkScan::otherLines).sum();
            Charset cs = CsvSource.vote(utf8, other, open);
            charset = cs.name();
            name = cs.name();
        }
        List<long[]> cuts = new ArrayList<>(); // {offset, linesBefore}
        cuts.add(new long[] {0, 0});
        long nlBefore = 0;
        for (ChunkScan c : s) {
            if (c.cut() > 0) {
                cuts.add(new long[] {c.cut(), nlBefore + c.newlinesBeforeCut()});
            }
            nlBefore += c.newlines();
        }
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            long end = i + 1 < cuts.size() ? cuts.get(i + 1)[0] : length;
            out.add(new Split(i, cuts.get(i)[0], end, cuts.get(i)[1], charset, name));
        }
        return out;
    }

    /**
     * Whether a line, read as the first line of a record, ends the record ({@link CsvSource#parse}'s quoting rules on
     * bytes): false only when it ends inside a quoted field.
     */
    static final class Quotes {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_SEEN = 3;
        private static final int DONE = 4; // broken after a closing quote: a one-line reject
        private int state;

        void reset() {
            state = FIELD_START;
        }

        void accept(byte b) {
            switch (state) {
                case FIELD_START -> state = b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
                case UNQUOTED -> state = b == ',' ? FIELD_START : UNQUOTED;
                case QUOTED -> state = b == '"' ? QUOTE_SEEN : QUOTED;
                case QUOTE_SEEN -> state = b == '"' ? QUOTED : b == ',' ? FIELD_START : DONE;
                default -> {
                }
            }
        }

        boolean completes() {
            return state != QUOTED;
        }
    }

    /** Strict UTF-8 well-formedness (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF). */
    static final class Utf8 {
        boolean valid = true;
        int pending;      // continuation bytes still expected
        int lo = 0x80;    // allowed range of the next continuation byte
        int hi = 0xBF;

        void reset() {
            valid = true;
            pending = 0;
            lo = 0x80;
            hi = 0xBF;
        }

        void accept(byte x) {
            if (!valid) {
                return;
            }
            int b = x & 0xFF;
            if (pending > 0) {
                if (b < lo || b > hi) {
                    valid = false;
                    return;
                }
                lo = 0x80;
                hi = 0xBF;
                pending--;
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b == 0xE0) {
                pending = 2;
                lo = 0xA0;
            } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
                pending = 2;
            } else if (b == 0xED) {
                pending = 2;
                hi = 0x9F;
            } else if (b == 0xF0) {
                pending = 3;
                lo = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                pending = 3;
            } else if (b == 0xF4) {
                pending = 3;
                hi = 0x8F;
            } else {
                valid = false;
            }
        }

        /** Whether a whole byte array is well-formed UTF-8. */
        static boolean isValid(byte[] bytes) {
            Utf8 u = new Utf8();
            for (byte b : bytes) {
                u.accept(b);
            }
            return u.valid && u.pending == 0;
        }
    }
}
