package io.minqing.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.privacy.PiiMasker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The default sample district (Jan 2020 – Aug 2021, seed 20200101), generated once and read back with an
 * independent CSV parser: its distributions, planted stories and life-cycle rules.
 */
class SampleDistrictGeneratorTest {

    @TempDir
    static Path dir;

    static GeneratorResult result;
    static List<Map<String, String>> cases;
    static List<Map<String, String>> surveys;
    static List<Map<String, String>> truth;
    static Map<String, Object> manifest;
    static final LocalDateTime AS_OF = LocalDateTime.of(2021, 9, 5, 10, 0);

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void generate() throws IOException {
        result = new SampleDistrictGenerator(GeneratorConfig.defaults(dir.resolve("district"))).run();
        Path out = dir.resolve("district");
        cases = ExportReader.csv(out.resolve("exports/cases.csv"), StandardCharsets.UTF_8);
        surveys = ExportReader.csv(out.resolve("exports/surveys.csv"), StandardCharsets.UTF_8);
        truth = ExportReader.csv(out.resolve("truth/case_truth.csv"), StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(out.resolve("manifest.json"))) {
            manifest = new Yaml().load(in); // JSON is YAML
        }
    }

    private static String month(Map<String, String> row, String column) {
        return row.get(column).substring(0, 7);
    }

    @Test
    void writesTheFilesItReports() {
        assertEquals(List.of("exports/cases.csv", "exports/surveys.csv", "truth/case_truth.csv", "manifest.json"),
                result.files().stream().map(GeneratorResult.WrittenFile::path).toList());
        assertEquals(cases.size(), result.cases());
        assertEquals(surveys.size(), result.surveys());
        assertEquals(cases.size(), truth.size());
        assertFalse(Files.exists(dir.resolve("district/.generate-tmp")), "scratch folder removed");
        assertEquals(Rows.CASE_HEADERS, new ArrayList<>(cases.get(0).keySet()));
        assertEquals(Rows.SURVEY_HEADERS, new ArrayList<>(surveys.get(0).keySet()));
    }

    @Test
    void districtVolumeIsBetween1000And2000CasesEveryMonth() {
        Map<String, Integer> byMonth = new TreeMap<>();
        for (Map<String, String> c : cases) {
            byMonth.merge(month(c, "收件时间"), 1, Integer::sum);
        }
        assertEquals(20, byMonth.size(), "Jan 2020 – Aug 2021 is 20 months: " + byMonth.keySet());
        byMonth.forEach((m, n) -> assertTrue(n >= 1000 && n <= 2000, m + " has " + n + " cases"));
    }

    @Test
    void communitiesDifferInSizeAndSomeMonthsHaveFewerThan15Cases() {
        Map<String, Integer> cells = new HashMap<>();
        Set<String> communities = new HashSet<>();
        for (Map<String, String> c : cases) {
            cells.merge(c.get("社区") + " " + month(c, "收件时间"), 1, Integer::sum);
            communities.add(c.get("社区"));
        }
        assertEquals(15, communities.size());
        assertTrue(communities.containsAll(List.of("居南社区", "远望社区", "瀚城社区", "居仁社区")));
        long small = cells.values().stream().filter(n -> n < 15).count();
        int largest = Collections.max(cells.values());
        assertTrue(small >= 1, "some community-month has fewer than 15 cases");
        assertTrue(largest >= 150, "the largest community-month has " + largest + " cases");
    }

    @Test
    void channelMixIncludesProactiveDiaryRounds() {
        Map<String, Integer> byChannel = new HashMap<>();
        for (Map<String, String> c : cases) {
            byChannel.merge(c.get("收件渠道"), 1, Integer::sum);
            if (c.get("收件渠道").equals("民情日志/走访")) {
                assertEquals("是", c.get("主动发现"), c.get("件号"));
            }
        }
        assertEquals(10, byChannel.size(), "every channel occurs: " + byChannel);
        double diary = byChannel.get("民情日志/走访") / (double) cases.size();
        // weights: diary 22 of 100 in town, ×1.5 in the rural streets, none before 8:00 or after 18:00 → roughly 15–30%
        assertTrue(diary > 0.12 && diary < 0.35, "diary share " + diary);
    }

