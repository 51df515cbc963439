package io.minqing.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minqing profile draft}'s matching, and the reject file names; no Spark. */
class ProfileDraftTest {

    @TempDir
    Path tmp;

    @Test
    void chineseExportHeadersAreMappedAndTheRestLeftAsTodo() throws Exception {
        Path f = tmp.resolve("街道工单.csv");
        Files.writeString(f, "工单编号,受理时间,所属社区,来电内容,完成时间,联系电话,备注\n"
                + "1,2021/3/1 9:00:00,居南社区,楼道堆物,2021/3/2 9:00:00,13812345678,x\n", StandardCharsets.UTF_8);
        ProfileDraft.Draft d = ProfileDraft.draft(f.toString());
        // by hand: 工单编号 → case_id, 受理时间 → received_at, 所属社区 → community, 来电内容 → description, 完成时间 → resolved_at
        assertEquals(Map.of("case_id", List.of("工单编号"), "received_at", List.of("受理时间"), "community", List.of("所属社区"),
                "description", List.of("来电内容"), "resolved_at", List.of("完成时间")), d.matched());
        assertEquals(List.of("备注"), d.unmatched());
        assertEquals(List.of("yyyy/M/d H:mm:ss"), d.timeFormats());
        assertTrue(d.yaml().contains("# TODO: header \"备注\" is not mapped"), d.yaml());
        assertTrue(d.yaml().contains("resident: [\"联系电话\"]"), d.yaml());
        Profile p = Profile.parse(d.yaml(), "draft");   // the draft is a valid profile as it is
        assertEquals("drafted", p.name());
        assertEquals(List.of("受理时间"), p.cases().headersFor("received_at"));
    }

    @Test
    void englishHeadersOfOpenDataExports() {
        ProfileDraft.Draft d = ProfileDraft.draft("nyc.csv", List.of("Unique Key", "opendate", "Closed_Date", "Complaint Type",
                "requested_datetime", "Borough", "Foo"), List.of(Map.of("opendate", "2021-03-01 10:00:00")));
        assertEquals(List.of("Unique Key"), d.matched().get("case_id"));
        assertEquals(List.of("opendate"), d.matched().get("received_at"));   // the first received-time header wins
        assertEquals(List.of("Closed_Date"), d.matched().get("resolved_at"));
        assertEquals(List.of("Complaint Type"), d.matched().get("category"));
        assertEquals(List.of("Borough"), d.matched().get("street"));
        assertEquals(List.of("requested_datetime", "Foo"), d.unmatched());
        assertEquals("nyc", Profile.parse(d.yaml(), "draft").name());
    }

    @Test
    void rejectFilesAreNamedByAHashOfTheUnit() {
        // expected hashes: printf 'r:1.csv' | sha256sum | cut -c1-16, and so on
        assertEquals("part-r_1.csv-e654a8ec1ddcb655.parquet", LakeMoves.rejectFileName("r:1.csv"));
        assertNotEquals(LakeMoves.rejectFileName("r:1.csv"), LakeMoves.rejectFileName("r?1.csv"));
        assertNotEquals(LakeMoves.rejectFileName("r_1.csv"), LakeMoves.rejectFileName("r?1.csv"));
        assertNotEquals(LakeMoves.rejectFileName("民情_件.csv"), LakeMoves.rejectFileName("民情 件.csv"));
        assertEquals(LakeMoves.rejectFileName("民情 件.csv"), LakeMoves.rejectFileName("民情 件.csv"));
    }
}
