package io.minqing.contract.lake;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User-facing errors of the lake and of the environment it lives in (read-only or full file system, a path that is a
 * file, damaged Parquet, another writer): exit code 3 and one line saying the path, what is wrong and how to fix it
 * (docs/lake.md). {@link #environment(Throwable)} recognises such causes however an engine wrapped them (Spark's
 * SparkException, Hadoop's IOExceptions, DuckDB's SQLException), so the CLI maps them in one place.
 */
public final class LakeErrors {

    private LakeErrors() {
    }

    public static MinqingException notADirectory(Path path) {
        return new MinqingException(ExitCode.INPUT, path + " is a file, not a folder: the lake must be a folder. "
                + "Pass --lake the lake folder (a new lake is made where none exists), or move the file away.");
    }

    /** {@code why}: "the file system is read-only", "permission denied", "operation not permitted (immutable?)". */
    public static MinqingException notWritable(String path, String why) {
        return new MinqingException(ExitCode.INPUT, "Cannot write to " + path + ": " + why + ". Make it writable for the user "
                + "running minqing (remount read-write, chown/chmod, chattr -i), or pass --lake a folder you can write.");
    }

    public static MinqingException diskFull(String path) {
        return new MinqingException(ExitCode.INPUT, "No space left on the disk holding " + path + ". Free some space "
                + "(or pass --lake a folder on a larger disk) and run the command again; the lake still holds its last "
                + "committed snapshot.");
    }

    /**
     * The Java heap ({@code javaHeap}) or DuckDB's memory limit ran out: a resource to raise, not a bug. The heap's
     * maximum is named so the user sees what was in force.
     */
    public static MinqingException outOfMemory(boolean javaHeap) {
        String what = javaHeap
                ? String.format(Locale.ROOT, "The Java heap ran out (its maximum is %,d MB). Give the JVM more with "
                        + "MINQING_JAVA_OPTS=-Xmx8g (the launcher's default is half the RAM, at most 3 GB on the embedded engine)",
                        Runtime.getRuntime().maxMemory() >> 20)
                : "DuckDB ran out of memory within its limit and could not spill. Free disk space in the lake's _tmp folder "
                        + "or give the machine more memory";
        return new MinqingException(ExitCode.USAGE, what + "; or run the stage on Spark (--engine spark, --master URL). "
                + "Nothing was published: the lake keeps its last consistent state.");
    }

    public static MinqingException corruptParquet(String file, String what) {
        return new MinqingException(ExitCode.INPUT, "Parquet file " + file + " is damaged (" + what + "). Re-run the stage "
                + "that wrote it (minqing ingest for staged/, minqing transform for marts/), or restore the file.");
    }

    public static MinqingException badPointer(Path current, String why) {
        return new MinqingException(ExitCode.INPUT, "The lake pointer " + current + " is damaged: " + why + ". Copy the "
                + "newest " + current.resolveSibling(Snapshot.SNAPSHOTS) + "/<n>/" + Snapshot.MANIFEST + " over it and run again.");
    }

    public static MinqingException busy(Path lake, String owner) {
        return new MinqingException(ExitCode.INPUT, "The lake " + lake + " is being written by another run (" + owner
                + "). Wait until it has finished and run this command again; if that process is gone, its lock is "
                + "released with it.");
    }

    public static MinqingException baseMoved(Path lake, String command, long base, Snapshot now) {
        return new MinqingException(ExitCode.INPUT, "The lake " + lake + " changed while this " + command + " ran: it started "
                + "from snapshot " + base + " but " + now.command() + " run " + now.run() + " committed snapshot " + now.id()
                + " meanwhile. Nothing of this run was committed; run the command again.");
    }

