package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minqing.contract.lake.CommitHook;
import io.minqing.contract.lake.LakeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 3: errors of the environment are exit code 3 and one line on stderr (path, what is wrong, how to fix),
 * the stack trace only with --verbose. Each test makes the real condition where this machine allows it: a lake path
 * that is a file; a read-only lake by {@code chattr +i} (tests run as root, whom chmod does not stop); damaged Parquet
 * by writing a truncated file. A full disk cannot be made without mounting a file system, so its test throws the
 * genuine exception a write to /dev/full gives (ENOSPC) from the commit hook.
 */
class LakeErrorsCliTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static void oneLine(String[] r, String expected) {
        assertEquals("3", r[0], r[2]);
        assertEquals(expected + "\n", r[2].replace("\r\n", "\n"));
    }

    @Test
    void aLakePathThatIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("lake"), "not a folder");
        String what = file + " is a file, not a folder: the lake must be a folder. Pass --lake the lake folder (a new lake is "
                + "made where none exists), or move the file away.";
        oneLine(run("ingest", "--input", tmp.toString(), "--demo", "--lake", file.toString()), "minqing ingest: " + what);
        oneLine(run("ingest", "--input", tmp.toString(), "--demo", "--lake", file.resolve("sub").toString()), "minqing ingest: " + what);
        oneLine(run("transform", "--lake", file.toString()), "minqing transform: " + what);
        oneLine(run("topics", "--lake", file.toString()), "minqing topics: " + what);
        oneLine(run("report", "--month", "2021-08", "--lake", file.toString(), "--out", tmp.resolve("r").toString()), "minqing report: " + what);
        oneLine(run("export", "--lake", file.toString(), "--out", tmp.resolve("nb").toString()), "minqing export: " + what);
    }

    @Test
    void aReadOnlyLake() throws Exception {
        Path lake = Files.createDirectories(tmp.resolve("lake"));
        Process p = new ProcessBuilder("chattr", "+i", lake.toString()).redirectErrorStream(true).start();
        boolean immutable;
        try {
            immutable = p.waitFor() == 0;
        } catch (RuntimeException e) {
            immutable = false;
        }
        assumeTrue(immutable, "SKIPPED: chattr +i is not available here, so no folder is read-only for root");
        try {
            oneLine(run("ingest", "--input", tmp.toString(), "--demo", "--lake", lake.toString()),
                    "minqing ingest: Cannot write to " + lake.toAbsolutePath().resolve("LOCK") + ": operation not permitted (the file "
                            + "or folder may be immutable). Make it writable for the user running minqing (remount read-write, "
                            + "chown/chmod, chattr -i), or pass --lake a folder you can write.");
        } finally {
            new ProcessBuilder("chattr", "-i", lake.toString()).start().waitFor();
        }
    }

    @Test
    void aFullDisk() throws Exception {
        IOException enospc;
        try {
            Files.writeString(Path.of("/dev/full"), "x");
            throw new IllegalStateException("/dev/full accepted a write");
        } catch (IOException e) {
            enospc = e; // what the JDK throws on ENOSPC
        }
        assumeTrue(String.valueOf(enospc.getMessage()).contains("No space left on device"), "SKIPPED: no /dev/full here");
        IOException thrown = enospc;
        Path lake = tmp.resolve("lake");
        try (AutoCloseable h = LakeWriter.injectForTests(step -> {
            if (step == CommitHook.Step.LOCKED) {
                throw thrown;
            }
        })) {
            oneLine(run("ingest", "--input", tmp.toString(), "--demo", "--lake", lake.toString()),
                    "minqing ingest: No space left on the disk holding " + lake.toAbsolutePath() + ". Free some space (or pass "
                            + "--lake a folder on a larger disk) and run the command again; the lake still holds its last committed "
                            + "snapshot.");
        }
        assertTrue(Files.notExists(lake.resolve("CURRENT")));
    }

    /** transform and topics on a folder that holds no lake (or on a path not there yet): "run ingest first", nothing written. */
    @Test
    void aFolderWithoutALakeIsTheRunIngestFirstErrorAndStaysUntouched() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String command : List.of("transform", "topics")) {
            for (Path lake : List.of(empty, tmp.resolve("not-yet"))) {
                String[] r = run(command, "--lake", lake.toString());
                assertEquals("3", r[0], r[2]);
                Path staged = lake.resolve("staged").resolve("cases");
                assertEquals("minqing " + command + ": " + (command.equals("transform")
                        ? "Missing staged cases: " + staged + " does not exist. Run 'minqing ingest' first, or point --lake at "
                        + "the lake folder that holds staged/cases.\n"
                        : "No staged cases at " + staged + ". Run 'minqing ingest --lake DIR' first (or check --lake points at "
                        + "the lake folder).\n"), r[2]);
            }
        }
        try (var left = Files.list(empty)) {
            assertEquals(List.of(), left.toList(), "no LOCK, no snapshots/ left in a folder that holds no lake");
        }
        assertTrue(Files.notExists(tmp.resolve("not-yet")));
    }

    @Test
    void damagedParquetIsNamedByFile() throws Exception {
        Path lake = tmp.resolve("lake");
        for (String m : List.of("case_facts", "district_month")) { // marts that export and report read
            Path mart = Files.createDirectories(lake.resolve("marts").resolve(m)).resolve("part-00000.parquet");
            Files.write(mart, "PAR1 the first bytes of a Parquet file, then nothing".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        for (List<String> cmd : List.of(
                List.of("report", "--month", "2021-08", "--lake", lake.toString(), "--out", tmp.resolve("r").toString()),
                List.of("export", "--lake", lake.toString(), "--out", tmp.resolve("nb").toString()))) {
            String[] r = run(cmd.toArray(new String[0]));
            assertEquals("3", r[0], r[2]);
            assertEquals(1, r[2].lines().count(), r[2]);
            // whichever damaged mart the command reads first is the one named (export reads district_month for the
            // partial-month flag before case_facts)
            assertTrue(List.of("case_facts", "district_month").stream().anyMatch(m -> r[2].startsWith("minqing " + cmd.get(0)
                    + ": Parquet file " + lake.toAbsolutePath().resolve("marts").resolve(m).resolve("part-00000.parquet")
                    + " is damaged (")), r[2]);
            assertTrue(r[2].endsWith("). Re-run the stage that wrote it (minqing ingest for staged/, minqing transform for marts/), "
                    + "or restore the file.\n"), r[2]);
        }
        try {
            String[] verbose = run("report", "--month", "2021-08", "--lake", lake.toString(), "--out", tmp.resolve("r").toString(), "--verbose");
            assertEquals("3", verbose[0]);
            assertTrue(verbose[2].lines().count() > 5 && verbose[2].contains("Caused by: java.sql.SQLException"), verbose[2]);
        } finally {
            new Verbosity().setVerbose(false);
        }
    }
}
