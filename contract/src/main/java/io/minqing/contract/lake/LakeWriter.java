package io.minqing.contract.lake;

import io.minqing.contract.ExitCode;
import io.minqing.contract.Lake;
import io.minqing.contract.MinqingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One write transaction on the lake (docs/lake.md): the run's outputs become visible all at once, or not at all.
 *
 * <pre>
 * try (LakeWriter w = LakeWriter.begin(new Lake(dir), "ingest")) {
 *     Result r = w.run(lake -&gt; new IngestJob(…, lake, …).run());   // commits when the job returns
 * }
 * </pre>
 *
 * {@link #begin} takes the lake's lock (one writer at a time), cleans what crashed runs left, and makes a new snapshot
 * folder {@code lake/snapshots/<n+1>/} holding hard links of the current snapshot's Parquet files (copies of the few
 * small other files). The job gets a {@link Lake} rooted there and reads and writes through the usual paths; replacing
 * or deleting a file there never touches the previous snapshot, as long as the job writes new files and renames them
 * into place (it must never open an existing lake file for writing: it is shared with the previous snapshot).
 * {@link #commit} flushes the snapshot to disk and swaps the pointer file {@code lake/CURRENT} with one atomic rename;
 * the previous snapshots stay until {@link #KEEP} newer ones exist. A run that fails, or is killed, before the rename
 * leaves CURRENT and every committed snapshot as they were; the next writer deletes its folder.
 */
public final class LakeWriter implements AutoCloseable {

    /** Committed snapshots kept (the current one included), so a reader that started on an older one can finish. */
    public static final int KEEP = 3;

    /** Folders of the layout that stay readable at their old places as symbolic links into lake/current. */
    static final List<String> LAYOUT = List.of("staged", "rejects", "quality", "marts", "models");
    static final String CURRENT_LINK = "current";
    static final String CURRENT_TMP = Snapshot.CURRENT + ".tmp";
    /** Names in a lake's top folder that are the protocol's own, never data to carry into a snapshot. */
    private static final Set<String> RESERVED = Set.of(Snapshot.CURRENT, CURRENT_TMP, Snapshot.SNAPSHOTS, LakeLock.FILE,
            CURRENT_LINK, "_tmp", Snapshot.MANIFEST);

    private static volatile CommitHook testHook = CommitHook.NONE;

    private final Path root;
    private final String command;
    private final String run;
    private final LakeLock lock;
    private final Snapshot base;
    private final long id;
    private final Path dir;
    private final CommitHook hook;
    /** Files the new snapshot shares with the base (hard links): base path → size and mtime when linked. */
    private final Map<Path, long[]> shared = new LinkedHashMap<>();
    private String asOf = "";
    private Snapshot done;
    private boolean committed;
    private boolean crashed;
    private boolean ownsDir;

    private LakeWriter(Path root, String command, String run, LakeLock lock, Snapshot base, CommitHook hook) {
        this.root = root;
        this.command = command;
        this.run = run;
        this.lock = lock;
        this.base = base;
        this.id = base.id() + 1;
        this.dir = root.resolve(Snapshot.SNAPSHOTS).resolve(Long.toString(id));
        this.hook = hook;
    }

    /**
     * Starts a write transaction of {@code command} (ingest, transform, topics) on {@code lake}: lock, clean orphans,
     * prepare the new snapshot. Throws {@link LakeErrors#busy} when another run holds the lake.
     */
    public static LakeWriter begin(Lake lake, String command) {
        Path root = lake.root();
        String run = command + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
        CommitHook hook = testHook;
        LakeLock lock = null;
        LakeWriter w = null;
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw LakeErrors.notADirectory(root);
            }
            Files.createDirectories(root);
            lock = LakeLock.acquire(root, run, command);
            Snapshot base = Snapshot.current(root);
            w = new LakeWriter(root, command, run, lock, base, hook);
            w.cleanOrphans();
            w.step(CommitHook.Step.LOCKED);
            w.prepare();
            w.step(CommitHook.Step.PREPARED);
            return w;
        } catch (IOException e) {
            abortBegin(w, lock);
            throw environmentOr(e, root, "starting a " + command + " transaction on the lake " + root);
        } catch (RuntimeException e) {
            abortBegin(w, lock);
            throw e;
        } catch (CommitHook.Crash e) {
            if (w != null) {
                w.crashed = true;
            }
            closeQuietly(lock);
            throw e;
        }
    }

    private static void abortBegin(LakeWriter w, LakeLock lock) {
        if (w != null) {
            w.close();
        } else {
            closeQuietly(lock);
        }
    }

    /** The lake the job reads and writes: rooted at the new, not yet visible snapshot. */
    public Lake lake() {
        return new Lake(dir);
    }

    /** The committed snapshot this transaction started from. */
    public Snapshot base() {
        return base;
    }

    /** When the previous writer was killed holding the lock: who it was (its lock died with it; its leftovers are cleaned). */
    public java.util.Optional<String> recoveredLock() {
        return lock.recovered();
    }

    /** The snapshot this transaction committed; empty before the commit. */
    public java.util.Optional<Snapshot> committed() {
        return java.util.Optional.ofNullable(done);
    }

    public String runId() {
        return run;
    }

    /** Records the cut-off the marts of this run were computed at, so readers can name it. */
    public void asOf(String value) {
        this.asOf = value == null ? "" : value;
    }

    /**
     * Runs {@code job} on {@link #lake()} and commits. A job that stops with a data-quality error (exit code 4) has
     * written what the user needs to see why (ingest's rejects and quality summary), so that is committed too before
     * the error goes on; any other failure commits nothing.
     */
    public <T> T run(Function<Lake, T> job) {
        T result;
        try {
            result = job.apply(lake());
        } catch (CommitHook.Crash e) {
            crashed = true;
            throw e;
        } catch (MinqingException e) {
            if (e.exitCode() == ExitCode.DATA_QUALITY) {
                commit();
            }
            throw visible(e);
        } catch (Throwable e) { // a full or read-only disk, however the engine wrapped it (Spark's checked SparkException too): say where
            MinqingException m = LakeErrors.environment(e, root).orElse(null);
            if (m != null) {
                throw visible(m);
            }
            throw LakeWriter.<RuntimeException>sneaky(e);
        }
        commit();
        return result;
    }

    /**
     * The error as the user sees the lake: paths inside this transaction's snapshot folder (deleted when it fails) named
     * by the lake's own paths (lake/staged … lead to the current snapshot).
     */
    private MinqingException visible(MinqingException e) {
        String inner = dir.toString();
        if (e.getMessage() == null || !e.getMessage().contains(inner)) {
            return e;
        }
        return new MinqingException(e.exitCode(), e.getMessage().replace(inner, root.toString()), e);
    }

    /** Makes the new snapshot the lake's current one with one atomic rename; returns it. */
    public Snapshot commit() {
        if (committed) {
            throw new IllegalStateException("Transaction " + run + " is already committed");
        }
        Path current = root.resolve(Snapshot.CURRENT);
        Path tmp = root.resolve(CURRENT_TMP);
        Snapshot next;
        try {
            step(CommitHook.Step.JOB_DONE);
            deleteTree(dir.resolve("_tmp"));
            checkShared();
            Snapshot now = Snapshot.current(root);
            if (now.id() != base.id()) { // only when the lock does not work (e.g. some network file systems)
                throw LakeErrors.baseMoved(root, command, base.id(), now);
            }
            next = new Snapshot(id, run, command, base.id(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), asOf, lake());
            Files.writeString(dir.resolve(Snapshot.MANIFEST), next.record(), StandardCharsets.UTF_8);
            flushTree(dir);
            step(CommitHook.Step.FLUSHED);
            Files.writeString(tmp, next.record(), StandardCharsets.UTF_8);
            force(tmp);
            step(CommitHook.Step.POINTER_WRITTEN);
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            done = next;
            force(root);
            step(CommitHook.Step.COMMITTED);
        } catch (IOException e) {
            throw environmentOr(e, root, "committing snapshot " + id + " of the lake " + root);
        } catch (CommitHook.Crash e) {
            crashed = true;
            throw e;
        }
        // Housekeeping after the commit point: a failure here loses nothing, and the next writer repeats it.
        try {
            linkCurrent(id);
            step(CommitHook.Step.LINKED);
            prune(id);
            step(CommitHook.Step.PRUNED);
        } catch (IOException e) {
            System.err.println("minqing: note: snapshot " + id + " is committed, but tidying the lake failed (" + e
                    + "); the next run tidies it.");
        } catch (CommitHook.Crash e) {
            crashed = true;
            throw e;
        }
        return next;
    }

    /**
     * Ends the transaction: an uncommitted snapshot folder is deleted (best effort: whatever is left, the next writer
     * deletes), and the lock is released. After a simulated kill nothing is touched but the lock, as after a real one.
     */
    @Override
    public void close() {
        if (!committed && !crashed && ownsDir) {
            try {
                deleteTree(dir);
                Files.deleteIfExists(root.resolve(CURRENT_TMP));
            } catch (IOException e) {
                // left for the next writer's cleanOrphans(); the error that brought us here is the one to report
            }
        }
        if (crashed) {
            closeQuietly(lock);
            return;
        }
        try {
            lock.releaseClean();
        } catch (IOException e) {
            closeQuietly(lock);
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    private void step(CommitHook.Step s) throws IOException {
        hook.at(s);
    }

    /**
     * Deletes what crashed runs left: snapshot folders newer than CURRENT (never committed), CURRENT.tmp, scratch
     * folders; then repairs the convenience links and prunes, in case a run died after its commit point.
     */
    private void cleanOrphans() throws IOException {
        Files.deleteIfExists(root.resolve(CURRENT_TMP));
        Files.delete(Files.createFile(root.resolve(CURRENT_TMP))); // fail now, not after the job, where the commit cannot write
        Path snaps = root.resolve(Snapshot.SNAPSHOTS);
        if (Files.isDirectory(snaps)) {
            try (Stream<Path> s = Files.list(snaps)) {
                for (Path p : s.toList()) {
                    long n = number(p);
                    if (n < 0 || n > base.id()) {
                        deleteTree(p);
                    }
                }
            }
        }
        deleteTree(root.resolve("_tmp"));
        if (!base.legacy()) {
            deleteTree(base.lake().root().resolve("_tmp"));
            linkCurrent(base.id());
            prune(base.id());
        }
    }

    /** The new snapshot folder: hard links of the base's Parquet files, copies of the rest. */
    private void prepare() throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir); // atomic: a second guard, should the lock not work on this file system
        } catch (FileAlreadyExistsException e) {
            throw LakeErrors.busy(root, "another run is preparing snapshot " + id + " in " + dir);
        }
        ownsDir = true;
        Path from = base.lake().root();
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> s = Files.list(from)) {
            for (Path top : s.sorted().toList()) {
                String name = top.getFileName().toString();
                if (RESERVED.contains(name) || Files.isSymbolicLink(top) || (base.legacy() && !Files.isDirectory(top))) {
                    continue;
                }
                copyTree(top, dir.resolve(name));
            }
        }
    }

    private void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path q = dst.resolve(src.relativize(p).toString());
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    Files.createDirectories(q);
                } else if (a.isRegularFile() && p.getFileName().toString().endsWith(".parquet")) {
                    try {
                        Files.createLink(q, p);
                        shared.put(p, new long[] {a.size(), a.lastModifiedTime().toMillis()});
                    } catch (UnsupportedOperationException | FileSystemException e) {
                        if (e instanceof FileAlreadyExistsException) {
                            throw (FileAlreadyExistsException) e;
                        }
                        Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES); // a file system without hard links
                    }
                } else if (a.isRegularFile()) {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A job that rewrote a shared file in place has changed the previous snapshot too: a bug of that job. */
    private void checkShared() throws IOException {
        for (Map.Entry<Path, long[]> e : shared.entrySet()) {
            Path p = e.getKey();
            if (!Files.exists(p)) {
                continue;
            }
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.size() != e.getValue()[0] || a.lastModifiedTime().toMillis() != e.getValue()[1]) {
                throw new IllegalStateException("The " + command + " job wrote in place into " + p + ", a file the new snapshot "
                        + "shares with snapshot " + base.id() + " (a bug: lake files must be written new and renamed into place, "
                        + "see docs/lake.md)");
            }
        }
    }

    /** lake/current → snapshots/n (one atomic rename of a new link), and the layout folders as links into it. */
    private void linkCurrent(long n) throws IOException {
        Path link = root.resolve(CURRENT_LINK);
        Path target = Path.of(Snapshot.SNAPSHOTS, Long.toString(n));
        try {
            if (!(Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target))) {
                Path tmp = root.resolve(CURRENT_LINK + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createSymbolicLink(tmp, target);
                Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            for (String name : LAYOUT) {
                Path p = root.resolve(name);
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                if (Files.exists(p)) { // a legacy folder, already carried into a snapshot: make way for the link
                    Path old = root.resolve("_tmp").resolve("legacy-" + name);
                    Files.createDirectories(old.getParent());
                    deleteTree(old);
                    Files.move(p, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.createSymbolicLink(p, Path.of(CURRENT_LINK, name));
            }
            deleteTree(root.resolve("_tmp"));
        } catch (UnsupportedOperationException e) {
            // no symbolic links on this file system: outside tools read lake/snapshots/<CURRENT>/ instead
        }
    }

    private void prune(long current) throws IOException {
        Path snaps = root.resolve(Snapshot.SNAPSHOTS);
        try (Stream<Path> s = Files.list(snaps)) {
            for (Path p : s.toList()) {
                long n = number(p);
                if (n >= 0 && n <= current - KEEP) {
                    deleteTree(p);
                }
            }
        }
    }

    private static long number(Path p) {
        try {
            return Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    private static void flushTree(Path d) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    force(p);
                }
            }
        }
        for (Path p : dirs) {
            force(p);
        }
    }

    /** fsync; directories too where the platform allows it (Linux does), so a rename or new entry survives a power cut. */
    private static void force(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(p)) {
                throw e;
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static void closeQuietly(LakeLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            // the operating system releases it with the process at the latest
        }
    }

    private static RuntimeException environmentOr(IOException e, Path root, String doing) {
        return LakeErrors.environment(e, root).<RuntimeException>map(m -> m).orElseGet(() -> new UncheckedIOException(doing, e));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e; // rethrown as it came (Scala code throws checked exceptions undeclared)
    }

    // ------------------------------------------------------------------------------------------------ tests

    /** Installs {@code hook} for every transaction begun until the returned handle is closed (tests only). */
    public static AutoCloseable injectForTests(CommitHook hook) {
        testHook = hook;
        return () -> testHook = CommitHook.NONE;
    }
}
