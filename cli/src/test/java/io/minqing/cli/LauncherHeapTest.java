package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's heap: at most 3 GB on the embedded engine (so a 10M-case run stays under 4 GB resident), half the RAM
 * when Spark is asked for on the command line or in MINQING_ENGINE, and an -Xmx of the user's always last (so it wins);
 * and the collector of embedded topics and transform: the parallel one (it keeps topics' committed heap, and so a 10M-case
 * first run, small).
 * Runs src/main/scripts/minqing with a stand-in {@code java} on the PATH that prints the arguments it was given.
 */
class LauncherHeapTest {

    @TempDir
    static Path dir;

    /** What the launcher gives the embedded engine on this machine: -Xmx3g above 6 GB of RAM, half the RAM below. */
    private static String embeddedHeap;

    @BeforeAll
    static void setUp() throws IOException {
        Files.copy(Path.of("src/main/scripts/minqing"), dir.resolve("minqing"));
        Files.writeString(dir.resolve("classpath.txt"), "/nowhere/a.jar");
        Files.writeString(dir.resolve("jvm.options"), "-Dflags=1");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\nfor a in \"$@\"; do echo \"$a\"; done\n"
                + "echo \"HEAP_DEFAULT=${MINQING_HEAP_DEFAULT:-}\"\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        long memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElseThrow();
        embeddedHeap = memMb > 6144 ? "-Xmx3g" : "-XX:MaxRAMPercentage=50";
    }

    private static List<String> launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", dir.resolve("minqing").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MINQING_ENGINE");
        pb.environment().remove("MINQING_JAVA_OPTS");
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return List.of(out.split("\n"));
    }

    @Test
    void embeddedEngineGetsTheCappedHeap() throws Exception {
        List<String> a = launch(Map.of(), "run", "--out", "x");
        assertTrue(a.contains(embeddedHeap), a.toString());
        assertTrue(a.contains("HEAP_DEFAULT=embedded"), a.toString());
        assertTrue(launch(Map.of(), "ingest", "--engine", "duckdb").contains(embeddedHeap));
    }

    @Test
    void sparkAskedForGetsHalfTheRam() throws Exception {
        for (List<String> a : List.of(launch(Map.of(), "transform", "--engine", "spark"),
                launch(Map.of(), "ingest", "--engine=spark"),
                launch(Map.of(), "transform", "--master", "local[2]"),
                launch(Map.of("MINQING_ENGINE", "spark"), "transform"))) {
            assertTrue(a.contains("-XX:MaxRAMPercentage=50"), a.toString());
            assertTrue(!a.contains("-Xmx3g") && a.contains("HEAP_DEFAULT="), a.toString());
        }
    }

    @Test
    void embeddedTopicsGetsTheParallelCollector() throws Exception {
        // topics, and transform, which runs topics after the metric marts
        for (List<String> a : List.of(launch(Map.of(), "topics", "--lake", "x"), launch(Map.of(), "transform", "--lake", "x"))) {
            assertTrue(a.contains("-XX:+UseParallelGC"), a.toString());
            assertTrue(a.indexOf("-XX:+UseParallelGC") < a.indexOf("io.minqing.cli.Minqing"), a.toString());
        }
        // only those: the other commands, Spark, and a collector the user picks keep the JVM's default (G1)
        for (List<String> a : List.of(launch(Map.of(), "run", "--out", "x"),
                launch(Map.of(), "ingest", "--lake", "topics"), launch(Map.of(), "transform", "--engine", "spark"),
                launch(Map.of(), "topics", "--engine", "spark"),
                launch(Map.of("MINQING_ENGINE", "spark"), "topics"),
                launch(Map.of("MINQING_JAVA_OPTS", "-Xmx2g -XX:+UseG1GC"), "topics"))) {
            assertTrue(!a.contains("-XX:+UseParallelGC"), a.toString());
        }
        List<String> own = launch(Map.of("MINQING_JAVA_OPTS", "-Xmx2g"), "topics");
        assertTrue(own.contains("-XX:+UseParallelGC") && own.contains("-Xmx2g"), own.toString());
    }

    @Test
    void theUsersHeapComesLastSoItWins() throws Exception {
        List<String> a = launch(Map.of("MINQING_JAVA_OPTS", "-Xmx8g"), "run");
        assertTrue(a.indexOf("-Xmx8g") > a.indexOf(embeddedHeap) && a.indexOf(embeddedHeap) >= 0, a.toString());
        assertEquals("io.minqing.cli.Minqing", a.get(a.indexOf("run") - 1), "the arguments reach the CLI unchanged");
    }
}
