package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.Lake;
import io.minqing.contract.MinqingException;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.minqing.contract.engine.Engine;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on the fixture written as staged Parquet: defaults, byte-identical reruns, DuckDB readability, errors. */
class MetricsJobTest {

    @TempDir
    Path dir;

    private Lake stagedLake() {
        Lake lake = new Lake(dir.resolve("lake"));
        Fixture.cases().write().partitionBy("received_month").parquet(lake.staged("cases").toString());
        Fixture.surveys().write().partitionBy("surveyed_month").parquet(lake.staged("surveys").toString());
        return lake;
    }

    private static TreeMap<String, byte[]> files(Path root) throws Exception {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void runsTwiceToIdenticalBytesAndDuckDbReadsTheMarts(Engine engine) throws Exception {
        Lake lake = stagedLake();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(progress, true, StandardCharsets.UTF_8);
        java.util.function.Supplier<MetricsJob.Result> job = engine == Engine.SPARK
                ? () -> new MetricsJob(SparkTestSession.get(), lake, MetricsConfig.defaults(), Optional.empty(), ps).run()
                : () -> new DuckMetricsJob(lake, MetricsConfig.defaults(), Optional.empty(), ps).run();
        MetricsJob.Result first = job.get();
        // the latest event in the staged data is survey s8 at 2021-09-11 10:00 (later than a10's dispatch 09-10 05:00)
        assertEquals(LocalDateTime.parse("2021-09-11T10:00"), first.asOf());
        assertTrue(first.asOfFromData());
        assertEquals(14, first.casesRead());
        assertEquals(9, first.surveysRead());
        assertEquals(14L, first.rowsWritten().get("case_facts"));
        assertEquals(4L * 3, first.rowsWritten().get("community_month")); // 甲乙丙丁 × 2021-07..09
        assertEquals(3L, first.rowsWritten().get("district_month"));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[2/4] case_facts … 14 rows"), progress.toString(StandardCharsets.UTF_8));
        TreeMap<String, byte[]> a = files(lake.root().resolve("marts"));
        assertTrue(a.containsKey("case_facts/assessment_month=2021-08/part-00000.parquet"), a.keySet().toString());
        assertTrue(a.containsKey("community_month/part-00000.parquet"));
        assertFalse(Files.exists(lake.tmp()), "no temporary folder left behind");

        job.get();
        TreeMap<String, byte[]> b = files(lake.root().resolve("marts"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), "bytes of " + k + " differ between two runs");
        }

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String cm = lake.mart("community_month").resolve("*.parquet").toString();
            ResultSet r = st.executeQuery("SELECT response_num, response_den, response_rate, CAST(window_start_at AS VARCHAR), typeof(window_start_at) "
                    + "FROM read_parquet('" + cm + "') WHERE community = '甲社区' AND assessment_month = '2021-08'");
            assertTrue(r.next());
            assertEquals(5, r.getLong(1));
            assertEquals(6, r.getLong(2));
            assertEquals(5.0 / 6, r.getDouble(3), 1e-12);
            assertEquals("2021-08-01 00:00:00", r.getString(4));
            assertEquals("TIMESTAMP", r.getString(5));
            String cf = lake.mart("case_facts").resolve("**/*.parquet").toString();
            ResultSet f = st.executeQuery("SELECT count(*), count(DISTINCT assessment_month) FROM read_parquet('" + cf + "', hive_partitioning = true)");
            assertTrue(f.next());
            assertEquals(14, f.getLong(1));
            assertEquals(3, f.getLong(2));
        }
        // every mart has exactly the columns of its contract schema, in order
        for (var t : MetricMarts.ALL) {
            var schema = SparkTestSession.get().read().parquet(lake.mart(t.name()).toString()).schema();
            java.util.List<String> names = new java.util.ArrayList<>(java.util.Arrays.asList(schema.fieldNames()));
            if (t.partitionColumn() != null) {
                names.remove(t.partitionColumn());
                names.add(t.partitionColumn());
            }
            assertEquals(t.columnNames(), names, t.name());
        }
    }

    @Test
    void boundsFromTheFootersEqualAScan() {
        // the fixture: 14 cases, the first received 2021-07-20 08:00 (a0); the latest event is survey s8 at 2021-09-11 10:00
        var spark = SparkTestSession.get();
        Lake lake = stagedLake();
        var cases = spark.read().parquet(lake.staged("cases").toString());
        var surveys = spark.read().parquet(lake.staged("surveys").toString());
        Bounds footers = SparkBounds.of(cases, lake.staged("cases"), surveys, lake.staged("surveys"));
        assertEquals(SparkBounds.scanned(cases, surveys), footers);
        assertEquals(14, footers.cases());
        assertEquals(9, footers.surveys());
        assertEquals(LocalDateTime.parse("2021-07-20T08:00"), footers.firstReceived());
        assertEquals(LocalDateTime.parse("2021-09-11T10:00"), footers.latestEvent());
        // no staged surveys at all: the latest case event decides
        Path none = dir.resolve("no-surveys");
        var empty = spark.createDataFrame(java.util.List.of(), io.minqing.contract.spark.SparkSchemas.structType(io.minqing.contract.Contract.SURVEYS));
        Bounds b = SparkBounds.of(cases, lake.staged("cases"), empty, none);
        assertEquals(SparkBounds.scanned(cases, empty), b);
        assertEquals(0, b.surveys());
    }

    @Test
    void caseFactsBuiltInPlaceEqualTheShuffledOnesByteForByte() throws Exception {
        // Lake A: one staged file per month (as ingest writes it) → case_facts from whole month files, surveys
        // broadcast, cases not shuffled. Lake B: the same rows in two files per month → the cases are shuffled by
        // month. Same input rows, so every mart must be the same file, byte for byte.
        var spark = SparkTestSession.get();
        Lake a = new Lake(dir.resolve("a"));
        Fixture.cases().repartition(org.apache.spark.sql.functions.col("received_month")).write().partitionBy("received_month")
                .parquet(a.staged("cases").toString());
        Fixture.surveys().write().partitionBy("surveyed_month").parquet(a.staged("surveys").toString());
        Lake b = new Lake(dir.resolve("b"));
        // every month's cases alternately into two writes: odd and even row numbers within the month
        var half = Fixture.cases().withColumn("_n", org.apache.spark.sql.functions.expr(
                "row_number() OVER (PARTITION BY received_month ORDER BY case_id) % 2"));
        for (int parity = 0; parity < 2; parity++) {
            half.where("_n = " + parity).drop("_n").coalesce(1).write().mode("append").partitionBy("received_month")
                    .parquet(b.staged("cases").toString());
        }
        Fixture.surveys().write().partitionBy("surveyed_month").parquet(b.staged("surveys").toString());
        assertTrue(MetricsJob.oneFilePerFolder(a.staged("cases")));
        assertFalse(MetricsJob.oneFilePerFolder(b.staged("cases")), "lake B must hold a month in two files");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        MetricsJob.Result ra = new MetricsJob(spark, a, MetricsConfig.defaults(), Optional.empty(), quiet).run();
        MetricsJob.Result rb = new MetricsJob(spark, b, MetricsConfig.defaults(), Optional.empty(), quiet).run();
        assertTrue(ra.factsInPlace());
        assertFalse(rb.factsInPlace());
        TreeMap<String, byte[]> fa = files(a.root().resolve("marts"));
        TreeMap<String, byte[]> fb = files(b.root().resolve("marts"));
        assertEquals(fa.keySet(), fb.keySet());
        for (String k : fa.keySet()) {
            assertArrayEquals(fa.get(k), fb.get(k), "bytes of " + k + " differ between the in-place and the shuffled build");
        }
        // with a cut day other than 1 a staged month spans two assessment months: never in place
        MetricsConfig cut19 = MetricsConfig.from(io.minqing.contract.Settings.ofMap(java.util.Map.of("assessment.cut-day", "19")));
        assertFalse(new MetricsJob(spark, a, cut19, Optional.empty(), quiet).run().factsInPlace());
        // the override: never broadcast, and a value it does not know is a configuration error naming it
        try {
            spark.conf().set(MetricsJob.BROADCAST_SURVEYS, "never");
            assertFalse(new MetricsJob(spark, a, MetricsConfig.defaults(), Optional.empty(), quiet).run().factsInPlace());
            spark.conf().set(MetricsJob.BROADCAST_SURVEYS, "sometimes");
            MinqingException e = assertThrows(MinqingException.class,
                    () -> new MetricsJob(spark, a, MetricsConfig.defaults(), Optional.empty(), quiet).run());
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("spark.minqing.metrics.broadcastSurveys") && e.getMessage().contains("sometimes")
                    && e.getMessage().contains("auto") && e.getMessage().contains("never"), e.getMessage());
        } finally {
            spark.conf().unset(MetricsJob.BROADCAST_SURVEYS);
        }
    }

    @Test
    void monthPassReadingOneFilePerMonthEqualsTheShuffledPass() {
        // The job reads case_facts back one file per partition (no shuffle); MetricsFixtureTest checks the values by
        // hand through the shuffling path. Both must give the same rows, mart by mart.
        Lake lake = stagedLake();
        MetricsConfig cfg = MetricsConfig.defaults();
        MetricsJob.Result r = new MetricsJob(SparkTestSession.get(), lake, cfg, Optional.empty(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertTrue(MetricsJob.oneFilePerFolder(lake.mart("case_facts")), "each month written by one task");
        var facts = CaseFacts.build(Fixture.cases(), Fixture.surveys(), cfg, r.asOf());
        MonthPass.Result shuffled = SparkMonthPass.run(facts, cfg, false);
        MonthMarts.Output expected = MonthMarts.build(shuffled, SparkMonthPass.surveyCounts(Fixture.surveys(), cfg, r.asOf()), cfg, r.asOf());
        var spark = SparkTestSession.get();
        assertEquals(SparkMonthPass.toSpark(expected.community()), spark.read().parquet(lake.mart("community_month").toString()).collectAsList());
        assertEquals(SparkMonthPass.toSpark(expected.district()), spark.read().parquet(lake.mart("district_month").toString()).collectAsList());
        assertEquals(SparkMonthPass.toSpark(expected.km()), spark.read().parquet(lake.mart("km_curve").toString()).collectAsList());
        assertEquals(SparkMonthPass.toSpark(WorkMarts.handlerMonth(shuffled, cfg)), spark.read().parquet(lake.mart("handler_month").toString()).collectAsList());
        assertEquals(SparkMonthPass.toSpark(WorkMarts.departmentMonth(shuffled, cfg)), spark.read().parquet(lake.mart("department_month").toString()).collectAsList());
        assertFalse(expected.community().isEmpty());
    }

    @Test
    void missingStagedCasesIsAnInputError() {
        MetricsJob job = new MetricsJob(SparkTestSession.get(), new Lake(dir.resolve("empty")), MetricsConfig.defaults(),
                Optional.empty(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        MinqingException e = assertThrows(MinqingException.class, job::run);
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertEquals("Missing staged cases: " + dir.resolve("empty").toAbsolutePath().normalize().resolve("staged/cases")
                + " does not exist. Run 'minqing ingest' first, or point --lake at the lake folder that holds staged/cases.", e.getMessage());
    }

    @Test
    void asOfIsParsedOrExplained() {
        assertEquals(LocalDateTime.parse("2021-08-31T23:59:59"), MetricsJob.parseAsOf("2021-08-31 23:59:59"));
        assertEquals(LocalDateTime.parse("2021-08-31T00:00"), MetricsJob.parseAsOf("2021-08-31"));
        MinqingException e = assertThrows(MinqingException.class, () -> MetricsJob.parseAsOf("31/08/2021"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid value for '--as-of': '31/08/2021'. Give the cut-off as district local time, e.g. "
                + "2021-08-31T23:59:59 or 2021-08-31 (= 2021-08-31T00:00).", e.getMessage());
    }
}
