package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MinqingCliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String name : Minqing.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Result r = run(name, "--help");
            assertEquals(0, r.code(), name + " --help");
            assertTrue(r.out().contains("Usage: minqing " + name), name + " --help printed: " + r.out());
        }
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = run("contract", "--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    }

    @Test
    void missingSubcommandIsUsageError() {
        assertEquals(2, run().code());
    }

    @Test
    void exitCodesFollowTheErrorKind() {
        assertEquals(3, Minqing.exitCodeOf(new MinqingException(ExitCode.INPUT, "x")));
        assertEquals(4, Minqing.exitCodeOf(new RuntimeException("wrapped by an engine",
                new MinqingException(ExitCode.DATA_QUALITY, "too many rejects"))));
        assertEquals(2, Minqing.exitCodeOf(new MinqingException(ExitCode.USAGE, "bad config")));
        assertEquals(1, Minqing.exitCodeOf(new IllegalStateException("bug")));
        assertEquals(2, Minqing.exitCodeOf(new CommandLine.ParameterException(Minqing.commandLine(), "x")));
    }

    @Test
    void reportOnAnEmptyLakeNamesTheMissingMart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Result r = run("report", "--month", "2021-08", "--lake", tmp.resolve("lake").toString(), "--out", tmp.resolve("out").toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("minqing report: Missing mart district_month: no Parquet files under "), r.err());
        assertTrue(r.err().contains("Run 'minqing transform --lake DIR' on this lake first"), r.err());
    }

    @Test
    void reportRejectsABadMonth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Result r = run("report", "--month", "August", "--lake", tmp.toString(), "--out", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for '--month': 'August'. It must be a month written yyyy-MM, e.g. 2021-08."), r.err());
    }

    @Test
    void contractCommandPrintsTheStagedTables() {
        Result r = run("contract");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("| 收件时间 | `received_at` | TIMESTAMP | no |"), r.out());
        assertTrue(r.out().contains("### `surveys`"), r.out());
    }

    @Test
    void transformWithoutStagedDataSaysWhatToDo() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("minqing-empty-lake");
        Result r = run("transform", "--lake", empty.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("Missing staged cases: " + empty.toAbsolutePath().normalize().resolve("staged/cases")
                + " does not exist. Run 'minqing ingest' first"), r.err());
    }

    @Test
    void transformRejectsABadAsOf() {
        Result r = run("transform", "--lake", "x", "--as-of", "yesterday");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for '--as-of': 'yesterday'."), r.err());
    }
}
