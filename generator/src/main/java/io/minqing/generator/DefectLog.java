package io.minqing.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planted defects, streamed to a scratch file as they are made (one compact JSON object a line) so that even
 * 10 million messy rows need no defect list in memory; {@link Manifest} copies them into manifest.json.
 */
final class DefectLog implements AutoCloseable {

    /** Expected ingest outcomes. */
    static final String STAGED = "staged";
    static final String REJECTED = "rejected";
    static final String SKIPPED = "skipped";
    static final String MAPPED = "mapped";
    static final String IGNORED = "ignored";

    private final Path scratch;
    private final BufferedWriter out;
    private long count;
    private final Map<String, long[]> defectRowsByFile = new TreeMap<>();

    DefectLog(Path scratch) throws IOException {
        this.scratch = scratch;
        this.out = Files.newBufferedWriter(scratch, StandardCharsets.UTF_8);
    }

    /**
     * Records one defect.
     *
     * @param file     export path relative to the output folder
     * @param line     CSV physical line (1-based, header = 1), or null for XLSX
     * @param sheet    XLSX sheet, or null
     * @param row      XLSX row (1-based, header = 1), or null
     * @param key      件号 / 测评编号 of the row, or null (blank lines, headers)
     * @param kind     what is wrong (see docs/sample-district.md)
     * @param column   the column (header as written in that file), or null
     * @param field    the contract column it maps to (received_at …), or null
     * @param value    the raw value as written, or null
     * @param outcome  staged / rejected / skipped / mapped / ignored
     * @param reason   reject reason code when rejected
     * @param expected the value ingest should stage after normalising (staged outcomes), or null
     * @param countsAsRow whether this defect makes a data row defective (for the per-file rate)
     */
    void add(String file, Long line, String sheet, Long row, String key, String kind, String column, String field, String value,
             String outcome, String reason, String expected, boolean countsAsRow) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("sheet", sheet);
        m.put("row", row);
        m.put("key", key);
        m.put("kind", kind);
        m.put("column", column);
        m.put("field", field);
        m.put("value", value);
        m.put("outcome", outcome);
        m.put("reason", reason);
        m.put("expected", expected);
        out.write(Json.compact(m));
        out.write('\n');
        count++;
        if (countsAsRow) {
            defectRowsByFile.computeIfAbsent(file, f -> new long[1])[0]++;
        }
    }

    long count() {
        return count;
    }

    long defectRows(String file) {
        long[] n = defectRowsByFile.get(file);
        return n == null ? 0 : n[0];
    }

    Path scratch() {
        return scratch;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
