package io.minqing.transform.topics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Segmentation done once per case text: {@code lake/cache/tokens/tokens.parquet} holds, for every cleaned text of the
 * last run, its words under a key that is a hash of the segmenter's name (with its version) and the text
 * (SHA-256, first 128 bits, hex). A monthly run segments only new or changed texts; a new segmenter version misses
 * every entry and so segments everything again. Columns: text_hash, segmenter, words (joined by U+001F). The file is rewritten after each run with exactly the texts that run
 * used (old texts no longer staged drop out), sorted by key, through DuckDB.
 * Thread-safe: {@link #words} may be called from several threads.
 */
public final class TokenCache implements TopicsCore.Words {

    private static final long serialVersionUID = 1L;

    /** Words are stored joined by U+001F (a plain string reads much faster through JDBC than a list). */
    static final String SEP = "\u001f";

    private final transient Segmenter segmenter;
    private final String segmenterName;
    private final Map<String, List<String>> known;
    private final Map<String, List<String>> used = new ConcurrentHashMap<>();
    private final AtomicLong segmented = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    /** One String per distinct word, shared by every text that has it (a word list is then only references). */
    private final Map<String, String> wordPool;
    /** Rows of the file when loaded (all segmenters): when this run used exactly them and segmented nothing, save skips. */
    private final long fileRows;
    /** Texts of this segmenter in the file when loaded ({@code known} empties as the run takes them over into {@code used}). */
    private final long loaded;
    /** Other caches of the same run whose texts a miss is looked up in before it is segmented (see {@link #alsoLookIn}). */
    private transient volatile List<TokenCache> peers = List.of();
    /** The run's index of which cache holds a text, shared with the peers (see {@link RunIndex}); null: none yet. */
    private transient volatile RunIndex index;
    /** This cache's number in {@link #index}. */
    private transient int indexId = -1;
    /** Whether {@link #index} holds every peer's texts, so that a text it lacks is in no peer (else every peer is probed). */
    private transient volatile boolean indexComplete;

    private TokenCache(Segmenter segmenter, Map<String, List<String>> known, Map<String, String> wordPool, long fileRows) {
        this.segmenter = segmenter;
        this.segmenterName = segmenter.name();
        this.known = known;
        this.wordPool = wordPool;
        this.fileRows = fileRows;
        this.loaded = known.size();
    }

    public static Path file(io.minqing.contract.Lake lake) {
        return lake.root().resolve("cache").resolve("tokens").resolve("tokens.parquet");
    }

    /** The cache of the lake for this segmenter (empty when there is none yet). */
    public static TokenCache load(Connection conn, io.minqing.contract.Lake lake, Segmenter segmenter) {
        return load(conn, file(lake), segmenter);
    }

    /** The cache kept in file {@code f} (the embedded engine keeps one per staged month, {@link MonthReuse#tokensFile}). */
    static TokenCache load(Connection conn, Path f, Segmenter segmenter) {
        return load(conn, f, null, segmenter);
    }

    /**
     * As {@link #load(Connection, Path, Segmenter)}; when file {@code f} does not exist yet (a new month) and
     * {@code seed} does (the month before), the cache starts with the seed's texts: a month's texts often repeat the
     * month before's, and only the texts this cache's run uses are saved into {@code f}.
     */
    static TokenCache load(Connection conn, Path f, Path seed, Segmenter segmenter) {
        Map<String, List<String>> known = new ConcurrentHashMap<>();
        Map<String, String> pool = new ConcurrentHashMap<>();
        long rows = -1;
        if (!Files.isRegularFile(f) && seed != null && Files.isRegularFile(seed)) {
            read(conn, seed, segmenter, known, pool); // rows stays -1: the file f is written whatever this run used
        }
        if (Files.isRegularFile(f)) {
            rows = read(conn, f, segmenter, known, pool);
        }
        return new TokenCache(segmenter, known, pool, rows);
    }

    /** Reads the entries of file f for this segmenter into known; returns the file's rows (all segmenters). */
    private static long read(Connection conn, Path f, Segmenter segmenter, Map<String, List<String>> known, Map<String, String> pool) {
        long rows;
        try (PreparedStatement ps = conn.prepareStatement("SELECT text_hash, words FROM read_parquet(?) WHERE segmenter = ?");
             PreparedStatement count = conn.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            ps.setString(1, f.toString());
            ps.setString(2, segmenter.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String w = rs.getString(2);
                    known.put(rs.getString(1), w.isEmpty() ? List.of() : pooled(pool, w.split(SEP, -1)));
                }
            }
            count.setString(1, f.toString());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the token cache " + f + ": " + e.getMessage()
                    + ". Delete the file to rebuild it (the next run segments every text again).", e);
        }
        return rows;
    }

    /** A cache that starts empty and is never saved (tests, eval). */
    public static TokenCache none(Segmenter segmenter) {
        return new TokenCache(segmenter, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), -1);
    }

    private static List<String> pooled(Map<String, String> pool, String[] words) {
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            String p = pool.putIfAbsent(w, w);
            if (p != null) {
                words[i] = p;
            }
        }
        return List.of(words);
    }

    /** One digest per thread: looking the algorithm up for every text showed in the profile. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    static String hash(String segmenterName, String text) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(segmenterName.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        byte[] d = md.digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    /** The words of a text; counted as one lookup (see {@link #hits}). */
    @Override
    public List<String> of(String cleanedText) {
        if (cleanedText == null || cleanedText.isBlank()) {
            return List.of();
        }
        lookups.incrementAndGet();
        return words(cleanedText);
    }

    /**
     * The words of a text without counting a lookup: for a pass that reads a case again later (the embedded engine
     * segments the fit sample first and looks every case up in its assignment pass).
     */
    public List<String> uncounted(String cleanedText) {
        if (cleanedText == null || cleanedText.isBlank()) {
            return List.of();
        }
        return words(cleanedText);
    }

    private List<String> words(String cleanedText) {
        String h = hash(segmenterName, cleanedText);
        List<String> w = used.get(h);
        if (w != null) {
            return w;
        }
        // computeIfAbsent: a text met by two threads at once is segmented once, so the count is exact
        return used.computeIfAbsent(h, x -> {
            List<String> k = known.remove(x); // each text then lives in one map only (a cache at 10M cases is millions of texts)
            if (k == null) {
                k = fromPeers(x);
            }
            if (k == null) {
                segmented.incrementAndGet();
                k = pooled(wordPool, segmenter.words(cleanedText).toArray(String[]::new));
            }
            RunIndex idx = index;
            if (idx != null) {
                idx.record(RunIndex.key(x), indexId);
            }
            return k;
        });
    }

    /** The words of the text with hash x when a peer has used it (segmented or loaded for another month of this run). */
    private List<String> fromPeers(String x) {
        List<TokenCache> ps = peers;
        if (ps.isEmpty()) {
            return null;
        }
        RunIndex idx = index;
        if (idx != null && indexComplete) {
            // one look in the index instead of one in every peer: no entry, no peer has the text
            int owner = idx.owner(RunIndex.key(x));
            if (owner == RunIndex.ABSENT) {
                return null;
            }
            TokenCache o = idx.member(owner);
            if (o != null && o != this) {
                List<String> w = o.used.get(x);
                if (w != null) {
                    return w;
                }
            }
            // another text with the same key, or a cache past the index's numbering: every peer, as without an index
        }
        for (TokenCache p : ps) {
            List<String> w = p.used.get(x);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    /**
     * Texts this cache misses are looked up among the texts the other caches of this run used before they are segmented
     * (the embedded engine's first run, which holds every month's cache at once). Same segmenter only.
     */
    void alsoLookIn(List<TokenCache> others) {
        List<TokenCache> p = new ArrayList<>();
        for (TokenCache o : others) {
            if (o != this && o.segmenterName.equals(segmenterName)) {
                p.add(o);
            }
        }
        // one index for this cache and its peers: the first any of them has, else a new one
        RunIndex idx = index;
        for (TokenCache o : p) {
            if (idx == null) {
                idx = o.index;
            }
        }
        if (idx == null) {
            idx = new RunIndex();
        }
        idx.join(this);
        boolean complete = index == idx;
        for (TokenCache o : p) {
            idx.join(o);
            complete &= o.index == idx;
        }
        peers = List.copyOf(p);
        indexComplete = complete;
    }

    /**
     * Which cache of a run first used each text, for the caches that look in each other ({@link #alsoLookIn}): a miss
     * then looks in the one cache the index names instead of in every peer. A text is keyed by the first 56 bits of its
     * hash and stored with the cache's number in one {@code long} (about 12 bytes a text, against the hundred or so of a
     * second map of the hash strings): two texts with the same key only cost the look in every peer, never a wrong
     * answer (the cache named is asked for the text's full hash). Thread-safe.
     */
    static final class RunIndex {
        static final int ABSENT = -1;
        /** Caches numbered from 255 on are recorded as this: some cache has the text, look in every peer. */
        private static final int MANY = 255;

        private final List<TokenCache> members = new ArrayList<>();
        private long[] slots = new long[1 << 16];
        private int size;

        /** The key of a text: the first 56 bits of its hash (hex), never 0 (0 marks a free slot). */
        static long key(String hashHex) {
            long k = Long.parseUnsignedLong(hashHex, 0, 14, 16);
            return k == 0 ? 1 : k;
        }

        /** Adds c (and every text it used so far) unless it is in already. Not while c is being looked up in. */
        synchronized void join(TokenCache c) {
            if (c.index == this) {
                return;
            }
            if (c.index != null) {
                return; // in another run's index: its texts are not here, so a cache that has it as a peer probes every peer
            }
            c.indexId = members.size();
            members.add(c);
            for (String h : c.used.keySet()) {
                record(key(h), c.indexId);
            }
            c.index = this;
        }

        synchronized TokenCache member(int id) {
            return id < members.size() && id != MANY ? members.get(id) : null;
        }

        /** The number of the cache that first used a text with this key, {@link #ABSENT} when none has. */
        synchronized int owner(long key) {
            int mask = slots.length - 1;
            for (int i = (int) mix(key) & mask; ; i = (i + 1) & mask) {
                long s = slots[i];
                if (s == 0) {
                    return ABSENT;
                }
                if (s >>> 8 == key) {
                    return (int) (s & 0xff);
                }
            }
        }

        /** Records that cache {@code id} used a text with this key (the first cache recorded for a key stays). */
        synchronized void record(long key, int id) {
            if ((size + 1) * 4L > slots.length * 3L) {
                grow();
            }
            int mask = slots.length - 1;
            for (int i = (int) mix(key) & mask; ; i = (i + 1) & mask) {
                long s = slots[i];
                if (s == 0) {
                    slots[i] = key << 8 | Math.min(id, MANY);
                    size++;
                    return;
                }
                if (s >>> 8 == key) {
                    return;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long s : old) {
                if (s != 0) {
                    int i = (int) mix(s >>> 8) & mask;
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = s;
                }
            }
        }

        private static long mix(long k) {
            return k ^ (k >>> 29);
        }
    }

    /** The run index this cache records its texts in (tests); null before {@link #alsoLookIn}. */
    RunIndex runIndex() {
        return index;
    }

    /** This cache's number in its run index (tests). */
    int runIndexId() {
        return indexId;
    }

    /** Texts loaded from the cache file for this segmenter. */
    public long size() {
        return loaded;
    }

    /** Distinct texts segmented since the cache was loaded. */
    public long segmented() {
        return segmented.get();
    }

    /** Counted lookups whose words came from the cache or from an earlier lookup of the same text in this run. */
    public long hits() {
        return lookups.get() - segmented.get();
    }

    /** Rewrites the cache file with the texts used in this run (atomically: a temporary file, then a move). */
    public void save(Connection conn, io.minqing.contract.Lake lake) {
        save(conn, file(lake));
    }

    /** As {@link #save(Connection, io.minqing.contract.Lake)}, into file {@code f}. */
    void save(Connection conn, Path f) {
        if (segmented.get() == 0 && used.size() == loaded && fileRows == loaded) {
            return; // this run used exactly the file's texts: rewriting it would give the same rows
        }
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp-" + System.nanoTime());
        try {
            Files.createDirectories(f.getParent());
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE OR REPLACE TABLE token_cache (text_hash VARCHAR, segmenter VARCHAR, words VARCHAR)");
            }
            List<String> keys = new ArrayList<>(used.keySet());
            keys.sort(null);
            try (org.duckdb.DuckDBAppender app = conn.unwrap(org.duckdb.DuckDBConnection.class)
                    .createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "token_cache")) {
                for (String k : keys) {
                    app.beginRow();
                    app.append(k);
                    app.append(segmenterName);
                    app.append(String.join(SEP, used.get(k)));
                    app.endRow();
                }
            }
            try (Statement st = conn.createStatement()) {
                st.execute("SET threads = 1");
                st.execute("COPY (SELECT * FROM token_cache ORDER BY text_hash) TO '" + DuckMarts.sql(tmp) + "' (FORMAT parquet)");
                st.execute("DROP TABLE token_cache");
                st.execute("RESET threads");
            }
            Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException e) {
            throw new IllegalStateException("writing the token cache " + f + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing the token cache " + f, e);
        }
    }
}
