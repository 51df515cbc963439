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
                    fitSample(conn, g.from(), n, batch -> sample.addAll(batch.parallelStream().map(r -> r.doc(prep, cache)).toList()));
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
                 Appending appending = new Appending()) {
                // a DuckDB appender is used by the thread that made it only: the writer thread makes, fills and closes it
                DuckMarts.Sink caseTopics = appending.call(() -> new DuckMarts.Sink(writer, TopicMarts.CASE_TOPICS));
                appending.closing(caseTopics::close);
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
                    // rows go to case_topics and the month's aggregation on one writer thread, in batch order, while
                    // the next batch is segmented and assigned
                    scan(conn, "SELECT " + String.join(", ", READ) + " FROM " + g.from() + " ORDER BY source, case_id", r -> true, batch -> {
                        List<Object[]> rows = batch.parallelStream().map(r -> {
                            boolean seen = fitting && TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases());
                            return TopicsCore.caseTopicRow(r.doc(prep, seen ? again : counted), model);
                        }).toList();
                        appending.submit(() -> {
                            for (Object[] row : rows) {
                                caseTopics.add(row);
                                monthAgg.add(row);
                            }
                        });
                    });
                    appending.await();
                    cache.save(conn, g.tokens());
                    counts.add(cache);
                    if (g.month() != null) {
                        writeState(conn, monthAgg, MonthReuse.aggregatesFile(cfg.lake(), g.month().month()), tmp);
                    }
                    agg.merge(monthAgg);
                }
                List<Path> keep = reused.stream().map(m -> caseTopicsMart.resolve(MonthReuse.PREFIX + m)).toList();
                written = appending.call(() -> caseTopics.finishKeeping(caseTopicsMart, tmp, keep, "source", "case_id")) + kept;
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

    /**
     * The fit sample's cases of one group ({@link TopicsCore#inFitSample}), in no particular order (the fit sorts its
     * sample by key). When the sample is a fraction of the cases, the key test comes first, on the two key columns
     * only, and the text columns are read for the kept cases alone.
     */
    private void fitSample(Connection conn, String from, long n, BatchHandler handler) throws SQLException {
        String all = "SELECT " + String.join(", ", READ) + " FROM " + from;
        if (n <= cfg.fitMaxCases()) {
            scan(conn, all, r -> true, handler);
            return;
        }
        List<String[]> keys = new ArrayList<>();
        boolean nullKey = false;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT source, case_id FROM " + from)) {
            while (rs.next()) {
                String s = rs.getString(1);
                String c = rs.getString(2);
                if (s == null || c == null) {
                    nullKey = true;
                } else if (TopicsCore.inFitSample(Doc.key(s, c), n, cfg.fitMaxCases())) {
                    keys.add(new String[] {s, c});
                }
            }
        }
        if (nullKey) { // not staged by minqing (source and case_id are required): the test on every case as read
            scan(conn, all, r -> TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases()), handler);
            return;
        }
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE OR REPLACE TABLE fit_keys (source VARCHAR, case_id VARCHAR)");
        }
        try (org.duckdb.DuckDBAppender app = conn.unwrap(org.duckdb.DuckDBConnection.class)
                .createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "fit_keys")) {
            for (String[] k : keys) {
                app.beginRow();
                app.append(k[0]);
                app.append(k[1]);
                app.endRow();
            }
        }
        keys = null;
        scan(conn, all + " SEMI JOIN fit_keys USING (source, case_id)", r -> true, handler);
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE fit_keys");
        }
    }

    /** End of a scan's batches (the reader thread's last message). */
    private static final Object END = new Object();

    /**
     * Streams the rows of {@code sql} (the {@link #READ} columns, in the query's order), those {@code keep} accepts,
     * to the handler in batches of {@link #BATCH}. A reader thread reads the next batches (up to two ahead) while the
     * handler works on this one; the handler runs on the calling thread, batch by batch in order.
     */
    private static void scan(Connection conn, String sql, java.util.function.Predicate<Raw> keep, BatchHandler handler) throws SQLException {
        java.util.concurrent.BlockingQueue<Object> queue = new java.util.concurrent.ArrayBlockingQueue<>(2);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            Object last = END;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                List<Raw> batch = new ArrayList<>(BATCH);
                while (!stop.get() && rs.next()) {
                    Raw r = new Raw(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7));
                    if (keep.test(r)) {
                        batch.add(r);
                        if (batch.size() == BATCH) {
                            hand(queue, batch, stop);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    hand(queue, batch, stop);
                }
            } catch (Throwable t) {
                last = t;
            }
            hand(queue, last, stop);
        }, "minqing-topics-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Object o = queue.take();
                if (o == END) {
                    break;
                }
                if (o instanceof SQLException e) {
                    throw new SQLException(e.getMessage(), e);
                }
                if (o instanceof Throwable t) {
                    throw new IllegalStateException("reading " + sql + ": " + t.getMessage(), t);
                }
                @SuppressWarnings("unchecked")
                List<Raw> batch = (List<Raw>) o;
                handler.accept(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the staged cases", e);
        } finally {
            stop.set(true);
            queue.clear();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts o on the queue, waiting for room unless the scan is stopped (then o is dropped). */
    private static void hand(java.util.concurrent.BlockingQueue<Object> queue, Object o, java.util.concurrent.atomic.AtomicBoolean stop) {
        try {
            while (!stop.get() && !queue.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // the handler is still busy: wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the writer thread does with one batch's rows. */
    @FunctionalInterface
    private interface RowsTask {
        void run() throws SQLException;
    }

    /** What the writer thread computes for the caller. */
    @FunctionalInterface
    private interface WriterCall<T> {
        T call() throws SQLException;
    }

    /**
     * One writer thread that runs the tasks given to it in order, one at a time: {@link #submit} first waits for the
     * task before (so at most one batch's rows wait) and rethrows what it threw. Closing waits for the last task.
     */
    private static final class Appending implements AutoCloseable {
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "minqing-topics-writer");
            t.setDaemon(true);
            return t;
        });
        private java.util.concurrent.Future<?> pending;
        private RowsTask onClose;

        void submit(RowsTask task) throws SQLException {
            await();
            pending = thread.submit(() -> {
                task.run();
                return null;
            });
        }

        /** Runs the call on the writer thread (after the tasks before) and returns its result. */
        <T> T call(WriterCall<T> c) throws SQLException {
            await();
            java.util.concurrent.Future<T> f = thread.submit(c::call);
            pending = f;
            await();
            try {
                return f.get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("unreachable: the writer thread's result was awaited", e);
            }
        }

        /** What the writer thread runs last when this closes (whether or not the tasks before failed). */
        void closing(RowsTask task) {
            onClose = task;
        }

        /** Waits for the task submitted last; rethrows what it threw. */
        void await() throws SQLException {
            java.util.concurrent.Future<?> f = pending;
            pending = null;
            if (f == null) {
                return;
            }
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing case_topics", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException x) {
                    throw x;
                }
                if (e.getCause() instanceof RuntimeException x) {
                    throw x;
                }
                if (e.getCause() instanceof Error x) {
                    throw x;
                }
                throw new IllegalStateException("writing case_topics: " + e.getCause(), e.getCause());
            }
        }

        /** Runs the closing task after the tasks before it and rethrows what it threw (as closing the sink did). */
        @Override
        public void close() throws SQLException {
            RowsTask last = onClose;
            java.util.concurrent.Future<?> closed = last == null ? null : thread.submit(() -> {
                last.run();
                return null;
            });
            thread.shutdown();
            try {
                while (!thread.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    // a batch's rows still being appended: the sink must not close under it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pending = closed;
            await();
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
