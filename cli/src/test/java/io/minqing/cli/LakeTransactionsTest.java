package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.lake.CommitHook;
import io.minqing.contract.lake.LakeWriter;
import io.minqing.contract.lake.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 1 and 2, with the real jobs: ingest and transform killed at every step of their lake transaction
 * (a {@link CommitHook} that throws {@link CommitHook.Crash}, which leaves the files as a kill -9 would), and two
 * ingests at once. The reference for "the rerun completes it" is the same commands run on another lake without
 * interruption: the lake must then hold byte-identical staged, rejects and marts files.
 */
class LakeTransactionsTest {

    @TempDir
    static Path tmp;

    static Path monthA;
    static Path monthB;

    @BeforeAll
    static void sample() {
        for (String m : List.of("2021-07", "2021-08")) {
            Path out = tmp.resolve("sample-" + m);
            String[] r = run("generate", "--out", out.toString(), "--from", m, "--to", m, "--seed", m.equals("2021-07") ? "5" : "6");
            assertEquals("0", r[0], r[2]);
        }
        monthA = tmp.resolve("sample-2021-07/exports");
        monthB = tmp.resolve("sample-2021-08/exports");
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        } catch (CommitHook.Crash c) {
            return new String[] {"killed", out.toString(), c.getMessage()};
        }
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    static String[] ingest(Path input, Path lake) {
        return run("ingest", "--input", input.toString(), "--profile", "sample-district", "--demo", "--lake", lake.toString());
    }

    static String[] transform(Path lake) {
        return run("transform", "--lake", lake.toString(), "--no-topics");
    }

    /** Runs {@code command} with a kill at {@code step}; asserts it died there. */
    static void killedAt(CommitHook.Step step, java.util.function.Supplier<String[]> command) throws Exception {
        String[] r;
        try (AutoCloseable h = LakeWriter.injectForTests(s -> {
            if (s == step) {
                throw new CommitHook.Crash(s);
            }
        })) {
            r = command.get();
        }
        assertTrue(r[0].equals("killed") || r[2].contains("simulated kill -9 at " + step), "not killed at " + step + ": " + r[0] + " " + r[2]);
    }

