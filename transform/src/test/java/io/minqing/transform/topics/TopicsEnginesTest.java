package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Contract;
import io.minqing.contract.Settings;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.contract.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One topic model, two engines: the same staged cases through the embedded engine (DuckDB, no Spark) and through
 * Spark give the same saved model file for file and the same four topic marts value for value; an embedded rerun
 * writes byte-identical marts and, thanks to the token cache, segments no text at all.
 */
class TopicsEnginesTest {

    static final Map<String, String> SETTINGS = Map.of("topics.k", "4", "topics.min-df", "2", "topics.max-df-share", "0.5",
            "topics.max-iter", "20");

    /** Four complaint families (TopicsJobTest's) over 3 communities and 10 months, one story at 瀚城花园. */
    static List<Row> cases(Random r) {
        List<Row> rows = new ArrayList<>();
        int id = 0;
        List<String> fams = new ArrayList<>(new java.util.TreeSet<>(TopicsJobTest.FAMILIES.keySet()));
        for (YearMonth m = YearMonth.of(2020, 1); !m.isAfter(YearMonth.of(2020, 10)); m = m.plusMonths(1)) {
            for (int c = 0; c < TopicsJobTest.COMMUNITIES.length; c++) {
                for (String fam : fams) {
                    for (int i = 0; i < 2 + r.nextInt(2); i++) {
                        rows.add(caseRow(++id, c, TopicsJobTest.PLACES[c][r.nextInt(2)], TopicsJobTest.FAMILIES.get(fam), m, r));
                    }
                }
                for (int i = 0; c == 0 && m.getMonthValue() >= 5 && i < 8; i++) {
                    rows.add(caseRow(++id, 0, "瀚城花园", TopicsJobTest.FAMILIES.get("ebike"), m, r));
                }
            }
        }
        return rows;
    }

    static Row caseRow(int id, int c, String place, String[][] f, YearMonth m, Random r) {
        Object[] v = new Object[Contract.CASES.columns().size()];
        List<String> names = Contract.CASES.columnNames();
        v[names.indexOf("case_id")] = "T-" + id;
        v[names.indexOf("source")] = "test";
        v[names.indexOf("community")] = TopicsJobTest.COMMUNITIES[c];
        v[names.indexOf("channel")] = "hotline";
        v[names.indexOf("is_proactive")] = false;
        v[names.indexOf("title")] = f[0][r.nextInt(f[0].length)];
        v[names.indexOf("description")] = "我住在" + place + (1 + r.nextInt(12)) + "栋，" + f[1][r.nextInt(f[1].length)] + "。";
        v[names.indexOf("address")] = place + (1 + r.nextInt(12)) + "栋" + (1 + r.nextInt(3)) + "单元";
        v[names.indexOf("received_at")] = m.atDay(1 + r.nextInt(27)).atTime(9 + r.nextInt(8), r.nextInt(60));
        v[names.indexOf("priority")] = "normal";
        v[names.indexOf("status")] = "resolved";
        v[names.indexOf("escalation_level")] = "community";
        v[names.indexOf("departments")] = List.of();
        v[names.indexOf("source_file")] = "test.csv";
        v[names.indexOf("source_row")] = (long) id;
        v[names.indexOf("received_month")] = m.toString();
        return RowFactory.create(v);
    }

