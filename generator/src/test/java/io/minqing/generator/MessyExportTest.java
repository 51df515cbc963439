package io.minqing.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The messy exports read back with independent readers (strict GBK / UTF-8 decoding, Commons CSV, POI): every
 * defect the manifest lists is really at its line or row, every other row holds exactly the clean case, and the
 * bytes repeat for the same seed.
 */
class MessyExportTest {

    @TempDir
    static Path tmp;

    static Path messy;
    static Path clean;
    static Map<String, Object> manifest;
    static List<Map<String, Object>> defects;
    static Map<String, Map<String, String>> cleanCases = new HashMap<>();
    static Map<String, Map<String, String>> cleanSurveys = new HashMap<>();

    static GeneratorConfig config(Path out, double rate) {
        return new GeneratorConfig(out, 11, YearMonth.of(2020, 11), YearMonth.of(2021, 1), null, rate, null);
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void generate() throws IOException {
        messy = tmp.resolve("messy");
        clean = tmp.resolve("clean");
        new SampleDistrictGenerator(config(messy, 0.05)).run();
        new SampleDistrictGenerator(config(clean, 0)).run();
        try (InputStream in = Files.newInputStream(messy.resolve("manifest.json"))) {
            manifest = new Yaml().load(in);
        }
        defects = (List<Map<String, Object>>) manifest.get("defects");
        ExportReader.csv(clean.resolve("exports/cases.csv"), StandardCharsets.UTF_8).forEach(r -> cleanCases.put(r.get("件号"), r));
        ExportReader.csv(clean.resolve("exports/surveys.csv"), StandardCharsets.UTF_8)
                .forEach(r -> cleanSurveys.put(r.get("测评编号"), r));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> files() {
        return (List<Map<String, Object>>) manifest.get("files");
    }

    /** The file's physical lines, decoded strictly (a wrong byte fails instead of turning into U+FFFD). */
    static List<String> lines(Map<String, Object> file) throws IOException {
        byte[] raw = Files.readAllBytes(messy.resolve((String) file.get("path")));
        int skip = 0;
        if (Boolean.TRUE.equals(file.get("bom"))) {
            assertTrue(raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF, "BOM");
            skip = 3;
        }
        String text = Charset.forName((String) file.get("encoding")).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw, skip, raw.length - skip)).toString();
        assertTrue(text.endsWith("\r\n"));
        return Arrays.asList(text.substring(0, text.length() - 2).split("\r\n", -1));
    }

    static List<String> parse(String line) throws IOException {
        try (CSVParser p = CSVFormat.RFC4180.parse(new StringReader(line))) {
            List<CSVRecord> recs = p.getRecords();
            assertEquals(1, recs.size(), line);
            return recs.get(0).toList();
        }
    }

    static List<Map<String, Object>> defectsOf(String path) {
        return defects.stream().filter(d -> d.get("file").equals(path)).toList();
    }

    @Test
    void writesTheOfficeFormats() {
        Map<String, Map<String, Object>> byPath = new HashMap<>();
        files().forEach(f -> byPath.put((String) f.get("path"), f));
        assertEquals(Set.of(MessyExport.DATONG, MessyExport.JIULONGGANG, MessyExport.LUOHE, MessyExport.SHANGYAO,
                MessyExport.KONGDIAN, MessyExport.RESEND, MessyExport.SURVEYS), byPath.keySet());
        assertEquals("GBK", byPath.get(MessyExport.JIULONGGANG).get("encoding"));
        assertEquals(true, byPath.get(MessyExport.LUOHE).get("bom"));
        assertEquals("xlsx", byPath.get(MessyExport.DATONG).get("format"));
        assertTrue(((List<?>) byPath.get(MessyExport.DATONG).get("headers")).containsAll(List.of("受理时间", "社区名称", "反映内容")));
        assertTrue(Files.notExists(messy.resolve("exports/cases.csv")));
        // every kind the brief asks for occurs in this small run at rate 0.05
        Set<String> kinds = new HashSet<>();
        defects.forEach(d -> kinds.add((String) d.get("kind")));
        assertTrue(kinds.containsAll(List.of("community_alias", "surrounding_space", "time_format_slash", "time_format_chinese_date",
                "missing_time", "resolved_before_received", "unparseable_time", "unknown_community", "missing_id", "duplicate_key",
                "duplicate_row", "superseded_by_resend", "resend", "blank_line", "extra_column", "header_alias")), kinds.toString());
    }

