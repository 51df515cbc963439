package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.testing.RepoPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics never fail a run for want of text: a corpus without text exits 0 with the notice (embedded engine, no Spark),
 * and the real NYC 311 and SF 311 (Open311) samples (English) go through ingest and transform to exit 0 with topics
 * named after their complaints, the most common one and underscore-joined service names included.
 */
class TopicsAnyTextTest {

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void topicsOnCasesWithoutTextExitsZeroWithTheNotice(@TempDir Path lake) throws Exception {
        Files.createDirectories(lake.resolve("staged"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 'x' AS source, 'c' || i AS case_id, '甲社区' AS community, NULL::VARCHAR AS address, "
                    + "NULL::VARCHAR AS title, CASE WHEN i % 2 = 0 THEN '' ELSE '12345' END AS description, '2021-0' || (1 + i % 3) AS received_month "
                    + "FROM range(12) t(i)) TO '" + lake.resolve("staged/cases") + "' (FORMAT parquet, PARTITION_BY (received_month))");
        }
        String[] r = run("topics", "--lake", lake.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("topics: 12 cases; No topics: only 0 staged cases have text that can be segmented"), r[1]);
    }

    /**
     * Ingests {@code input} (a real-data path; the test is skipped with a clear message when the folder is absent) through
     * {@code profile} and runs transform, both to exit 0, with topics.k = {@code k} (null: the k criterion). The lake.
     */
    static Path ingestAndTransform(Path tmp, String input, String profile, String asOf, Integer k, String what) throws Exception {
        Path in = RepoPaths.realData().map(p -> p.resolve(input)).orElse(null);
        Assumptions.assumeTrue(in != null && Files.exists(in), RepoPaths.skipMessage(what));
        Path cfg = tmp.resolve("minqing.yaml");
        Files.writeString(cfg, "privacy:\n  pseudonym-key: \"a-test-key-for-the-real-samples-0123456789\"\n" + (k == null ? "" : "topics:\n  k: " + k + "\n"));
        Path lake = tmp.resolve("lake");
        String[] ing = run("ingest", "--input", in.toString(), "--profile", profile, "--lake", lake.toString(), "--as-of", asOf,
                "--config", cfg.toString());
        assertEquals("0", ing[0], ing[1] + ing[2]);
        String[] tr = run("transform", "--lake", lake.toString(), "--config", cfg.toString());
        assertEquals("0", tr[0], tr[1] + tr[2]);
        assertTrue(tr[1].contains("model v1 (fitted)" + (k == null ? "" : ", " + k + " topics")), tr[1]);
        return lake;
    }

    /** Per staged title among {@code titles}: its cases, how many topics they fall in, and the (least) label of those. */
    static List<String> topicsOfTitles(Path lake, String... titles) throws Exception {
        String sql = "SELECT c.title, count(*), count(DISTINCT t.topic_id), min(l.label) FROM read_parquet('" + lake.resolve("staged/cases")
                + "/*/*.parquet') c JOIN read_parquet('" + lake.resolve("marts/case_topics") + "/**/*.parquet') t USING (source, case_id)"
                + " LEFT JOIN read_parquet('" + lake.resolve("marts/topics") + "/*.parquet') l ON l.topic_id = t.topic_id"
                + " WHERE c.title IN ('" + String.join("', '", titles) + "') GROUP BY 1 ORDER BY 1";
        List<String> got = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                got.add(rs.getString(1) + ": " + rs.getLong(2) + " cases, " + rs.getLong(3) + " topic, " + rs.getString(4));
            }
        }
        return got;
    }

    @Test
    void realNyc311SampleRunsTransformToExitZeroWithNamedTopics(@TempDir Path tmp) throws Exception {
        // k set by the user (30), so the labels named below do not depend on the k criterion
        Path lake = ingestAndTransform(tmp, "nyc311-samples/mzuber88_TwoSixDgraphDemo/311_Service_Requests.csv", "nyc311", "2019-12-31", 30,
                "NYC 311");
        List<String> labels = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT label FROM read_parquet('" + lake.resolve("marts/topics") + "/*.parquet') ORDER BY topic_id")) {
            while (rs.next()) {
                labels.add(rs.getString(1));
            }
        }
        // NYC's own descriptors (SOURCE.md's example rows: Loud Music/Party, Banging/Pounding, Graffiti) name topics,
        // written as the labeller writes a Latin-script title: lower case, punctuation dropped
        assertTrue(labels.containsAll(List.of("loud music party", "banging pounding", "graffiti")), labels.toString());
    }

    @Test
    void aComplaintTooCommonForTheVocabularyStillGetsItsTopic(@TempDir Path tmp) throws Exception {
        // All five NYC samples: 1,479 of the 3,914 staged cases are "Loud Music/Party" (38 %), so loud, music and party
        // are each in more than topics.max-df-share (30 %) of the cases. Before TopicFitter brought such words back,
        // every one of those cases had no vocabulary word and fell to 未归类 (topic 0).
        Path lake = ingestAndTransform(tmp, "nyc311-samples", "nyc311", "2024-12-31", 30, "NYC 311");
        // 1,479: a Python count of the distinct keys of the five files (none rejected for time order)
        assertEquals(List.of("Loud Music/Party: 1479 cases, 1 topic, loud music party"), topicsOfTitles(lake, "Loud Music/Party"));
    }

    @Test
    void open311ServiceNamesWithUnderscoresGetTopics(@TempDir Path tmp) throws Exception {
        // SF 311's Open311 dumps name a request by its service only, words joined by underscores (Sidewalk_Cleaning,
        // Illegal_Dumping). The tokenizer kept each name one token, dropped as not all letters, and 923 of the 1,461
        // staged cases fell to 未归类; split at the underscores, each service is a topic named by its own words.
        Path lake = ingestAndTransform(tmp, "sf311-open311", "open311", "2024-12-31", null, "SF 311 Open311");
        List<String> got = topicsOfTitles(lake, "Sidewalk_Cleaning", "Illegal_Dumping");
        assertEquals(2, got.size(), got.toString());
        assertTrue(got.get(0).startsWith("Illegal_Dumping: ") && got.get(0).endsWith(" cases, 1 topic, illegal dumping"), got.toString());
        assertTrue(got.get(1).startsWith("Sidewalk_Cleaning: ") && got.get(1).endsWith(" cases, 1 topic, sidewalk cleaning"), got.toString());
    }
}
