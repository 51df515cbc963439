package io.minqing.transform.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What lets the embedded engine keep a staged month's topic results instead of assigning its cases again
 * (docs/topics.md, "Reusing unchanged months"). A month's case_topics rows depend only on its own staged rows, the
 * model, the segmenter and the code that cleans, segments and assigns; so when the model is loaded (not fitted), the
 * month's staged files are the very files of the last run and nothing else changed, the month's case_topics partition
 * and its partial aggregates ({@link TopicsCore.Aggregator}) from the last run are its results again.
 *
 * <p>The last run's state is {@code cache/topics/reuse.properties}: the format, the model's id (SHA-256 of its files),
 * the settings' id (the configuration that shapes a row, the segmenter and the bytes of the classes that compute a row)
 * and one fingerprint per staged month: SHA-256 over the month's Parquet files' relative paths and contents' SHA-256.
 * A file's content hash is taken from the last run's record when the file is the very same file (same size,
 * modification time and file key, i.e. device and inode: lake files are never rewritten in place, docs/lake.md, and
 * LakeWriter checks size and time of every shared file), and is computed from its bytes otherwise, so a month that
 * ingest rewrote with the same bytes is still kept. The file is deleted when a run starts and written last, so a run
 * that stops half way leaves none and the next run assigns every month.
 */
final class MonthReuse {

    /** Bump when what is stored per month (aggregates, token caches, the manifest) changes meaning. */
    static final int FORMAT = 2;

    static final String PREFIX = "received_month=";

    private MonthReuse() {
    }

    /**
     * The staged cases read, cached and kept together: one staged month folder ({@code month} yyyy-MM) or, when the
     * months are small ({@link TopicsConfig.CacheUnit}), the months of one calendar year ({@code month} yyyy).
     * {@code months} are the staged month values it holds and {@code dirs} their folders; the fingerprint is of its
     * files' contents and {@code files} has, per file (path relative to the staged folder), its identity and content
     * hash ({@link #identity}, then a space, then SHA-256).
     */
    record Month(String month, List<String> months, List<Path> dirs, String fingerprint, Map<String, String> files) {
        Month {
            months = List.copyOf(months);
            dirs = List.copyOf(dirs);
        }
    }

    /**
     * Below this many bytes of staged Parquet per month on average (about 20,000 cases), auto groups the months by
     * year: at the sample district's 1,500 cases a month, twenty reads, caches and aggregate files cost more than the
     * month-level reuse saves (docs/bench.md, small runs).
     */
    static final long AUTO_MONTH_BYTES = 2L << 20;

    /** The stem of a unit's cache and aggregate files: {@code received_month=2021-08} or {@code received_year=2021}. */
    static String stem(String unit) {
        return (unit.length() == 4 ? YEAR_PREFIX : PREFIX) + unit;
    }

    static final String YEAR_PREFIX = "received_year=";

    static Path dir(io.minqing.contract.Lake lake) {
        return lake.root().resolve("cache").resolve("topics");
    }

    static Path manifestFile(io.minqing.contract.Lake lake) {
        return dir(lake).resolve("reuse.properties");
    }

    /** A unit's stored aggregation ({@code month}: yyyy-MM or yyyy). */
    static Path aggregatesFile(io.minqing.contract.Lake lake, String month) {
        return dir(lake).resolve("aggregates").resolve(stem(month) + ".parquet");
    }

    /** The embedded engine's token cache of one staged month (the Spark engine keeps the one file of TokenCache#file). */
    static Path tokensFile(io.minqing.contract.Lake lake, String month) {
        return lake.root().resolve("cache").resolve("tokens").resolve(stem(month) + ".parquet");
    }

