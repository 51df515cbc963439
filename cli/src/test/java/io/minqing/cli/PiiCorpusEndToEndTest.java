package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PII corpus: a generated district plus an export holding every form of personal number and address the masker
 * covers (mobiles with dashes, blanks, dots, +86 and full-width digits; landlines; 18- and 15-digit IDs, full-width
 * too; e-mail addresses) in several free-text columns, in rows that are staged and rows that are rejected. After
 * ingest, transform, report and export, EVERY output file is scanned (staged and rejects Parquet and marts through
 * DuckDB, the DuckDB file of notebooks-data table by table, DOCX/XLSX XML unzipped, HTML, CSV, SVG, JSON, Markdown as
 * text) for each raw value, its NFKC form and its digits-only form: none may be found.
 */
class PiiCorpusEndToEndTest {

    @TempDir
    Path tmp;

    /** The values planted, as written in the export. */
    static final List<String> PII = List.of(
            "13812345678", "138-1234-5678", "139 8765 4321", "+86 137 2468 1357", "１３６１１１１２２２２", "135.7531.9642",
            "+8615012348765", "0554-6543210", "(021)87654321", "34040219900101123X", "340402900101123",
            "１１０１０５１９８８０５０５２２３４", "zhang.san@example.com", "ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｏｒｇ");