    /** sha-256 of every file under the given folders of the lake (read through lake/staged … as outside tools do). */
    static Map<String, String> files(Path lake, String... folders) throws Exception {
        Map<String, String> m = new TreeMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String f : folders) {
            Path d = lake.resolve(f);
            if (!Files.isDirectory(d)) {
                continue;
            }
            Path real = d.toRealPath();
            try (Stream<Path> s = Files.walk(real)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    m.put(f + "/" + real.relativize(p), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
                }
            }
        }
        return m;
    }

    static long rows(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/**/*.parquet', hive_partitioning = true)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void noOrphans(Path lake) throws IOException {
        assertFalse(Files.exists(lake.resolve("CURRENT.tmp")));
        assertFalse(Files.exists(lake.resolve("_tmp")));
        long current = Snapshot.current(lake).id();
        try (Stream<Path> s = Files.list(lake.resolve("snapshots"))) {
            for (Path p : s.toList()) {
                long n = Long.parseLong(p.getFileName().toString());
                assertTrue(n <= current && n > current - LakeWriter.KEEP, "orphan or unpruned snapshot " + p);
                assertFalse(Files.exists(p.resolve("_tmp")), "scratch left in " + p);
            }
        }
    }

    /** The reference: month A then month B ingested and transformed on a lake of their own, without interruption. */
    static Path reference() {
        Path ref = tmp.resolve("reference");
        if (!Files.exists(ref)) {
            assertEquals("0", ingest(monthA, ref)[0]);
            assertEquals("0", ingest(monthB, ref)[0]);
            assertEquals("0", transform(ref)[0]); // the metric marts depend on the staged rows only (no topics)
        }
        return ref;
    }

    static Path committed(Path lake) {
        return Snapshot.current(lake).lake().root();
    }

    /**
     * The scenario: month A ingested and transformed; then ingest of month B killed at every step, rerun; then
     * transform killed at every step, rerun. Before the commit point a kill leaves the previous snapshot byte for byte
     * (staged and marts of one run, never mixed); after it, the new one. Reruns end equal to the reference.
     */
    @Test
    void ingestAndTransformKilledAtEveryStepKeepTheLastCommitAndTheRerunCompletesIt() throws Exception {
        Path ref = reference();
        Map<String, String> expectedStaged = files(ref, "staged", "rejects");
        Map<String, String> expectedMarts = files(ref, "marts");

        Path lake = tmp.resolve("killed");
        assertEquals("0", ingest(monthA, lake)[0]);
        assertEquals("0", transform(lake)[0]);
        Map<String, String> before = files(lake, "staged", "rejects", "quality", "marts");
        long rowsBefore = rows(lake.resolve("staged/cases"));
        assertTrue(rowsBefore > 1000, "month A staged " + rowsBefore);

        for (CommitHook.Step step : CommitHook.Step.values()) {
            killedAt(step, () -> ingest(monthB, lake));
            if (step.compareTo(CommitHook.Step.COMMITTED) < 0) {
                assertEquals(before, files(committed(lake), "staged", "rejects", "quality", "marts"), "previous snapshot after a kill at " + step);
                assertEquals(before, files(lake, "staged", "rejects", "quality", "marts"), "lake/staged … after a kill at " + step);
                assertEquals(rowsBefore, rows(lake.resolve("staged/cases")), "readable after a kill at " + step);
            } else {
                assertEquals(expectedStaged, files(committed(lake), "staged", "rejects"), "committed before the kill at " + step);
            }
        }
        String[] r = ingest(monthB, lake);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("lake: the previous writer (ingest run ingest-"), r[1]);
        assertEquals(expectedStaged, files(lake, "staged", "rejects"), "the rerun completes the ingest");
        noOrphans(lake);

        // the lake now holds month B's staged rows beside month A's marts: transform is killed at every step
        Map<String, String> beforeTransform = files(lake, "staged", "rejects", "marts");
        assertEquals(files(committed(lake), "marts"), filesOf(before, "marts/"), "the ingest left the marts alone");
        long factsBefore = rows(lake.resolve("marts/case_facts"));
        for (CommitHook.Step step : CommitHook.Step.values()) {
            killedAt(step, () -> transform(lake));
            if (step.compareTo(CommitHook.Step.COMMITTED) < 0) {
                assertEquals(beforeTransform, files(committed(lake), "staged", "rejects", "marts"), "previous snapshot after a kill at " + step);
                assertEquals(beforeTransform, files(lake, "staged", "rejects", "marts"), "lake/marts … after a kill at " + step);
                assertEquals(factsBefore, rows(lake.resolve("marts/case_facts")), "readable after a kill at " + step);
            } else {
                assertEquals(expectedMarts, files(committed(lake), "marts"), "committed before the kill at " + step);
            }
        }
        r = transform(lake);
        assertEquals("0", r[0], r[2]);
        assertEquals(expectedMarts, files(lake, "marts"), "the rerun completes the transform");
        noOrphans(lake);
        Snapshot s = Snapshot.current(lake);
        assertTrue(r[1].contains("committed lake snapshot " + s.id() + " (transform run " + s.run() + ", committed "), r[1]);
        String[] report = run("report", "--month", "2021-08", "--lake", lake.toString(), "--out", tmp.resolve("report").toString());
        assertEquals("0", report[0], report[2]);
        assertTrue(report[1].startsWith("reading lake snapshot " + s.id() + " (transform run " + s.run() + ", committed "), report[1]);
    }

    static Map<String, String> filesOf(Map<String, String> all, String prefix) {
        Map<String, String> m = new TreeMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k, v);
            }
        });
        return m;
    }

    @Test
    void twoIngestsAtOnceGiveOneCommitAndOneRefusalThenBothRunsAreThere() throws Exception {
        Path ref = reference();

        Path lake = tmp.resolve("two-lake");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String[]> first = new ArrayList<>();
        Thread a = new Thread(() -> first.add(ingest(monthA, lake)), "first-writer");
        try (AutoCloseable h = LakeWriter.injectForTests(step -> {
            if (step == CommitHook.Step.JOB_DONE && Thread.currentThread() == a) {
                holding.countDown(); // the first run has written everything and is about to commit
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            a.start();
            holding.await();
            String[] second = ingest(monthB, lake);
            release.countDown();
            a.join();
            assertEquals("3", second[0], second[2]);
            assertEquals(1, second[2].lines().count(), second[2]);
            assertTrue(second[2].startsWith("minqing ingest: The lake " + lake.toAbsolutePath() + " is being written by another run "
                    + "(ingest run ingest-"), second[2]);
            assertTrue(second[2].contains(", pid " + ProcessHandle.current().pid() + " on host "), second[2]);
        }
        assertEquals("0", first.get(0)[0], first.get(0)[2]);
        assertEquals("0", ingest(monthB, lake)[0], "the refused run, run again");
        assertEquals(files(ref, "staged", "rejects"), files(lake, "staged", "rejects"), "both runs are in the lake");
    }
}
