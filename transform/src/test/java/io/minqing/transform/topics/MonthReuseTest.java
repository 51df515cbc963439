package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Contract;
import io.minqing.contract.Settings;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.contract.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine keeps a staged month's case_topics partition and aggregation when the model is loaded and
 * neither the month's staged files nor the settings changed (docs/topics.md, "Reusing unchanged months"): such a run
 * assigns only the other months, and its marts equal, value for value, those of a run that assigns every case with the
 * same model. Everything that could change a kept month's rows makes the run assign every month (or that month) again.
 */
class MonthReuseTest {

    /** TopicsEnginesTest's cases: 10 months, 2020-01 … 2020-10, 3 communities, 4 complaint families. */
    private static final List<Row> ALL = TopicsEnginesTest.cases(new Random(7));
    private static final int MONTH = Contract.CASES.columnNames().indexOf("received_month");
    private static final int CASE_ID = Contract.CASES.columnNames().indexOf("case_id");

    private static List<Row> months(java.util.function.Predicate<String> which) {
        return ALL.stream().filter(r -> which.test(r.getString(MONTH))).toList();
    }

    private static void append(List<Row> rows, Path lake) {
        SparkTestSession.get().createDataFrame(rows, SparkSchemas.structType(Contract.CASES)).write().mode("append")
                .partitionBy("received_month").parquet(lake.resolve("staged/cases").toString());
    }

    /** The test's settings with one cache unit per month (auto would keep these small months together by year). */
    private static TopicsConfig cfg(Path lake, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(TopicsEnginesTest.SETTINGS);
        s.put("topics.cache-unit", "month");
        s.putAll(extra);
        return TopicsConfig.from(Settings.ofMap(s), lake, false, null);
    }

    private static TopicsResult run(TopicsConfig cfg) {
        return new EmbeddedTopicsJob(cfg, new HanlpSegmenter(), TopicsEnginesTest.quiet()).run();
    }

    private static TopicsResult run(Path lake) {
        return run(cfg(lake, Map.of()));
    }