    static void stage(List<Row> rows, Path lake) {
        SparkTestSession.get().createDataFrame(rows, SparkSchemas.structType(Contract.CASES)).write().partitionBy("received_month")
                .parquet(lake.resolve("staged/cases").toString());
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void bothEnginesWriteTheSameModelAndMartsAndAnEmbeddedRerunIsByteIdenticalWithNothingSegmented(@TempDir Path dir) throws Exception {
        List<Row> rows = cases(new Random(7));
        Path duck = dir.resolve("duck");
        Path spark = dir.resolve("spark");
        stage(rows, duck);
        stage(rows, spark);
        TopicsConfig dc = TopicsConfig.from(Settings.ofMap(SETTINGS), duck, false, null);
        TopicsConfig sc = TopicsConfig.from(Settings.ofMap(SETTINGS), spark, false, null);

        TopicsResult d = new EmbeddedTopicsJob(dc, new HanlpSegmenter(), quiet()).run();
        TopicsResult s = new TopicsJob(SparkTestSession.get(), sc, new HanlpSegmenter(), quiet()).run();
        assertTrue(d.fitted() && s.fitted());
        assertEquals(rows.size(), d.cases());
        assertEquals(4, d.topics());
        for (String f : List.of("vocabulary.tsv", "clusters.tsv", "topics.tsv")) {
            assertEquals(Files.readString(dc.modelDir().resolve(f)), Files.readString(sc.modelDir().resolve(f)), f);
        }
        for (TableSchema t : TopicMarts.ALL) {
            List<List<Object>> a = read(duck.resolve("marts/" + t.name()), t);
            List<List<Object>> b = read(spark.resolve("marts/" + t.name()), t);
            assertFalse(a.isEmpty(), t.name());
            assertEquals(b.size(), a.size(), t.name() + " rows");
            for (int i = 0; i < a.size(); i++) {
                assertRowEquals(b.get(i), a.get(i), t.name() + " row " + i);
            }
        }

        Map<String, byte[]> before = files(duck.resolve("marts"));
        TopicsResult again = new EmbeddedTopicsJob(dc, new HanlpSegmenter(), quiet()).run();
        assertFalse(again.fitted());
        assertEquals(0, again.segmented(), "the second run segments no text");
        // nothing changed: every month keeps its results (MonthReuse), so no text is even looked up in the token cache
        assertEquals(10, again.monthsKept());
        assertEquals(0, again.cachedTexts());
        Map<String, byte[]> after = files(duck.resolve("marts"));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f));
    }

    @Test
    void withAFitSampleBothEnginesFitOnTheSameCasesAndWriteTheSameMarts(@TempDir Path dir) throws Exception {
        List<Row> rows = cases(new Random(7));
        int cap = 150; // of about 350 cases: the embedded engine tests each key first and reads the kept cases' texts
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("topics.fit-max-cases", String.valueOf(cap));
        Path duck = dir.resolve("duck");
        Path spark = dir.resolve("spark");
        stage(rows, duck);
        stage(rows, spark);
        TopicsConfig dc = TopicsConfig.from(Settings.ofMap(settings), duck, false, null);
        TopicsConfig sc = TopicsConfig.from(Settings.ofMap(settings), spark, false, null);
        TopicsResult d = new EmbeddedTopicsJob(dc, new HanlpSegmenter(), quiet()).run();
        TopicsResult s = new TopicsJob(SparkTestSession.get(), sc, new HanlpSegmenter(), quiet()).run();
        assertTrue(d.fitted() && s.fitted());
        assertEquals(rows.size(), d.cases());
        // the sample, counted here from the rule (CRC-32 of source U+001F case_id, modulo 10^6, below the kept share)
        long threshold = (long) ((double) cap / rows.size() * 1_000_000);
        long sampled = rows.stream().filter(r -> {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update((r.getString(Contract.CASES.columnNames().indexOf("source")) + "\u001f"
                    + r.getString(Contract.CASES.columnNames().indexOf("case_id"))).getBytes(StandardCharsets.UTF_8));
            return crc.getValue() % 1_000_000L < threshold;
        }).count();
        assertTrue(sampled > 0 && sampled < rows.size(), "a proper sample: " + sampled);
        assertEquals(sampled, TopicModel.load(dc.modelDir()).fittedCases());
        assertEquals(sampled, TopicModel.load(sc.modelDir()).fittedCases());
        for (String f : List.of("vocabulary.tsv", "clusters.tsv", "topics.tsv")) {
            assertEquals(Files.readString(sc.modelDir().resolve(f)), Files.readString(dc.modelDir().resolve(f)), f);
        }
        for (TableSchema t : TopicMarts.ALL) {
            List<List<Object>> a = read(duck.resolve("marts/" + t.name()), t);
            List<List<Object>> b = read(spark.resolve("marts/" + t.name()), t);
            assertEquals(b.size(), a.size(), t.name() + " rows");
            for (int i = 0; i < a.size(); i++) {
                assertRowEquals(b.get(i), a.get(i), t.name() + " row " + i);
            }
        }
        // every case's title and description looked up once in the assignment pass (the sample's too, uncounted)
        assertEquals(d.segmented() + d.cachedTexts(), 2L * rows.size());
    }

    @Test
    void kChosenByTheCriterionIsTheSameOnBothEnginesAndKeptByLaterRuns(@TempDir Path dir) throws Exception {
        // topics.k not set: the stability criterion chooses among 3…6 (KChooser), on the driver / in the JVM alike
        Map<String, String> auto = Map.of("topics.k-candidates", "3,4,5,6", "topics.min-df", "2", "topics.max-df-share", "0.5",
                "topics.max-iter", "20");
        List<Row> rows = cases(new Random(7));
        Path duck = dir.resolve("duck");
        Path spark = dir.resolve("spark");
        stage(rows, duck);
        stage(rows, spark);
        TopicsConfig dc = TopicsConfig.from(Settings.ofMap(auto), duck, false, null);
        TopicsConfig sc = TopicsConfig.from(Settings.ofMap(auto), spark, false, null);
        assertTrue(dc.chooseK());
        TopicsResult d = new EmbeddedTopicsJob(dc, new HanlpSegmenter(), quiet()).run();
        TopicsResult s = new TopicsJob(SparkTestSession.get(), sc, new HanlpSegmenter(), quiet()).run();
        assertTrue(d.fitted() && s.fitted());
        for (String f : List.of("model.properties", "vocabulary.tsv", "clusters.tsv", "topics.tsv")) {
            assertEquals(Files.readString(dc.modelDir().resolve(f)), Files.readString(sc.modelDir().resolve(f)), f);
        }
        TopicModel model = TopicModel.load(dc.modelDir());
        assertEquals("criterion", model.kSource());
        assertTrue(List.of(3, 4, 5, 6).contains(model.k()), "k " + model.k());
        assertEquals(model.k(), model.clusters().size());
        List<List<Object>> a = read(duck.resolve("marts/topics"), TopicMarts.TOPICS);
        List<List<Object>> b = read(spark.resolve("marts/topics"), TopicMarts.TOPICS);
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertRowEquals(b.get(i), a.get(i), "topics row " + i);
        }
        int kCol = TopicMarts.TOPICS.columnNames().indexOf("k");
        int srcCol = TopicMarts.TOPICS.columnNames().indexOf("k_source");
        int critCol = TopicMarts.TOPICS.columnNames().indexOf("k_criterion");
        for (List<Object> r : a) {
            assertEquals(model.k(), ((Number) r.get(kCol)).intValue());
            assertEquals("criterion", r.get(srcCol));
            assertEquals(KChooser.describe(), r.get(critCol));
        }
        // a later run loads the saved model: k is not chosen again, the marts still report the fitted k and its source
        String props = Files.readString(dc.modelDir().resolve("model.properties"));
        TopicsResult again = new EmbeddedTopicsJob(dc, new HanlpSegmenter(), quiet()).run();
        assertFalse(again.fitted());
        assertEquals(props, Files.readString(dc.modelDir().resolve("model.properties")));
        assertEquals(a, read(duck.resolve("marts/topics"), TopicMarts.TOPICS));
    }

    @Test
    void theTokenCacheSegmentsOnlyNewTexts(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        List<Row> rows = cases(new Random(11));
        stage(rows, lake);
        // one cache per month (these months are small enough that auto would keep a year together)
        TopicsConfig cfg = TopicsConfig.from(Settings.ofMap(SETTINGS), lake, false, null).withCacheUnit(TopicsConfig.CacheUnit.MONTH);
        TopicsResult first = new EmbeddedTopicsJob(cfg, new HanlpSegmenter(), quiet()).run();
        assertTrue(first.segmented() > 0);
        // one new month with two cases whose texts the district never wrote before: 4 new texts (2 titles, 2 descriptions)
        Random r = new Random(3);
        List<Row> added = new ArrayList<>();
        String[][] fresh = {{"井盖丢失无人修补"}, {"路口的井盖丢了好几天，晚上路过很危险"}};
        String[][] fresh2 = {{"路灯坏了一个月"}, {"小路上的路灯一直不亮，老人晚上出门摔倒了"}};
        added.add(caseRow(9001, 1, "居南小区", fresh, YearMonth.of(2020, 11), r));
        added.add(caseRow(9002, 2, "远望小区", fresh2, YearMonth.of(2020, 11), r));
        SparkTestSession.get().createDataFrame(added, SparkSchemas.structType(Contract.CASES)).write().mode("append")
                .partitionBy("received_month").parquet(lake.resolve("staged/cases").toString());
        TopicsResult second = new EmbeddedTopicsJob(cfg, new HanlpSegmenter(), quiet()).run();
        assertEquals(rows.size() + 2, second.cases());
        assertEquals(4, second.segmented(), "only the two new cases' title and description are segmented");
        assertEquals(10, second.monthsKept(), "the ten months of the first run are kept, 2020-11 is assigned");
        assertTrue(Files.isRegularFile(MonthReuse.tokensFile(cfg.lake(), "2020-11")));
    }

    static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** A mart's rows in its documented order (all columns), lists as Java lists. */
    static List<List<Object>> read(Path mart, TableSchema t) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", t.columnNames()) + " FROM read_parquet('" + mart
                     + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = false, union_by_name = true) ORDER BY ALL")) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    row.add(o instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : o);
                }
                out.add(row);
            }
            return out;
        }
    }

    static void assertRowEquals(List<Object> expected, List<Object> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof Double e && actual.get(i) instanceof Double a) {
                assertEquals(e, a, 1e-12, what + " column " + i);
            } else {
                assertEquals(expected.get(i), actual.get(i), what + " column " + i);
            }
        }
    }
}
