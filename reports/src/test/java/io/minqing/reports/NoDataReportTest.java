package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Lake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack on a lake without surveys ({@link SampleMarts#buildWithoutSurveys}: the sample lake with every survey
 * dropped) and for its running month 2021-09 (no case yet at the as-of 2021-09-05 09:13): no empty chart, no absurd
 * axis tick, and every gap says why — 无测评数据 / 无收件, not 件数不足 for a community with 40 cases.
 */
class NoDataReportTest {

    @TempDir
    static Path tmp;
    static ReportJob.Result august;
    static ReportJob.Result running;
    static Document aug;
    static Document sep;

    @BeforeAll
    static void render() throws Exception {
        Path lake = tmp.resolve("lake");
        SampleMarts.buildWithoutSurveys(lake);
        august = new ReportJob(new ReportJob.Config(YearMonth.of(2021, 8), new Lake(lake), tmp.resolve("out")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        running = new ReportJob(new ReportJob.Config(YearMonth.of(2021, 9), new Lake(lake), tmp.resolve("out")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        aug = Jsoup.parse(august.index().toFile());
        sep = Jsoup.parse(running.index().toFile());
    }

    private static Set<String> charts(ReportJob.Result r) throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(r.dir().resolve("charts"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).forEach(n -> names.add(n.replace(".png", "")));
        }
        return names;
    }

    @Test
    void withoutSurveysOnlyTheChartsWithDataAreDrawnAndTheGapsSayWhy() throws Exception {
        // no ranking chart (no composite), no survey funnels; the case-based funnels, KM, trend and channels are there
        assertEquals(new TreeSet<>(List.of("funnel_on_time", "funnel_response", "km", "trend", "channels", "proactive", "heatmap")),
                charts(august));
        assertNull(aug.selectFirst("#ranking svg"), "no empty ranking chart");
        assertEquals("综合得分图：本月无测评数据，没有社区有综合得分，不作图。", aug.selectFirst("#ranking .nodata").text());
        for (String stem : List.of("resolution", "satisfaction")) {
            Element box = aug.selectFirst("#funnel div[data-metric=" + stem + "]");
            assertNull(box.selectFirst("svg"), stem);
            assertTrue(box.selectFirst(".nodata").text().endsWith("无测评数据，本月不作漏斗图。"), box.text());
        }
        for (String stem : List.of("response", "on_time")) {
            assertNotNull(aug.selectFirst("#funnel div[data-metric=" + stem + "] svg"), stem);
        }
    }

    @Test
    void withoutSurveysTheRankingFallsBackAndGivesTheRightReason() throws Exception {
        String fallback = aug.selectFirst("#ranking-fallback").text();
        assertEquals("本月没有社区可参与综合排名（无测评数据、件数不足）。下表按按期办结率（收缩估计）由高到低排列，仅供参考，不是正式名次。",
                fallback);
        // ordered by on_time_rate_eb: 居南 0.80, 新庄 0.77, 远望 0.76
        assertEquals(List.of(SampleMarts.JUNAN, SampleMarts.XINZHUANG, SampleMarts.YUANWANG),
                aug.select("#ranking-table tbody tr").eachAttr("data-community"));
        // 40 and 30 cases: the reason is the missing surveys, not the volume; 5 cases: too few
        assertEquals("不排名（无测评数据）", aug.selectFirst("#ranking-table tr[data-community=居南社区] td.rank").text());
        assertEquals("无测评数据", aug.selectFirst("#ranking-table tr[data-community=远望社区] .tag").text());
        assertEquals("件数不足", aug.selectFirst("#ranking-table tr[data-community=新庄社区] .tag").text());
        // an undefined rate says why under its dash
        assertEquals("—无测评数据", aug.selectFirst("#ranking-table tr[data-community=居南社区] td.resolution").text());
        assertEquals("90.0%", aug.selectFirst("#ranking-table tr[data-community=居南社区] td.response").ownText());
        String keys = aug.selectFirst("#keypoints").text();
        assertTrue(keys.contains("本月无测评数据，解决率、满意率和综合得分无法计算"), keys);
        assertTrue(keys.contains("2 个社区无测评数据、1 个社区件数不足，不参与综合排名"), keys);
        assertFalse(keys.contains("综合得分前三"), keys);
        Document junan = page(august, "居南社区");
        assertEquals("本月不参与排名（无测评数据）。", junan.selectFirst(".rankline").text());
        assertTrue(junan.selectFirst("#nodata").text().startsWith("本月无测评数据：解决率、满意率和综合得分无法计算"));
        // community trends: the two case rates are drawn, the survey rates and the composite say why they are not
        assertNotNull(junan.selectFirst("#trends div[data-metric=response] svg"));
        assertNull(junan.selectFirst("#trends div[data-metric=resolution] svg"));
        assertEquals("解决率：近 12 个月无测评数据，不作图。", junan.selectFirst("#trends div[data-metric=resolution] .nodata").text());
        assertNull(junan.selectFirst("#trends div[data-metric=composite] svg"));
    }

    @Test
    void theRunningMonthIsLabelledAndHasNoEmptyChart() throws Exception {
        assertTrue(sep.selectFirst("#partial").text().startsWith("本考核月尚未结束（统计截止 2021-09-05 09:13）"), sep.selectFirst("#partial").text());
        String keys = sep.selectFirst("#keypoints").text();
        assertTrue(keys.startsWith("本月无收件，本月无测评数据"), keys);
        // nothing to test, so no "nobody is significantly low" either
        assertTrue(keys.contains("本月没有可与全区比较的比例（无收件、无测评数据），不作显著性检验。"), keys);
        assertFalse(keys.contains("四率均没有社区显著低于全区"), keys);
        assertEquals("无收件", sep.selectFirst(".card[data-metric=volume] .value").text());
        assertEquals("月份未完，不作环比/同比", sep.selectFirst(".card[data-metric=volume] .cmp").text());
        // no case and no survey in the month: no funnel, no KM, no ranking, no heat map; the 12-month trend and the
        // channel mix still have the earlier months
        assertEquals(new TreeSet<>(List.of("trend", "channels", "proactive")), charts(running));
        assertEquals("响应率：无收件，本月不作漏斗图。", sep.selectFirst("#funnel div[data-metric=response] .nodata").text());
        assertEquals("办结用时曲线：本月无收件，不作图。", sep.selectFirst("#timeliness .nodata").text());
        // no empty tables either: the channel counts, the topic table and the community × topic table say why instead
        assertNull(sep.selectFirst("table.channels"));
        assertNull(sep.selectFirst("table.topics"));
        assertNull(sep.selectFirst("#heatmap"));
        assertEquals(List.of("本月渠道：本月无收件，不列表。", "本月诉求主题：本月无收件，不列主题表与社区 × 主题表。",
                "快递员与协办单位：本月无收件，不列表。"),
                sep.select(".nodata-table").eachText());
        for (Element t : sep.select("table")) {
            assertFalse(t.select("tbody tr").isEmpty(), "an empty table: " + t.className() + t.id());
        }
        assertEquals("不排名（无收件）", sep.selectFirst("#ranking-table tr[data-community=居南社区] td.rank").text());
        assertEquals("—无收件", sep.selectFirst("#ranking-table tr[data-community=居南社区] td.response").text());
        // the charts' source line says the month is running; the district trend has no value for it (no case, no
        // survey), so its axis ends at August and no star is explained that is not there
        String trend = Files.readString(running.dir().resolve("charts/trend.svg"));
        assertTrue(trend.contains("2021-09（未完，临时数）"), "the source line marks the running month");
        assertFalse(trend.contains("9月*"));
        assertFalse(trend.contains("* 进行中的月份"));
        // 超期未办结 at the cut-off (the running month's end is not reached): the three open overdue cases
        assertEquals(List.of("JN-0001", "JN-0002", "XZ-0001"), sep.select("#overdue-table td.case").eachText());
        assertEquals("3", sep.selectFirst(".card[data-metric=open_overdue] .value").text());
        Document junan = page(running, "居南社区");
        assertNotNull(junan.selectFirst("#partial"));
        assertEquals("本月不参与排名（无收件）。", junan.selectFirst(".rankline").text());
        // the community's 响应率 trend runs to the running month, starred on its axis and explained under the chart
        String svg = junan.selectFirst("#trends div[data-metric=response] svg").text();
        assertTrue(svg.contains("9月*") && svg.contains("* 进行中的月份，临时数"), svg);
        assertNull(junan.selectFirst("#timeliness svg, section#trends > figure svg"), "no KM chart without cases");
        String csv = Files.readString(running.dir().resolve("tables").resolve(CsvTables.RANKING));
        assertTrue(csv.contains("2021-09,否（进行中，临时数）"), csv);
    }

    @Test
    void noAxisTickRepeatsExceedsOneHundredPercentOrReadsMinusZero() throws Exception {
        for (ReportJob.Result r : List.of(august, running)) {
            try (Stream<Path> s = Files.list(r.dir().resolve("charts"))) {
                for (Path svg : s.filter(p -> p.toString().endsWith(".svg")).toList()) {
                    List<String> ticks = percentTexts(Files.readString(svg));
                    assertEquals(ticks.size(), new TreeSet<>(ticks).size(), "repeated tick labels in " + svg + ": " + ticks);
                    for (String t : ticks) {
                        assertFalse(t.startsWith("-") || t.startsWith("−"), "negative tick " + t + " in " + svg);
                        assertTrue(Integer.parseInt(t.replaceAll("[^0-9]", "")) <= 100, "tick " + t + " in " + svg);
                    }
                }
            }
        }
    }

    /** The texts of an SVG that are a bare percentage (the axis tick labels). */
    static List<String> percentTexts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(">\\s*([-−]?\\d+(?:\\.\\d+)?%)\\s*</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Document page(ReportJob.Result r, String community) throws Exception {
        return Jsoup.parse(r.dir().resolve("community").resolve(community + ".html").toFile());
    }
}