    @Test
    void lifeCycleTimesAreInOrderAndBeforeTheCutOff() {
        for (Map<String, String> c : cases) {
            LocalDateTime rec = ExportReader.time(c.get("收件时间"));
            LocalDateTime dis = ExportReader.time(c.get("派件时间"));
            LocalDateTime res = ExportReader.time(c.get("办结时间"));
            LocalDateTime fb = ExportReader.time(c.get("反馈时间"));
            LocalDateTime upd = ExportReader.time(c.get("更新时间"));
            String id = c.get("件号");
            assertNotNull(rec, id);
            assertTrue(!rec.isBefore(LocalDateTime.of(2020, 1, 1, 0, 0)) && rec.isBefore(LocalDateTime.of(2021, 9, 1, 0, 0)), id);
            assertTrue(dis == null || !dis.isBefore(rec), id + " 派件 before 收件");
            assertTrue(res == null || !res.isBefore(rec), id + " 办结 before 收件");
            assertTrue(fb == null || (res != null && !fb.isBefore(res)), id + " 反馈 before 办结");
            for (LocalDateTime t : new LocalDateTime[] {dis, res, fb, upd}) {
                assertTrue(t == null || !t.isAfter(AS_OF), id + " has a time after the cut-off");
            }
        }
    }

    @Test
    void statusesMatchTheTimesIncludingOpenAndOnTheSpotCases() {
        int open = 0;
        int onSpot = 0;
        int withDue = 0;
        Map<String, Integer> status = new HashMap<>();
        for (Map<String, String> c : cases) {
            String s = c.get("办理状态");
            status.merge(s, 1, Integer::sum);
            switch (s) {
                case "已收件" -> {
                    assertEquals("", c.get("派件时间"));
                    assertEquals("", c.get("办结时间"));
                    open++;
                }
                case "已派件" -> {
                    assertFalse(c.get("派件时间").isEmpty());
                    assertEquals("", c.get("办结时间"));
                    open++;
                }
                case "已办结", "未解决" -> {
                    assertFalse(c.get("办结时间").isEmpty(), c.get("件号"));
                    if (c.get("派件时间").isEmpty()) {
                        onSpot++;
                    }
                }
                default -> assertEquals("", c.get("办结时间"), c.get("件号"));
            }
            if (!c.get("办理时限").isEmpty()) {
                withDue++;
            }
        }
        assertTrue(open > 0, "cases still open at the cut-off");
        assertTrue(onSpot > cases.size() / 20, "即事即办 cases: " + onSpot);
        assertTrue(withDue > cases.size() / 3 && withDue < cases.size(), "办理时限 recorded for some cases only: " + withDue);
        for (String s : List.of("已办结", "未解决", "已撤回", "重复件")) {
            assertTrue(status.containsKey(s), s + " occurs: " + status);
        }
        assertTrue(cases.stream().anyMatch(c -> !c.get("协办单位").isEmpty() && c.get("办理层级").equals("街道")));
        assertTrue(cases.stream().anyMatch(c -> c.get("协办单位").contains("铁塔公司")));
    }

    @Test
    void ebikeStoryRisesInHanchengUntilTheChargingPilesThenFades() {
        // planted: 23 + 25 + 27 = 75 extra cases in 2021-01..03 plus the ordinary ~6.5 a month; after the 2021-04 fix
        // 3 + 1 + 0 extra in 2021-05..07 plus 30% of the ordinary → about 95 against about 10; we ask for 4×.
        Pattern ebike = Pattern.compile("电动车|电瓶车|电驴|电动自行车|电车|充电");
        int before = 0;
        int after = 0;
        for (Map<String, String> c : cases) {
            if (!c.get("社区").equals("瀚城社区") || !ebike.matcher(c.get("标题") + c.get("诉求内容")).find()) {
                continue;
            }
            String m = month(c, "收件时间");
            if (m.compareTo("2021-01") >= 0 && m.compareTo("2021-03") <= 0) {
                before++;
            } else if (m.compareTo("2021-05") >= 0 && m.compareTo("2021-07") <= 0) {
                after++;
            }
        }
        assertTrue(before >= 60, "e-bike cases Jan–Mar 2021: " + before);
        assertTrue(before >= 4 * after, "before " + before + " vs after " + after);
    }

