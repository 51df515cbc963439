package io.minqing.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minqing.contract.testing.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real samples (../shared/data/real, never copied into the repository) through their profiles.
 * Expected counts come from an independent reference, {@code ingest/src/test/python/real_counts.py} (standard-library
 * Python reading the xlsx XML, csv and json — with repeated JSON keys kept — and applying the documented check order),
 * run as {@code python3 ingest/src/test/python/real_counts.py ../shared/data/real}; its output is quoted in each test.
 */
class RealDataIngestTest {

    @TempDir
    Path tmp;

    static Path real(String what) {
        Optional<Path> p = RepoPaths.realData();
        assumeTrue(p.isPresent(), RepoPaths.skipMessage(what));
        return p.get();
    }

    static Map<String, Long> reasons(IngestJob.Result r) {
        Map<String, Long> m = new TreeMap<>();
        r.files().forEach(f -> f.byReason().forEach((k, v) -> m.merge(k, v, Long::sum)));
        return m;
    }

    @Test
    void teddyCupAttachment4SampleAndFull() {
        Path root = real("Teddy Cup 2020 C");
        // reference: sample/附件4.xlsx (120, {}, {'default:community': 14}); full/附件4.xlsx (2816, {}, {'default:community': 87}):
        // messages naming no place are staged at 未注明 (counted), not rejected
        IngestJob.Result sample = Runs.ingest(io.minqing.contract.engine.Engine.SPARK, tmp.resolve("s"), "teddycup2020c", "2021-01-01", null,
                List.of(root.resolve("teddycup2020c/sample/附件4.xlsx")));
        assertEquals(120, sample.read());
        assertEquals(120, sample.staged());
        assertEquals(Map.of(), reasons(sample));
        assertEquals(14L, sample.files().get(0).counters().get("default:community"));

        Path lake = tmp.resolve("f");
        IngestJob.Result full = Runs.ingest(io.minqing.contract.engine.Engine.SPARK, lake, "teddycup2020c", "2021-01-01", null,
                List.of(root.resolve("teddycup2020c/full/附件4.xlsx")));
        assertEquals(2816, full.read());
        assertEquals(2816, full.staged());
        assertEquals(Map.of(), reasons(full));
        assertEquals(87L, full.files().get(0).counters().get("default:community"));
        assertEquals(87L, Runs.staged(lake, "cases").filter("community = '未注明'").count());
        // 留言编号 2549 (SOURCE.md's first example): A2区 in its subject; the reply is resolution and feedback
        Row c = Runs.staged(lake, "cases").filter("case_id = '2549'").first();
        assertEquals("A2区", c.getAs("community"));
        assertEquals("web", c.getAs("channel"));
        assertEquals(LocalDateTime.of(2019, 4, 25, 9, 32, 9), c.getAs("received_at"));
        assertEquals(LocalDateTime.of(2019, 5, 10, 14, 56, 53), c.getAs("resolved_at"));
        assertEquals(c.<Object>getAs("resolved_at"), c.getAs("feedback_at"));
        assertEquals("resolved", c.getAs("status"));
        assertTrue(((String) c.getAs("resident_key")).matches("r_[0-9a-f]{16}"));
    }

