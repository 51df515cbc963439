package io.minqing.contract.lake;

import io.minqing.contract.Lake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed state of the lake: what a reader reads, all of it from one run (docs/lake.md). {@link #lake()} is
 * rooted at the snapshot's folder, so {@code lake().staged("cases")} and {@code lake().mart("case_facts")} belong to
 * the same commit. A lake written before snapshots existed (no CURRENT file) is read in place as snapshot 0.
 *
 * @param id        snapshot number (0 = a legacy lake without CURRENT, or an empty one)
 * @param run       id of the run that committed it ("" for a legacy lake)
 * @param command   the command of that run (ingest, transform, topics; "" for a legacy lake)
 * @param base      the snapshot that run started from
 * @param committed when it was committed (UTC, ISO-8601; "" for a legacy lake)
 * @param asOf      the transform cut-off the marts were computed at, when a transform committed it ("" otherwise)
 * @param lake      where to read
 */
public record Snapshot(long id, String run, String command, long base, String committed, String asOf, Lake lake) {

    /** The pointer file: its atomic replacement is the commit. */
    public static final String CURRENT = "CURRENT";
    public static final String SNAPSHOTS = "snapshots";
    /** The snapshot's own copy of its pointer record (history: what each kept snapshot is). */
    public static final String MANIFEST = "_snapshot.properties";

    public boolean legacy() {
        return id == 0;
    }

    /** One line for the console: which snapshot a command read. */
    public String describe() {
        if (legacy()) {
            return "lake " + lake.root() + " (no snapshots yet: read in place)";
        }
        return "lake snapshot " + id + " (" + command + " run " + run + ", committed " + committed
                + (asOf.isEmpty() ? "" : ", as of " + asOf) + ")";
    }

    /**
     * The committed snapshot of the lake at {@code root}, resolved once: a reader keeps reading it even when a writer
     * commits a newer one meanwhile (a newer commit keeps it; see {@link LakeWriter#KEEP}).
     */
    public static Snapshot current(Path root) {
        Lake top = new Lake(root);
        Path r = top.root();
        if (Files.exists(r) && !Files.isDirectory(r)) {
            throw LakeErrors.notADirectory(r);
        }
        Map<String, String> p;
        try {
            p = parse(Files.readString(r.resolve(CURRENT), StandardCharsets.UTF_8));
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return new Snapshot(0, "", "", 0, "", "", top);
        } catch (IOException e) {
            throw LakeErrors.environment(e).orElseThrow(() -> new java.io.UncheckedIOException("reading " + r.resolve(CURRENT), e));
        }
        long id;
        try {
            id = Long.parseLong(p.getOrDefault("snapshot", ""));
        } catch (NumberFormatException e) {
            throw LakeErrors.badPointer(r.resolve(CURRENT), "it names no snapshot number");
        }
        Path dir = r.resolve(SNAPSHOTS).resolve(Long.toString(id));
        if (!Files.isDirectory(dir)) {
            throw LakeErrors.badPointer(r.resolve(CURRENT), "it names snapshot " + id + " but " + dir + " is missing");
        }
        return new Snapshot(id, p.getOrDefault("run", ""), p.getOrDefault("command", ""), Long.parseLong(p.getOrDefault("base", "0")),
                p.getOrDefault("committed_at", ""), p.getOrDefault("as_of", ""), new Lake(dir));
    }

    /** The pointer record as written to CURRENT and to the snapshot's manifest. */
    String record() {
        StringBuilder b = new StringBuilder("# minqing lake pointer (docs/lake.md): the committed snapshot. Replaced atomically by each commit; do not edit.\n");
        b.append("snapshot=").append(id).append('\n');
        b.append("run=").append(run).append('\n');
        b.append("command=").append(command).append('\n');
        b.append("base=").append(base).append('\n');
        b.append("committed_at=").append(committed).append('\n');
        if (!asOf.isEmpty()) {
            b.append("as_of=").append(asOf).append('\n');
        }
        return b.toString();
    }

    static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq < 0) {
                continue;
            }
            m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return m;
    }
}