    @Test
    void illegalBuildingRecursAtJurenVillageTwoUntilDemolished() {
        Map<String, Integer> byMonth = new TreeMap<>();
        for (Map<String, String> c : cases) {
            if (c.get("社区").equals("居仁社区") && (c.get("地址") + c.get("诉求内容")).contains("居仁村二区")
                    && truthOf(c).get("topic_family").equals("illegal_building")) {
                byMonth.merge(month(c, "收件时间"), 1, Integer::sum);
            }
        }
        // planted 5 + (month % 3) a month in 2020-01..10 (5 to 7), 3 in the fix month, none after
        for (YearMonth m = YearMonth.of(2020, 1); !m.isAfter(YearMonth.of(2020, 10)); m = m.plusMonths(1)) {
            assertTrue(byMonth.getOrDefault(m.toString(), 0) >= 2, m + ": " + byMonth);
        }
        byMonth.keySet().forEach(m -> assertTrue(m.compareTo("2020-11") <= 0, "违建 at 居仁村二区 after the demolition: " + m));
    }

    @Test
    void leisureRequestsInYuanwangStopWhenTheGardenOpens() {
        // planted 5 + 1 a month (5 … 14) in 2020-05..2021-02 on top of ~3 ordinary leisure cases a month
        // (135 cases × weight 2 of 93); the garden opens 2021-03, then only 30% of the ordinary ~3:
        // about 12.5 a month before against about 1 after; we ask for 3×.
        Map<String, Integer> byMonth = new TreeMap<>();
        for (Map<String, String> c : cases) {
            if (c.get("社区").equals("远望社区") && truthOf(c).get("topic_family").equals("leisure")) {
                byMonth.merge(month(c, "收件时间"), 1, Integer::sum);
            }
        }
        double before = 0;
        double after = 0;
        for (YearMonth m = YearMonth.of(2020, 5); !m.isAfter(YearMonth.of(2021, 2)); m = m.plusMonths(1)) {
            before += byMonth.getOrDefault(m.toString(), 0) / 10.0;
        }
        for (YearMonth m = YearMonth.of(2021, 4); !m.isAfter(YearMonth.of(2021, 8)); m = m.plusMonths(1)) {
            after += byMonth.getOrDefault(m.toString(), 0) / 5.0;
        }
        assertTrue(before >= 3 * after, "monthly mean before " + before + ", after " + after + ": " + byMonth);
        // and the words residents use are there: most of them name 广场舞, 游园, 休闲 or 下棋
        long worded = cases.stream().filter(c -> c.get("社区").equals("远望社区") && "leisure_garden_yuanwang".equals(
                truthOf(c).get("story_id")) && Pattern.compile("广场舞|游园|休闲|下棋").matcher(c.get("诉求内容")).find()).count();
        long planted = truth.stream().filter(t -> t.get("story_id").equals("leisure_garden_yuanwang")).count();
        assertTrue(worded > 0.6 * planted, worded + " of " + planted);
    }

    private static final Map<String, Map<String, String>> TRUTH_BY_ID = new HashMap<>();

    private static Map<String, String> truthOf(Map<String, String> c) {
        if (TRUTH_BY_ID.isEmpty()) {
            synchronized (TRUTH_BY_ID) {
                truth.forEach(t -> TRUTH_BY_ID.put(t.get("case_id"), t));
            }
        }
        return TRUTH_BY_ID.get(c.get("件号"));
    }

    @Test
    void seasonalAndPandemicTopicsOnlyInTheirMonths() {
        for (Map<String, String> t : truth) {
            int moy = Integer.parseInt(t.get("received_month").substring(5));
            String y = t.get("received_month").substring(0, 4);
            switch (t.get("theme")) {
                case "heating" -> assertTrue(moy >= 11 || moy <= 2, t.toString());
                case "mosquito" -> assertTrue(moy >= 6 && moy <= 8, t.toString());
                case "vaccine" -> assertEquals("2021", y, t.toString());
                case "pandemic" -> assertTrue(t.get("received_month").compareTo("2020-02") >= 0
                        && t.get("received_month").compareTo("2020-04") <= 0, t.toString());
                default -> {
                }
            }
        }
        long pandemicFeb = truth.stream().filter(t -> t.get("theme").equals("pandemic") && t.get("received_month").equals("2020-02")).count();
        // planted 30% of the ordinary volume (1,323 cases) ≈ 397
        assertTrue(pandemicFeb > 300 && pandemicFeb < 500, "pandemic errands in Feb 2020: " + pandemicFeb);
    }

