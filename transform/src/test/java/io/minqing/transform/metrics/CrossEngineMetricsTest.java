package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.TableSchema;
import io.minqing.contract.engine.Engine;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.testing.SparkTestSession;
import io.minqing.generator.GeneratorConfig;
import io.minqing.generator.SampleDistrictGenerator;
import io.minqing.ingest.IngestConfig;
import io.minqing.ingest.IngestJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same staged lake through both engines (Spark's MetricsJob and embedded DuckDB's DuckMetricsJob) into two lakes:
 * every mart equal value for value (doubles to 1e-12) in the documented row order, the same files, and the same
 * Parquet schema (types, logical types, required/optional).
 */
class CrossEngineMetricsTest {

    @TempDir
    Path dir;

    /** A copy of a lake's staged tables under another root, so each engine writes its own marts. */
    private static Lake copyStaged(Lake from, Path root) throws Exception {
        Lake to = new Lake(root);
        Path src = from.root().resolve("staged");
        try (var s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = root.resolve("staged").resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    private static void assertSameMarts(Lake spark, Lake duck) throws Exception {
        for (TableSchema t : MetricMarts.ALL) {
            assertEquals(Marts.files(spark, t), Marts.files(duck, t), t.name() + ": files");
            List<String> ps = Marts.parquetSchema(spark, t);
            List<String> pd = Marts.parquetSchema(duck, t);
            List<String> onlySpark = ps.stream().filter(x -> !pd.contains(x)).toList();
            List<String> onlyDuck = pd.stream().filter(x -> !ps.contains(x)).toList();
            assertEquals(ps, pd, t.name() + ": Parquet schema; Spark only " + onlySpark + ", DuckDB only " + onlyDuck);
            List<Row> a = Marts.read(spark, t);
            List<Row> b = Marts.read(duck, t);
            assertFalse(a.isEmpty(), t.name() + " has rows");
            Marts.assertSameRows(t.name(), a, b);
        }
    }

    private void bothEngines(Lake staged, MetricsConfig cfg, Optional<LocalDateTime> asOf) throws Exception {
        Lake s = copyStaged(staged, dir.resolve("spark"));
        Lake d = copyStaged(staged, dir.resolve("duck"));
        MetricsJob.Result rs = Marts.run(Engine.SPARK, s, cfg, asOf);
        MetricsJob.Result rd = Marts.run(Engine.DUCKDB, d, cfg, asOf);
        assertEquals(rs.asOf(), rd.asOf());
        assertEquals(rs.casesRead(), rd.casesRead());
        assertEquals(rs.surveysRead(), rd.surveysRead());
        assertEquals(rs.rowsWritten(), rd.rowsWritten());
        assertSameMarts(s, d);
    }

    @Test
    void fixtureMartsAreTheSameOnBothEngines() throws Exception {
        Lake staged = Marts.stageFixture(dir.resolve("staged"));
        bothEngines(staged, MetricsConfig.from(Settings.ofMap(Map.of("ranking.min-volume", "1", "ranking.simulations", "200"))),
                Optional.of(Fixture.AS_OF));
    }

    @Test
    void fixtureWithCutDay19AndTheDefaultCutOffIsTheSameOnBothEngines() throws Exception {
        Lake staged = Marts.stageFixture(dir.resolve("staged"));
        bothEngines(staged, MetricsConfig.from(Settings.ofMap(Map.of("assessment.cut-day", "19"))), Optional.empty());
    }

    @Test
    void messyGeneratedDistrictIsTheSameOnBothEngines() throws Exception {
        // a small generated district with 5% planted defects (the ones ingest stages after normalising stay in)
        Path district = dir.resolve("district");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new SampleDistrictGenerator(new GeneratorConfig(district, 11, YearMonth.of(2020, 12), YearMonth.of(2021, 2), 2000L, 0.05, null),
                quiet).run();
        Lake staged = new Lake(dir.resolve("staged"));
        IngestConfig ic = IngestConfig.resolve(List.of(district.resolve("exports").toString()), "sample-district", staged, null,
                Settings.resolve(null, Map.of(), Map.of(IngestConfig.KEY_AS_OF, "2021-03-31")), true, false);
        IngestJob.Result r = new IngestJob(SparkTestSession.get(), ic, quiet).run();
        assertTrue(r.staged() > 1500, "staged " + r.staged());
        bothEngines(staged, MetricsConfig.defaults(), Optional.empty());
    }
}
