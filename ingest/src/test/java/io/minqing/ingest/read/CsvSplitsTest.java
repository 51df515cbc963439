package io.minqing.ingest.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a CSV file in ranges cut by {@link CsvSplits} must give exactly what one reader going through the whole
 * file gives — same records, same line numbers, same rejects, same counters — including around multi-line quoted
 * fields, a quote that is never closed, bad bytes and blank lines. The single reader is the reference.
 */
class CsvSplitsTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final int CHUNK = 32 * 1024;

    /** The record stream as comparable strings: line number, reject reason (or OK), fields, raw text. */
    private static List<String> records(RecordSource src) {
        List<String> out = new ArrayList<>();
        while (src.hasNext()) {
            SourceRecord r = src.next();
            out.add(r.row() + "|" + (r.problem() == null ? "OK" : r.problem().reason().code()) + "|" + r.fields() + "|" + r.raw());
        }
        return out;
    }

    @Test
    void rangesReadExactlyWhatOneReaderReads(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write("件号,收件时间,诉求内容\n".getBytes(StandardCharsets.UTF_8));
        int line = 1;
        int brokenQuoteLine = -1;
        int multiLineStart = -1;
        for (int i = 1; i <= 6000; i++) {
            String rec;
            int lines = 1;
            long toBoundary = CHUNK - b.size() % CHUNK;
            if (toBoundary < 80) {
                // a 199-line quoted field opened just before a chunk boundary: the next chunk starts with its inner
                // lines, which look like whole records on their own; only a run of more than 200 such lines proves
                // a cut is not inside a field like this one
                StringBuilder f = new StringBuilder("C" + i + ",2021-01-01 10:00:00,\"第一行\n第二行，\"\"引号\"\"\n");
                for (int k = 3; k < 199; k++) {
                    f.append("续").append(k).append('\n');
                }
                rec = f.append("第199行\"\n").toString();
                lines = 199;
                multiLineStart = line + 1;
            } else if (i % 333 == 0) {
                rec = "C" + i + ",2021-01-01 10:00:00,\"一\n二\n三\n四\n五\n六\"\n"; // 6 lines
                lines = 6;
            } else if (i == 2600) {
                rec = "C" + i + ",2021-01-01 10:00:00,\"引号没有关上\n"; // never closed: 200 lines later it is given up
                brokenQuoteLine = line + 1;
            } else if (i == 4100) {
                rec = "C" + i + ",\"2021\"x,坏的引号\n"; // a character after a closing quote
            } else if (i % 997 == 0) {
                rec = "\n"; // blank
            } else if (i % 1301 == 0) {
                b.write(("C" + i + ",2021-01-01 10:00:00,").getBytes(StandardCharsets.UTF_8));
                b.write("国标编码的一行\n".getBytes(GBK)); // not UTF-8: BAD_ENCODING
                line++;
                continue;
            } else if (i % 7 == 0) {
                rec = "C" + i + ",2021-01-01 10:00:00,窗户漏水 第" + i + "号\r\n";
            } else {
                rec = "C" + i + ",2021-01-01 10:00:00,楼道电动车充电 " + i + "\n";
            }
            b.write(rec.getBytes(StandardCharsets.UTF_8));
            line += lines;
        }
        b.write("C9999,2021-01-02 08:00:00,最后一行没有换行".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("cases.csv");
        Files.write(file, b.toByteArray());
        String uri = file.toUri().toString();

        CsvSource whole = new CsvSource("cases.csv", () -> Inputs.open(uri), null);
        List<String> expected = records(whole);
        Map<String, Long> expectedCounters = new TreeMap<>(whole.counters());

        long length = Files.size(file);
        List<CsvSplits.ChunkScan> scans = new ArrayList<>();
        for (CsvSplits.Chunk c : CsvSplits.chunks(0, uri, length, CHUNK)) {
            scans.add(CsvSplits.scan(c));
        }
        List<CsvSplits.Split> splits = CsvSplits.plan(scans, length, null, () -> Inputs.open(uri));
        List<String> actual = new ArrayList<>();
        Map<String, Long> counters = new TreeMap<>();
        String encoding = null;
        for (CsvSplits.Split s : splits) {
            CsvSource part = new CsvSource("cases.csv", off -> Inputs.openAt(uri, off), s);
            actual.addAll(records(part));
            part.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            if (s.start() == 0) {
                encoding = part.encoding();
            }
            assertEquals(whole.headers(), part.headers());
        }

        assertTrue(splits.size() >= 4, "the file must really be cut: " + splits.size() + " ranges");
        assertEquals(expected.size(), actual.size());
        assertEquals(expected, actual);
        assertEquals(expectedCounters, counters);
        assertEquals(whole.encoding(), encoding);
        assertEquals("UTF-8 with BOM", encoding);
        // hand-checked anchors: the never-closed quote is a MALFORMED_RECORD at its own line, and lines after it
        // are read again as records of their own
        final String brokenAt = brokenQuoteLine + "|";
        final String afterBroken = (brokenQuoteLine + 1) + "|OK|";
        final String multiAt = multiLineStart + "|";
        String broken = actual.stream().filter(r -> r.startsWith(brokenAt)).findFirst().orElseThrow();
        assertTrue(broken.startsWith(brokenQuoteLine + "|MALFORMED_RECORD|"), broken);
        assertTrue(actual.stream().anyMatch(r -> r.startsWith(afterBroken)));
        String multi = actual.stream().filter(r -> r.startsWith(multiAt)).findFirst().orElseThrow();
        assertTrue(multi.contains("第一行\n第二行，\"引号\"\n续3\n") && multi.contains("续198\n第199行}"), multi);
        assertTrue(actual.stream().anyMatch(r -> r.contains("|BAD_ENCODING|")));
        assertTrue(actual.get(actual.size() - 1).contains("最后一行没有换行"));
    }

    @Test
    void encodingVoteOverChunksEqualsTheWholeFilePass(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("件号,诉求内容\n".getBytes(GBK));
        for (int i = 0; i < 3000; i++) {
            // mostly GBK, one UTF-8 line in ten: GB18030 wins the vote in both passes
            b.write(("C" + i + "," + (i % 10 == 0 ? "下水道堵塞" : "路灯不亮") + i + "\n").getBytes(i % 10 == 0 ? StandardCharsets.UTF_8 : GBK));
        }
        Path file = dir.resolve("gbk.csv");
        Files.write(file, b.toByteArray());
        String uri = file.toUri().toString();
        List<CsvSplits.ChunkScan> scans = new ArrayList<>();
        for (CsvSplits.Chunk c : CsvSplits.chunks(0, uri, Files.size(file), 8 * 1024)) {
            scans.add(CsvSplits.scan(c));
        }
        // 3001 lines with non-ASCII bytes: 300 valid UTF-8, 2701 not
        assertEquals(300, scans.stream().mapToLong(CsvSplits.ChunkScan::utf8Lines).sum());
        assertEquals(2701, scans.stream().mapToLong(CsvSplits.ChunkScan::otherLines).sum());
        assertEquals(3001, scans.stream().mapToLong(CsvSplits.ChunkScan::newlines).sum());
        assertEquals(CsvSource.detect(() -> open(uri)).name(), CsvSplits.plan(scans, Files.size(file), null, () -> open(uri)).get(0).charset());
        assertEquals("GB18030", CsvSplits.plan(scans, Files.size(file), null, () -> open(uri)).get(0).charset());
    }

    @Test
    void utf8CheckAgreesWithTheJdkStrictDecoder() {
        java.util.Random rnd = new java.util.Random(11);
        var strict = StandardCharsets.UTF_8.newDecoder();
        for (int t = 0; t < 100_000; t++) {
            byte[] bytes = new byte[1 + rnd.nextInt(6)];
            for (int i = 0; i < bytes.length; i++) {
                // bias towards the interesting lead and continuation bytes
                bytes[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0x80 + rnd.nextInt(0x80));
            }
            boolean jdk;
            try {
                strict.reset().decode(java.nio.ByteBuffer.wrap(bytes));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertEquals(jdk, CsvSplits.Utf8.isValid(bytes), java.util.HexFormat.of().formatHex(bytes));
        }
    }

    private static InputStream open(String uri) {
        try {
            return Inputs.open(uri);
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