    /** Every topic mart's rows (all columns, sorted). */
    private static Map<String, List<List<Object>>> marts(Path lake) throws Exception {
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        for (TableSchema t : TopicMarts.ALL) {
            out.put(t.name(), TopicsEnginesTest.read(lake.resolve("marts/" + t.name()), t));
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    /**
     * The reference: the same lake (staged cases, model) copied without the record of the last run, so every month is
     * assigned again with the loaded model; its marts must equal the lake's value for value.
     */
    private static void assertSameAsAssigningEveryMonth(Path lake, Path scratch) throws Exception {
        Path full = scratch.resolve("full-" + System.nanoTime());
        copyTree(lake, full);
        Files.delete(MonthReuse.manifestFile(new io.minqing.contract.Lake(full)));
        TopicsResult r = run(full);
        assertFalse(r.fitted());
        assertEquals(0, r.monthsKept(), "the reference assigns every month");
        assertEquals(marts(full), marts(lake));
    }

    private static Map<String, byte[]> bytes(Path dir) throws Exception {
        return TopicsEnginesTest.files(dir);
    }

    @Test
    void aMonthAddedIsTheOnlyMonthAssignedAndTheMartsEqualAssigningEveryMonth(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        append(months(m -> !m.equals("2020-10")), lake);
        TopicsResult first = run(lake);
        assertTrue(first.fitted());
        assertEquals(0, first.monthsKept());
        assertEquals(9, first.months());

        append(months(m -> m.equals("2020-10")), lake);
        // the single token cache of earlier versions is not read (this one is not even Parquet), and is deleted
        Path legacy = TokenCache.file(new io.minqing.contract.Lake(lake));
        Files.writeString(legacy, "not a cache", StandardCharsets.UTF_8);
        TopicsResult second = run(lake);
        assertFalse(Files.exists(legacy));
        assertFalse(second.fitted());
        assertEquals(ALL.size(), second.cases());
        assertEquals(9, second.monthsKept(), "the nine months of the first run are kept");
        assertEquals(10, second.months());
        // only October's cases were looked at: each has a title and a description, each looked up once
        long october = months(m -> m.equals("2020-10")).size();
        assertEquals(2 * october, second.segmented() + second.cachedTexts());
        assertSameAsAssigningEveryMonth(lake, dir);

        // nothing new: every month kept, no text looked at, the marts' files unchanged byte for byte
        Map<String, byte[]> before = bytes(lake.resolve("marts"));
        TopicsResult third = run(lake);
        assertEquals(10, third.monthsKept());
        assertEquals(0, third.segmented());
        assertEquals(0, third.cachedTexts());
        Map<String, byte[]> after = bytes(lake.resolve("marts"));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((f, b) -> assertArrayEquals(b, after.get(f), f));
    }

    @Test
    void aChangedMonthIsAssignedAgainAndTheMartsFollow(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        append(ALL, lake);
        run(lake);
        Map<String, List<List<Object>>> before = marts(lake);
        // March's staged file is replaced by one without March's first case
        Row gone = months(m -> m.equals("2020-03")).get(0);
        String goneId = gone.getString(CASE_ID);
        List<Object> goneRow = before.get("case_topics").stream().filter(r -> r.get(0).equals(goneId)).findFirst().orElseThrow();
        int topic = (Integer) goneRow.get(4);
        String community = (String) goneRow.get(2);
        TopicModel.deleteTree(lake.resolve("staged/cases/received_month=2020-03"));
        append(months(m -> m.equals("2020-03")).stream().filter(r -> !r.getString(CASE_ID).equals(goneId)).toList(), lake);

        TopicsResult r = run(lake);
        assertEquals(9, r.monthsKept(), "every month but March is kept");
        Map<String, List<List<Object>>> after = marts(lake);
        // by hand: case_topics loses exactly that case's row; its topic one case; its cell (community, March, topic) one case
        List<List<Object>> expectedCaseTopics = new java.util.ArrayList<>(before.get("case_topics"));
        expectedCaseTopics.remove(goneRow);
        assertEquals(expectedCaseTopics, after.get("case_topics"));
        assertEquals(size(before, topic) - 1, size(after, topic));
        assertEquals(cell(before, community, topic) - 1, cell(after, community, topic));
        assertSameAsAssigningEveryMonth(lake, dir);
    }

    private static long size(Map<String, List<List<Object>>> marts, int topic) {
        int col = TopicMarts.TOPICS.columnNames().indexOf("size");
        return marts.get("topics").stream().filter(r -> r.get(0).equals(topic)).mapToLong(r -> ((Number) r.get(col)).longValue()).sum();
    }

    private static long cell(Map<String, List<List<Object>>> marts, String community, int topic) {
        List<String> cols = TopicMarts.TOPIC_COMMUNITY_MONTH.columnNames();
        return marts.get("topic_community_month").stream()
                .filter(r -> r.get(cols.indexOf("community")).equals(community) && r.get(cols.indexOf("month")).equals("2020-03")
                        && r.get(cols.indexOf("topic_id")).equals(topic))
                .mapToLong(r -> ((Number) r.get(cols.indexOf("case_count"))).longValue()).sum();
    }

    @Test
    void settingsTaxonomyFormatRefitAndMissingStateMakeTheRunAssignAgain(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        append(ALL, lake);
        run(lake);
        Map<String, List<List<Object>>> marts = marts(lake);
        assertEquals(10, run(lake).monthsKept());

        // a changed topics.* setting of the fit: every month assigned again (the loaded model is the same: same marts)
        TopicsResult minDf = run(cfg(lake, Map.of("topics.min-df", "3")));
        assertEquals(0, minDf.monthsKept());
        assertEquals(marts, marts(lake));
        assertEquals(10, run(cfg(lake, Map.of("topics.min-df", "3"))).monthsKept(), "the same setting again: kept");
        assertEquals(0, run(lake).monthsKept(), "and back: assigned again");

        // a taxonomy file, then the same file with other seed words
        Path tax = dir.resolve("taxonomy.txt");
        Files.writeString(tax, "电动车: 电动车, 充电\n", StandardCharsets.UTF_8);
        assertEquals(0, run(cfg(lake, Map.of()).withTaxonomy(tax)).monthsKept());
        assertEquals(10, run(cfg(lake, Map.of()).withTaxonomy(tax)).monthsKept());
        Files.writeString(tax, "电动车: 电动车, 充电, 飞线\n", StandardCharsets.UTF_8);
        assertEquals(0, run(cfg(lake, Map.of()).withTaxonomy(tax)).monthsKept());
        assertEquals(0, run(lake).monthsKept());
        assertEquals(marts, marts(lake));

        // a staged file replaced by a new file with the same bytes (the same export ingested again): still kept
        Path march;
        try (Stream<Path> files = Files.list(lake.resolve("staged/cases/received_month=2020-03"))) {
            march = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path copy = dir.resolve("march.parquet");
        Files.copy(march, copy);
        Files.delete(march);
        Files.move(copy, march);
        assertEquals(10, run(lake).monthsKept());

        // a record of another format
        Path manifest = MonthReuse.manifestFile(new io.minqing.contract.Lake(lake));
        Files.writeString(manifest, Files.readString(manifest).replace("format=" + MonthReuse.FORMAT, "format=0"));
        assertEquals(0, run(lake).monthsKept());

        // one month's stored aggregation, or its case_topics partition, gone: that month assigned again
        Files.delete(MonthReuse.aggregatesFile(new io.minqing.contract.Lake(lake), "2020-04"));
        assertEquals(9, run(lake).monthsKept());
        TopicModel.deleteTree(lake.resolve("marts/case_topics/received_month=2020-06"));
        assertEquals(9, run(lake).monthsKept());
        assertEquals(marts, marts(lake));

        // --refit: a new model, every month assigned with it
        TopicsResult refit = run(cfg(lake, Map.of()).withRefit(true));
        assertTrue(refit.fitted());
        assertEquals(0, refit.monthsKept());
        assertSameAsAssigningEveryMonth(lake, dir);
    }

    /** The Hanlp segmenter under the same name, failing on a text that has {@code stop} in it (a run stopped half way). */
    private record FailingSegmenter(Segmenter inner, String stop) implements Segmenter {
        @Override
        public List<String> words(String text) {
            if (text.contains(stop)) {
                throw new IllegalStateException("stopped");
            }
            return inner.words(text);
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    @Test
    void aRunThatStopsHalfWayLeavesNoRecordAndTheNextAssignsEveryMonth(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        append(months(m -> m.compareTo("2020-09") < 0), lake);
        run(lake);
        // September and October added, October with one case whose text the failing segmenter stops at
        List<Row> added = new java.util.ArrayList<>(months(m -> m.compareTo("2020-09") >= 0));
        String[][] stop = {{"井盖丢失无人修补"}, {"路口的井盖丢了好几天"}};
        added.add(TopicsEnginesTest.caseRow(9001, 1, "居南小区", stop, java.time.YearMonth.of(2020, 10), new Random(3)));
        append(added, lake);
        TopicsConfig cfg = cfg(lake, Map.of());
        // months are assigned in order: September's token cache and aggregation are written before October stops the run
        Segmenter failing = new FailingSegmenter(new HanlpSegmenter(), "井盖");
        assertThrows(IllegalStateException.class, () -> new EmbeddedTopicsJob(cfg, failing, TopicsEnginesTest.quiet()).run());
        assertTrue(Files.exists(MonthReuse.aggregatesFile(cfg.lake(), "2020-09")));
        assertFalse(Files.exists(MonthReuse.manifestFile(cfg.lake())), "no record of what the stopped run wrote");
        TopicsResult r = run(lake);
        assertEquals(0, r.monthsKept());
        assertEquals(ALL.size() + 1, r.cases());
        assertEquals(10, run(lake).monthsKept());
        assertSameAsAssigningEveryMonth(lake, dir);
    }

    @Test
    void smallMonthsAreReadCachedAndKeptTogetherByYear(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        append(months(m -> !m.equals("2020-10")), lake);
        TopicsConfig auto = cfg(lake, Map.of("topics.cache-unit", "auto"));
        TopicsResult first = run(auto);
        assertTrue(first.fitted());
        assertEquals(9, first.months());
        // a few hundred cases a month: far below 2 MiB of Parquet a month, so one cache and one aggregation for 2020
        io.minqing.contract.Lake l = new io.minqing.contract.Lake(lake);
        assertTrue(Files.isRegularFile(MonthReuse.tokensFile(l, "2020")));
        assertTrue(Files.isRegularFile(MonthReuse.aggregatesFile(l, "2020")));
        assertFalse(Files.exists(MonthReuse.tokensFile(l, "2020-01")));

        // October joins 2020: the year is assigned again (nothing kept), its old texts come from the year's cache
        append(months(m -> m.equals("2020-10")), lake);
        TopicsResult second = run(auto);
        assertEquals(0, second.monthsKept());
        assertEquals(10, second.months());
        long october = months(m -> m.equals("2020-10")).size();
        assertTrue(second.segmented() <= 2 * october, "only October's texts can be new: " + second.segmented());
        assertSameAsAssigningEveryMonth(lake, dir);

        // nothing new: the year is kept, all ten months, no text looked at
        TopicsResult third = run(auto);
        assertEquals(10, third.monthsKept());
        assertEquals(0, third.segmented() + third.cachedTexts());

        // the same lake by month: month units replace the year's files, and the marts do not change
        Map<String, List<List<Object>>> byYear = marts(lake);
        TopicsResult byMonth = run(cfg(lake, Map.of()));
        assertEquals(0, byMonth.monthsKept(), "a year's record keeps no month");
        assertFalse(Files.exists(MonthReuse.tokensFile(l, "2020")));
        assertTrue(Files.isRegularFile(MonthReuse.tokensFile(l, "2020-10")));
        assertEquals(byYear, marts(lake));
    }

    @Test
    void theCacheUnitGroupsMonthsByYearWhenAskedOrWhenTheyAreSmall(@TempDir Path dir) throws Exception {
        Path staged = dir.resolve("staged/cases");
        for (String m : List.of("2019-12", "2020-01", "2020-02")) {
            Files.createDirectories(staged.resolve("received_month=" + m));
            Files.write(staged.resolve("received_month=" + m + "/part-0.parquet"), m.getBytes(StandardCharsets.UTF_8));
        }
        List<MonthReuse.Month> years = MonthReuse.stagedMonths(staged, null, TopicsConfig.CacheUnit.YEAR);
        assertEquals(List.of("2019", "2020"), years.stream().map(MonthReuse.Month::month).toList());
        assertEquals(List.of("2020-01", "2020-02"), years.get(1).months());
        assertEquals(2, years.get(1).dirs().size());
        assertEquals(2, years.get(1).files().size());
        assertEquals(years, MonthReuse.stagedMonths(staged, null, TopicsConfig.CacheUnit.AUTO), "a few bytes a month: by year");
        List<MonthReuse.Month> months = MonthReuse.stagedMonths(staged, null, TopicsConfig.CacheUnit.MONTH);
        assertEquals(List.of("2019-12", "2020-01", "2020-02"), months.stream().map(MonthReuse.Month::month).toList());
        assertEquals("received_year=2020.parquet", MonthReuse.tokensFile(new io.minqing.contract.Lake(dir), "2020").getFileName().toString());

        // a changed February changes 2020's fingerprint, not 2019's
        Files.write(staged.resolve("received_month=2020-02/part-0.parquet"), "changed".getBytes(StandardCharsets.UTF_8));
        List<MonthReuse.Month> after = MonthReuse.stagedMonths(staged, null, TopicsConfig.CacheUnit.YEAR);
        assertEquals(years.get(0).fingerprint(), after.get(0).fingerprint());
        assertFalse(years.get(1).fingerprint().equals(after.get(1).fingerprint()));

        // 2 MiB a month on average or more: auto keeps months
        byte[] big = new byte[(int) MonthReuse.AUTO_MONTH_BYTES];
        for (String m : List.of("2019-12", "2020-01", "2020-02")) {
            Files.write(staged.resolve("received_month=" + m + "/part-0.parquet"), big);
        }
        assertEquals(3, MonthReuse.stagedMonths(staged, null, TopicsConfig.CacheUnit.AUTO).size());
    }
}
