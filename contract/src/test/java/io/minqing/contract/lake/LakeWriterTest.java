package io.minqing.contract.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.Lake;
import io.minqing.contract.MinqingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol on its own (no engine): a "job" here writes small files the way the real jobs do (new file,
 * rename into place, delete). Expected states are written out by hand: v1 = what the first run committed, v2 = what
 * the second run writes.
 */
class LakeWriterTest {

    @TempDir
    Path tmp;

    private static final Map<String, String> V1 = Map.of(
            "staged/cases/m=1/part-a.parquet", "a1",
            "marts/case_facts/part-00000.parquet", "facts1",
            "quality/ingest-summary.json", "{\"run\":1}");
    private static final Map<String, String> V2 = Map.of(
            "staged/cases/m=1/part-a.parquet", "a2",
            "staged/cases/m=2/part-a.parquet", "a2b",
            "quality/ingest-summary.json", "{\"run\":2}");

    /** Run 1 on an empty lake: writes V1. */
    private static Snapshot commitV1(Path root) throws IOException {
        try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
            w.run(l -> write(l, V1, List.of()));
        }
        return Snapshot.current(root);
    }

    /** Run 2's job: replaces m=1 by rename, adds m=2, rewrites the summary, deletes the case_facts mart. */
    private static Snapshot job2(Lake l) {
        write(l, V2, List.of("marts/case_facts/part-00000.parquet"));
        return null;
    }

    private static Snapshot write(Lake l, Map<String, String> files, List<String> deletes) {
        try {
            for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
                Path target = l.root().resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Path t = l.tmp().resolve("x-" + System.nanoTime());
                Files.createDirectories(t.getParent());
                Files.writeString(t, f.getValue());
                Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            for (String d : deletes) {
                Files.deleteIfExists(l.root().resolve(d));
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every regular file under the folders of the layout, relative path → content. */
    private static Map<String, String> content(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String top : LakeWriter.LAYOUT) {
            Path d = root.resolve(top);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d.toRealPath())) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    m.put(top + "/" + d.toRealPath().relativize(p), Files.readString(p));
                }
            }
        }
        return m;
    }

    private static Map<String, String> expectedV2() {
        Map<String, String> m = new TreeMap<>(V2);
        return m;
    }

    @Test
    void aCommitMakesTheRunVisibleAtOnceAndKeepsOldPathsReadable() throws IOException {
        Path root = tmp.resolve("lake");
        Snapshot s = commitV1(root);
        assertEquals(1, s.id());
        assertEquals(new TreeMap<>(V1), content(Snapshot.current(root).lake().root()));
        assertEquals(new TreeMap<>(V1), content(root)); // lake/staged … are links into lake/current
        assertEquals("a1", Files.readString(root.resolve("staged/cases/m=1/part-a.parquet")));
        assertTrue(Files.readString(root.resolve("CURRENT")).contains("snapshot=1\n"));
        assertEquals("", Files.readString(root.resolve("LOCK")), "a clean release leaves no owner behind");
    }

    @Test
    void aKillAtEveryStepLeavesTheLastCommitIntactAndTheRerunCompletesIt() throws Exception {
        for (CommitHook.Step at : CommitHook.Step.values()) {
            Path root = tmp.resolve("kill-" + at);
            commitV1(root);
            try (AutoCloseable h = LakeWriter.injectForTests(step -> {
                if (step == at) {
                    throw new CommitHook.Crash(step);
                }
            })) {
                assertThrows(CommitHook.Crash.class, () -> {
                    try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
                        w.run(LakeWriterTest::job2);
                    }
                }, "crash at " + at);
            }
            boolean past = at.compareTo(CommitHook.Step.COMMITTED) >= 0;
            Snapshot seen = Snapshot.current(root);
            assertEquals(past ? 2 : 1, seen.id(), "after a kill at " + at);
            assertEquals(past ? expectedV2() : new TreeMap<>(V1), content(seen.lake().root()), "readable after a kill at " + at);
            if (!past) {
                assertEquals(new TreeMap<>(V1), content(root.resolve("snapshots/1")), "snapshot 1 untouched by a kill at " + at);
            }

            // the rerun: cleans what the killed run left and commits
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
                assertTrue(w.recoveredLock().orElse("").startsWith("ingest run ingest-"), "names the killed run at " + at);
                w.run(LakeWriterTest::job2);
            }
            Snapshot after = Snapshot.current(root);
            assertEquals(past ? 3 : 2, after.id());
            assertEquals(expectedV2(), content(after.lake().root()), "rerun after " + at);
            assertEquals(expectedV2(), content(root), "old paths after the rerun of " + at);
            assertFalse(Files.exists(root.resolve("CURRENT.tmp")));
            assertFalse(Files.exists(root.resolve("_tmp")));
            try (Stream<Path> s = Files.list(root.resolve("snapshots"))) {
                List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(past ? List.of("1", "2", "3") : List.of("1", "2"), names, "no orphan after " + at);
            }
        }
    }

    @Test
    void aKillInsideTheJobHalfwayThroughItsMovesLosesNothing() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        assertThrows(CommitHook.Crash.class, () -> {
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
                w.run(l -> {
                    try { // the kill: the month's old file deleted, the new one not yet renamed in
                        Files.delete(l.staged("cases").resolve("m=1/part-a.parquet"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw new CommitHook.Crash(CommitHook.Step.JOB_DONE);
                });
            }
        });
        assertEquals("a1", Files.readString(root.resolve("staged/cases/m=1/part-a.parquet")));
        assertEquals(new TreeMap<>(V1), content(Snapshot.current(root).lake().root()));
    }

    @Test
    void aFailedJobCommitsNothingAndLeavesNoFolder() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "transform")) {
                w.run(l -> {
                    job2(l);
                    throw new IllegalStateException("boom");
                });
            }
        });
        assertEquals("boom", e.getMessage());
        assertEquals(1, Snapshot.current(root).id());
        assertFalse(Files.exists(root.resolve("snapshots/2")));
        assertEquals(new TreeMap<>(V1), content(root));
    }

    @Test
    void aDataQualityStopStillCommitsWhatTheJobWroteForTheUser() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        MinqingException e = assertThrows(MinqingException.class, () -> {
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
                w.run(l -> {
                    write(l, Map.of("rejects/cases/source=s/part-x.parquet", "rej"), List.of());
                    throw new MinqingException(ExitCode.DATA_QUALITY, "too many rejects");
                });
            }
        });
        assertEquals(ExitCode.DATA_QUALITY, e.exitCode());
        assertEquals(2, Snapshot.current(root).id());
        assertEquals("rej", Files.readString(root.resolve("rejects/cases/source=s/part-x.parquet")));
    }

    @Test
    void aLegacyLakeIsTakenIntoTheFirstSnapshotOnFirstWrite() throws IOException {
        Path root = tmp.resolve("lake");
        write(new Lake(root), V1, List.of());
        Files.createDirectories(root.resolve("_tmp/ingest-crashed"));
        Snapshot legacy = Snapshot.current(root);
        assertTrue(legacy.legacy());
        assertEquals(new TreeMap<>(V1), content(legacy.lake().root()));
        try (LakeWriter w = LakeWriter.begin(new Lake(root), "transform")) {
            w.asOf("2021-08-31T23:59:59");
            w.run(l -> write(l, Map.of("marts/district_month/part-00000.parquet", "dm"), List.of()));
        }
        Snapshot s = Snapshot.current(root);
        assertEquals(1, s.id());
        assertEquals("2021-08-31T23:59:59", s.asOf());
        Map<String, String> expected = new TreeMap<>(V1);
        expected.put("marts/district_month/part-00000.parquet", "dm");
        assertEquals(expected, content(root));
        assertTrue(Files.isSymbolicLink(root.resolve("staged")) && Files.isSymbolicLink(root.resolve("marts")));
        assertFalse(Files.exists(root.resolve("_tmp")), "the crashed legacy run's scratch folder is cleaned");
        assertTrue(s.describe().startsWith("lake snapshot 1 (transform run transform-"), s.describe());
        assertTrue(s.describe().endsWith(", as of 2021-08-31T23:59:59)"), s.describe());
    }

    @Test
    void oldSnapshotsArePrunedKeepingTheLastThree() throws IOException {
        Path root = tmp.resolve("lake");
        for (int i = 1; i <= 5; i++) {
            String v = "v" + i;
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
                w.run(l -> write(l, Map.of("staged/cases/m=1/part-a.parquet", v), List.of()));
            }
        }
        try (Stream<Path> s = Files.list(root.resolve("snapshots"))) {
            assertEquals(List.of("3", "4", "5"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("v3", Files.readString(root.resolve("snapshots/3/staged/cases/m=1/part-a.parquet")));
        assertEquals("v5", Files.readString(root.resolve("staged/cases/m=1/part-a.parquet")));
    }

    @Test
    void aJobThatRewritesASharedFileInPlaceIsCaught() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (LakeWriter w = LakeWriter.begin(new Lake(root), "transform")) {
                w.run(l -> {
                    try {
                        Files.writeString(l.mart("case_facts").resolve("part-00000.parquet"), "overwritten in place");
                    } catch (IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                    return null;
                });
            }
        });
        assertTrue(e.getMessage().startsWith("The transform job wrote in place into " + root.toAbsolutePath().resolve(
                "snapshots/1/marts/case_facts/part-00000.parquet")), e.getMessage());
        assertEquals(1, Snapshot.current(root).id());
    }

    @Test
    void aSecondWriterInTheSameProcessIsRefusedNamingTheFirst() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        try (LakeWriter a = LakeWriter.begin(new Lake(root), "ingest")) {
            MinqingException busy = assertThrows(MinqingException.class, () -> LakeWriter.begin(new Lake(root), "transform"));
            assertEquals(ExitCode.INPUT, busy.exitCode());
            assertTrue(busy.getMessage().startsWith("The lake " + root.toAbsolutePath() + " is being written by another run (ingest run "
                    + a.runId() + ", pid " + ProcessHandle.current().pid() + " on host "), busy.getMessage());
            assertTrue(busy.getMessage().endsWith("Wait until it has finished and run this command again; if that process is gone, "
                    + "its lock is released with it."), busy.getMessage());
            a.run(LakeWriterTest::job2);
        }
        assertEquals(2, Snapshot.current(root).id());
        assertEquals(expectedV2(), content(root), "the first writer's run is all there");
        try (LakeWriter b = LakeWriter.begin(new Lake(root), "transform")) {
            assertEquals(2, b.base().id(), "the refused writer, run again, starts from the winner's snapshot");
        }
    }

    @Test
    void aCommitWhoseBaseMovedIsRefusedNamingTheOtherRun() throws IOException {
        Path root = tmp.resolve("lake");
        commitV1(root);
        MinqingException e;
        try (LakeWriter w = LakeWriter.begin(new Lake(root), "ingest")) {
            job2(w.lake());
            // what a writer on a file system whose locks do not work could do meanwhile: commit snapshot 7
            Files.createDirectories(root.resolve("snapshots/7"));
            Files.writeString(root.resolve("CURRENT"), "snapshot=7\nrun=transform-other\ncommand=transform\nbase=1\n");
            e = assertThrows(MinqingException.class, w::commit);
        }
        assertEquals("The lake " + root.toAbsolutePath() + " changed while this ingest ran: it started from snapshot 1 but "
                + "transform run transform-other committed snapshot 7 meanwhile. Nothing of this run was committed; run the "
                + "command again.", e.getMessage());
        assertFalse(Files.exists(root.resolve("snapshots/2")));
        assertTrue(Files.exists(root.resolve("snapshots/7")), "the other run's snapshot is left alone");
    }

    @Test
    void aWriterInAnotherProcessHoldsTheLakeUntilItCommitsOrIsKilled() throws Exception {
        Path root = tmp.resolve("lake");
        commitV1(root);
        // 1. the other process commits: we are refused while it holds the lake, then see its run
        Process p = holder(root);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String locked = out.readLine();
        assertTrue(locked != null && locked.startsWith("locked ingest-"), String.valueOf(locked));
        MinqingException busy = assertThrows(MinqingException.class, () -> LakeWriter.begin(new Lake(root), "transform"));
        assertTrue(busy.getMessage().contains("(ingest run " + locked.substring(7) + ", pid " + p.pid() + " on host "), busy.getMessage());
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write("commit\n");
        }
        assertEquals("committed", out.readLine());
        assertEquals(0, p.waitFor());
        assertEquals(2, Snapshot.current(root).id());
        assertEquals("holder", Files.readString(root.resolve("staged/cases/m=2/part-holder.parquet")));

        // 2. the other process is killed holding the lake: its lock dies with it, its folder is cleaned
        Process q = holder(root);
        BufferedReader qout = new BufferedReader(new InputStreamReader(q.getInputStream(), StandardCharsets.UTF_8));
        String qlocked = qout.readLine();
        assertTrue(qlocked != null && qlocked.startsWith("locked "), String.valueOf(qlocked));
        assertTrue(Files.isDirectory(root.resolve("snapshots/3")));
        q.destroyForcibly();
        q.waitFor();
        try (LakeWriter w = LakeWriter.begin(new Lake(root), "transform")) {
            assertEquals("ingest run " + qlocked.substring(7) + ", pid " + q.pid(), w.recoveredLock().orElse("").replaceAll(" on host .*", ""));
            assertEquals(2, w.base().id());
            w.run(l -> null);
        }
        assertEquals(3, Snapshot.current(root).id());
        assertEquals("holder", Files.readString(root.resolve("staged/cases/m=2/part-holder.parquet")));
    }

    private static Process holder(Path root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
