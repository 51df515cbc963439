package io.minqing.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns are byte-identical; failed runs leave the previous output; a run replaces only what it owns. */
class RerunAndOwnershipTest {

    @TempDir
    Path tmp;

    static Map<String, String> parquetHashes(Path lake) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(lake)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(lake.relativize(p).toString(), HexFormat.of().formatHex(h));
            }
        }
        return out;
    }

    @Test
    void rerunOfTheSameFilesIsByteIdenticalAndAFailedRunChangesNothing() throws Exception {
        Path lake = tmp.resolve("lake");
        List<Path> inputs = List.of(Runs.fixture("clean"), GoldenCasesTest.GOLDEN.resolve("updated-resend/input"));
        Runs.ingest(lake, "sample-district", "2021-08-31", 1.0, inputs);
        Map<String, String> first = parquetHashes(lake);
        // staged: cases 2021-03 and 2021-04, surveys 2021-03; rejects: the two DUPLICATE_KEY files of updated-resend
        assertEquals(List.of(
                "rejects/cases/source=sample-district/part-a-first.csv.parquet",
                "rejects/cases/source=sample-district/part-b-resend.csv.parquet",
                "staged/cases/received_month=2021-03/part-sample-district.parquet",
                "staged/cases/received_month=2021-04/part-sample-district.parquet",
                "staged/surveys/surveyed_month=2021-03/part-sample-district.parquet"), List.copyOf(first.keySet()));

        Runs.ingest(lake, "sample-district", "2021-08-31", 1.0, inputs);
        assertEquals(first, parquetHashes(lake), "a rerun must write byte-identical Parquet");

        // a run that fails on input (a file lacking 收件时间) leaves every previous file as it was
        MinqingException e = assertThrows(MinqingException.class, () -> Runs.ingest(lake, "sample-district", "2021-08-31", 1.0,
                List.of(Runs.fixture("clean"), GoldenCasesTest.GOLDEN.resolve("missing-header/input"))));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertEquals(first, parquetHashes(lake));
        // a run over the threshold writes its rejects but leaves staged data as it was
        assertThrows(MinqingException.class, () -> Runs.ingest(lake, "sample-district", "2021-08-31", null,
                List.of(GoldenCasesTest.GOLDEN.resolve("threshold-exceeded/input"))));
        Map<String, String> after = parquetHashes(lake);
        first.forEach((k, v) -> {
            if (k.startsWith("staged/")) {
                assertEquals(v, after.get(k), k);
            }
        });
        try (Stream<Path> s = Files.list(lake.resolve("_tmp"))) {
            assertEquals(0, s.count(), "temporary run folders are removed, also after failures");
        }
    }

    @Test
    void aRunReplacesOnlyTheMonthsOfItsSource() throws Exception {
        Path lake = tmp.resolve("lake");
        Runs.ingest(lake, "sample-district", "2021-08-31", 1.0, List.of(Runs.fixture("clean/cases.csv")));
        Path march = lake.resolve("staged/cases/received_month=2021-03/part-sample-district.parquet");
        Path april = lake.resolve("staged/cases/received_month=2021-04/part-sample-district.parquet");
        byte[] aprilBefore = Files.readAllBytes(april);
        // a later run of the same source with only March data: March is replaced (1 case now), April is kept
        // (far-future-date/input/cases.csv: C1 dated 2091 is rejected, C2 of 2021-03-01 is staged)
        Runs.ingest(lake, "sample-district", "2021-08-31", 1.0, List.of(GoldenCasesTest.GOLDEN.resolve("far-future-date/input")));
        assertEquals(1, Runs.staged(lake, "cases").filter("received_month = '2021-03'").count());
        assertTrue(java.util.Arrays.equals(aprilBefore, Files.readAllBytes(april)), "April belongs to no month of this run");
        assertTrue(Files.exists(march));
        // another source in the same lake and month does not touch sample-district's file
        Runs.ingest(lake, "open311", "2021-08-31", 1.0, List.of(GoldenCasesTest.GOLDEN.resolve("jsonl-malformed/input")));
        assertTrue(Files.exists(march));
        assertTrue(Files.exists(lake.resolve("staged/cases/received_month=2011-06/part-open311.parquet")));
        assertEquals(3 + 2, Runs.staged(lake, "cases").count(), "1 March + 2 April sample-district cases + 2 open311 cases");
        // rejects belong to (source, file name): the second cases.csv replaced the first one's (none) with its one reject
        assertEquals(1, Runs.rejects(lake, "cases").filter("source = 'sample-district'").count());
        assertEquals(1, Runs.rejects(lake, "cases").filter("source = 'open311'").count());
    }
}
