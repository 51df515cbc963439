package io.minqing.transform.metrics;

import static io.minqing.transform.metrics.Fixture.AS_OF;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.engine.Engine;
import io.minqing.contract.marts.MetricMarts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hand-worked check of {@link MetricsFixtureTest} on the embedded DuckDB engine: the fixture is staged as
 * ingest writes it, {@link DuckMetricsJob} writes the marts, and the checks read them back from the lake. (The parent's
 * {@code @BeforeAll} computes the Spark results first; this class's replaces them before any check runs.)
 */
class MetricsFixtureDuckDbTest extends MetricsFixtureTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void computeOnDuckDb() throws Exception {
        Lake lake = Marts.stageFixture(dir.resolve("lake"));
        Marts.run(Engine.DUCKDB, lake, cfg, Optional.of(AS_OF));
        facts = new HashMap<>();
        for (Row r : Marts.read(lake, MetricMarts.CASE_FACTS)) {
            facts.put(r.getString(MetricMarts.CASE_FACTS.columnNames().indexOf("case_id")), asMap(MetricMarts.CASE_FACTS, r));
        }
        out = new MonthMarts.Output(Marts.rows(lake, MetricMarts.COMMUNITY_MONTH), Marts.rows(lake, MetricMarts.DISTRICT_MONTH),
                Marts.rows(lake, MetricMarts.KM_CURVE), Marts.rows(lake, MetricMarts.FUNNEL_MONTH));
        handlers = Marts.rows(lake, MetricMarts.HANDLER_MONTH);
        departments = Marts.rows(lake, MetricMarts.DEPARTMENT_MONTH);
    }

    /** The DuckDB job's marts in two JVM time zones: the same rows (times are wall-clock, never shifted). */
    @Test
    @Override
    void sameNumbersWhateverTheJvmTimeZone() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            Lake utc = Marts.stageFixture(dir.resolve("utc"));
            Marts.run(Engine.DUCKDB, utc, cfg, Optional.of(AS_OF));
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Shanghai"));
            Lake sh = Marts.stageFixture(dir.resolve("shanghai"));
            Marts.run(Engine.DUCKDB, sh, cfg, Optional.of(AS_OF));
            java.util.TimeZone.setDefault(saved);
            for (var t : MetricMarts.ALL) {
                List<MartRow> a = Marts.rows(utc, t);
                assertEquals(a, Marts.rows(sh, t), t.name());
                if (t == MetricMarts.COMMUNITY_MONTH) {
                    assertEquals(out.community(), a);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    /** Cut day 19 on DuckDB: a0 (07-20) and a2 (08-05) in "2021-08", a5 (08-31) in "2021-09". */
    @Test
    @Override
    void cutDayWindows() {
        try {
            Lake lake = Marts.stageFixture(dir.resolve("cut19"));
            Marts.run(Engine.DUCKDB, lake, MetricsConfig.from(Settings.ofMap(Map.of("assessment.cut-day", "19"))), Optional.of(AS_OF));
            Map<String, String> m = new HashMap<>();
            int id = MetricMarts.CASE_FACTS.columnNames().indexOf("case_id");
            int month = MetricMarts.CASE_FACTS.columnNames().indexOf("assessment_month");
            for (Row r : Marts.read(lake, MetricMarts.CASE_FACTS)) {
                m.put(r.getString(id), r.getString(month));
            }
            assertEquals("2021-08", m.get("a0"));
            assertEquals("2021-08", m.get("a2"));
            assertEquals("2021-09", m.get("a5"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
