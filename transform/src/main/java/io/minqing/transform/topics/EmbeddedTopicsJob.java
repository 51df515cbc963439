package io.minqing.transform.topics;

import io.minqing.contract.Contract;
import io.minqing.contract.Progress;
import io.minqing.contract.marts.TopicMarts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
        java.util.Properties streaming = new java.util.Properties();
        streaming.setProperty(org.duckdb.DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:", streaming)) {
            limitMemory(conn, tmp);
            progress.start();
            TokenCache cache = TokenCache.load(conn, cfg.lake(), segmenter);
            String from = checkedSource(conn, staged);
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
            if (fitting) {
                scan(conn, from, r -> TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases()),
                        batch -> sample.addAll(batch.parallelStream().map(r -> r.doc(prep, cache)).toList()));
            }
            if (fitting) {
                progress.done("segment the fit sample (" + segmenter.name() + "; " + cache.segmented() + " texts segmented)",
                        sample.size(), "cases");
            } else {
                progress.done("read the token cache (" + segmenter.name() + "; " + cache.size() + " texts)", n, "cases staged");
            }

            progress.start();
            TopicsCore.ModelStep step = TopicsCore.fitOrLoad(cfg, taxonomy, segmenter.name(), sample, range, progress);
            sample.clear();
            if (step.model() == null) {
                for (var t : TopicMarts.ALL) {
                    DuckMarts.write(conn, t, List.of(), cfg.lake().mart(t.name()), tmp, t.columnNames().get(0));
                }
                cache.save(conn, cfg.lake());
                TopicsCore.writeNotice(cfg, step.notice());
                out.println(step.notice());
                cleanTmp(tmp);
                return new TopicsResult(n, false, "-", 0, 0, null, 0, cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9,
                        List.of(), "duckdb", cache.segmented(), cache.hits(), step.notice());
            }
            TopicModel model = step.model();

            // every case: cleaned, its words from the cache (or segmented), assigned, and its row appended to the mart and
            // to the aggregates, batch by batch in key order; the fit sample's texts were looked up (and counted) above
            progress.start();
            TopicsCore.Aggregator agg = new TopicsCore.Aggregator();
            TopicsCore.Words counted = cache;
            TopicsCore.Words again = cache::uncounted;
            long written;
            try (Connection writer = conn.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
                 DuckMarts.Sink caseTopics = new DuckMarts.Sink(writer, TopicMarts.CASE_TOPICS)) {
                scan(conn, from, r -> true, batch -> {
                    List<Object[]> rows = batch.parallelStream().map(r -> {
                        boolean seen = fitting && TopicsCore.inFitSample(Doc.key(r.source(), r.caseId()), n, cfg.fitMaxCases());
                        return TopicsCore.caseTopicRow(r.doc(prep, seen ? again : counted), model);
                    }).toList();
                    for (Object[] row : rows) {
                        caseTopics.add(row);
                        agg.add(row);
                    }
                });
                written = caseTopics.finish(cfg.lake().mart("case_topics"), tmp, "source", "case_id");
            }
            cache.save(conn, cfg.lake());
            progress.done("segment and assign cases to topics → marts/case_topics (" + cache.segmented() + " texts segmented, "
                    + cache.hits() + " from the token cache)", written, "rows");

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
            cleanTmp(tmp);
            return new TopicsResult(n, step.fitted(), model.versionName(), model.topics().size(), rec, series.latestMonth(),
                    det.flaggedInLatestMonth(), cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9, step.idMap(),
                    "duckdb", cache.segmented(), cache.hits(), null);
        } catch (SQLException e) {
            throw new IllegalStateException("topics on DuckDB: " + e.getMessage(), e);
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
