package io.minqing.ingest;

import io.minqing.contract.engine.Engine;
import org.junit.jupiter.params.provider.Arguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.MinqingException;
import io.minqing.contract.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Golden cases of bad (and tricky) input: each folder under src/test/resources/golden holds input/, the expected
 * outcome (expected.yaml: counts, the exact list of rejects with reason, column and a fragment of the message, or
 * the run's error with exit code and message fragments) and a README line saying what it proves. The
 * expectations were written by hand from the input files. A new case is a new folder, not new code.
 *
 * <p>Engines: every case runs on the default, embedded engine ({@link Engine#DUCKDB}); on Spark only
 * {@link #SPARK_CASES}, one case per part of a run that the Spark job does in its own code: the ranking of repeated
 * keys (completeness, then updated_at, across files), the reject threshold (exit 4), a file-level error raised in a
 * task (exit 3), compressed units read in tasks (.gz, .zip holding a workbook), reject files named by hash, the
 * reader's counters (control characters, default place), missing headers, a setting passed through (earliest date),
 * and a case with several reject reasons and PII in the reject records. What a record becomes is decided by the
 * one {@link PieceReader}/{@link RecordMapper} both engines run, so repeating all cases on Spark would test that code
 * twice at about four times the cost of the embedded run (Spark jobs per case); CrossEngineIngestTest already finds
 * the two engines' staged files, rejects and summaries equal on the generated clean and messy districts, and the
 * other ingest tests (reruns, ownership, privacy, accounting) run on both engines. Run all cases on Spark too with
 * {@code -Dgolden.spark=all}.
 */
@Execution(ExecutionMode.CONCURRENT)
class GoldenCasesTest {

    /** The cases also run on Spark (see the class comment). */
    static final List<String> SPARK_CASES = List.of(
            "duplicate-later-lost-text", "updated-resend", "threshold-exceeded", "missing-header", "gzip-input",
            "zip-with-workbook", "reject-files-colliding-names", "control-characters", "teddycup-no-place",
            "renamed-optional-column", "implausible-date-config", "pii-in-reject-raw-and-value", "mixed-encoding");

    static final Path GOLDEN = Path.of("src/test/resources/golden").toAbsolutePath();

    @TempDir
    Path tmp;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(GOLDEN)) {
            String only = System.getProperty("golden.only", "");
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> only.isBlank() || List.of(only.split(",")).contains(n)).sorted().toList().stream();
        }
    }

    /** Every case on the embedded engine, {@link #SPARK_CASES} (or all, with -Dgolden.spark=all) on Spark. */
    static Stream<Arguments> runs() throws IOException {
        List<String> all = cases().toList();
        boolean sparkAll = "all".equals(System.getProperty("golden.spark", ""));
        List<Arguments> out = new ArrayList<>();
        for (String c : all) {
            out.add(Arguments.of(Engine.DUCKDB, c));
        }
        for (String c : all) {
            if (sparkAll || SPARK_CASES.contains(c)) {
                out.add(Arguments.of(Engine.SPARK, c));
            }
        }
        return out.stream();
    }

    @org.junit.jupiter.api.Test
    void sparkCasesExist() throws IOException {
        List<String> all;
        try (Stream<Path> s = Files.list(GOLDEN)) {
            all = s.map(p -> p.getFileName().toString()).toList();
        }
        for (String c : SPARK_CASES) {
            assertTrue(all.contains(c), "SPARK_CASES names a golden case that does not exist: " + c);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    @SuppressWarnings("unchecked")
    void goldenCase(Engine engine, String name) throws Exception {
        Path dir = GOLDEN.resolve(name);
        assertFalse(Files.readString(dir.resolve("README.md")).isBlank(), "README line of " + name);
        Map<String, Object> exp = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(dir.resolve("expected.yaml"), StandardCharsets.UTF_8));
        Map<String, Object> options = (Map<String, Object>) exp.getOrDefault("options", Map.of());
        String profile = (String) exp.getOrDefault("profile", "sample-district");
        if (profile.endsWith(".yaml")) {
            profile = dir.resolve(profile).toString(); // a profile of the case's own, beside input/
        }
        String profileArg = profile;
        Double threshold = "default".equals(options.get("threshold")) ? null : 1.0;
        String encoding = (String) options.get("encoding");
        Path lake = tmp.resolve("lake");
        List<Path> inputs = List.of(dir.resolve("input"));
        Map<String, String> extra = new java.util.TreeMap<>();
        if (options.get("earliest-date") != null) {
            extra.put(IngestConfig.KEY_EARLIEST_DATE, String.valueOf(options.get("earliest-date")));
        }

        if (exp.containsKey("error")) {
            Map<String, Object> err = (Map<String, Object>) exp.get("error");
            MinqingException e = assertThrows(MinqingException.class,
                    () -> Runs.ingest(engine, lake, profileArg, "2021-08-31", threshold, encoding, false, null, extra, inputs));
            assertEquals(((Number) err.get("exit")).intValue(), e.exitCode().code(), e.getMessage());
            for (String frag : (List<String>) err.get("contains")) {
                assertTrue(e.getMessage().contains(frag), "message lacks '" + frag + "':\n" + e.getMessage());
            }
            if (e.exitCode().code() == 4) {
                assertFalse(Files.exists(lake.resolve("staged/cases")), "staged must not be written when the threshold fails");
                assertTrue(Files.isDirectory(lake.resolve("rejects/cases/source=" + profile)), "rejects are written for inspection");
            }
            if (e.exitCode().code() == 2 || e.exitCode().code() == 3) {
                // refused before anything is written: read = staged + rejected = 0
                assertFalse(Files.exists(lake.resolve("staged")), "nothing staged when the run is refused");
                assertFalse(Files.exists(lake.resolve("rejects")), "no rejects when the run is refused");
            }
            return;
        }
        IngestJob.Result r = Runs.ingest(engine, lake, profileArg, "2021-08-31", threshold, encoding, false, null, extra, inputs);
        assertEquals(((Number) exp.get("read")).longValue(), r.read(), "rows read");
        assertEquals(((Number) exp.get("staged")).longValue(), r.staged(), "rows staged");
        assertEquals(r.read(), r.staged() + r.rejected(), "read = staged + rejected");
        for (IngestJob.FileCounts f : r.files()) {
            assertEquals(f.read(), f.staged() + f.rejected(), "read = staged + rejected for " + f.file());
        }

        List<Row> rejects = new ArrayList<>();
        for (String t : List.of("cases", "surveys")) {
            Path p = lake.resolve("rejects/" + t);
            if (io.minqing.contract.Lake.hasParquet(p)) {
                rejects.addAll(SparkTestSession.get().read().parquet(p.toString())
                        .orderBy("source_file", "source_row").collectAsList());
            }
        }
        List<List<Object>> expRejects = (List<List<Object>>) exp.get("rejects");
        assertEquals(expRejects.size(), rejects.size(), "rejects: " + rejects);
        assertEquals(expRejects.size(), r.rejected());
        for (int i = 0; i < expRejects.size(); i++) {
            List<Object> e = expRejects.get(i);
            Row a = rejects.get(i);
            String where = name + " reject " + i + ": " + a;
            assertEquals(e.get(0), a.getAs("source_file"), where);
            assertEquals(((Number) e.get(1)).longValue(), (long) a.getAs("source_row"), where);
            assertEquals(e.get(2), a.getAs("reason"), where);
            assertEquals(e.get(3), a.getAs("column_name"), where);
            String msg = a.getAs("message");
            assertTrue(msg.contains((String) e.get(4)), where + "\nmessage lacks '" + e.get(4) + "'");
            assertFalse(((String) a.getAs("raw_record")).isEmpty(), where);
        }
        Map<String, Map<String, Object>> counters = (Map<String, Map<String, Object>>) exp.getOrDefault("counters", Map.of());
        counters.forEach((file, kv) -> {
            IngestJob.FileCounts f = r.files().stream().filter(x -> x.file().equals(file)).findFirst().orElseThrow();
            kv.forEach((k, v) -> assertEquals(((Number) v).longValue(), f.counters().getOrDefault(k, 0L),
                    "counter " + k + " of " + file + ": " + f.counters()));
        });
        Map<String, List<String>> missing = (Map<String, List<String>>) exp.getOrDefault("missing_headers", Map.of());
        missing.forEach((file, cols) -> {
            IngestJob.FileCounts f = r.files().stream().filter(x -> x.file().equals(file)).findFirst().orElseThrow();
            for (String c : cols) {
                assertTrue(f.missingHeaders().contains(c), "missing header " + c + " of " + file + ": " + f.missingHeaders());
            }
        });
        long atDefaultPlace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.summary().toFile()).get("unspecified_place").asLong();
        if (exp.containsKey("unspecified_place")) {
            assertEquals(((Number) exp.get("unspecified_place")).longValue(), atDefaultPlace, "summary unspecified_place");
        }
        String notices = String.join("\n", QualitySummary.notices(r.files(), atDefaultPlace));
        for (String frag : (List<String>) exp.getOrDefault("notices_contain", List.of())) {
            assertTrue(notices.contains(frag), "console notices lack '" + frag + "':\n" + notices);
        }
        if (exp.containsKey("reject_files")) {
            try (Stream<Path> s = Files.list(lake.resolve("rejects/cases/source=" + r.source()))) {
                assertEquals(((Number) exp.get("reject_files")).intValue(), s.filter(p -> p.toString().endsWith(".parquet")).count(),
                        "reject files (one per input unit with rejects)");
            }
        }
        Map<String, String> enc = (Map<String, String>) exp.getOrDefault("encoding", Map.of());
        enc.forEach((file, e) -> assertEquals(e, r.files().stream().filter(x -> x.file().equals(file)).findFirst().orElseThrow().encoding()));
        List<List<Object>> values = (List<List<Object>>) exp.getOrDefault("values", List.of());
        if (!values.isEmpty()) {
            Dataset<Row> staged = Runs.staged(lake, "cases");
            for (List<Object> v : values) {
                List<Row> rows = staged.filter(staged.col("case_id").equalTo(String.valueOf(v.get(0)))).collectAsList();
                assertEquals(1, rows.size(), "staged case " + v.get(0));
                Object actual = rows.get(0).getAs((String) v.get(1));
                assertEquals(v.get(2) == null ? null : String.valueOf(v.get(2)), actual == null ? null : String.valueOf(actual),
                        v.get(0) + "." + v.get(1));
            }
        }
        for (String secret : (List<String>) exp.getOrDefault("raw_not_contains", List.of())) {
            for (Row a : rejects) {
                assertFalse(Objects.toString(a.getAs("raw_record")).contains(secret), secret + " in raw_record " + a);
                assertFalse(Objects.toString(a.getAs("value")).contains(secret), secret + " in value " + a);
                assertFalse(Objects.toString(a.getAs("message")).contains(secret), secret + " in message " + a);
            }
            for (Row s : io.minqing.contract.Lake.hasParquet(lake.resolve("staged/cases")) ? Runs.staged(lake, "cases").collectAsList() : List.<Row>of()) {
                assertFalse(s.toString().contains(secret), secret + " in staged " + s);
            }
        }
    }
}
