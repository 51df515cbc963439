package io.minqing.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed and options ⇒ the same bytes (whatever the JVM's time zone and locale); options are checked. */
class DeterminismTest {

    @TempDir
    Path tmp;

    private static GeneratorConfig small(Path out, long seed, double messy) {
        return new GeneratorConfig(out, seed, YearMonth.of(2021, 3), YearMonth.of(2021, 4), null, messy, null);
    }

    static Map<String, String> hashes(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameBytesInAnyTimeZoneAndLocale() throws Exception {
        new SampleDistrictGenerator(small(tmp.resolve("a"), 7, 0)).run();
        new SampleDistrictGenerator(small(tmp.resolve("ma"), 7, 0.05)).run();
        TimeZone tz = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            Locale.setDefault(Locale.GERMANY);
            new SampleDistrictGenerator(small(tmp.resolve("b"), 7, 0)).run();
            new SampleDistrictGenerator(small(tmp.resolve("mb"), 7, 0.05)).run();
        } finally {
            TimeZone.setDefault(tz);
            Locale.setDefault(locale);
        }
        Map<String, String> a = hashes(tmp.resolve("a"));
        assertEquals(List.of("exports/cases.csv", "exports/surveys.csv", "manifest.json", "truth/case_truth.csv"),
                List.copyOf(a.keySet()));
        assertEquals(a, hashes(tmp.resolve("b")));
        // the messy run too: XLSX document dates and zip entry times are fixed, not "now" in the JVM's zone
        Map<String, String> ma = hashes(tmp.resolve("ma"));
        assertTrue(ma.containsKey("exports/大通街道_民情件.xlsx"), ma.keySet().toString());
        assertEquals(ma, hashes(tmp.resolve("mb")));
    }

    @Test
    void differentSeedGivesDifferentData() throws Exception {
        new SampleDistrictGenerator(small(tmp.resolve("a"), 7, 0)).run();
        new SampleDistrictGenerator(small(tmp.resolve("b"), 8, 0)).run();
        Map<String, String> a = hashes(tmp.resolve("a"));
        Map<String, String> b = hashes(tmp.resolve("b"));
        assertNotEquals(a.get("exports/cases.csv"), b.get("exports/cases.csv"));
        assertNotEquals(a.get("exports/surveys.csv"), b.get("exports/surveys.csv"));
    }

    @Test
    void rerunReplacesThePreviousOutputAndLeavesOtherFilesAlone() throws Exception {
        Path out = tmp.resolve("d");
        Files.createDirectories(out.resolve("exports"));
        Files.writeString(out.resolve("exports/old-street-file.csv"), "stale");
        Files.writeString(out.resolve("notes.txt"), "mine");
        new SampleDistrictGenerator(small(out, 7, 0)).run();
        assertTrue(Files.notExists(out.resolve("exports/old-street-file.csv")), "stale export removed");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void casesOptionGivesExactlyThatManyCases() throws Exception {
        GeneratorConfig cfg = new GeneratorConfig(tmp.resolve("n"), 3, YearMonth.of(2020, 1), YearMonth.of(2020, 3), 500L, 0, null);
        GeneratorResult r = new SampleDistrictGenerator(cfg).run();
        assertEquals(500, r.cases());
        // header + 500 lines
        assertEquals(501, Files.readAllLines(tmp.resolve("n/exports/cases.csv"), StandardCharsets.UTF_8).size());
    }

    @Test
    void asOfCutOffIsRecordedAndLeavesLateCasesOpen() throws Exception {
        LocalDateTime asOf = LocalDateTime.of(2021, 5, 1, 0, 0);
        GeneratorConfig cfg = new GeneratorConfig(tmp.resolve("c"), 5, YearMonth.of(2021, 4), YearMonth.of(2021, 4), null, 0, asOf);
        new SampleDistrictGenerator(cfg).run();
        String manifest = Files.readString(tmp.resolve("c/manifest.json"));
        assertTrue(manifest.contains("\"as_of\": \"2021-05-01 00:00:00\""), manifest.substring(0, 400));
        List<Map<String, String>> rows = ExportReader.csv(tmp.resolve("c/exports/cases.csv"), StandardCharsets.UTF_8);
        // a cut-off at midnight after the last day: everything received on 30 April with a median dispatch of hours is open
        long open = rows.stream().filter(r -> r.get("办理状态").equals("已收件") || r.get("办理状态").equals("已派件")).count();
        assertTrue(open >= 20, "open cases: " + open);
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        MinqingException e = assertThrows(MinqingException.class, () -> new GeneratorConfig(tmp, 1, YearMonth.of(2021, 3),
                YearMonth.of(2021, 1), null, 0, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid value for option '--to': '2021-01'. It must not be before --from (2021-03).", e.getMessage());
        e = assertThrows(MinqingException.class, () -> new GeneratorConfig(tmp, 1, YearMonth.of(2021, 1), YearMonth.of(2021, 1),
                0L, 0, null));
        assertEquals("Invalid value for option '--cases': '0'. It must be a positive whole number of cases.", e.getMessage());
        e = assertThrows(MinqingException.class, () -> new GeneratorConfig(tmp, 1, YearMonth.of(2021, 1), YearMonth.of(2021, 1),
                null, 0.7, null));
        assertTrue(e.getMessage().startsWith("Invalid value for option '--messy': '0.7'. It must be a share of rows from 0 to 0.5"),
                e.getMessage());
        e = assertThrows(MinqingException.class, () -> new GeneratorConfig(tmp, 1, YearMonth.of(2021, 1), YearMonth.of(2021, 1),
                null, 0, LocalDateTime.of(2021, 1, 20, 0, 0)));
        assertEquals("Invalid value for option '--as-of': '2021-01-20T00:00'. The export cut-off must be after the last month --to "
                + "2021-01 has ended (from 2021-02-01T00:00 on); the default is 2021-02-05T10:00.", e.getMessage());
        e = assertThrows(MinqingException.class, () -> GeneratorConfig.parseMonth("--from", "2020-1"));
        assertEquals("Invalid value for option '--from': '2020-1'. Write the month as yyyy-MM, e.g. 2020-01.", e.getMessage());
        assertEquals(LocalDateTime.of(2021, 9, 5, 10, 0), GeneratorConfig.parseAsOf("2021-09-05 10:00:00"));
        assertEquals(LocalDateTime.of(2021, 9, 5, 0, 0), GeneratorConfig.parseAsOf("2021-09-05"));
    }

    @Test
    void outMustBeAFolder() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        MinqingException e = assertThrows(MinqingException.class,
                () -> new SampleDistrictGenerator(small(file, 1, 0)).run());
        assertEquals("Cannot write the sample district to " + file.toAbsolutePath()
                + ": it exists and is not a directory. Give --out a directory (it is created if missing).", e.getMessage());
    }
}