    /**
     * The staged months, in order, each with at least one Parquet file, grouped by year when {@code unit} says so (auto:
     * when the months hold fewer than {@link #AUTO_MONTH_BYTES} on average); null when a Parquet file lies outside a
     * {@code received_month=…} folder (then no month can be told apart and every case is assigned).
     */
    static List<Month> stagedMonths(Path stagedFolder, Manifest last, TopicsConfig.CacheUnit unit) {
        TreeMap<String, List<Path>> files = new TreeMap<>();
        Path staged;
        try {
            staged = stagedFolder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + stagedFolder, e);
        }
        try (Stream<Path> s = Files.walk(staged, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(f)).toList()) {
                Path rel = staged.relativize(p);
                String top = rel.getName(0).toString();
                if (rel.getNameCount() < 2 || !top.startsWith(PREFIX) || top.length() == PREFIX.length()) {
                    return null;
                }
                files.computeIfAbsent(top.substring(PREFIX.length()), m -> new ArrayList<>()).add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + staged, e);
        }
        // each file's content hash: the last run's when the file is the very same file (identity unchanged: lake files
        // are never rewritten in place), else read and hashed (on every core)
        Map<String, String> known = last == null ? Map.of() : last.files();
        List<Path> all = files.values().stream().flatMap(List::stream).toList();
        Map<Path, String> entry = new java.util.concurrent.ConcurrentHashMap<>();
        all.parallelStream().forEach(f -> {
            String rel = staged.relativize(f).toString();
            String id = identity(f);
            String before = known.get(rel);
            entry.put(f, before != null && before.startsWith(id + " ") ? before : id + " " + contentHash(f));
        });
        List<Month> out = new ArrayList<>();
        files.forEach((m, fs) -> {
            Map<String, String> of = new TreeMap<>();
            fs.forEach(f -> of.put(staged.relativize(f).toString(), entry.get(f)));
            MessageDigest md = sha256();
            of.forEach((rel, e) -> md.update((rel + "\t" + e.substring(e.indexOf(' ') + 1) + "\n").getBytes(StandardCharsets.UTF_8)));
            out.add(new Month(m, List.of(m), List.of(staged.resolve(PREFIX + m)), HexFormat.of().formatHex(md.digest()), of));
        });
        long bytes = 0;
        for (Path f : all) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the size of " + f, e);
            }
        }
        boolean byYear = unit == TopicsConfig.CacheUnit.YEAR
                || unit == TopicsConfig.CacheUnit.AUTO && !out.isEmpty() && bytes / out.size() < AUTO_MONTH_BYTES;
        return byYear ? byYear(out) : out;
    }

    /** Months grouped by calendar year (the first four characters of yyyy-MM); the fingerprint is over the months'. */
    static List<Month> byYear(List<Month> months) {
        TreeMap<String, List<Month>> years = new TreeMap<>();
        months.forEach(m -> years.computeIfAbsent(m.month().substring(0, Math.min(4, m.month().length())), y -> new ArrayList<>()).add(m));
        List<Month> out = new ArrayList<>();
        years.forEach((y, ms) -> {
            MessageDigest md = sha256();
            Map<String, String> files = new TreeMap<>();
            List<String> values = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            for (Month m : ms) {
                md.update((m.month() + "\t" + m.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
                files.putAll(m.files());
                values.addAll(m.months());
                dirs.addAll(m.dirs());
            }
            out.add(new Month(y, values, dirs, HexFormat.of().formatHex(md.digest()), files));
        });
        return out;
    }

    /** Size, modification time (ns) and file key (device and inode) of a file, without spaces. */
    static String identity(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return (a.size() + "/" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/" + a.fileKey()).replace(' ', '_');
        } catch (IOException e) {
            throw new UncheckedIOException("reading the attributes of " + f, e);
        }
    }

    private static String contentHash(Path f) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of the model's files (what {@link TopicModel#load} reads). */
    static String modelId(Path modelDir) {
        MessageDigest md = sha256();
        for (String f : List.of("model.properties", "vocabulary.tsv", "clusters.tsv", "topics.tsv")) {
            md.update((f + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                md.update(Files.readAllBytes(modelDir.resolve(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + modelDir.resolve(f), e);
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Classes whose code decides a case_topics row or what is stored per month: a new build of any of them reassigns. */
    private static final List<Class<?>> CODE = List.of(TextPrep.class, TopicsCore.class, TopicsCore.Aggregator.class, TopicModel.class,
            Doc.class, TokenCache.class, EmbeddedTopicsJob.class, EmbeddedTopicsJob.Raw.class, MonthReuse.class, Stopwords.class,
            ScriptSegmenter.class, HanlpSegmenter.class, SpacedScriptSegmenter.class);

    /**
     * The id of everything besides the model and the staged month that a month's results depend on (or might, by the
     * documented rule that any topics.* setting of the fit invalidates reuse): the format, the segmenter (name and
     * version, and its class's code), the fit and taxonomy settings, the taxonomy file's bytes and the code of
     * {@link #CODE}. The detector's settings are not in it: recurring_issues is computed again on every run.
     */
    static String settingsId(TopicsConfig cfg, Segmenter segmenter) {
        MessageDigest md = sha256();
        String s = "format=" + FORMAT + "\nsegmenter=" + segmenter.name() + "\nfit=" + cfg.fit() + "\nfit-max-cases=" + cfg.fitMaxCases()
                + "\ntaxonomy-min-share=" + cfg.taxonomyMinShare() + "\nrefit-min-similarity=" + cfg.refitMinSimilarity()
                + "\nk-candidates=" + cfg.kCandidates() + "\ncolumns=" + EmbeddedTopicsJob.READ + "\n";
        md.update(s.getBytes(StandardCharsets.UTF_8));
        try {
            md.update(cfg.taxonomyFile() == null ? new byte[0] : Files.readAllBytes(cfg.taxonomyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + cfg.taxonomyFile(), e);
        }
        List<Class<?>> code = new ArrayList<>(CODE);
        code.add(segmenter.getClass());
        for (Class<?> c : code) {
            md.update((c.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            String res = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(res)) {
                if (in == null) {
                    md.update(("no class file " + System.nanoTime()).getBytes(StandardCharsets.UTF_8)); // unknown code: never reused
                } else {
                    md.update(in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the class file of " + c.getName(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The state the last run left: what its months' results were computed from. */
    record Manifest(int format, String model, String settings, Map<String, String> months, Map<String, String> files) {

        /** The last run's manifest, or null when there is none or it is of another format. */
        static Manifest read(Path f) {
            if (!Files.isRegularFile(f)) {
                return null;
            }
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + f, e);
            }
            if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
                return null;
            }
            Map<String, String> months = new TreeMap<>();
            Map<String, String> files = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("month.")) {
                    months.put(k.substring("month.".length()), p.getProperty(k));
                } else if (k.startsWith("file.")) {
                    files.put(k.substring("file.".length()), p.getProperty(k));
                }
            }
            return new Manifest(FORMAT, p.getProperty("model"), p.getProperty("settings"), months, files);
        }

        /** Whether unit m's stored results are valid for this model, these settings and m's staged files now. */
        boolean reusable(String modelId, String settingsId, Month m) {
            return model != null && model.equals(modelId) && settings != null && settings.equals(settingsId)
                    && m.fingerprint().equals(months.get(m.month()));
        }

        /** Writes the manifest atomically (a new file renamed over the old one). */
        void write(Path f) {
            Properties p = new Properties();
            p.setProperty("format", Integer.toString(format));
            p.setProperty("model", model);
            p.setProperty("settings", settings);
            months.forEach((m, fp) -> p.setProperty("month." + m, fp));
            files.forEach((file, e) -> p.setProperty("file." + file, e));
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp-" + System.nanoTime());
            try {
                Files.createDirectories(f.getParent());
                try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(w, "minqing topics: what each month's kept results were computed from (docs/topics.md)");
                }
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + f, e);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
