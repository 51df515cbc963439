package io.minqing.ingest;

import io.minqing.contract.engine.Engine;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
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
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class RerunAndOwnershipTest {

    @Parameter
    Engine engine;

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
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, inputs);
        Map<String, String> first = parquetHashes(lake);
        // staged: cases 2021-03 and 2021-04, surveys 2021-03; rejects: the two DUPLICATE_KEY files of updated-resend, named
        // by the first 16 hex digits of SHA-256 of the file name (printf a-first.csv | sha256sum)
        assertEquals(List.of(
                "rejects/cases/source=sample-district/part-a-first.csv-6f2a7a29fb83e294.parquet",
                "rejects/cases/source=sample-district/part-b-resend.csv-4a853b3f34782c0a.parquet",
                "staged/cases/received_month=2021-03/part-sample-district.parquet",
                "staged/cases/received_month=2021-04/part-sample-district.parquet",
                "staged/surveys/surveyed_month=2021-03/part-sample-district.parquet"), List.copyOf(first.keySet()));

        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, inputs);
        assertEquals(first, parquetHashes(lake), "a rerun must write byte-identical Parquet");

        // a run that fails on input (a file lacking 收件时间) leaves every previous file as it was
        MinqingException e = assertThrows(MinqingException.class, () -> Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0,
                List.of(Runs.fixture("clean"), GoldenCasesTest.GOLDEN.resolve("missing-header/input"))));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertEquals(first, parquetHashes(lake));
        // a run over the threshold writes its rejects but leaves staged data as it was
        assertThrows(MinqingException.class, () -> Runs.ingest(engine, lake, "sample-district", "2021-08-31", null,
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

    static List<String> caseIds(Path lake, String where) {
        return Runs.staged(lake, "cases").filter(where).orderBy("case_id").select("case_id").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
    }

    /**
     * Exports sent one after the other give what sending them together gives (golden case updated-resend, whose
     * expectation was worked out by hand): b-resend.csv's C1 (updated 03-02) replaces the staged C1 (updated 03-01),
     * while its C2 (updated 03-01) loses to the staged C2 (updated 03-03) and is rejected as DUPLICATE_KEY, naming the
     * staged version's file and line. A case whose received month changes moves out of its old month.
     */
    @Test
    void aLaterExportUpdatesStagedCasesAndKeepsTheOthers() throws Exception {
        Path lake = tmp.resolve("lake");
        Path golden = GoldenCasesTest.GOLDEN.resolve("updated-resend/input");
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(golden.resolve("a-first.csv")));
        IngestJob.Result second = Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(golden.resolve("b-resend.csv")));
        assertEquals(1, second.staged());
        assertEquals(1, second.rejected());
        List<org.apache.spark.sql.Row> staged = Runs.staged(lake, "cases").orderBy("case_id").collectAsList();
        assertEquals(List.of("C1 resolved b-resend.csv:2", "C2 resolved a-first.csv:3"), staged.stream()
                .map(r -> r.getAs("case_id") + " " + r.getAs("status") + " " + r.getAs("source_file") + ":" + r.getAs("source_row")).toList());
        org.apache.spark.sql.Row dup = Runs.rejects(lake, "cases").filter("source_file = 'b-resend.csv'").first();
        assertEquals("DUPLICATE_KEY", dup.getAs("reason"));
        assertEquals(3L, (long) dup.getAs("source_row"));
        String message = dup.getAs("message");
        assertTrue(message.contains("occurs again in a-first.csv at line/row 3"), message);

        // C1 corrected to April (and updated later): it leaves March, where C2 stays, and April is created
        Path moved = tmp.resolve("moved.csv");
        Files.writeString(moved, "件号,社区,收件渠道,收件时间,办结时间,办理状态,诉求内容,联系电话,更新时间\n"
                + "C1,居南社区,热线电话,2021-04-01 09:00:00,2021-04-02 10:00:00,已办结,楼道堆物,13900001111,2021-04-02 10:00:00\n");
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(moved));
        assertEquals(List.of("C2"), caseIds(lake, "received_month = '2021-03'"));
        assertEquals(List.of("C1"), caseIds(lake, "received_month = '2021-04'"));
        // and C2 moving to April as well leaves no sample-district file in March
        Files.writeString(moved, "件号,社区,收件渠道,收件时间,办结时间,办理状态,诉求内容,联系电话,更新时间\n"
                + "C2,居南社区,热线电话,2021-04-01 10:00:00,2021-04-03 10:00:00,已办结,楼道堆物,13900001111,2021-04-03 11:00:00\n");
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(moved));
        assertTrue(Files.notExists(lake.resolve("staged/cases/received_month=2021-03/part-sample-district.parquet")));
        assertEquals(List.of("C1", "C2"), caseIds(lake, "received_month = '2021-04'"));
    }

    @Test
    void aLaterExportThatLostThePlaceDoesNotReplaceTheStagedCompleteVersion() throws Exception {
        // the duplicate rule's completeness against rows already staged (unit -1): the staged C1 has a place, a text
        // and no category (score 2); the resend, updated later, lost its place (score 1) and so loses to it
        Path lake = tmp.resolve("lake");
        String header = "件号,社区,收件渠道,收件时间,办结时间,办理状态,诉求内容,联系电话,更新时间\n";
        Path first = tmp.resolve("first.csv");
        Files.writeString(first, header + "C1,居南社区,热线电话,2021-03-01 09:00:00,,,楼道堆物,13900001111,2021-03-02 09:00:00\n");
        Path resend = tmp.resolve("resend.csv");
        Files.writeString(resend, header + "C1,,热线电话,2021-03-01 09:00:00,,,楼道堆物（续）,13900001111,2021-03-05 09:00:00\n");
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(first));
        IngestJob.Result second = Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(resend));
        assertEquals(1, second.read());
        assertEquals(0, second.staged());
        assertEquals(Map.of("DUPLICATE_KEY", 1L), second.files().get(0).byReason());
        List<org.apache.spark.sql.Row> staged = Runs.staged(lake, "cases").collectAsList();
        assertEquals(List.of("C1 居南社区 楼道堆物 first.csv:2"), staged.stream().map(r -> r.getAs("case_id") + " "
                + r.getAs("community") + " " + r.getAs("description") + " " + r.getAs("source_file") + ":" + r.getAs("source_row")).toList());
        org.apache.spark.sql.Row dup = Runs.rejects(lake, "cases").filter("source_file = 'resend.csv'").first();
        assertEquals("DUPLICATE_KEY", dup.getAs("reason"));
        String message = dup.getAs("message");
        assertTrue(message.contains("Key case_id 'C1' occurs again in first.csv at line/row 2, the version kept by the "
                + "duplicate rule (more complete"), message);
    }

    @Test
    void aRunReplacesOnlyTheMonthsOfItsSource() throws Exception {
        Path lake = tmp.resolve("lake");
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(Runs.fixture("clean/cases.csv")));
        Path march = lake.resolve("staged/cases/received_month=2021-03/part-sample-district.parquet");
        Path april = lake.resolve("staged/cases/received_month=2021-04/part-sample-district.parquet");
        byte[] aprilBefore = Files.readAllBytes(april);
        // a later run of the same source with only March data: March is rewritten with its new case added to the two
        // already there, April is not touched (far-future-date/input/cases.csv: C1 dated 2091 is rejected, C2 of
        // 2021-03-01 is staged; clean/cases.csv had C0001, C0002 in March and C0003, C0004 in April)
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(GoldenCasesTest.GOLDEN.resolve("far-future-date/input")));
        assertEquals(List.of("C0001", "C0002", "C2"), caseIds(lake, "received_month = '2021-03'"));
        assertTrue(java.util.Arrays.equals(aprilBefore, Files.readAllBytes(april)), "April belongs to no month of this run");
        assertTrue(Files.exists(march));
        // another source in the same lake and month does not touch sample-district's file
        Runs.ingest(engine, lake, "open311", "2021-08-31", 1.0, List.of(GoldenCasesTest.GOLDEN.resolve("jsonl-malformed/input")));
        assertTrue(Files.exists(march));
        assertTrue(Files.exists(lake.resolve("staged/cases/received_month=2011-06/part-open311.parquet")));
        assertEquals(3 + 2 + 2, Runs.staged(lake, "cases").count(), "3 March + 2 April sample-district cases + 2 open311 cases");
        // --replace-source: the run is the whole source, nothing already staged is kept
        Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, true, List.of(GoldenCasesTest.GOLDEN.resolve("far-future-date/input")));
        assertEquals(List.of("C2"), caseIds(lake, "source = 'sample-district'"));
        assertTrue(Files.notExists(april), "April is no month of the replacing run");
        // rejects belong to (source, file name): the second cases.csv replaced the first one's (none) with its one reject
        assertEquals(1, Runs.rejects(lake, "cases").filter("source = 'sample-district'").count());
        assertEquals(1, Runs.rejects(lake, "cases").filter("source = 'open311'").count());
    }
}