    @Test
    void nyc311SamplesInBothHeaderStyles() throws Exception {
        Path root = real("NYC 311").resolve("nyc311-samples");
        // three of the four files are called 311_Service_Requests.csv: copy them (outside the repository) under
        // distinct names, since lineage keeps file names only
        Path in = tmp.resolve("nyc");
        Files.createDirectories(in);
        for (String f : List.of("mzuber88_TwoSixDgraphDemo/311_Service_Requests.csv", "YangziXinJas_COMS6111-proj3/311_Service_Requests.csv",
                "AnthonyUPF_lab-sql-intro-es/311_Service_Requests.csv", "fedhere_PyBOOT/311_Service_Requests_from_2010_to_Present.csv")) {
            Files.copy(root.resolve(f), in.resolve(f.substring(0, f.indexOf('/')) + ".csv"));
        }
        Path lake = tmp.resolve("lake");
        IngestJob.Result r = Runs.ingest(io.minqing.contract.engine.Engine.SPARK, lake, "nyc311", "2024-12-31", null, List.of(in));
        // reference (Python csv over the four files): rows whose Community Board contains "Unspecified" — mzuber 89,
        // Yangzi 9, Anthony 9, fedhere 15 — and rows with Closed Date before Created Date — mzuber 10 (7 of them also
        // Unspecified), the others 0. An undetermined board names no community: staged at 未注明 and counted, not
        // rejected, so only the 10 TIME_ORDER rows are rejects and 89 − 7 + 9 + 9 + 15 = 115 cases are staged at 未注明.
        Map<String, long[]> expected = Map.of(
                "mzuber88_TwoSixDgraphDemo.csv", new long[] {1000, 89, 10},
                "YangziXinJas_COMS6111-proj3.csv", new long[] {1000, 9, 0},
                "AnthonyUPF_lab-sql-intro-es.csv", new long[] {1000, 9, 0},
                "fedhere_PyBOOT.csv", new long[] {924, 15, 0});
        assertEquals(4, r.files().size());
        for (IngestJob.FileCounts f : r.files()) {
            long[] e = expected.get(f.file());
            assertEquals(e[0], f.read(), f.file());
            assertEquals(e[1], f.counters().getOrDefault("default:community", 0L), f.file());
            assertEquals(e[2], f.byReason().getOrDefault("TIME_ORDER", 0L), f.file());
            assertEquals(e[2], f.rejected(), f.file() + " " + f.byReason());
        }
        assertEquals(3924 - 10, r.staged());
        assertEquals(115, Runs.staged(lake, "cases").filter("community = '未注明'").count());
        assertEquals(115, new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.summary().toFile()).get("unspecified_place").asLong());
        // SOURCE.md's first example row, portal header style: 06/26/2018 10:58:54 AM → 12:50:01 PM, 09 QUEENS, NYPD
        Row c = Runs.staged(lake, "cases").filter("case_id = '39573567'").first();
        assertEquals(LocalDateTime.of(2018, 6, 26, 10, 58, 54), c.getAs("received_at"));
        assertEquals(LocalDateTime.of(2018, 6, 26, 12, 50, 1), c.getAs("resolved_at"));
        assertEquals("09 QUEENS", c.getAs("community"));
        assertEquals(List.of("NYPD"), c.getList(c.fieldIndex("departments")));
        // API header style: 60879417 created 2024-04-16T03:03:15.000, Open
        Row y = Runs.staged(lake, "cases").filter("case_id = '60879417'").first();
        assertEquals(LocalDateTime.of(2024, 4, 16, 3, 3, 15), y.getAs("received_at"));
        assertEquals("received", y.getAs("status"));
    }

    @Test
    void sfOpen311FixtureAndRawDumpsWithRepeatedKeys() {
        Path root = real("SF Open311").resolve("sf311-open311");
        Path lake = tmp.resolve("lake");
        IngestJob.Result r = Runs.ingest(io.minqing.contract.engine.Engine.SPARK, lake, "open311", "2021-01-01", null, List.of(root));
        // reference (all three files in one run, path order, same dedupe rule):
        //   dashboard_fixtures/test.json (500, {'TIME_ORDER': 38})
        //   raw_api_dumps/ClosedServiceRequests_Slice.json (327, {'UNPARSEABLE_TIME': 1, 'DUPLICATE_KEY': 326})
        //   raw_api_dumps/ServiceRequests_Complete.json (1001, {'UNPARSEABLE_TIME': 1, 'MISSING_REQUIRED': 1})
        // (the Slice's requests occur again in Complete, a later unit, with the same updated_datetime)
        Map<String, IngestJob.FileCounts> byFile = new TreeMap<>();
        r.files().forEach(f -> byFile.put(f.file(), f));
        assertEquals(500, byFile.get("test.json").read());
        assertEquals(Map.of("TIME_ORDER", 38L), byFile.get("test.json").byReason());
        assertEquals(1001, byFile.get("ServiceRequests_Complete.json").read());
        assertEquals(Map.of("UNPARSEABLE_TIME", 1L, "MISSING_REQUIRED", 1L), byFile.get("ServiceRequests_Complete.json").byReason());
        assertEquals(327, byFile.get("ClosedServiceRequests_Slice.json").read());
        assertEquals(Map.of("UNPARSEABLE_TIME", 1L, "DUPLICATE_KEY", 326L), byFile.get("ClosedServiceRequests_Slice.json").byReason());
        assertEquals(500 - 38 + 1001 - 2, r.staged());
        // the first occurrence of the repeated keys is taken: 771923's updated_datetime is the timestamp, not "null"
        Row c = Runs.staged(lake, "cases").filter("case_id = '771923'").first();
        assertEquals(LocalDateTime.of(2010, 11, 14, 19, 15, 30, 127_000_000), c.getAs("updated_at"));
        assertEquals(LocalDateTime.of(2010, 11, 14, 19, 9, 29, 80_000_000), c.getAs("received_at"));
        assertEquals("resolved", c.getAs("status"));
        assertEquals("94115", c.getAs("community"));
    }
}
