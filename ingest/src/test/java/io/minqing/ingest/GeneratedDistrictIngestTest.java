package io.minqing.ingest;

import io.minqing.contract.engine.Engine;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minqing.generator.GeneratorConfig;
import io.minqing.generator.SampleDistrictGenerator;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's sample district (docs/sample-district.md) through the sample-district profile: the clean export
 * stages every row; the messy exports end exactly as manifest.json's defect list says — each rejected defect is a
 * reject with that reason at that file and line/row, each staged normalisation is staged with the expected value,
 * and there are no other rejects.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class GeneratedDistrictIngestTest {

    @Parameter
    Engine engine;

    @TempDir
    Path tmp;

    static final YearMonth FROM = YearMonth.of(2021, 3);
    static final YearMonth TO = YearMonth.of(2021, 4);

    @Test
    void cleanSampleDistrictHasNoRejects() throws Exception {
        Path out = tmp.resolve("clean");
        new SampleDistrictGenerator(new GeneratorConfig(out, 7, FROM, TO, null, 0, null)).run();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        long rows = 0;
        for (JsonNode f : manifest.get("files")) {
            rows += f.get("rows").asLong();
        }
        IngestJob.Result r = Runs.ingest(engine, tmp.resolve("lake"), "sample-district", "2021-09-30", null, List.of(out.resolve("exports")));
        assertEquals(rows, r.read(), "every data row of the manifest's files is read");
        assertEquals(0, r.rejected(), r.files().toString());
        assertEquals(manifest.get("totals").get("cases").asLong(), Runs.staged(tmp.resolve("lake"), "cases").count());
        assertEquals(manifest.get("totals").get("surveys").asLong(), Runs.staged(tmp.resolve("lake"), "surveys").count());
    }

    @Test
    void messySampleDistrictEndsAsTheManifestSays() throws Exception {
        Path out = tmp.resolve("messy");
        new SampleDistrictGenerator(new GeneratorConfig(out, 11, FROM, TO, null, 0.05, null)).run();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        Path lake = tmp.resolve("lake");
        // CSV files cut into 64 KiB ranges (the messy CSVs are 0.3–1 MB: 5 to 16 ranges each, read by separate tasks),
        // so every planted defect must also be found at its exact line when a file is read in pieces
        IngestJob.Result r = Runs.ingest(engine, lake, "sample-district", "2021-09-30", 1.0, null, false, "0.0625", List.of(out.resolve("exports")));
        assertTrue(Runs.lastOutput.contains(" parallel pieces"), Runs.lastOutput);

        Map<String, String> rejectAt = new TreeMap<>();
        for (String t : List.of("cases", "surveys")) {
            for (Row x : Runs.rejects(lake, t).collectAsList()) {
                rejectAt.put(x.getAs("source_file") + "#" + x.getAs("source_row"), x.getAs("reason"));
            }
        }
        Map<String, Row> stagedAt = new HashMap<>();
        for (String t : List.of("cases", "surveys")) {
            for (Row x : Runs.staged(lake, t).collectAsList()) {
                stagedAt.put(x.getAs("source_file") + "#" + x.getAs("source_row"), x);
            }
        }
        Set<String> expectedRejects = new TreeSet<>();
        int checked = 0;
        for (JsonNode d : manifest.get("defects")) {
            String file = d.get("file").asText();
            String name = file.substring(file.lastIndexOf('/') + 1);
            String label = d.get("sheet").isNull() ? name : name + "!" + d.get("sheet").asText();
            long at = d.get("line").isNull() ? (d.get("row").isNull() ? -1 : d.get("row").asLong()) : d.get("line").asLong();
            String where = label + "#" + at;
            String outcome = d.get("outcome").asText();
            switch (outcome) {
                case "rejected" -> {
                    expectedRejects.add(where);
                    assertEquals(d.get("reason").asText(), rejectAt.get(where), "defect " + d);
                }
                case "staged" -> {
                    Row s = stagedAt.get(where);
                    assertTrue(s != null, "defect should be staged: " + d);
                    String field = d.get("field").isNull() ? null : d.get("field").asText();
                    if (!d.get("expected").isNull() && field != null) {
                        Object v = s.getAs(field);
                        String actual = v instanceof java.time.LocalDateTime t ? t.toString().replace('T', ' ') : String.valueOf(v);
                        String exp = d.get("expected").asText();
                        assertEquals(exp.length() == 19 && actual.length() == 16 ? exp.substring(0, 16) : exp, actual, "defect " + d);
                    }
                }
                case "skipped" -> assertTrue(!stagedAt.containsKey(where) && !rejectAt.containsKey(where), "blank line " + d);
                case "ignored" -> assertTrue(r.files().stream().filter(f -> f.file().startsWith(name))
                        .anyMatch(f -> f.ignoredHeaders().contains(d.get("column").asText())), "ignored column " + d);
                case "mapped" -> assertTrue(r.files().stream().filter(f -> f.file().startsWith(name))
                        .noneMatch(f -> f.ignoredHeaders().contains(d.get("column").asText())), "mapped header " + d);
                default -> throw new AssertionError("unknown outcome " + d);
            }
            checked++;
        }
        assertTrue(checked > 20, "the messy run plants defects: " + checked);
        assertEquals(expectedRejects, rejectAt.keySet(), "no rejects beyond the manifest's");
        assertEquals(r.read(), r.staged() + r.rejected());
    }
}