    @Test
    void noPlantedValueSurvivesInAnyOutput() throws Exception {
        Path out = tmp.resolve("out");
        Path sample = out.resolve("sample");
        Path lake = out.resolve("lake");
        Path notebooks = out.resolve("notebooks-data");
        run("generate", "--out", sample.toString(), "--seed", "7", "--from", "2021-06", "--to", "2021-08");
        Path exports = sample.resolve("exports");
        Path corpus = tmp.resolve("corpus");
        Files.createDirectories(corpus);
        Files.copy(exports.resolve("cases.csv"), corpus.resolve("cases.csv"));
        Files.copy(exports.resolve("surveys.csv"), corpus.resolve("surveys.csv"));
        int planted = writeCorpus(exports.resolve("cases.csv"), corpus.resolve("pii-corpus.csv"));
        assertEquals(PII.size() * 2 + 3, planted);

        run("ingest", "--input", corpus.toString(), "--profile", "sample-district", "--demo", "--lake", lake.toString(),
                "--as-of", "2021-08-31", "--reject-threshold", "1");
        run("transform", "--lake", lake.toString());
        run("report", "--month", "2021-08", "--lake", lake.toString(), "--out", out.resolve("report").toString());
        run("export", "--lake", lake.toString(), "--out", notebooks.toString());

        Set<String> needles = new LinkedHashSet<>();
        for (String v : PII) {
            needles.add(v);
            String nfkc = Normalizer.normalize(v, Normalizer.Form.NFKC);
            needles.add(nfkc);
            String digits = nfkc.replaceAll("[^0-9Xx]", "");
            if (digits.length() >= 7) {
                needles.add(digits);
            }
        }
        List<String> leaks = new ArrayList<>();
        // positive controls: the scan reads the planted rows in their masked form (staged text, rejects' raw record)
        Map<String, Integer> masked = new LinkedHashMap<>();
        Map<String, Integer> scanned = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (f.startsWith(sample)) {
                        continue; // the generated input itself
                    }
                    String name = f.getFileName().toString().toLowerCase();
                    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
                    scanned.merge(ext, 1, Integer::sum);
                    for (String text : texts(db, f, ext)) {
                        for (String m : List.of("居民来电，电话138****5678", "z***@example.com", "340402******123", "2021-08-99 ")) {
                            if (text.contains(m)) {
                                masked.merge(m, 1, Integer::sum);
                            }
                        }
                        for (String n : needles) {
                            if (text.contains(n)) {
                                leaks.add(out.relativize(f) + " holds " + n);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(scanned.getOrDefault("parquet", 0) > 5 && scanned.getOrDefault("html", 0) > 0
                && scanned.getOrDefault("docx", 0) > 0 && scanned.getOrDefault("duckdb", 0) > 0, "scanned " + scanned);
        assertEquals(4, masked.size(), "masked forms found: " + masked);
        assertEquals(List.of(), leaks, "scanned " + scanned);
    }

    private static void run(String... args) {
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(so), new PrintWriter(se));
        assertEquals(0, code, String.join(" ", args) + "\n" + so + se);
    }

    /** The texts of a file to scan: its cells (Parquet, DuckDB), its XML parts (DOCX, XLSX) or its text. */
    private static List<String> texts(Connection db, Path f, String ext) throws Exception {
        List<String> out = new ArrayList<>();
        switch (ext) {
            case "parquet" -> out.addAll(cells(db, "SELECT * FROM read_parquet('" + f + "')"));
            case "duckdb" -> {
                try (Statement st = db.createStatement()) {
                    st.execute("ATTACH '" + f + "' AS nb (READ_ONLY)");
                    List<String> tables = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'nb'")) {
                        while (rs.next()) {
                            tables.add("nb.\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                        }
                    }
                    for (String t : tables) {
                        try {
                            out.addAll(cells(db, "SELECT * FROM " + t));
                        } catch (java.sql.SQLException e) {
                            // a view over files by relative path: its files are scanned on their own
                        }
                    }
                    st.execute("DETACH nb");
                }
            }
            case "docx", "xlsx", "pptx", "zip" -> {
                try (InputStream in = Files.newInputStream(f); ZipInputStream z = new ZipInputStream(in)) {
                    ZipEntry e;
                    while ((e = z.getNextEntry()) != null) {
                        out.add(new String(z.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            case "png", "jpg", "gif", "woff", "woff2" -> {
                // images carry no text that could be scanned as such (their labels are scanned in the SVG and HTML)
            }
            default -> out.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> cells(Connection db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('\u0001');
                }
                b.append('\n');
                if (b.length() > 1 << 20) {
                    out.add(b.toString());
                    b.setLength(0);
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /**
     * Writes the corpus export: for each value, one staged case carrying it in 标题, 诉求内容, 地址, 办理结果 and 类别, and
     * one rejected row (unparseable 收件时间) carrying it in 诉求内容; then an unknown community holding a phone (rejected
     * with the value), a row with an extra field holding an ID (TOO_MANY_COLUMNS: only the raw record keeps it) and a
     * row whose 诉求内容 has broken quoting around an e-mail address (MALFORMED_RECORD). Returns the rows written.
     */
    private static int writeCorpus(Path template, Path target) throws IOException {
        List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
        List<String> headers = List.of(lines.get(0).replace("\uFEFF", "").split(",", -1));
        Map<String, String> base = new LinkedHashMap<>();
        List<String> first = parseLine(lines.get(1));
        for (int i = 0; i < headers.size(); i++) {
            base.put(headers.get(i), i < first.size() ? first.get(i) : "");
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.join(",", headers));
        int n = 0;
        for (String v : PII) {
            n++;
            Map<String, String> r = new LinkedHashMap<>(base);
            r.put("件号", "PII-" + n);
            r.put("标题", "联系" + v + "处理");
            r.put("诉求内容", "居民来电，电话" + v + "，请回电。");
            r.put("地址", "幸福路" + n + "号 " + v);
            r.put("办理结果", "已联系 " + v);
            r.put("类别", "其他" + v);
            r.put("收件时间", "2021-08-0" + (1 + n % 9) + " 09:00:00");
            r.put("派件时间", "");
            r.put("办结时间", "");
            r.put("反馈时间", "");
            r.put("办理时限", "2021-08-20 09:00:00");
            r.put("办理状态", "");
            r.put("更新时间", "");
            rows.add(csv(headers, r));
            Map<String, String> bad = new LinkedHashMap<>(r);
            bad.put("件号", "PII-BAD-" + n);
            bad.put("收件时间", "2021-08-99 " + v);
            rows.add(csv(headers, bad));
        }
        Map<String, String> unknown = new LinkedHashMap<>(base);
        unknown.put("件号", "PII-X1");
        unknown.put("社区", "社区13812345678");
        rows.add(csv(headers, unknown));
        Map<String, String> wide = new LinkedHashMap<>(base);
        wide.put("件号", "PII-X2");
        rows.add(csv(headers, wide) + ",身份证34040219900101123X");
        Map<String, String> broken = new LinkedHashMap<>(base);
        broken.put("件号", "PII-X3");
        broken.put("诉求内容", "PLACEHOLDER");
        rows.add(csv(headers, broken).replace("PLACEHOLDER", "\"邮箱 zhang.san@example.com\" 未闭合\"x"));
        Files.write(target, rows, StandardCharsets.UTF_8);
        return rows.size() - 1;
    }

    /** One CSV line's fields (quotes honoured; the template's rows have no line breaks inside fields). */
    private static List<String> parseLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    private static String csv(List<String> headers, Map<String, String> r) {
        List<String> cells = new ArrayList<>();
        for (String h : headers) {
            String v = r.getOrDefault(h, "");
            cells.add(v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return String.join(",", cells);
    }
}
