package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topics command's user errors (the job itself is tested in transform's TopicsJobTest). */
class TopicsCommandTest {

    @Test
    void missingStagedCasesExitsWithInputError(@TempDir Path lake) {
        StringWriter err = new StringWriter();
        int code = Minqing.execute(new String[] {"topics", "--lake", lake.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(3, code);
        assertEquals("minqing topics: No staged cases at " + lake.toAbsolutePath().normalize().resolve("staged/cases")
                + ". Run 'minqing ingest --lake DIR' first (or check --lake points at the lake folder).", err.toString().strip());
    }

    @Test
    void missingTaxonomyFileIsAUsageError(@TempDir Path lake) throws Exception {
        Files.createDirectories(lake.resolve("staged/cases"));
        StringWriter err = new StringWriter();
        int code = Minqing.execute(new String[] {"topics", "--lake", lake.toString(), "--taxonomy", lake.resolve("nope.txt").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("Taxonomy file " + lake.resolve("nope.txt") + " does not exist."), err.toString());
    }

    @Test
    void minMonthsAboveTheWindowIsAUsageError(@TempDir Path lake) throws Exception {
        Path cfg = lake.resolve("minqing.yaml");
        Files.writeString(cfg, "topics:\n  window-months: 4\n  min-months: 5\n");
        StringWriter err = new StringWriter();
        int code = Minqing.execute(new String[] {"topics", "--lake", lake.toString(), "--config", cfg.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("minqing topics: Invalid value for 'topics.min-months': '5'. It must not exceed topics.window-months (4): "
                + "a topic cannot recur in more months than the window holds.", err.toString().strip());
    }
}
