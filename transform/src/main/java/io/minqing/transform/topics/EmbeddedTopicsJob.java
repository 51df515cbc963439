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

    public TopicsResult run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(out, 5);
        Path staged = TopicsCore.requireInput(cfg);
        Taxonomy taxonomy = cfg.taxonomyFile() == null ? Taxonomy.none() : Taxonomy.read(cfg.taxonomyFile());
        Path tmp = cfg.lake().tmp();
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
            progress.start();
            TokenCache cache = TokenCache.load(conn, cfg.lake(), segmenter);
            List<Doc> docs = read(conn, staged, cache);
            cache.save(conn, cfg.lake());
            long n = docs.size();
            progress.done("segment case text (" + segmenter.name() + "; " + cache.segmented() + " texts segmented, " + cache.hits()
                    + " from the token cache)", n, "cases");

            progress.start();
            List<Doc> sample = docs.stream().filter(d -> TopicsCore.inFitSample(d.key(), n, cfg.fitMaxCases())).toList();
            String range = docs.stream().map(Doc::receivedMonth).min(String::compareTo).orElse("-") + ".."
                    + docs.stream().map(Doc::receivedMonth).max(String::compareTo).orElse("-");
            TopicsCore.ModelStep step = TopicsCore.fitOrLoad(cfg, taxonomy, segmenter.name(), sample, range, progress);
            if (step.model() == null) {
                for (var t : TopicMarts.ALL) {
                    DuckMarts.write(conn, t, List.of(), cfg.lake().mart(t.name()), tmp, t.columnNames().get(0));
                }
                TopicsCore.writeNotice(cfg, step.notice());
                out.println(step.notice());
                cleanTmp(tmp);
                return new TopicsResult(n, false, "-", 0, 0, null, 0, cfg.lake().root().resolve("marts"), (System.nanoTime() - t0) / 1e9,
                        List.of(), "duckdb", cache.segmented(), cache.hits(), step.notice());
            }
            TopicModel model = step.model();

            progress.start();
            List<Object[]> caseTopics = docs.parallelStream().map(d -> TopicsCore.caseTopicRow(d, model)).toList();
            long written = DuckMarts.write(conn, TopicMarts.CASE_TOPICS, caseTopics, cfg.lake().mart("case_topics"), tmp, "source", "case_id");
            progress.done("assign cases to topics → marts/case_topics", written, "rows");

            progress.start();
            TopicsCore.Aggregates agg = TopicsCore.aggregate(caseTopics);
            long topicRows = DuckMarts.write(conn, TopicMarts.TOPICS, TopicsCore.topicsRows(model, agg.topicSizes(), agg.topicExamples()),
                    cfg.lake().mart("topics"), tmp, "topic_id");
            TopicSeries series = TopicSeries.of(agg.counts(), agg.top(), model);
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

    /** Staged cases → segmented docs (checked once against the contract's types; segmentation on every core). */
    private List<Doc> read(Connection conn, Path staged, TopicsCore.Words words) throws SQLException {
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
        record Raw(String source, String caseId, String community, String address, String month, String title, String description) {
        }
        List<Raw> raw = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", READ) + " FROM " + from + " ORDER BY source, case_id")) {
            while (rs.next()) {
                raw.add(new Raw(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)));
            }
        }
        TextPrep prep = new TextPrep();
        return raw.parallelStream().map(r -> TopicsCore.doc(prep, words, r.source(), r.caseId(), r.community(), r.address(), r.month(),
                r.title(), r.description())).toList();
    }

    private static void cleanTmp(Path tmp) {
        try {
            TopicModel.deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + tmp, e);
        }
    }
}
