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
                new SpacedScriptSegmenter().words("The neighbors' dogs are barking loudly at 3am, please help"));
        ScriptSegmenter seg = new ScriptSegmenter(new HanlpSegmenter(), new SpacedScriptSegmenter());
        assertEquals(List.of("graffiti", "wall"), seg.words("Graffiti on the wall"));
        // Open311 service names join words with underscores (SF 311: 519 of its 1,461 cases are Sidewalk_Cleaning)
        assertEquals(List.of("sidewalk", "cleaning"), seg.words("Sidewalk_Cleaning"));
        assertEquals(List.of("overflowing", "city", "receptacle", "dumpster"), seg.words("Overflowing_City_Receptacle_or_Dumpster"));
        assertTrue(seg.words("楼道电动车充电").contains("电动车"), "Chinese text goes to HanLP");
        assertTrue(TextPrep.isSpacedScript("No heat in apartment 5B"));
        assertFalse(TextPrep.isSpacedScript("A3区小区的WIFI信号不好"));
        assertEquals("No heat in apartment at", new TextPrep().clean("No heat in apartment 5B at 123 MAIN STREET", "123 Main Street", "01 BROOKLYN"));
    }

    @Test
    void otherLanguagesLoseTheirOwnStopWords() {
        // by hand, against Lucene's Snowball stop-word lists: the language with the most function words (at least 2,
        // and more than English's) is the text's; its stop words go; only unmistakable plurals lose their s
        SpacedScriptSegmenter seg = new SpacedScriptSegmenter();
        assertEquals("spanish", SpacedScriptSegmenter.language("Hay mucha basura en las calles del barrio desde el lunes"));
        assertEquals(List.of("mucha", "basura", "calles", "barrio", "lunes"), // calles and lunes end in -es: kept
                seg.words("Hay mucha basura en las calles del barrio desde el lunes")); // hay en las del desde el
        assertEquals(List.of("farola", "apagada", "toda", "noche"), seg.words("Las farolas están apagadas toda la noche"));
        assertEquals(List.of("poubelle", "ramassée", "depuis", "semaine", "rue"),
                seg.words("Les poubelles ne sont pas ramassées depuis une semaine dans la rue")); // 7 French, 2 Spanish
        assertEquals(List.of("straßenlaterne", "haus", "seit", "tagen", "kaputt"),
                seg.words("Die Straßenlaterne vor dem Haus ist seit Tagen kaputt")); // die vor dem ist
        // 5 English function words (the ×2, was, in, of) against Dutch's 4 (was, in, of, door): English, and its chain
        assertEquals("english", SpacedScriptSegmenter.language("The car was parked in front of the door"));
        assertEquals(List.of("car", "parked", "front", "door"), seg.words("The car was parked in front of the door"));
        // a tie (de, la: Spanish 2, French 2) goes to the language listed first; no function word at all: English
        assertEquals("spanish", SpacedScriptSegmenter.language("Ruido de la discoteca"));
        assertEquals(List.of("ruido", "discoteca"), seg.words("Ruido de la discoteca"));
        assertEquals("english", SpacedScriptSegmenter.language("Bache"));
        // other spaced scripts, which went to HanLP and came back with no word at all: Russian (не, уже, и are
        // Snowball's), Greek (τα, δεν, απο are Lucene's, written without accents), Arabic (لم منذ في هذا), and Korean,
        // for which there is no stop-word list: its words as written
        assertEquals(List.of("мусор", "вывозят", "неделю", "контейнеры", "переполнены"),
                new ScriptSegmenter(new HanlpSegmenter(), seg).words("Мусор не вывозят уже неделю, и контейнеры переполнены"));
        assertEquals(List.of("σκουπιδια", "εχουν", "μαζευτει", "τη", "δευτερα"),
                ScriptSegmenter.standard().words("Τα σκουπίδια δεν έχουν μαζευτεί από τη Δευτέρα"));
        assertEquals(List.of("القمامة", "تجمع", "أسبوع", "الشارع"), ScriptSegmenter.standard().words("القمامة لم تجمع منذ أسبوع في هذا الشارع"));
        assertEquals(List.of("쓰레기가", "일주일째", "수거되지", "않았습니다"), ScriptSegmenter.standard().words("쓰레기가 일주일째 수거되지 않았습니다"));
        assertTrue(TextPrep.isSpacedScript("Мусор не вывозят"));
        assertFalse(TextPrep.isSpacedScript("ゴミが一週間回収されていません"), "Japanese stays with HanLP");
        assertEquals(List.of("loud", "music", "party"), seg.words("Loud Music/Party"));
    }

    @Test
    void englishCasesGetTopicsNamedLikeTheirComplaints(@TempDir Path lake) {
        Map<String, String> labelOf = new TreeMap<>();
        Map<String, List<String>> termsOf = new TreeMap<>();
        fitFamilies(FAMILIES, lake, labelOf, termsOf);
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
            String expected = "No topics: only 0 staged cases have text that can be segmented (Chinese, or words of a script that separates them with spaces), too few "
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

    /** Spanish requests without titles (a 010/072 line's free text): its words only, so the labels come from them. */
    static final Map<String, String[][]> SPANISH = Map.of(
            "ruido", new String[][] {{null}, {"Música muy alta en la discoteca de la esquina hasta las cuatro",
                    "Los vecinos hacen ruido toda la noche", "Ruido de la discoteca todos los fines de semana",
                    "Mucho ruido y música en el bar de la esquina"}},
            "basura", new String[][] {{null}, {"Hay basura acumulada en la acera desde el lunes",
                    "Los contenedores de basura están llenos", "No recogen la basura de los contenedores",
                    "Basura y bolsas tiradas junto a los contenedores"}},
            "bache", new String[][] {{null}, {"Hay un bache enorme en la calzada", "La calzada tiene un bache peligroso para las motos",
                    "Un bache en la calzada rompió la rueda del coche", "Bache profundo en el asfalto de la avenida"}},
            "farola", new String[][] {{null}, {"La farola de la plaza no funciona", "Las farolas del parque están apagadas",
                    "Farola rota en la plaza", "No hay luz en la farola del parque"}});

    @Test
    void spanishCasesWithoutTitlesGetTopicsOfTheirOwnWords(@TempDir Path lake) {
        Map<String, String> labelOf = new TreeMap<>();
        Map<String, List<String>> termsOf = new TreeMap<>();
        fitFamilies(SPANISH, lake, labelOf, termsOf);
        // each family's subject word, named by hand, is among its topic's terms, and its label is a phrase of the
        // family's own descriptions: every label word is a word of them (lower case, the plural s as the segmenter drops it)
        for (String fam : SPANISH.keySet()) {
            assertTrue(termsOf.get(fam).contains(fam), fam + ": " + termsOf);
            java.util.Set<String> own = new java.util.HashSet<>();
            for (String d : SPANISH.get(fam)[1]) {
                for (String w : d.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}]+")) {
                    own.add(w);
                    own.add(w.replaceAll("(?<=[ao])s$", ""));
                }
            }
            assertTrue(own.containsAll(List.of(labelOf.get(fam).split("[\\s·]+"))), fam + ": " + labelOf);
        }
        // and no Spanish function word is a term or part of a label (before, de, la, los, en … were kept as words)
        List<String> functionWords = List.of("de", "la", "las", "el", "los", "en", "del", "hay", "muy", "no", "un", "una", "y", "a", "que", "por");
        termsOf.forEach((fam, terms) -> assertTrue(terms.stream().noneMatch(functionWords::contains), fam + ": " + terms));
        labelOf.forEach((fam, label) -> assertTrue(java.util.Arrays.stream(label.split("[\\s·]+")).noneMatch(functionWords::contains),
                fam + ": " + label));
    }

    /** Stages 12 months × 3 boards × 2–3 cases of each family, fits k = the number of families, and names each family's topic. */
    static void fitFamilies(Map<String, String[][]> families, Path lake, Map<String, String> labelOf, Map<String, List<String>> termsOf) {
        Map<String, String> familyOf = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        Random r = new Random(5);
        int id = 0;
        for (YearMonth m = YearMonth.of(2023, 1); !m.isAfter(YearMonth.of(2023, 12)); m = m.plusMonths(1)) {
            for (int c = 0; c < BOARDS.length; c++) {
                for (String fam : new java.util.TreeSet<>(families.keySet())) {
                    for (int i = 0; i < 2 + r.nextInt(2); i++) {
                        String[][] f = families.get(fam);
                        String caseId = "N-" + (++id);
                        familyOf.put(caseId, fam);
                        rows.add(caseRow(caseId, BOARDS[c], f[0][r.nextInt(f[0].length)], f[1][r.nextInt(f[1].length)],
                                (100 + r.nextInt(900)) + " MAIN STREET", m, r));
                    }
                }
            }
        }
        stage(rows, lake);
        TopicsConfig cfg = TopicsConfig.from(Settings.ofMap(Map.of("topics.k", String.valueOf(families.size()), "topics.min-df", "2",
                "topics.max-df-share", "0.5")), lake, false, null);
        TopicsResult res = new EmbeddedTopicsJob(cfg, ScriptSegmenter.standard(), TopicsEnginesTest.quiet()).run();
        assertTrue(res.hasTopics(), String.valueOf(res.notice()));
        assertEquals(families.size(), res.topics());

        TopicModel model = TopicModel.load(cfg.modelDir());
        Map<String, Map<Integer, Integer>> byFamily = new TreeMap<>();
        try {
            for (List<Object> row : TopicsEnginesTest.read(lake.resolve("marts/case_topics"), TopicMarts.CASE_TOPICS)) {
                byFamily.computeIfAbsent(familyOf.get((String) row.get(0)), x -> new TreeMap<>()).merge((Integer) row.get(4), 1, Integer::sum);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byFamily.forEach((fam, counts) -> {
            int topic = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            int all = counts.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(counts.get(topic) >= 0.9 * all, fam + " is split: " + counts);
            labelOf.put(fam, model.label(topic));
            termsOf.put(fam, model.topicsById().get(topic).topTerms());
        });
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
