package io.minqing.transform.topics;

import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.marts.TopicMarts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code minqing topics} on the embedded engine (the default): no Spark session. DuckDB reads the staged cases and
 * writes the topic marts; segmentation (through the {@link TokenCache}), the fit and the assignment are the plain-Java
 * steps of {@link TopicsCore}, the same ones {@link TopicsJob} runs on Spark, so both engines write the same marts.
 */
public final class EmbeddedTopicsJob {

    /** Staged columns the topics stage reads, with the DuckDB type each must have. */
    static final List<String> READ = List.of("source", "case_id", "community", "address", "received_month", "title", "description");

    private final TopicsConfig cfg;
    private final Segmenter segmenter;
    private final PrintStream out;

    public EmbeddedTopicsJob(TopicsConfig cfg, Segmenter segmenter, PrintStream progressOut) {
        this.cfg = cfg;
        this.segmenter = segmenter;
        this.out = progressOut;
    }

    /** Cases read, cleaned and segmented together (on every core) before their rows are handed on in key order. */
    static final int BATCH = 20_000;

    public TopicsResult run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 5);
        Path staged = TopicsCore.requireInput(cfg);
        Taxonomy taxonomy = cfg.taxonomyFile() == null ? Taxonomy.none() : Taxonomy.read(cfg.taxonomyFile());
        Path tmp = cfg.lake().tmp();
        // the last run's record of what its months' results were computed from: gone until this run has written all of
        // its own results, so a run that stops half way leaves no record and the next one assigns every month
        Path manifestFile = MonthReuse.manifestFile(cfg.lake());
        MonthReuse.Manifest last = MonthReuse.Manifest.read(manifestFile);
        deleteIfExists(manifestFile);
        List<MonthReuse.Month> months = MonthReuse.stagedMonths(staged, last, cfg.cacheUnit());
        int monthCount = months == null ? 1 : months.stream().mapToInt(m -> m.months().size()).sum();
        java.util.Properties streaming = new java.util.Properties();
        streaming.setProperty(org.duckdb.DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:", streaming)) {
            limitMemory(conn, tmp);
            progress.start();
            String from = checkedSource(conn, staged);
            // the groups of cases assigned (and cached) together: one per staged month, or all cases at once when the
            // staged files are not in month folders
            List<Group> groups = new ArrayList<>();
            if (months == null) {
                groups.add(new Group(null, from, cfg.lake().root().resolve("cache").resolve("tokens").resolve("all-cases.parquet")));
            } else {
                for (MonthReuse.Month m : months) {
                    groups.add(new Group(m, source(m.dirs()), MonthReuse.tokensFile(cfg.lake(), m.month())));
                }
            }
            long n;
            String range;
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(received_month), max(received_month) FROM " + from)) {
                rs.next();
                n = rs.getLong(1);
                range = (n == 0 ? "-" : rs.getString(2)) + ".." + (n == 0 ? "-" : rs.getString(3));
            }
            // First run or --refit: only the fit sample is segmented before the fit (every other case in the assignment
            // pass below), so no more than the sample's documents are ever held at once.
            boolean fitting = cfg.refit() || !TopicModel.exists(cfg.modelDir());
            TextPrep prep = new TextPrep();
            List<Doc> sample = new ArrayList<>();
            Map<Group, TokenCache> caches = new java.util.HashMap<>();
            Counts counts = new Counts();
            if (fitting) {
                // every month's cache is held until the end of this run, and a text one month misses is taken from the
                // others before it is segmented (each distinct text segmented once per run, as with one cache)
                List<TokenCache> all = new ArrayList<>();
                for (Group g : groups) {
                    TokenCache cache = TokenCache.load(conn, g.tokens(), segmenter);
                    caches.put(g, cache);
                    all.add(cache);
                    cache.alsoLookIn(all); // the fit sample: the months before
                    scan(conn, g.from(), r -> TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases()),
                            batch -> sample.addAll(batch.parallelStream().map(r -> r.doc(prep, cache)).toList()));
                }
                all.forEach(c -> c.alsoLookIn(all)); // the assignment pass below: later months too
                progress.done("segment the fit sample (" + segmenter.name() + "; "
                        + caches.values().stream().mapToLong(TokenCache::segmented).sum() + " texts segmented)", sample.size(), "cases");
            } else {
                progress.done("read the staged months (" + segmenter.name() + "; " + (months == null ? "not in month folders" : monthCount
                        + " months") + ")", n, "cases staged");
            }

            progress.start();
            TopicsCore.ModelStep step = TopicsCore.fitOrLoad(cfg, taxonomy, segmenter.name(), sample, range, progress);
            sample.clear();
            if (step.model() == null) {
                for (var t : TopicMarts.ALL) {
                    DuckMarts.write(conn, t, List.of(), cfg.lake().mart(t.name()), tmp, t.columnNames().get(0));
                }
                for (var e : caches.entrySet()) {
                    e.getValue().save(conn, e.getKey().tokens());
                    counts.add(e.getValue());
                }
                TopicsCore.writeNotice(cfg, step.notice());
                out.println(step.notice());
                cleanTmp(tmp);
                return new TopicsResult(n, false, "-", 0, 0, null, 0, cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9,
                        List.of(), "duckdb", counts.segmented, counts.hits, step.notice(), 0, monthCount);
            }
            TopicModel model = step.model();

            // Each month whose stored results are still valid (MonthReuse) is kept: its case_topics partition and its
            // aggregation. Every other month's cases: cleaned, their words from the month's token cache (or segmented),
            // assigned, their rows appended to case_topics and to the month's aggregation, batch by batch in key order;
            // the fit sample's texts were looked up (and counted) above.
            progress.start();
            String modelId = MonthReuse.modelId(cfg.modelDir());
            String settingsId = MonthReuse.settingsId(cfg, segmenter);
            Path caseTopicsMart = cfg.lake().mart("case_topics");
            TopicsCore.Aggregator agg = new TopicsCore.Aggregator();
            List<String> reused = new ArrayList<>();
            long written;
            try (Connection writer = conn.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
                 DuckMarts.Sink caseTopics = new DuckMarts.Sink(writer, TopicMarts.CASE_TOPICS)) {
                long kept = 0;
                Path seed = null; // the token cache of the month before (a new month's texts often repeat it)
                for (Group g : groups) {
                    Path before = seed;
                    seed = g.tokens();
                    if (!step.fitted() && last != null && g.month() != null && last.reusable(modelId, settingsId, g.month())) {
                        TopicsCore.Aggregator stored = readState(conn, MonthReuse.aggregatesFile(cfg.lake(), g.month().month()));
                        boolean partitions = g.month().months().stream()
                                .allMatch(m -> Files.isDirectory(caseTopicsMart.resolve(MonthReuse.PREFIX + m)));
                        if (stored != null && (stored.cases() == 0 || partitions)) {
                            agg.merge(stored);
                            kept += stored.cases();
                            reused.addAll(g.month().months());
                            continue;
                        }
                    }
                    TokenCache cache = caches.containsKey(g) ? caches.remove(g) : TokenCache.load(conn, g.tokens(), before, segmenter);
                    TopicsCore.Words counted = cache;
                    TopicsCore.Words again = cache::uncounted;
                    TopicsCore.Aggregator monthAgg = new TopicsCore.Aggregator();
                    scan(conn, g.from(), r -> true, batch -> {
                        List<Object[]> rows = batch.parallelStream().map(r -> {
                            boolean seen = fitting && TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases());
                            return TopicsCore.caseTopicRow(r.doc(prep, seen ? again : counted), model);
                        }).toList();
                        for (Object[] row : rows) {
                            caseTopics.add(row);
                            monthAgg.add(row);
                        }
                    });
                    cache.save(conn, g.tokens());
                    counts.add(cache);
                    if (g.month() != null) {
                        writeState(conn, monthAgg, MonthReuse.aggregatesFile(cfg.lake(), g.month().month()), tmp);
                    }
                    agg.merge(monthAgg);
                }
                List<Path> keep = reused.stream().map(m -> caseTopicsMart.resolve(MonthReuse.PREFIX + m)).toList();
                written = caseTopics.finishKeeping(caseTopicsMart, tmp, keep, "source", "case_id") + kept;
            }
            if (written != n) {
                // the months read or kept must hold every staged case exactly once
                throw new IllegalStateException("topics: case_topics has " + written + " rows for " + n + " staged cases (a bug)");
            }
            if (months != null) {
                removeGoneMonths(months);
            }
            deleteIfExists(TokenCache.file(cfg.lake())); // the one cache of earlier versions: read by nothing now
            progress.done("segment and assign cases to topics → marts/case_topics (" + (months == null ? "" : reused.size() + " of "
                    + monthCount + " months unchanged and kept; ") + counts.segmented + " texts segmented, " + counts.hits
                    + " from the token cache)", written, "rows");

            progress.start();
            TopicsCore.Aggregates aggregates = agg.result();
            long topicRows = DuckMarts.write(conn, TopicMarts.TOPICS, TopicsCore.topicsRows(model, aggregates.topicSizes(),
                    aggregates.topicExamples()), cfg.lake().mart("topics"), tmp, "topic_id");
            TopicSeries series = TopicSeries.of(aggregates.counts(), aggregates.top(), model);
            long tcm = DuckMarts.write(conn, TopicMarts.TOPIC_COMMUNITY_MONTH, series.topicCommunityMonth(),
                    cfg.lake().mart("topic_community_month"), tmp, "community", "month", "topic_id");
            progress.done("topics and topic_community_month marts (" + topicRows + " topics)", tcm, "rows");

            progress.start();
            TopicSeries.Detection det = series.detect(new RecurringDetector(cfg.detector()), cfg.districtBaselineMonths());
            long rec = DuckMarts.write(conn, TopicMarts.RECURRING_ISSUES, det.mart(), cfg.lake().mart("recurring_issues"), tmp,
                    "as_of_month", "community", "place NULLS FIRST", "topic_id");
            progress.done(TopicsCore.detectionLine(det, series, cfg), rec, "rows");
            TopicsCore.writeNotice(cfg, null);
            if (months != null) {
                Map<String, String> fps = new TreeMap<>();
                Map<String, String> files = new TreeMap<>();
                months.forEach(m -> {
                    fps.put(m.month(), m.fingerprint());
                    files.putAll(m.files());
                });
                new MonthReuse.Manifest(MonthReuse.FORMAT, modelId, settingsId, fps, files).write(manifestFile);
            }
            cleanTmp(tmp);
            return new TopicsResult(n, step.fitted(), model.versionName(), model.topics().size(), rec, series.latestMonth(),
                    det.flaggedInLatestMonth(), cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9, step.idMap(),
                    "duckdb", counts.segmented, counts.hits, null, reused.size(), monthCount);
        } catch (SQLException e) {
            throw new IllegalStateException("topics on DuckDB: " + e.getMessage(), e);
        }
    }

    /** Cases assigned and cached together: one staged month ({@code month} non-null) or all staged cases. */
    private record Group(MonthReuse.Month month, String from, Path tokens) {
    }

    /** Texts segmented and taken from the token caches, over the caches of a run. */
    private static final class Counts {
        long segmented;
        long hits;

        void add(TokenCache c) {
            segmented += c.segmented();
            hits += c.hits();
        }
    }

    /** Staged month folders as one DuckDB source (the month from the folder name, as for the whole staged table). */
    private static String source(List<Path> monthDirs) {
        List<String> globs = monthDirs.stream().map(d -> "'" + DuckMarts.sql(d) + "/**/*.parquet'").toList();
        return "read_parquet([" + String.join(", ", globs) + "], hive_partitioning = true, "
                + "hive_types_autocast = false, union_by_name = true)";
    }

    /** A month's aggregation, stored for a later run that keeps the month (written new, then renamed into place). */
    private static void writeState(Connection conn, TopicsCore.Aggregator a, Path file, Path tmpRoot) throws SQLException {
        io.minqing.contract.TableSchema t = new io.minqing.contract.TableSchema("topic_month_state", "one kept row of a topic or cell",
                TopicsCore.Aggregator.STATE, null);
        Path tmp = tmpRoot.resolve("topic-month-state-" + System.nanoTime() + ".parquet");
        try {
            Files.createDirectories(tmpRoot);
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + file.getParent(), e);
        }
        DuckMarts.load(conn, "topic_month_state", t, a.stateRows());
        try (Statement st = conn.createStatement()) {
            st.execute("COPY topic_month_state TO '" + DuckMarts.sql(tmp) + "' (FORMAT parquet)");
            st.execute("DROP TABLE topic_month_state");
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("moving " + tmp + " to " + file, e);
        }
    }

    /** A month's stored aggregation, or null when its file is missing. */
    private static TopicsCore.Aggregator readState(Connection conn, Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<Object[]> rows = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind, community, place, topic_id, month, n, rank, case_id, source, score FROM read_parquet('"
                     + DuckMarts.sql(file) + "')")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getLong(6),
                        rs.getInt(7), rs.getString(8), rs.getString(9), rs.getDouble(10)});
            }
        }
        return TopicsCore.Aggregator.fromState(rows);
    }

    /** Token caches and stored aggregations of months no longer staged. */
    private void removeGoneMonths(List<MonthReuse.Month> months) {
        java.util.Set<String> names = new java.util.HashSet<>();
        months.forEach(m -> names.add(MonthReuse.stem(m.month()) + ".parquet"));
        for (Path dir : List.of(MonthReuse.tokensFile(cfg.lake(), "x").getParent(), MonthReuse.aggregatesFile(cfg.lake(), "x").getParent())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String f = p.getFileName().toString();
                    if ((f.startsWith(MonthReuse.PREFIX) || f.startsWith(MonthReuse.YEAR_PREFIX)) && f.endsWith(".parquet") && !names.contains(f)) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cleaning " + dir, e);
            }
        }
    }

    private static void deleteIfExists(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + f, e);
        }
    }

    /**
     * DuckDB's share of the memory: sorting the staged cases and holding case_topics until it is written may spill to
     * lake/_tmp instead of growing with the cases (DuckDB's default limit is 80% of the RAM).
     */
    private static void limitMemory(Connection conn, Path tmp) throws SQLException {
        // DuckDB creates only the last folder of its temp_directory, and only when it first spills
        try {
            java.nio.file.Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + tmp, e);
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SET memory_limit = '1GB'");
            st.execute("SET temp_directory = '" + DuckMarts.sql(tmp.resolve("duckdb-spill")) + "'");
        }
    }

    /** One staged case as read. */
    record Raw(String source, String caseId, String community, String address, String month, String title, String description) {
        Doc doc(TextPrep prep, TopicsCore.Words words) {
            return TopicsCore.doc(prep, words, source, caseId, community, address, month, title, description);
        }
    }

    /** The staged cases as a DuckDB source, checked once against the contract's types. */
    private static String checkedSource(Connection conn, Path staged) throws SQLException {
        String from = "read_parquet('" + DuckMarts.sql(staged) + "/**/*.parquet', hive_partitioning = true, "
                + "hive_types_autocast = false, union_by_name = true)";
        Map<String, String> types = new TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String c : READ) {
            String want = Contract.CASES.column(c).type().duckdbType();
            if (!want.equals(types.get(c))) {
                throw TopicsErrors.badStagedColumn(staged, c, want, types.get(c));
            }
        }
        return from;
    }

    /** What a scan does with each batch of cases (in key order). */
    @FunctionalInterface
    private interface BatchHandler {
        void accept(List<Raw> batch) throws SQLException;
    }

    /** Streams the staged cases in key order (source, case_id), those {@code keep} accepts, in batches of {@link #BATCH}. */
    private static void scan(Connection conn, String from, java.util.function.Predicate<Raw> keep, BatchHandler handler) throws SQLException {
        List<Raw> batch = new ArrayList<>(BATCH);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", READ) + " FROM " + from + " ORDER BY source, case_id")) {
            while (rs.next()) {
                Raw r = new Raw(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7));
                if (keep.test(r)) {
                    batch.add(r);
                    if (batch.size() == BATCH) {
                        handler.accept(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            handler.accept(batch);
        }
    }

    private static void cleanTmp(Path tmp) {
        try {
            TopicModel.deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + tmp, e);
        }
    }
}