    @Test
    void csvDefectsAreOnTheLinesTheManifestNames() throws IOException {
        int checked = 0;
        for (Map<String, Object> f : files()) {
            if (!f.get("format").equals("csv")) {
                continue;
            }
            List<String> lines = lines(f);
            List<String> header = parse(lines.get(0));
            assertEquals(f.get("headers"), header);
            for (Map<String, Object> d : defectsOf((String) f.get("path"))) {
                int line = ((Number) d.get("line")).intValue();
                String text = lines.get(line - 1);
                String kind = (String) d.get("kind");
                if (kind.equals("blank_line")) {
                    assertEquals("", text, d.toString());
                } else if (line == 1) {
                    assertTrue(header.contains((String) d.get("column")), d.toString());
                } else {
                    List<String> cells = parse(text);
                    assertEquals(header.size(), cells.size(), d.toString());
                    String column = (String) d.get("column");
                    assertEquals(d.get("value"), cells.get(header.indexOf(column)), d + " at " + text);
                    if (d.get("key") != null) {
                        String keyColumn = f.get("kind").equals("cases") ? "件号" : "测评编号";
                        assertEquals(d.get("key"), cells.get(header.indexOf(keyColumn)), d.toString());
                    }
                }
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
    }

    @Test
    void xlsxDefectsAreInTheRowsTheManifestNames() throws IOException {
        int checked = 0;
        DataFormatter fmt = new DataFormatter();
        for (Map<String, Object> f : files()) {
            if (!f.get("format").equals("xlsx")) {
                continue;
            }
            try (Workbook wb = new XSSFWorkbook(Files.newInputStream(messy.resolve((String) f.get("path"))))) {
                for (Map<String, Object> d : defectsOf((String) f.get("path"))) {
                    Sheet sheet = wb.getSheet((String) d.get("sheet"));
                    assertNotNull(sheet, d.toString());
                    List<String> header = new ArrayList<>();
                    sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
                    Row row = sheet.getRow(((Number) d.get("row")).intValue() - 1);
                    String kind = (String) d.get("kind");
                    if (kind.equals("blank_line")) {
                        assertTrue(row == null || row.getPhysicalNumberOfCells() == 0, d.toString());
                    } else if (((Number) d.get("row")).intValue() == 1) {
                        assertTrue(header.contains((String) d.get("column")), d.toString());
                    } else {
                        Cell cell = row.getCell(header.indexOf((String) d.get("column")));
                        String value = (String) d.get("value");
                        if (kind.equals("resolved_before_received")) {
                            // a real date cell holding the wrong time
                            assertEquals(CellType.NUMERIC, cell.getCellType());
                            assertEquals(value, Rows.time(DateUtil.getLocalDateTime(cell.getNumericCellValue(), false, true)));
                        } else if (value.isEmpty()) {
                            assertTrue(cell == null || fmt.formatCellValue(cell).isEmpty(), d.toString());
                        } else {
                            assertEquals(CellType.STRING, cell.getCellType(), d.toString());
                            assertEquals(value, cell.getStringCellValue(), d.toString());
                        }
                        if (d.get("key") != null) {
                            assertEquals(d.get("key"), row.getCell(header.indexOf("件号")).getStringCellValue(), d.toString());
                        }
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 20, "checked " + checked);
    }

    @Test
    void rowsWithoutDefectsHoldExactlyTheCleanCase() throws IOException {
        Set<String> seen = new HashSet<>();
        int compared = 0;
        for (Map<String, Object> f : files()) {
            String path = (String) f.get("path");
            Set<Integer> defective = new HashSet<>();
            for (Map<String, Object> d : defectsOf(path)) {
                Object pos = f.get("format").equals("csv") ? d.get("line") : d.get("row");
                defective.add(((Number) pos).intValue());
            }
            boolean cases = f.get("kind").equals("cases");
            List<String> canonical = cases ? Rows.CASE_HEADERS : Rows.SURVEY_HEADERS;
            Map<String, Map<String, String>> expected = cases ? cleanCases : cleanSurveys;
            boolean minutes = path.equals(MessyExport.JIULONGGANG);
            for (Map.Entry<Integer, Map<String, String>> e : readRows(f).entrySet()) {
                Map<String, String> row = e.getValue();
                String id = row.get(canonical.get(0));
                seen.add(id);
                if (defective.contains(e.getKey())) {
                    continue;
                }
                Map<String, String> want = expected.get(id);
                assertNotNull(want, path + " row " + e.getKey() + " has unknown id " + id);
                for (String col : canonical) {
                    String w = want.get(col);
                    if (minutes && col.endsWith("时间") || minutes && col.equals("办理时限")) {
                        w = w.isEmpty() ? "" : CsvTarget.slash(ExportReader.time(w));
                    }
                    assertEquals(w, row.get(col), path + " row " + e.getKey() + " column " + col);
                }
                compared++;
            }
        }
        Set<String> all = new HashSet<>(cleanCases.keySet());
        all.addAll(cleanSurveys.keySet());
        all.removeAll(seen);
        long missingIds = defects.stream().filter(d -> d.get("kind").equals("missing_id")).count();
        assertEquals(missingIds, all.size(), "every case and survey is in some file; only rows that lost their id are unmatched");
        assertTrue(compared > 1000, "compared " + compared);
    }

    /** Data rows by line (CSV) or row (XLSX), keyed by canonical header; XLSX date cells rendered yyyy-MM-dd HH:mm:ss. */
    private static Map<Integer, Map<String, String>> readRows(Map<String, Object> f) throws IOException {
        List<String> canonical = f.get("kind").equals("cases") ? Rows.CASE_HEADERS : Rows.SURVEY_HEADERS;
        Map<String, String> alias = Map.of("社区名称", "社区", "受理时间", "收件时间", "反映内容", "诉求内容");
        Map<Integer, Map<String, String>> out = new HashMap<>();
        if (f.get("format").equals("csv")) {
            List<String> lines = lines(f);
            List<String> header = parse(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isEmpty()) {
                    continue;
                }
                List<String> cells = parse(lines.get(i));
                Map<String, String> m = new HashMap<>();
                for (int k = 0; k < header.size(); k++) {
                    String h = alias.getOrDefault(header.get(k), header.get(k));
                    if (canonical.contains(h)) {
                        m.put(h, cells.get(k));
                    }
                }
                out.put(i + 1, m);
            }
            return out;
        }
        DataFormatter fmt = new DataFormatter();
        try (Workbook wb = new XSSFWorkbook(Files.newInputStream(messy.resolve((String) f.get("path"))))) {
            for (Sheet sheet : wb) {
                List<String> header = new ArrayList<>();
                sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
                for (Row row : sheet) {
                    if (row.getRowNum() == 0 || row.getPhysicalNumberOfCells() == 0) {
                        continue;
                    }
                    Map<String, String> m = new HashMap<>();
                    for (int k = 0; k < header.size(); k++) {
                        String h = alias.getOrDefault(header.get(k), header.get(k));
                        Cell c = row.getCell(k);
                        String v = "";
                        if (c != null && c.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(c)) {
                            LocalDateTime t = DateUtil.getLocalDateTime(c.getNumericCellValue(), false, true);
                            v = Rows.time(t);
                        } else if (c != null) {
                            v = fmt.formatCellValue(c);
                        }
                        if (canonical.contains(h)) {
                            m.put(h, v);
                        }
                    }
                    out.put(row.getRowNum() + 1, m);
                }
            }
        }
        return out;
    }

    @Test
    void defaultRateKeepsEveryFileUnderTheRejectThreshold() throws IOException {
        Path out = tmp.resolve("default-rate");
        new SampleDistrictGenerator(new GeneratorConfig(out, 5, YearMonth.of(2020, 1), YearMonth.of(2020, 4), null,
                GeneratorConfig.DEFAULT_MESSY_RATE, null)).run();
        Map<String, Object> m;
        try (InputStream in = Files.newInputStream(out.resolve("manifest.json"))) {
            m = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fs = (List<Map<String, Object>>) m.get("files");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ds = (List<Map<String, Object>>) m.get("defects");
        for (Map<String, Object> f : fs) {
            long rows = ((Number) f.get("rows")).longValue();
            long rejected = ds.stream().filter(d -> d.get("file").equals(f.get("path")) && d.get("outcome").equals("rejected")).count();
            long defective = ((Number) f.get("defect_rows")).longValue();
            // 2% of rows get a defect, a duplicate adds a second defective row: well under 5% of rows
            assertTrue(rejected < 0.05 * rows, f.get("path") + ": " + rejected + " rejected of " + rows);
            assertTrue(defective < 0.05 * rows, f.get("path") + ": " + defective + " defective of " + rows);
        }
    }

    @Test
    void messyBytesRepeatForTheSameSeed() throws Exception {
        Path again = tmp.resolve("messy-again");
        new SampleDistrictGenerator(config(again, 0.05)).run();
        assertEquals(DeterminismTest.hashes(messy), DeterminismTest.hashes(again));
    }
}