    @Test
    void slowDispatchCommunityIsClearlySlower() {
        Map<String, List<Double>> hours = new HashMap<>();
        for (Map<String, String> c : cases) {
            if (!c.get("派件时间").isEmpty()) {
                double h = Duration.between(ExportReader.time(c.get("收件时间")), ExportReader.time(c.get("派件时间"))).toMinutes() / 60.0;
                hours.computeIfAbsent(c.get("社区"), k -> new ArrayList<>()).add(h);
            }
        }
        double slow = median(hours.remove("新庄社区"));
        double othersMax = hours.values().stream().mapToDouble(SampleDistrictGeneratorTest::median).max().orElseThrow();
        // planted medians: 30 h against 2–6 h (× the priority mix) → at least 3× the slowest other community
        assertTrue(slow > 3 * othersMax, "新庄 " + slow + " h vs others up to " + othersMax + " h");
    }

    @Test
    void lowSatisfactionCommunityIsClearlyLessSatisfied() {
        Map<String, int[]> sat = new HashMap<>();
        int unanswered = 0;
        int general = 0;
        for (Map<String, String> s : surveys) {
            int[] n = sat.computeIfAbsent(s.get("社区"), k -> new int[2]);
            switch (s.get("满意度")) {
                case "满意", "基本满意" -> {
                    n[0]++;
                    n[1]++;
                }
                case "不满意" -> n[1]++;
                default -> unanswered++;
            }
            if (s.get("件号").isEmpty()) {
                general++;
            }
        }
        double low = rate(sat.remove("上窑社区"));
        double othersMin = sat.values().stream().mapToDouble(SampleDistrictGeneratorTest::rate).min().orElseThrow();
        assertTrue(low < othersMin - 0.08, "上窑 " + low + " vs others from " + othersMin);
        assertTrue(unanswered > 0 && general > 0, "unanswered " + unanswered + ", general " + general);
    }

    @Test
    void satisfactionFallsWithLatenessAndWhenUnresolved() {
        Map<String, Map<String, String>> byId = new HashMap<>();
        cases.forEach(c -> byId.put(c.get("件号"), c));
        Map<String, Double> limit = Map.of("紧急", 24.0, "一般", 72.0, "复杂", 168.0);
        int[] late = new int[2];
        int[] onTime = new int[2];
        int[] unresolved = new int[2];
        int[] resolved = new int[2];
        for (Map<String, String> s : surveys) {
            Map<String, String> c = byId.get(s.get("件号"));
            if (c == null || s.get("满意度").isEmpty()) {
                continue;
            }
            int diss = s.get("满意度").equals("不满意") ? 1 : 0;
            int[] byStatus = c.get("办理状态").equals("未解决") ? unresolved : resolved;
            byStatus[0] += diss;
            byStatus[1]++;
            double hours = Duration.between(ExportReader.time(c.get("收件时间")), ExportReader.time(c.get("办结时间"))).toMinutes() / 60.0;
            int[] bySpeed = hours > 2 * limit.get(c.get("紧急程度")) ? late : hours <= limit.get(c.get("紧急程度")) ? onTime : null;
            if (bySpeed != null && c.get("办理状态").equals("已办结")) {
                bySpeed[0] += diss;
                bySpeed[1]++;
            }
        }
        // score 3.3 (−2.2 when unresolved, −0.6·ln(hours/limit) when late): P(不满意) = 1/(1+e^score)
        // ≈ 3.6% on time; ≥ 5.8% at twice the limit; 25% unresolved → ask for 1.3× and 3×
        double lateRate = late[0] / (double) late[1];
        double onTimeRate = onTime[0] / (double) onTime[1];
        assertTrue(lateRate > 1.3 * onTimeRate, "不满意 late " + lateRate + " vs on time " + onTimeRate);
        double unresolvedRate = unresolved[0] / (double) unresolved[1];
        double resolvedRate = resolved[0] / (double) resolved[1];
        assertTrue(unresolvedRate > 3 * resolvedRate, "不满意 unresolved " + unresolvedRate + " vs resolved " + resolvedRate);
    }

    @Test
    void mostClosedCasesAreSurveyed() {
        Set<String> surveyed = new HashSet<>();
        surveys.forEach(s -> surveyed.add(s.get("件号")));
        int closedEarly = 0;
        int withSurvey = 0;
        for (Map<String, String> c : cases) {
            LocalDateTime res = ExportReader.time(c.get("办结时间"));
            if (res != null && res.isBefore(AS_OF.minusDays(30))) {
                closedEarly++;
                if (surveyed.contains(c.get("件号"))) {
                    withSurvey++;
                }
            }
        }
        // 85% of resolved and 70% of unresolved cases are surveyed, almost all within 30 days
        double share = withSurvey / (double) closedEarly;
        assertTrue(share > 0.75 && share < 0.92, "surveyed share " + share);
    }

