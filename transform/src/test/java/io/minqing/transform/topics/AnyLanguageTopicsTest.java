package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Contract;
import io.minqing.contract.Settings;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.contract.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text of any language: English casework (a small synthetic NYC-311-like corpus that always runs) gets topics a reader
 * recognises, named here by hand; a corpus with no text gives a notice and empty topic marts, not a failure, on both
 * engines. (The real NYC 311 samples run through the CLI in cli's EnglishTransformTest.)
 */
class AnyLanguageTopicsTest {

    /** family → {titles (NYC "Descriptor"-like), descriptions}. */
    static final Map<String, String[][]> FAMILIES = Map.of(
            "noise", new String[][] {{"Loud Music/Party", "Banging/Pounding", "Noise: Street/Sidewalk"},
                    {"Loud music from the party next door until 3am", "Neighbors banging and pounding all night",
                            "Noise from the bar on the street keeps us awake", "Loud noise and music every weekend"}},
            "heat", new String[][] {{"Heat/Hot Water", "No Heat", "No Hot Water"},
                    {"There has been no heat in the apartment for three days", "No hot water in the building since Monday",
                            "Radiators are cold and the landlord does not turn on the heat", "Apartment has no heat and no hot water"}},
            "parking", new String[][] {{"Blocked Driveway", "Illegal Parking", "Double Parked Blocking Traffic"},
                    {"A car is blocking my driveway and I cannot get out", "Vehicles double parked on the street blocking traffic",
                            "Truck illegally parked in front of the driveway", "Cars parking illegally across the driveway"}},
            "graffiti", new String[][] {{"Graffiti", "Graffiti on Building", "Graffiti on Shutters"},
                    {"Graffiti sprayed on the wall of the building", "Someone painted graffiti on the store shutters",
                            "Tags and graffiti all over the mailbox", "New graffiti on the side of the building"}});
    static final String[] BOARDS = {"01 BROOKLYN", "05 QUEENS", "07 BRONX"};

    @Test
    void englishWordsAreTokenizedWithStopWordsAndLightStemming() {
        // by hand: "The"/"are"/"at" are stop words, "please" one of the request words, "3am" has a digit,
        // the plurals lose their s (neighbors' → neighbor, dogs → dog) and nothing else is cut (barking, loudly)
        assertEquals(List.of("neighbor", "dog", "barking", "loudly", "help"),
                new EnglishSegmenter().words("The neighbors' dogs are barking loudly at 3am, please help"));
        ScriptSegmenter seg = new ScriptSegmenter(new HanlpSegmenter(), new EnglishSegmenter());
        assertEquals(List.of("graffiti", "wall"), seg.words("Graffiti on the wall"));
        // Open311 service names join words with underscores (SF 311: 519 of its 1,461 cases are Sidewalk_Cleaning)
        assertEquals(List.of("sidewalk", "cleaning"), seg.words("Sidewalk_Cleaning"));
        assertEquals(List.of("overflowing", "city", "receptacle", "dumpster"), seg.words("Overflowing_City_Receptacle_or_Dumpster"));
        assertTrue(seg.words("楼道电动车充电").contains("电动车"), "Chinese text goes to HanLP");
        assertTrue(TextPrep.isLatinScript("No heat in apartment 5B"));
        assertFalse(TextPrep.isLatinScript("A3区小区的WIFI信号不好"));
        assertEquals("No heat in apartment at", new TextPrep().clean("No heat in apartment 5B at 123 MAIN STREET", "123 Main Street", "01 BROOKLYN"));
    }

    @Test
    void englishCasesGetTopicsNamedLikeTheirComplaints(@TempDir Path lake) {
        Map<String, String> familyOf = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        Random r = new Random(5);
        int id = 0;
        for (YearMonth m = YearMonth.of(2023, 1); !m.isAfter(YearMonth.of(2023, 12)); m = m.plusMonths(1)) {
            for (int c = 0; c < BOARDS.length; c++) {
                for (String fam : new java.util.TreeSet<>(FAMILIES.keySet())) {
                    for (int i = 0; i < 2 + r.nextInt(2); i++) {
                        String[][] f = FAMILIES.get(fam);
                        String caseId = "N-" + (++id);
                        familyOf.put(caseId, fam);
                        rows.add(caseRow(caseId, BOARDS[c], f[0][r.nextInt(f[0].length)], f[1][r.nextInt(f[1].length)],
                                (100 + r.nextInt(900)) + " MAIN STREET", m, r));
                    }
                }
            }
        }
        stage(rows, lake);
        TopicsConfig cfg = TopicsConfig.from(Settings.ofMap(Map.of("topics.k", "4", "topics.min-df", "2", "topics.max-df-share", "0.5")),
                lake, false, null);
        TopicsResult res = new EmbeddedTopicsJob(cfg, ScriptSegmenter.standard(), TopicsEnginesTest.quiet()).run();
        assertTrue(res.hasTopics(), String.valueOf(res.notice()));
        assertEquals(4, res.topics());

        TopicModel model = TopicModel.load(cfg.modelDir());
        Map<String, Map<Integer, Integer>> byFamily = new TreeMap<>();
        try {
            for (List<Object> row : TopicsEnginesTest.read(lake.resolve("marts/case_topics"), TopicMarts.CASE_TOPICS)) {
                byFamily.computeIfAbsent(familyOf.get((String) row.get(0)), x -> new TreeMap<>()).merge((Integer) row.get(4), 1, Integer::sum);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, String> labelOf = new TreeMap<>();
        Map<String, List<String>> termsOf = new TreeMap<>();
        byFamily.forEach((fam, counts) -> {
            int topic = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            int all = counts.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(counts.get(topic) >= 0.9 * all, fam + " is split: " + counts);
            labelOf.put(fam, model.label(topic));
            termsOf.put(fam, model.topicsById().get(topic).topTerms());
        });
        // labels from the titles of each topic's typical cases (lower case, punctuation dropped); named by hand
        assertTrue(List.of("loud music party", "banging pounding", "noise street sidewalk").contains(labelOf.get("noise")), labelOf.toString());
        assertTrue(List.of("heat hot water", "no heat", "no hot water").contains(labelOf.get("heat")), labelOf.toString());
        assertTrue(List.of("blocked driveway", "illegal parking", "double parked blocking traffic").contains(labelOf.get("parking")),
                labelOf.toString());
        assertTrue(labelOf.get("graffiti").startsWith("graffiti"), labelOf.toString());
        assertTrue(termsOf.get("noise").contains("noise") && termsOf.get("noise").contains("loud"), termsOf.toString());
        assertTrue(termsOf.get("heat").contains("heat") && termsOf.get("parking").contains("driveway"), termsOf.toString());
    }

    @Test
    void aCorpusWithNoTextGivesANoticeAndEmptyMartsOnBothEngines(@TempDir Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 40; i++) {
            rows.add(caseRow("E-" + i, BOARDS[i % 3], i % 2 == 0 ? null : "  ", null, null, YearMonth.of(2023, 1 + i % 3), r));
        }
        for (String engine : List.of("duckdb", "spark")) {
            Path lake = dir.resolve(engine);
            stage(rows, lake);
            // k not set: the smallest k candidate (10) needs 5 × 10 = 50 cases with text
            TopicsConfig cfg = TopicsConfig.defaults(lake);
            TopicsResult res = engine.equals("duckdb") ? new EmbeddedTopicsJob(cfg, ScriptSegmenter.standard(), TopicsEnginesTest.quiet()).run()
                    : new TopicsJob(SparkTestSession.get(), cfg, ScriptSegmenter.standard(), TopicsEnginesTest.quiet()).run();
            String expected = "No topics: only 0 staged cases have text that can be segmented (Chinese or Latin-script words), too few "
                    + "to fit 10 topics (at least 50 are needed). The topic marts are written empty. Lower 'topics.k' or ingest more "
                    + "months, or check that the profile maps a title or description column.";
            assertEquals(expected, res.notice(), engine);
            assertEquals(40, res.cases(), engine);
            assertEquals(expected, Files.readString(TopicsCore.noticeFile(cfg)).strip(), engine);
            for (TableSchema t : TopicMarts.ALL) {
                assertEquals(List.of(), TopicsEnginesTest.read(lake.resolve("marts/" + t.name()), t), engine + " " + t.name());
            }
            assertFalse(TopicModel.exists(cfg.modelDir()), "no model is saved");
        }
    }

    static Row caseRow(String caseId, String board, String title, String description, String address, YearMonth m, Random r) {
        Object[] v = new Object[Contract.CASES.columns().size()];
        List<String> names = Contract.CASES.columnNames();
        v[names.indexOf("case_id")] = caseId;
        v[names.indexOf("source")] = "nyc";
        v[names.indexOf("community")] = board;
        v[names.indexOf("channel")] = "hotline";
        v[names.indexOf("is_proactive")] = false;
        v[names.indexOf("title")] = title;
        v[names.indexOf("description")] = description;
        v[names.indexOf("address")] = address;
        v[names.indexOf("received_at")] = m.atDay(1 + r.nextInt(27)).atTime(9 + r.nextInt(8), r.nextInt(60));
        v[names.indexOf("priority")] = "normal";
        v[names.indexOf("status")] = "resolved";
        v[names.indexOf("escalation_level")] = "district";
        v[names.indexOf("departments")] = List.of();
        v[names.indexOf("source_file")] = "nyc.csv";
        v[names.indexOf("source_row")] = 1L;
        v[names.indexOf("received_month")] = m.toString();
        return RowFactory.create(v);
    }

    static void stage(List<Row> rows, Path lake) {
        SparkTestSession.get().createDataFrame(rows, SparkSchemas.structType(Contract.CASES)).write().partitionBy("received_month")
                .parquet(lake.resolve("staged/cases").toString());
    }
}
