package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    static Measurement m(long cases, String stage, String engine, double wall, double mb, int exit) {
        return new Measurement(cases, stage, engine, wall, mb, wall / 2, 1.5, exit, exit == 0 ? "" : "boom");
    }

    @Test
    void ratioIsMinqingOverDuckdbForTheSameStageAndSize() {
        Measurement ingest = m(1_000_000, "ingest", Measurement.MINQING, 30, 900, 0);
        Measurement duckIngest = m(1_000_000, "ingest", Measurement.DUCKDB, 12, 400, 0);
        Measurement duckIngestOtherSize = m(100_000, "ingest", Measurement.DUCKDB, 2, 300, 0);
        Measurement report = m(1_000_000, "report", Measurement.MINQING, 10, 500, 0);
        Results r = new Results(List.of(duckIngestOtherSize, ingest, duckIngest, report));
        // 30 s / 12 s = 2.5 (not 30 / 2: the 100k DuckDB row is another size)
        assertEquals(2.5, r.ratio(ingest).getAsDouble(), 1e-12);
        assertTrue(r.ratio(duckIngest).isEmpty(), "ratio sits on the minqing row only");
        assertTrue(r.ratio(report).isEmpty(), "report has no DuckDB counterpart");
        // cpu = wall / 2 in m(): 15 s / 6 s
        assertEquals(2.5, r.cpuRatio(ingest).getAsDouble(), 1e-12);
        Measurement metrics = new Measurement(1_000_000, "metrics", Measurement.MINQING, 100, 2000, 180, 1, 0, "");
        Measurement duckMetrics = new Measurement(1_000_000, "metrics", Measurement.DUCKDB, 10, 300, 12, 1, 0, "");
        Results r2 = new Results(List.of(metrics, duckMetrics));
        // wall 100 / 10 = 10×, cpu 180 / 12 = 15×
        assertEquals(10.0, r2.ratio(metrics).getAsDouble(), 1e-12);
        assertEquals(15.0, r2.cpuRatio(metrics).getAsDouble(), 1e-12);
        // the Spark engine's row gets its own ratio to the same baseline: 44 s / 10 s
        Measurement sparkMetrics = new Measurement(1_000_000, "metrics", Measurement.MINQING_SPARK, 44, 4000, 60, 1, 0, "");
        Results r3 = new Results(List.of(metrics, sparkMetrics, duckMetrics));
        assertEquals(4.4, r3.ratio(sparkMetrics).getAsDouble(), 1e-12);
        assertEquals(5.0, r3.cpuRatio(sparkMetrics).getAsDouble(), 1e-12);
        assertEquals(10.0, r3.ratio(metrics).getAsDouble(), 1e-12);
    }

    @Test
    void ingestAlsoGetsItsRatioToTheDuckdbWorkRow() {
        Measurement ingest = new Measurement(1_000_000, "ingest", Measurement.MINQING, 35, 1300, 33.6, 7, 0, "");
        Measurement copy = new Measurement(1_000_000, "ingest", Measurement.DUCKDB, 5, 880, 5.0, 7, 0, "");
        Measurement work = new Measurement(1_000_000, "ingest", Measurement.DUCKDB_WORK, 17.5, 900, 16.0, 7, 0, "same work");
        Results r = new Results(List.of(copy, work, ingest));
        // against COPY: 35 / 5 = 7 wall, 33.6 / 5 = 6.72 CPU; against the same work: 35 / 17.5 = 2, 33.6 / 16 = 2.1
        assertEquals(7.0, r.ratio(ingest).getAsDouble(), 1e-12);
        assertEquals(6.72, r.cpuRatio(ingest).getAsDouble(), 1e-12);
        assertEquals(2.0, r.workRatio(ingest).getAsDouble(), 1e-12);
        assertEquals(2.1, r.workCpuRatio(ingest).getAsDouble(), 1e-12);
        assertTrue(r.ratio(work).isEmpty() && r.workRatio(work).isEmpty(), "ratios sit on the minqing row only");
        String line = r.table().lines().filter(l -> l.contains(" minqing ")).findFirst().orElseThrow();
        assertTrue(line.matches(".*7\\.00×\\s+6\\.72×\\s+2\\.00×\\s+2\\.10×.*"), line);
    }

    @Test
    void failedRunsGiveNoRatioAndNoRate() {
        Measurement metrics = m(1_000_000, "metrics", Measurement.MINQING, 80, 2000, 0);
        Measurement duckFailed = m(1_000_000, "metrics", Measurement.DUCKDB, 3, 100, 1);
        Results r = new Results(List.of(metrics, duckFailed));
        assertTrue(r.ratio(metrics).isEmpty());
        assertTrue(Double.isNaN(duckFailed.rowsPerSecond()));
        // 1,000,000 cases / 80 s = 12,500 cases/s
        assertEquals(12_500.0, metrics.rowsPerSecond(), 1e-9);
        assertTrue(Double.isNaN(Measurement.skipped(1_000_000, "topics", Measurement.MINQING, "not available").rowsPerSecond()));
    }

    @Test
    void csvAndTableCarryTheNumbers(@TempDir Path dir) throws Exception {
        Measurement ingest = m(1_000_000, "ingest", Measurement.MINQING, 30, 900, 0);
        Measurement duckIngest = m(1_000_000, "ingest", Measurement.DUCKDB, 12, 400, 0);
        Measurement topics = Measurement.skipped(1_000_000, "topics", Measurement.MINQING, "not available");
        Results r = new Results(List.of(ingest, duckIngest, topics));
        Path csv = dir.resolve("out/bench.csv");
        r.writeCsv(csv);
        assertEquals(List.of(
                "cases,stage,engine,wall_s,rows_per_s,peak_mb,cpu_s,minqing_over_duckdb,minqing_over_duckdb_cpu,minqing_over_duckdb_work,"
                        + "minqing_over_duckdb_work_cpu,load1,exit_code,note",
                // 1e6 / 30 = 33,333.3 → 33333; cpu = wall / 2 = 15; cpu ratio 15 / 6 = 2.5; no duckdb-work row
                "1000000,ingest,minqing,30.000,33333,900.0,15.00,2.500,2.500,,,1.50,0,",
                // 1e6 / 12 = 83,333.3 → 83333
                "1000000,ingest,duckdb,12.000,83333,400.0,6.00,,,,,1.50,0,",
                "1000000,topics,minqing,,,,,,,,,,0,not available"),
                Files.readAllLines(csv, StandardCharsets.UTF_8));
        Results back = Results.readCsv(csv);
        assertEquals(3, back.rows().size());
        assertEquals(30.0, back.rows().get(0).wallSeconds(), 1e-12);
        assertEquals(2.5, back.ratio(back.rows().get(0)).getAsDouble(), 1e-12);
        assertTrue(Double.isNaN(back.rows().get(2).wallSeconds()));
        assertEquals("not available", back.rows().get(2).note());
        String table = r.table();
        assertTrue(table.contains("2.50×"), table);
        assertTrue(table.contains("33,333"), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("topics") && l.endsWith("not available")), table);
    }
}