    @Test
    void rawPhoneNumbersOnlyInThePhoneColumnsAndSomeDescriptions() {
        Pattern mobile = Pattern.compile("1[3-9]\\d{9}");
        int inDescription = 0;
        for (Map<String, String> c : cases) {
            assertTrue(c.get("联系电话").isEmpty() || mobile.matcher(c.get("联系电话")).matches(), c.get("联系电话"));
            if (PiiMasker.containsPii(c.get("诉求内容"))) {
                inDescription++;
            }
            for (String col : List.of("标题", "地址", "办理结果", "类别", "网格")) {
                assertFalse(PiiMasker.containsPii(c.get(col)), col + " of " + c.get("件号") + ": " + c.get(col));
            }
        }
        // 8% of resident-raised cases (about 3/4 of all) carry a number in the text → about 6%
        double share = inDescription / (double) cases.size();
        assertTrue(share > 0.02 && share < 0.1, "descriptions with a phone number: " + share);
        for (Map<String, String> s : surveys) {
            assertFalse(PiiMasker.containsPii(s.get("意见")));
        }
    }

    @Test
    void descriptionsAreVariedAndColloquial() {
        Set<String> distinct = new HashSet<>();
        Map<String, Set<String>> titlesByFamily = new HashMap<>();
        boolean slang = false;
        for (Map<String, String> c : cases) {
            distinct.add(c.get("诉求内容"));
            titlesByFamily.computeIfAbsent(truthOf(c).get("topic_family"), k -> new HashSet<>()).add(c.get("标题"));
            slang |= c.get("诉求内容").contains("小电驴") || c.get("诉求内容").contains("电驴");
        }
        assertTrue(distinct.size() > cases.size() * 0.6, distinct.size() + " distinct descriptions of " + cases.size());
        titlesByFamily.forEach((f, t) -> assertTrue(t.size() >= 4, f + " has titles " + t));
        assertEquals(TopicFamily.values().length, titlesByFamily.size());
        assertTrue(slang);
        assertTrue(cases.stream().anyMatch(c -> c.get("类别").isEmpty()), "some 类别 blank");
    }

    @Test
    @SuppressWarnings("unchecked")
    void manifestListsTheStories() {
        assertEquals(20200101, ((Number) manifest.get("seed")).intValue());
        assertEquals("2021-09-05 10:00:00", manifest.get("as_of"));
        List<Map<String, Object>> stories = (List<Map<String, Object>>) manifest.get("stories");
        Map<String, Map<String, Object>> byId = new HashMap<>();
        stories.forEach(s -> byId.put((String) s.get("id"), s));
        assertEquals(Set.of("ebike_hancheng", "illegal_building_juren", "leisure_garden_yuanwang", "pandemic_errands",
                "heating_season", "mosquito_summer", "vaccine_2021", "slow_dispatch", "low_satisfaction"), byId.keySet());
        Map<String, Object> ebike = byId.get("ebike_hancheng");
        assertEquals("瀚城社区", ebike.get("community"));
        assertEquals("2021-04", ebike.get("fix_month"));
        assertEquals("瀚城花园", ebike.get("address"));
        assertEquals("2020-03", ebike.get("first_month"));
        assertEquals("居仁村二区", byId.get("illegal_building_juren").get("address"));
        assertEquals(List.of("2020-02", "2020-03", "2020-04"), byId.get("pandemic_errands").get("months_active"));
        assertEquals(List.of("2020-01", "2020-02", "2020-11", "2020-12", "2021-01", "2021-02"),
                byId.get("heating_season").get("months_active"));
        assertEquals("新庄社区", manifest.get("slow_dispatch_community"));
        // cases_in_data agrees with the truth file
        for (Map<String, Object> s : stories) {
            if (s.get("cases_in_data") != null) {
                long n = truth.stream().filter(t -> t.get("story_id").equals(s.get("id"))).count();
                assertEquals(n, ((Number) s.get("cases_in_data")).longValue(), (String) s.get("id"));
            }
        }
        assertNull(manifest.get("nothing"));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double rate(int[] n) {
        return n[0] / (double) n[1];
    }
}