    private static final Pattern PARQUET_FILE = Pattern.compile("(?:file:)?(/[^\\s'\"\\[\\]()]*?\\.parquet)");
    private static final Pattern ANY_PATH = Pattern.compile("(?:file:)?(/[^\\s'\"\\[\\]()]+)");
    /** Texts parquet-mr, Spark and DuckDB use for a file that is not (or no longer) valid Parquet. */
    private static final String[][] CORRUPT = {
            {"is not a parquet file", "not a Parquet file: no PAR1 magic number at its end"},
            {"is not a plain parquet file (no par1 footer)", "not a Parquet file: no PAR1 magic number at its end"},
            {"expected magic number", "not a Parquet file: no PAR1 magic number at its end"},
            {"no magic bytes found", "not a Parquet file: no PAR1 magic number at its end"},
            {"too small to be a parquet file", "truncated: too small to be a Parquet file"},
            {"could not read footer", "its footer cannot be read"},
            {"cannot_read_file_footer", "its footer cannot be read"},
            {"can not read class org.apache.parquet.format", "its footer cannot be read"},
            {"corrupt", "its contents are corrupt"},
            {"reached end of stream", "truncated"},
            {"eofexception", "truncated"},
    };

    /**
     * The user-facing error behind {@code ex} when its cause is the environment rather than a bug: a read-only or full
     * file system, a lake path that is a file, permission denied, damaged Parquet. Walks the whole cause chain.
     */
    public static Optional<MinqingException> environment(Throwable ex) {
        return environment(ex, null);
    }

    /** As {@link #environment(Throwable)}; {@code lake} names the place when the error itself names no path (Hadoop's). */
    public static Optional<MinqingException> environment(Throwable ex, Path lake) {
        return recognise(ex, lake == null ? "the lake" : lake.toString())
                .map(m -> new MinqingException(m.exitCode(), m.getMessage(), ex)); // --verbose shows the cause
    }

    private static Optional<MinqingException> recognise(Throwable ex, String lake) {
        boolean parquetContext = false;
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MinqingException) {
                return Optional.empty();
            }
            String msg = String.valueOf(t.getMessage());
            String lower = (t.getClass().getSimpleName() + ": " + msg).toLowerCase(Locale.ROOT);
            String file = t instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : pathIn(msg, ANY_PATH);
            String where = file == null ? lake : file;
            if (t instanceof OutOfMemoryError || lower.contains("out of memory error")) {
                return Optional.of(outOfMemory(t instanceof OutOfMemoryError));
            }
            if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                return Optional.of(diskFull(where));
            }
            if (t instanceof ReadOnlyFileSystemException || lower.contains("read-only file system")) {
                return Optional.of(notWritable(where, "the file system is read-only"));
            }
            if (t instanceof NotDirectoryException || lower.contains("not a directory")) {
                Path p = file == null ? null : fileAncestor(Path.of(file));
                if (p != null) {
                    return Optional.of(notADirectory(p));
                }
            }
            if (t instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("access is denied")) {
                return Optional.of(notWritable(where, "permission denied"));
            }
            if (lower.contains("operation not permitted")) {
                return Optional.of(notWritable(where, "operation not permitted (the file or folder may be immutable)"));
            }
            if (lower.contains("mkdirs failed to create")) {
                return Optional.of(notWritable(where, "its folder cannot be created"));
            }
            String parquet = pathIn(msg, PARQUET_FILE);
            parquetContext |= parquet != null || lower.contains("parquet");
            for (String[] c : CORRUPT) {
                if (lower.contains(c[0]) && (parquetContext || c[0].contains("parquet"))) {
                    String named = parquet != null ? parquet : parquetFileIn(ex);
                    if (named != null) {
                        return Optional.of(corruptParquet(named, c[1]));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The first .parquet path any message of the chain names (Spark names the file in the wrapper, parquet-mr in the cause). */
    private static String parquetFileIn(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String p = pathIn(String.valueOf(t.getMessage()), PARQUET_FILE);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String pathIn(String msg, Pattern p) {
        Matcher m = p.matcher(msg);
        if (!m.find()) {
            return null;
        }
        String s = m.group(1);
        while (s.startsWith("//")) {
            s = s.substring(1); // file:///x → /x
        }
        while (s.endsWith(".") || s.endsWith(",") || s.endsWith(":")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The nearest ancestor of {@code p} (or p itself) that exists as a regular file: the one that is "not a directory". */
    private static Path fileAncestor(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q)) {
                return q;
            }
        }
        return null;
    }
}
