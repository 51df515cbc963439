package io.minqing.ingest;

import io.minqing.contract.engine.Engine;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.privacy.Pseudonymizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean sample-district fixture (4 cases, 2 surveys written by hand after docs/sample-district.md). */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class CleanIngestTest {

    @Parameter
    Engine engine;

    @TempDir
    Path tmp;

    @Test
    void cleanExportsStageEveryRowWithTheContractValues() throws Exception {
        Path lake = tmp.resolve("lake");
        IngestJob.Result r = Runs.ingest(engine, lake, "sample-district", "2021-08-31", null,
                List.of(Runs.fixture("clean/cases.csv"), Runs.fixture("clean/surveys.csv")));
        // 4 case lines + 2 survey lines, nothing rejected
        assertEquals(6, r.read());
        assertEquals(6, r.staged());
        assertEquals(0, r.rejected());
        assertEquals(List.of("2021-03", "2021-04"), r.casesMonths());
        assertEquals(List.of("2021-03"), r.surveysMonths());
        assertTrue(Files.isRegularFile(lake.resolve("staged/cases/received_month=2021-03/part-sample-district.parquet")));

        List<Row> cases = Runs.staged(lake, "cases").orderBy("case_id").collectAsList();
        assertEquals(4, cases.size());
        Row c1 = cases.get(0);
        assertEquals("C0001", c1.getAs("case_id"));
        assertEquals("sample-district", c1.getAs("source"));
        assertEquals("居南社区", c1.getAs("community"));
        assertEquals("大通街道", c1.getAs("street"));
        assertEquals("hotline", c1.getAs("channel"));
        assertEquals(false, c1.getAs("is_proactive"));
        assertEquals("3号楼楼道堆满杂物，请联系138****5678处理", c1.getAs("description"));
        assertEquals(new Pseudonymizer(Runs.TEST_KEY).pseudonym("r_", "13900001111"), c1.getAs("resident_key"));
        assertEquals(new Pseudonymizer(Runs.TEST_KEY).pseudonym("h_", "李四"), c1.getAs("handler_key"));
        assertEquals(LocalDateTime.of(2021, 3, 1, 9, 0), c1.getAs("received_at"));
        assertEquals(LocalDateTime.of(2021, 3, 2, 15, 30), c1.getAs("resolved_at"));
        assertEquals("normal", c1.getAs("priority"));
        assertEquals("resolved", c1.getAs("status"));
        assertEquals("grid_worker", c1.getAs("handler_type"));
        assertEquals("community", c1.getAs("escalation_level"));
        assertEquals(List.of(), c1.getList(c1.fieldIndex("departments")));
        assertEquals("cases.csv", c1.getAs("source_file"));
        assertEquals(2L, (long) c1.getAs("source_row"));
        assertEquals("2021-03", c1.getAs("received_month"));

        Row c2 = cases.get(1);
        assertEquals("diary", c2.getAs("channel"));
        assertEquals(true, c2.getAs("is_proactive"));
        assertEquals("urgent", c2.getAs("priority"));
        assertEquals("street", c2.getAs("escalation_level"));
        assertEquals(List.of("城管", "供电"), c2.getList(c2.fieldIndex("departments")));
        assertNull(c2.getAs("resident_key"), "no 联系人 and no 联系电话");

        Row c3 = cases.get(2);
        assertEquals("夜间施工噪音大，\"严重\"影响休息", c3.getAs("description"));
        assertEquals("received", c3.getAs("status"));
        assertNull(c3.getAs("dispatched_at"));

        Row c4 = cases.get(3);
        // the quoted description spans lines 5-6; the record is numbered by its first line
        assertEquals(5L, (long) c4.getAs("source_row"));
        assertEquals("小区路灯坏了\n一个月没人修", c4.getAs("description"));
        assertEquals("complex", c4.getAs("priority"));
        assertEquals("district", c4.getAs("escalation_level"));

        List<Row> surveys = Runs.staged(lake, "surveys").orderBy("survey_id").collectAsList();
        assertEquals(2, surveys.size());
        assertEquals("satisfied", surveys.get(0).getAs("satisfaction"));
        assertEquals("phone", surveys.get(0).getAs("method"));
        assertEquals(false, surveys.get(1).getAs("is_resolved"));
        assertEquals("充电桩太少 电话136****2222", surveys.get(1).getAs("comment"));

        String summary = Files.readString(lake.resolve("quality/ingest-summary.json"));
        assertTrue(summary.contains("\"read\" : 6"), summary);
        assertFalse(Files.exists(lake.resolve("_tmp")) && Files.list(lake.resolve("_tmp")).findAny().isPresent(),
                "the run's temporary folder is removed");
    }
}
