package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostChartTest {

    @Test
    void axesSpanWholeDecades() {
        // 3.8 → decade below 1; 184 → decade above 1000
        assertArrayEquals(new double[] {1, 1000}, CostChart.decades(3.8, 184), 1e-9);
        // one value: 100 and 1000 around 250
        assertArrayEquals(new double[] {100, 1000}, CostChart.decades(250, 250), 1e-9);
        // values on a power of ten stay on it
        assertArrayEquals(new double[] {100, 1000}, CostChart.decades(100, 1000), 1e-9);
        // 0.95 → 0.1; 9 → 10
        assertArrayEquals(new double[] {0.1, 10}, CostChart.decades(0.95, 9), 1e-12);
    }

    @Test
    void oneSizeSitsInsideTheCasesAxis() {
        // by hand: 10M alone is on a decade, so the axis is 1M … 100M (with 15 % room), 10M in the middle
        assertArrayEquals(new double[] {1e6 / 1.15, 1e8 * 1.15}, CostChart.sizeRange(1e7, 1e7), 1e-3);
        // 250k alone lies between decades: 100k … 1M
        assertArrayEquals(new double[] {1e5 / 1.15, 1e6 * 1.15}, CostChart.sizeRange(2.5e5, 2.5e5), 1e-6);
        // several sizes: half a size either side
        assertArrayEquals(new double[] {5e4, 2e7}, CostChart.sizeRange(1e5, 1e7), 1e-6);
    }

    @Test
    void sizesAreLabelledAsPeopleSayThem() {
        assertEquals("10k", CostChart.SizeFormat.label(10_000));
        assertEquals("100k", CostChart.SizeFormat.label(100_000));
        assertEquals("1M", CostChart.SizeFormat.label(1_000_000));
        assertEquals("10M", CostChart.SizeFormat.label(10_000_000));
        assertEquals("2,500.5", CostChart.SizeFormat.label(2_500.5));
    }

    @Test
    void writesAPng(@TempDir Path dir) throws Exception {
        List<Measurement> rows = List.of(
                new Measurement(100_000, "ingest", Measurement.MINQING, 60, 1500, 50, 1, 0, ""),
                new Measurement(1_000_000, "ingest", Measurement.MINQING, 200, 2500, 300, 1, 0, ""),
                new Measurement(100_000, "ingest", Measurement.DUCKDB, 3, 200, 4, 1, 0, ""),
                Measurement.skipped(100_000, "topics", Measurement.MINQING, "not available"));
        Path png = dir.resolve("c/bench.png");
        CostChart.write(rows, png);
        assertTrue(Files.size(png) > 0);
        assertEquals(1000, ImageIO.read(png.toFile()).getWidth());
        assertEquals(1200, ImageIO.read(png.toFile()).getHeight());
    }
}
