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
 * and the real NYC 311 sample (English) goes through ingest and transform to exit 0 with topics named after its
 * complaints.
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

    @Test
    void realNyc311SampleRunsTransformToExitZeroWithNamedTopics(@TempDir Path tmp) throws Exception {
        Optional<Path> real = RepoPaths.realData();
        Path csv = real.map(p -> p.resolve("nyc311-samples/mzuber88_TwoSixDgraphDemo/311_Service_Requests.csv")).orElse(null);
        Assumptions.assumeTrue(csv != null && Files.isRegularFile(csv), RepoPaths.skipMessage("NYC 311"));
        Path cfg = tmp.resolve("minqing.yaml");
        // k set by the user (30), so the labels named below do not depend on the k criterion
        Files.writeString(cfg, "privacy:\n  pseudonym-key: \"a-test-key-for-the-nyc-311-sample-0123456789\"\ntopics:\n  k: 30\n");
        Path lake = tmp.resolve("lake");
        String[] in = run("ingest", "--input", csv.toString(), "--profile", "nyc311", "--lake", lake.toString(), "--as-of", "2019-12-31",
                "--config", cfg.toString());
        assertEquals("0", in[0], in[1] + in[2]);
        String[] tr = run("transform", "--lake", lake.toString(), "--config", cfg.toString());
        assertEquals("0", tr[0], tr[1] + tr[2]);
        assertTrue(tr[1].contains("model v1 (fitted), 30 topics"), tr[1]);
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
        Optional<Path> real = RepoPaths.realData();
        Path folder = real.map(p -> p.resolve("nyc311-samples")).orElse(null);
        Assumptions.assumeTrue(folder != null && Files.isDirectory(folder), RepoPaths.skipMessage("NYC 311"));
        Path cfg = tmp.resolve("minqing.yaml");
        Files.writeString(cfg, "privacy:\n  pseudonym-key: \"a-test-key-for-the-nyc-311-sample-0123456789\"\ntopics:\n  k: 30\n");
        Path lake = tmp.resolve("lake");
        String[] in = run("ingest", "--input", folder.toString(), "--profile", "nyc311", "--lake", lake.toString(), "--as-of", "2024-12-31",
                "--config", cfg.toString());
        assertEquals("0", in[0], in[1] + in[2]);
        String[] tr = run("transform", "--lake", lake.toString(), "--config", cfg.toString());
        assertEquals("0", tr[0], tr[1] + tr[2]);
        String sql = "SELECT count(*), count(DISTINCT t.topic_id), min(l.label) FROM read_parquet('" + lake.resolve("staged/cases")
                + "/*/*.parquet') c JOIN read_parquet('" + lake.resolve("marts/case_topics") + "/**/*.parquet') t USING (source, case_id)"
                + " LEFT JOIN read_parquet('" + lake.resolve("marts/topics") + "/*.parquet') l ON l.topic_id = t.topic_id"
                + " WHERE c.title = 'Loud Music/Party'";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            assertEquals(1479, rs.getLong(1), "Loud Music/Party cases (a Python count of the five files' staged rows)");
            assertEquals(1, rs.getLong(2), "all in one topic");
            assertEquals("loud music party", rs.getString(3));
        }
    }

    @Test
    void open311ServiceNamesWithUnderscoresGetTopics(@TempDir Path tmp) throws Exception {
        // SF 311's Open311 dumps name a request by its service only, words joined by underscores (Sidewalk_Cleaning,
        // Illegal_Dumping). The tokenizer kept each name one token, dropped as not all letters, and 923 of the 1,461
        // staged cases fell to 未归类; split at the underscores, each service is a topic named by its own words.
        Optional<Path> real = RepoPaths.realData();
        Path folder = real.map(p -> p.resolve("sf311-open311")).orElse(null);
        Assumptions.assumeTrue(folder != null && Files.isDirectory(folder), RepoPaths.skipMessage("SF 311 Open311"));
        Path cfg = tmp.resolve("minqing.yaml");
        Files.writeString(cfg, "privacy:\n  pseudonym-key: \"a-test-key-for-the-sf-311-sample-0123456789\"\n");
        Path lake = tmp.resolve("lake");
        String[] in = run("ingest", "--input", folder.toString(), "--profile", "open311", "--lake", lake.toString(), "--as-of", "2024-12-31",
                "--config", cfg.toString());
        assertEquals("0", in[0], in[1] + in[2]);
        String[] tr = run("transform", "--lake", lake.toString(), "--config", cfg.toString());
        assertEquals("0", tr[0], tr[1] + tr[2]);
        String sql = "SELECT c.title, count(*), count(DISTINCT t.topic_id), min(l.label) FROM read_parquet('" + lake.resolve("staged/cases")
                + "/*/*.parquet') c JOIN read_parquet('" + lake.resolve("marts/case_topics") + "/**/*.parquet') t USING (source, case_id)"
                + " LEFT JOIN read_parquet('" + lake.resolve("marts/topics") + "/*.parquet') l ON l.topic_id = t.topic_id"
                + " WHERE c.title IN ('Sidewalk_Cleaning', 'Illegal_Dumping') GROUP BY 1 ORDER BY 1";
        List<String> got = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                assertTrue(rs.getLong(2) > 0);
                got.add(rs.getString(1) + ": " + rs.getLong(3) + " topic, " + rs.getString(4));
            }
        }
        assertEquals(List.of("Illegal_Dumping: 1 topic, illegal dumping", "Sidewalk_Cleaning: 1 topic, sidewalk cleaning"), got);
    }
}
