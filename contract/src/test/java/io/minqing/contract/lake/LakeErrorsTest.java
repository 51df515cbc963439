package io.minqing.contract.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.spark.ParquetFooters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LakeErrors#environment}: the exceptions are the genuine ones the JDK, parquet-mr and DuckDB throw on this
 * machine for the condition, wrapped as the engines wrap them; the expected messages are the texts of docs/lake.md.
 */
class LakeErrorsTest {

    @TempDir
    Path tmp;

    private static String message(Throwable t) {
        Optional<MinqingException> m = LakeErrors.environment(t, Path.of("/data/lake"));
        assertTrue(m.isPresent(), "not recognised: " + t);
        assertEquals(ExitCode.INPUT, m.get().exitCode());
        assertEquals(t, m.get().getCause(), "--verbose shows the original");
        return m.get().getMessage();
    }

    @Test
    void aFullDiskEvenWrappedBySpark() {
        IOException enospc = assertThrows(IOException.class, () -> Files.writeString(Path.of("/dev/full"), "x"));
        String expected = "No space left on the disk holding /data/lake. Free some space (or pass --lake a folder on a larger "
                + "disk) and run the command again; the lake still holds its last committed snapshot.";
        assertEquals(expected, message(enospc));
        assertEquals(expected, message(new org.apache.spark.SparkException("Job aborted due to stage failure",
                new RuntimeException("Task failed while writing rows", enospc))));
        assertEquals(expected, message(new SQLException("IO Error: Could not write file \"x\": No space left on device")));
    }

    @Test
    void aPathUnderAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("lake"), "x");
        IOException e = assertThrows(IOException.class, () -> Files.createDirectories(file.resolve("snapshots/1")));
        assertEquals(file + " is a file, not a folder: the lake must be a folder. Pass --lake the lake folder (a new lake is made "
                + "where none exists), or move the file away.", message(e));
    }

    @Test
    void aReadOnlyFileSystem() {
        assertEquals("Cannot write to /data/lake/LOCK: the file system is read-only. Make it writable for the user running "
                        + "minqing (remount read-write, chown/chmod, chattr -i), or pass --lake a folder you can write.",
                message(new java.nio.file.FileSystemException("/data/lake/LOCK", null, "Read-only file system")));
        assertTrue(message(new java.nio.file.AccessDeniedException("/data/lake/LOCK"))
                .startsWith("Cannot write to /data/lake/LOCK: permission denied. "));
    }

    @Test
    void damagedParquetReadByParquetMrOrDuckDb() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("marts/case_facts"));
        Path good = dir.resolve("part-00000.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS n FROM range(1000)) TO '" + good + "' (FORMAT parquet)");
            byte[] all = Files.readAllBytes(good);
            Files.write(good, java.util.Arrays.copyOf(all, all.length / 2)); // truncated half-way, as a kill or a full disk leaves it
            SQLException duck = assertThrows(SQLException.class, () -> st.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/*.parquet')"));
            String m = message(duck);
            assertTrue(m.startsWith("Parquet file " + good + " is damaged ("), m);
            assertTrue(m.endsWith("). Re-run the stage that wrote it (minqing ingest for staged/, minqing transform for marts/), or "
                    + "restore the file."), m);
        }
        RuntimeException mr = assertThrows(RuntimeException.class, () -> ParquetFooters.rowCount(dir));
        assertTrue(message(mr).startsWith("Parquet file " + good + " is damaged ("), message(mr));
        assertTrue(message(new org.apache.spark.SparkException("[FAILED_READ_FILE.NO_HINT] Encountered error while reading file "
                + "file://" + good + ". SQLSTATE: KD001", mr)).startsWith("Parquet file " + good + " is damaged ("));
    }

    @Test
    void runningOutOfMemoryIsAResourceToRaiseNotABug() {
        // a worker's OutOfMemoryError arrives wrapped (an ExecutionException of a pool)
        var heap = LakeErrors.environment(new RuntimeException("java.util.concurrent.ExecutionException",
                new OutOfMemoryError("Java heap space")));
        assertTrue(heap.isPresent());
        assertEquals(ExitCode.USAGE, heap.get().exitCode());
        assertTrue(heap.get().getMessage().startsWith("The Java heap ran out (its maximum is "), heap.get().getMessage());
        assertTrue(heap.get().getMessage().contains("MINQING_JAVA_OPTS=-Xmx8g"), heap.get().getMessage());
        // DuckDB's own limit, as its JDBC driver reports it
        var duck = LakeErrors.environment(new java.sql.SQLException(
                "Out of Memory Error: failed to allocate data of size 16.0 MiB (1.4 GiB/1.5 GiB used)"));
        assertTrue(duck.isPresent());
        assertTrue(duck.get().getMessage().startsWith("DuckDB ran out of memory"), duck.get().getMessage());
        assertTrue(LakeErrors.environment(new IllegalStateException("memory accounting is off")).isEmpty());
    }

    @Test
    void bugsAndUserErrorsAreNotEnvironmentErrors() {
        assertTrue(LakeErrors.environment(new IllegalStateException("Row accounting broken")).isEmpty());
        assertTrue(LakeErrors.environment(new RuntimeException("wrapped", new MinqingException(ExitCode.INPUT, "No space left on device? no: a user error"))).isEmpty());
        assertTrue(LakeErrors.environment(new IOException("corrupt")).isEmpty(), "a word alone, without Parquet, is no evidence");
    }
}
