package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Contract;
import io.minqing.contract.MinqingException;
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
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics job end to end on a small in-memory district: 3 communities, 4 complaint families written in varied
 * words, Jan 2020 – Aug 2021, with one planted recurring story (e-bike charging at 瀚城花园 in 瀚城社区, 2020-06 to
 * 2021-01, fixed 2021-02). Stable ids: fit on Jan 2020 – Jun 2021, then assign Jul – Aug 2021 (refit id mapping:
 * {@link TopicModelBuilderTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsJobTest {

    static final String[] COMMUNITIES = {"瀚城社区", "居南社区", "远望社区"};
    static final String[][] PLACES = {{"瀚城花园", "瀚城小区"}, {"居南小区", "大通新村"}, {"远望小区", "远望新村"}};

    /** family → {titles, bodies}; bodies mix the family's words so no two cases need be the same sentence. */
    static final Map<String, String[][]> FAMILIES = Map.of(
            "ebike", new String[][] {{"楼道电动车充电", "飞线充电有隐患", "要求安装充电桩"},
                    {"有住户把电动车推进楼道充电，晚上一充一夜", "有人从窗户飞线给电瓶车充电，电线挂在外面", "小区没有充电桩，只能私拉电线充电",
                            "楼道里停满电动车，充电插线板拖了一地"}},
            "building", new String[][] {{"举报违建", "楼顶违章搭建", "一楼私自扩建"},
                    {"一楼住户在院子里违章搭建，占用公共通道", "有人在楼顶违建彩钢房，担心楼体安全", "住户把阳台往外扩建，还搭了棚子",
                            "空地被人圈起来搭建房子，看样子准备开店"}},
            "noise", new String[][] {{"装修噪音", "广场舞音响太吵", "夜间施工扰民"},
                    {"楼上装修每天早上七点就开始电钻，噪音太大", "晚上广场舞音响开得太大，吵得孩子没法写作业", "工地夜里施工噪音扰民一直到凌晨",
                            "烧烤店吵闹到半夜，噪音扰民"}},
            "garbage", new String[][] {{"垃圾清运不及时", "垃圾桶满了没人清", "楼道堆放垃圾"},
                    {"门口的垃圾桶好几天没人清运，臭气熏天", "有人在路边乱倒建筑垃圾", "保洁不到位，地上全是垃圾", "垃圾成堆苍蝇乱飞，希望环卫清运"}});

    Path lake;

    SparkSession spark;
    final Map<String, String> familyOf = new HashMap<>();
    List<Row> early;
    List<Row> late;

    @BeforeAll
    void stage() throws java.io.IOException {
        lake = Files.createTempDirectory("minqing-topics-test");
        spark = SparkTestSession.get();
        Random r = new Random(42);
        List<Row> rows = new ArrayList<>();
        int id = 0;
        List<String> fams = new ArrayList<>(new TreeSet<>(FAMILIES.keySet()));
        for (YearMonth m = YearMonth.of(2020, 1); !m.isAfter(YearMonth.of(2021, 8)); m = m.plusMonths(1)) {
            for (int c = 0; c < COMMUNITIES.length; c++) {
                for (String fam : fams) {
                    int n = 2 + r.nextInt(2); // 2–3 background cases of every family in every community and month
                    for (int i = 0; i < n; i++) {
                        rows.add(caseRow(++id, c, PLACES[c][r.nextInt(2)], fam, m, r));
                    }
                }
                boolean story = c == 0 && !m.isBefore(YearMonth.of(2020, 6)) && !m.isAfter(YearMonth.of(2021, 1));
                for (int i = 0; story && i < 8; i++) {
                    rows.add(caseRow(++id, 0, "瀚城花园", "ebike", m, r));
                }
            }
        }
        early = rows.stream().filter(x -> x.getString(Contract.CASES.columnNames().indexOf("received_month")).compareTo("2021-06") <= 0).toList();
        late = rows.stream().filter(x -> x.getString(Contract.CASES.columnNames().indexOf("received_month")).compareTo("2021-06") > 0).toList();
        write(early, SaveMode.Overwrite);
    }

    private Row caseRow(int id, int c, String place, String fam, YearMonth m, Random r) {
        String[][] f = FAMILIES.get(fam);
        String caseId = "T-" + id;
        familyOf.put(caseId, fam);
        LocalDateTime at = m.atDay(1 + r.nextInt(27)).atTime(9 + r.nextInt(8), r.nextInt(60));
        Object[] v = new Object[Contract.CASES.columns().size()];
        List<String> names = Contract.CASES.columnNames();
        v[names.indexOf("case_id")] = caseId;
        v[names.indexOf("source")] = "test";
        v[names.indexOf("community")] = COMMUNITIES[c];
        v[names.indexOf("channel")] = "hotline";
        v[names.indexOf("is_proactive")] = false;
        v[names.indexOf("title")] = f[0][r.nextInt(f[0].length)];
        v[names.indexOf("description")] = "我住在" + place + (1 + r.nextInt(12)) + "栋，" + f[1][r.nextInt(f[1].length)] + "。";
        v[names.indexOf("address")] = place + (1 + r.nextInt(12)) + "栋" + (1 + r.nextInt(3)) + "单元";
        v[names.indexOf("received_at")] = at;
        v[names.indexOf("priority")] = "normal";
        v[names.indexOf("status")] = "resolved";
        v[names.indexOf("escalation_level")] = "community";
        v[names.indexOf("departments")] = List.of();
        v[names.indexOf("source_file")] = "test.csv";
        v[names.indexOf("source_row")] = (long) id;
        v[names.indexOf("received_month")] = m.toString();
        return RowFactory.create(v);
    }

    private void write(List<Row> rows, SaveMode mode) {
        spark.createDataFrame(rows, SparkSchemas.structType(Contract.CASES)).write().mode(mode).partitionBy("received_month")
                .parquet(lake.resolve("staged/cases").toString());
    }

    private TopicsResult run(boolean refit) {
        TopicsConfig cfg = TopicsConfig.from(Settings.ofMap(Map.of("topics.k", "4", "topics.min-df", "2", "topics.max-df-share", "0.5", "topics.max-iter", "20")),
                lake, refit, null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        TopicsResult res = new TopicsJob(spark, cfg, new HanlpSegmenter(), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[5/5] recurring_issues"), progress.toString(StandardCharsets.UTF_8));
        return res;
    }

    private Map<String, Integer> caseTopics() {
        Map<String, Integer> out = new TreeMap<>();
        spark.read().parquet(lake.resolve("marts/case_topics").toString()).select("case_id", "topic_id").collectAsList()
                .forEach(r -> out.put(r.getString(0), r.getInt(1)));
        return out;
    }

    /** family → the one topic id all its cases got (fails if a family is split). */
    private Map<String, Integer> topicOfFamily(Map<String, Integer> ct) {
        Map<String, Set<Integer>> ids = new TreeMap<>();
        ct.forEach((c, t) -> ids.computeIfAbsent(familyOf.get(c), x -> new TreeSet<>()).add(t));
        Map<String, Integer> out = new TreeMap<>();
        ids.forEach((f, s) -> {
            assertEquals(1, s.size(), "family " + f + " is split over topics " + s);
            out.put(f, s.iterator().next());
        });
        return out;
    }

    Map<String, Integer> firstRun;
    Map<String, Integer> firstFamilies;

    @Test
    @Order(1)
    void firstRunFitsOneTopicPerFamilyAndWritesConformingMarts() {
        TopicsResult res = run(false);
        assertTrue(res.fitted());
        assertEquals("v1", res.modelVersion());
        assertEquals(early.size(), res.cases());
        firstRun = caseTopics();
        assertEquals(early.size(), firstRun.size());
        firstFamilies = topicOfFamily(firstRun);
        assertEquals(4, new TreeSet<>(firstFamilies.values()).size(), "four families, four topics: " + firstFamilies);
        for (TableSchema t : TopicMarts.ALL) {
            SparkSchemas.requireConforms(t, spark.read().parquet(lake.resolve("marts/" + t.name()).toString()).schema(), t.name());
        }
        // the topics mart: sizes add up to every case, shares to 1
        List<Row> topics = spark.read().parquet(lake.resolve("marts/topics").toString()).collectAsList();
        assertEquals(early.size(), topics.stream().mapToLong(r -> r.getLong(r.fieldIndex("size"))).sum());
        assertEquals(1.0, topics.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("share"))).sum(), 1e-9);
        Row ebike = topics.stream().filter(r -> r.getInt(0) == firstFamilies.get("ebike")).findFirst().orElseThrow();
        List<String> top = ebike.getList(ebike.fieldIndex("top_terms"));
        assertTrue(top.contains("充电") && top.contains("电动车"), top.toString());
        assertFalse(top.contains("瀚城花园") || top.contains("小区"), "place names and stop words are masked: " + top);
    }

    @Test
    @Order(2)
    void plantedStoryIsFlaggedWhileItRunsAndStopsAfterTheFix() {
        int ebike = firstFamilies.get("ebike");
        Set<String> flagged = new TreeSet<>();
        for (Row r : spark.read().parquet(lake.resolve("marts/recurring_issues").toString())
                .filter("is_flagged and community = '瀚城社区' and topic_id = " + ebike).collectAsList()) {
            flagged.add(r.getString(r.fieldIndex("as_of_month")));
            List<String> ex = r.getList(r.fieldIndex("example_case_ids"));
            assertTrue(ex.size() >= 3 && ex.size() <= 5, ex.toString());
            ex.forEach(c -> assertEquals("ebike", familyOf.get(c)));
        }
        // the story runs 2020-06 … 2021-01 with 8 extra cases a month on a background of 2–3: by its third month
        // (2020-08) three elevated months make it recurring; it must not be flagged from two months after the fix on
        for (String m : List.of("2020-08", "2020-09", "2020-10", "2020-11", "2020-12", "2021-01")) {
            assertTrue(flagged.contains(m), "flagged in " + m + ": " + flagged);
        }
        for (String m : flagged) {
            assertTrue(m.compareTo("2020-06") >= 0 && m.compareTo("2021-02") <= 0, "flag outside the story: " + m + " " + flagged);
        }
        long stopped = spark.read().parquet(lake.resolve("marts/recurring_issues").toString())
                .filter("is_stopped and community = '瀚城社区' and as_of_month = '2021-03' and topic_id = " + ebike).count();
        assertTrue(stopped >= 1, "the story is reported stopped two months after the fix");
    }

    @Test
    @Order(3)
    void newMonthsAreAssignedToTheSavedTopicsWithoutChangingIds() throws Exception {
        String topicsBefore = Files.readString(lake.resolve("models/topics/topics.tsv"));
        write(late, SaveMode.Append);
        TopicsResult res = run(false);
        assertFalse(res.fitted());
        assertEquals("v1", res.modelVersion());
        assertEquals(topicsBefore, Files.readString(lake.resolve("models/topics/topics.tsv")));
        Map<String, Integer> second = caseTopics();
        assertEquals(early.size() + late.size(), second.size());
        firstRun.forEach((c, t) -> assertEquals(t, second.get(c), "topic of " + c + " changed"));
        assertEquals(firstFamilies, topicOfFamily(second), "Jul–Aug 2021 cases get the ids of the first run");
    }

    @org.junit.jupiter.api.AfterAll
    void cleanUp() throws java.io.IOException {
        TopicModel.deleteTree(lake);
    }

    @Test
    @Order(5)
    void missingStagedCasesIsAClearInputError(@TempDir Path empty) {
        TopicsConfig cfg = TopicsConfig.defaults(empty);
        MinqingException e = assertThrows(MinqingException.class,
                () -> new TopicsJob(spark, cfg, new HanlpSegmenter(), new PrintStream(new ByteArrayOutputStream())).run());
        assertEquals("No staged cases at " + empty.toAbsolutePath().normalize().resolve("staged/cases")
                + ". Run 'minqing ingest --lake DIR' first (or check --lake points at the lake folder).", e.getMessage());
    }
}
