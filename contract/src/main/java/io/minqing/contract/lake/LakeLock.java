package io.minqing.contract.lake;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The lake's one-writer lock: an operating-system lock ({@link FileChannel#tryLock()}) on {@code lake/LOCK}, whose
 * content names the holder (run, command, pid, host, start). The operating system releases the lock when its
 * process ends, however it ends, so a lock left by a killed run is never in the way: the next writer takes it and
 * reports whose it was ({@link #recovered()}). A second writer while the holder lives gets {@link LakeErrors#busy}.
 */
final class LakeLock implements AutoCloseable {

    static final String FILE = "LOCK";

    private final FileChannel channel;
    private final FileLock lock;
    private final String recovered;

    private LakeLock(FileChannel channel, FileLock lock, String recovered) {
        this.channel = channel;
        this.lock = lock;
        this.recovered = recovered;
    }

    static LakeLock acquire(Path lakeRoot, String run, String command) throws IOException {
        Path file = lakeRoot.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by another writer in this same JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        String previous = read(ch);
        if (l == null) {
            ch.close();
            throw LakeErrors.busy(lakeRoot, owner(previous));
        }
        try {
            String me = "run=" + run + "\ncommand=" + command + "\npid=" + ProcessHandle.current().pid() + "\nhost=" + host()
                    + "\nstarted_at=" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            l.release();
            ch.close();
            throw e;
        }
        return new LakeLock(ch, l, previous.isBlank() ? null : owner(previous));
    }

    /** The holder a killed run left in the lock file, whose lock the operating system had released; null when none. */
    Optional<String> recovered() {
        return Optional.ofNullable(recovered);
    }

    /** Empties the lock file (a clean release leaves no owner behind) and releases the lock. */
    void releaseClean() throws IOException {
        try {
            channel.truncate(0);
        } finally {
            close();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(4096, Math.max(0, ch.size())));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    /** "ingest run R, pid P on host H since T" from the lock file's content. */
    static String owner(String content) {
        Map<String, String> m = Snapshot.parse(content);
        if (m.isEmpty()) {
            return "owner unknown";
        }
        return m.getOrDefault("command", "?") + " run " + m.getOrDefault("run", "?") + ", pid " + m.getOrDefault("pid", "?")
                + " on host " + m.getOrDefault("host", "?") + " since " + m.getOrDefault("started_at", "?");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
