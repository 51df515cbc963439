package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Lake;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the pack from the hand-made marts of {@link SampleMarts} and reads the numbers back from every output. */
class ReportJobTest {

    @TempDir
    static Path tmp;
    static ReportJob.Result result;
    static Document index;
    static String indexHtml;

    @BeforeAll
    static void render() throws Exception {
        Path lake = tmp.resolve("lake");
        SampleMarts.build(lake);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        result = new ReportJob(new ReportJob.Config(SampleMarts.MONTH, new Lake(lake), tmp.resolve("out")),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        indexHtml = Files.readString(result.index());
        index = Jsoup.parse(indexHtml);
    }

    private static Element rankingRow(Document d, String community) {
        Element row = d.selectFirst("#ranking-table tr[data-community=" + community + "]");
        assertNotNull(row, community);
        return row;
    }

    private static String cell(Element row, String cls) {
        return row.selectFirst("td." + cls).ownText().strip();
    }

    @Test
    void packLandsInTheMonthFolder() {
        assertEquals(tmp.resolve("out").resolve("2021-08").toAbsolutePath(), result.dir());
        assertTrue(Files.isRegularFile(result.docx()));
        assertEquals("民情分析会-2021-08.docx", result.docx().getFileName().toString());
        assertEquals(3, result.communityPages());
        assertFalse(Files.exists(tmp.resolve("out").resolve(".2021-08.tmp-" + ProcessHandle.current().pid())));
    }

    @Test
    void rankingTableShowsTheMartValues() {
        Element junan = rankingRow(index, SampleMarts.JUNAN);
        assertEquals("1", cell(junan, "rank"));
        assertEquals("1–2", cell(junan, "rank-range"));
        assertEquals("▲1", junan.selectFirst("td.rank-change").text()); // last month 2, now 1
        assertEquals("40", cell(junan, "volume"));
        assertEquals("90.0%", cell(junan, "response"));                 // 36/40
        assertEquals("77.0–96.0", junan.selectFirst("td.response .ci").text());
        assertEquals("36/40", junan.selectFirst("td.response").attr("title"));
        assertEquals("81.1%", cell(junan, "on_time"));                  // 30/37 = 0.81081
        assertEquals("80.0%", cell(junan, "resolution"));               // 20/25
        assertEquals("90.0%", cell(junan, "satisfaction"));             // 21.6/24
        assertEquals("21.6/24", junan.selectFirst("td.satisfaction").attr("title"));
        assertEquals("85.0%", cell(junan, "composite"));
        assertEquals("84.0%", cell(junan, "score"));
        assertEquals("78.0–89.0", junan.selectFirst("td.score .ci").text());

        Element yuanwang = rankingRow(index, SampleMarts.YUANWANG);
        assertEquals("▼1", yuanwang.selectFirst("td.rank-change").text()); // last month 1, now 2
        assertEquals("77.9%", cell(yuanwang, "composite"));
        assertTrue(yuanwang.selectFirst("td.resolution").text().contains("偏低"), "low_95 funnel zone is marked");

        Element small = rankingRow(index, SampleMarts.XINZHUANG);
        assertTrue(small.hasClass("unranked"));
        assertEquals("不排名（件数不足）", small.selectFirst("td.rank").text());
        assertEquals("5", cell(small, "volume"));
        assertEquals("100.0%", cell(small, "response"));
        // ranked first, then the small community last: it is shown, not hidden
        List<String> order = index.select("#ranking-table tbody tr").eachAttr("data-community");
        assertEquals(List.of(SampleMarts.JUNAN, SampleMarts.YUANWANG, SampleMarts.XINZHUANG), order);
    }

    @Test
    void overviewCardsCarryValuesAndChanges() throws Exception {
        Element volume = index.selectFirst(".card[data-metric=volume]");
        assertEquals("75", volume.selectFirst(".value").text());
        assertEquals("环比 ▲+25.0% · 同比 —", volume.selectFirst(".cmp").text()); // cases_mom 0.25, yoy null
        Element response = index.selectFirst(".card[data-metric=response]");
        assertEquals("86.7%", response.selectFirst(".value").text());           // 65/75 = 0.8667
        assertTrue(response.selectFirst(".cmp").text().startsWith("环比 ▲+2.5个百分点"), response.text());
        assertTrue(response.selectFirst(".def").text().startsWith("65/75"), response.text());
        Element composite = index.selectFirst(".card[data-metric=composite]");
        assertEquals("82.6%", composite.selectFirst(".value").text());
        assertEquals("环比 ▼−1.2个百分点 · 同比 ▲+3.1个百分点", composite.selectFirst(".cmp").text());
        assertEquals("down", composite.selectFirst(".cmp span").className());
        assertEquals("2.5天", index.selectFirst(".card[data-metric=km_p50] .value").text()); // 60 h
        assertEquals("33.3%", index.selectFirst(".card[data-metric=proactive] .value").text());
        String keys = index.selectFirst("#keypoints").text();
        assertTrue(keys.contains("综合得分前三：居南社区、远望社区"), keys);
        assertTrue(keys.contains("1 个社区件数不足，不参与综合排名"), keys);
        // every flag, lows first, the 99.8% one (★) before the 95% one, each with its count and the district rate
        // (the funnel's target) it was tested against; then every high
        assertTrue(keys.contains("显著低于全区（精确检验，双侧 p < 0.05，★ 为 p < 0.002；最差的在前）：远望社区按期办结率 75.0%★"
                + "（18/24，全区 78.5%）、远望社区解决率 75.0%（15/20，全区 80.0%）。"), keys);
        assertTrue(keys.contains("显著高于全区：新庄社区满意率 95.0%（1.9/2，全区 80.0%）。"), keys);
        // one overdue figure: backlog_overdue_count 3 = the list (JN-0001, JN-0002, XZ-0001), in summary and cards
        assertTrue(keys.contains("超期未办结 3 件（月末仍未办结且已过办理时限，不论收件月份），较多的是 居南社区 2 件、新庄社区 1 件"), keys);
        assertEquals("3", index.selectFirst(".card[data-metric=open_overdue] .value").text());
        assertEquals("其中本月收件 2 件（截至统计时点）", index.selectFirst(".card[data-metric=open_overdue] .cmp").text());
        assertEquals("其中超期未办结 3", index.selectFirst(".card[data-metric=backlog] .cmp").text());
        assertEquals(3, index.select("#overdue-table tbody tr[data-community]").size());
        // … and the same 3 in the handout's 督办清单 and the CSV list (header + 3 rows)
        try (InputStream in = Files.newInputStream(result.docx()); XWPFDocument doc = new XWPFDocument(in)) {
            String text = doc.getParagraphs().stream().map(x -> x.getText()).collect(java.util.stream.Collectors.joining("\n"));
            assertTrue(text.contains("不论收件月份）共 3 件：居南社区 2 件，新庄社区 1 件。"), text);
        }
        String overdueCsv = Files.readString(result.dir().resolve("tables").resolve(CsvTables.OVERDUE), StandardCharsets.UTF_8).substring(1);
        try (CSVParser csv = CSVParser.parse(overdueCsv, CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertEquals(3, csv.getRecords().size());
        }
        assertTrue(keys.contains("每月一题候选 2 项，首位：居南社区 · 淮河新村 · 电动车充电（近 6 个月中 4 个月超常，本月 9 件）"), keys);
    }

    @Test
    void everySectionIsThereAndNothingIsExternal() {
        for (String id : HtmlReport.SECTIONS.keySet()) {
            assertNotNull(index.getElementById(id), "section " + id);
        }
        assertTrue(index.select("script").isEmpty(), "no script element at all");
        assertTrue(index.select("img[src], link[href], iframe").isEmpty(), "self-contained");
        assertTrue(index.select("#ranking svg, #funnel svg, #timeliness svg, #channels svg").size() >= 6);
        // SVG clip ids stay unique across the inlined charts
        List<String> ids = index.select("svg [id]").eachAttr("id");
        assertEquals(ids.size(), ids.stream().distinct().count(), "duplicate ids in inline SVG");
    }

    @Test
    void overdueListEscapesAndMasksText() throws Exception {
        List<Element> rows = index.select("#overdue-table tbody tr[data-community]");
        // 居南 JN-0001 (11.5 days), JN-0002 (1.0 day), 新庄 XZ-0001 (2021-07-16 09:00 → 2021-09-01 00:00 = 46.625 days)
        assertEquals(List.of("JN-0001", "JN-0002", "XZ-0001"), rows.stream().map(r -> r.selectFirst("td.case").text()).toList());
        assertEquals(List.of("11.5 天", "1.0 天", "46.6 天"), rows.stream().map(r -> r.selectFirst("td.days").text()).toList());
        assertEquals(List.of("居南社区（2 件）", "新庄社区（1 件）"), index.select("#overdue-table tr.group").eachText());
        String text = rows.get(0).selectFirst("td.text").text();
        assertTrue(text.startsWith("<script>alert('x')</script>楼道电动车充电 联系138****5678"), text);
        for (Path f : allFiles()) {
            if (f.toString().endsWith(".html") || f.toString().endsWith(".csv") || f.toString().endsWith(".svg")) {
                String s = Files.readString(f);
                assertFalse(s.contains("13812345678"), "raw phone in " + f);
                assertFalse(s.contains("340402199001011234"), "raw ID number in " + f);
                if (!f.toString().endsWith(".csv")) { // CSV is plain text: there the title is data, shown as written
                    assertFalse(s.contains("<script>"), "unescaped script in " + f);
                }
            }
        }
    }

    @Test
    void recurringIssuesShowEvidenceAndMaskedExamples() {
        Element issue = index.selectFirst("#recurring .issue");
        assertEquals(SampleMarts.JUNAN, issue.attr("data-community"));
        assertEquals("1. 居南社区 · 淮河新村 · 电动车充电 反复出现且上升", issue.selectFirst("h3").text());
        String ev = issue.selectFirst(".evidence").text();
        assertTrue(ev.startsWith("近 6 个月中 4 个月超常（自 2021-04 起）；本月 9 件，期望 2.5 件，泊松 p = 0.001，CUSUM 6.31（阈值 4.00）"), ev);
        assertTrue(ev.contains("逐月件数：2021-03:1，2021-04:5"), ev);
        List<String> examples = issue.select("ul.examples li").eachText();
        assertEquals(2, examples.size());
        assertTrue(examples.get(1).contains("身份证340402********1234的居民反映"), examples.get(1));
        assertEquals("远望社区 · 违章搭建：自 2021-07 起不再超常", index.selectFirst("#recurring ul.stopped li").text());
        // the estate cluster rule reads as 小区聚集 and shows its own test: p and the multiple-testing level
        Element cluster = index.select("#recurring .issue").get(1);
        assertEquals("2. 远望社区 · 远望花园 · 违章搭建 小区聚集", cluster.selectFirst("h3").text());
        String cev = cluster.selectFirst(".evidence").text();
        assertTrue(cev.contains("小区聚集检验：按其他社区该主题的占比，本小区本月偶然出现 4 件及以上的概率 p < 0.001（多重检验阈值 0.00020）"), cev);
        assertFalse(ev.contains("小区聚集检验"), "rows without a cluster test show none: " + ev);
    }

    @Test
    void topicsHeatMapAndTopTopics() {
        List<Element> top = index.select("table.topics tbody tr");
        assertEquals(List.of("电动车充电", "违章搭建", "噪音扰民"), top.stream().map(r -> r.child(0).text()).toList());
        assertEquals("15", top.get(0).child(1).text());   // 12 + 3 + 0
        assertEquals("20.0%", top.get(0).child(2).text()); // 15 / 75
        assertEquals("9", top.get(0).child(3).text());     // July
        Element heat = index.selectFirst("#heatmap tr[data-community=" + SampleMarts.JUNAN + "] td[data-topic=1]");
        assertEquals("12", heat.text());
        assertTrue(heat.attr("style").contains("color:#fff"), "the largest cell is dark with white text");
        assertEquals("", index.selectFirst("#heatmap tr[data-community=" + SampleMarts.XINZHUANG + "] td[data-topic=1]").text());
    }

    @Test
    void handlersDepartmentsAndQuality() {
        List<Element> handlers = index.select("table.handlers tbody tr");
        assertEquals(List.of("网格员", "退休党员"), handlers.stream().map(r -> r.child(0).text()).toList());
        assertEquals("83.3%", handlers.get(0).selectFirst("td.on_time").ownText()); // 30/36
        List<Element> deps = index.select("table.departments tbody tr");
        assertEquals("（该层级全部）", deps.get(0).child(1).text());
        assertEquals("城管", deps.get(1).child(1).text());
        assertEquals("50.0%", deps.get(1).selectFirst("td.on_time").ownText());
        Element totals = index.selectFirst("table.quality.totals tbody tr");
        assertEquals(List.of("全部文件", "1,010", "1,000", "10"), totals.children().stream().limit(4).map(Element::text).toList());
        List<String> reasons = index.select("table.quality.reasons tbody tr").stream()
                .map(r -> r.child(0).text() + "=" + r.child(3).text()).toList();
        assertEquals(List.of("UNKNOWN_COMMUNITY=7", "MISSING_REQUIRED=3"), reasons);
        assertTrue(index.selectFirst("table.quality.totals").text().contains("入库件中缺少派件时间：40 / 800（5.0%）"));
        assertTrue(index.selectFirst("table.quality.files").text().contains("GB18030"));
        // the cases staged at the default place (unspecified_place 12; 14 records named no place, 2 of them rejected),
        // control characters (2 + 1) and the missing 办结时间 column
        String q = index.selectFirst("table.quality.totals").text();
        assertTrue(q.contains("照常入库：12 件"), q);
        assertTrue(q.contains("含控制字符（NUL、ESC 等）的取值 3 个"), q);
        assertTrue(q.contains("导入配置映射、但文件中没有的列（其取值为空）：cases.csv: resolved_at (办结时间)"), q);
        assertTrue(index.selectFirst("table.quality.files").text().contains("缺少列 resolved_at (办结时间)"));
    }

    @Test
    void stackedTablesNameEachCellByItsColumn() throws Exception {
        // on a phone (report.css, table.stack) the header row is hidden and a cell is named by its data-h, so that
        // name must be its column's header: 数据质量 and 指标说明 on the district page, 本社区情况 on a community page
        Document junan = Jsoup.parse(result.dir().resolve("community").resolve("居南社区.html").toFile());
        List<Element> tables = new ArrayList<>(index.select("table.stack"));
        tables.addAll(junan.select("table.stack"));
        assertEquals(List.of("quality", "quality", "quality", "definitions", "compare"),
                tables.stream().map(t -> t.classNames().iterator().next()).toList());
        for (Element table : tables) {
            List<String> heads = table.select("thead th").eachText();
            assertTrue(heads.size() >= 5, heads.toString());
            for (Element row : table.select("tbody tr")) {
                assertEquals(heads.size(), row.childrenSize());
                assertEquals("", row.child(0).attr("data-h"), "the first cell heads the block");
                for (int c = 1; c < heads.size(); c++) {
                    assertEquals(heads.get(c), row.child(c).attr("data-h"), table.className() + " column " + heads.get(c));
                }
            }
        }
        // by hand: 满意率's own value is named 本社区, its count pair 分子/分母, the district's figure 全区
        Element sat = junan.selectFirst("#compare tr[data-metric=satisfaction]");
        assertEquals(List.of("", "本社区", "95%区间", "分子/分母", "环比", "同比", "全区", "社区中位数"),
                sat.children().stream().map(e -> e.attr("data-h")).toList());
    }

    @Test
    void communityPagesCompareWithDistrictAndMedian() throws Exception {
        List<String> links = index.select("#ranking-table td.community a").eachAttr("href");
        assertEquals(3, links.size());
        for (String href : links) {
            Path page = result.dir().resolve(java.net.URLDecoder.decode(href, StandardCharsets.UTF_8));
            assertTrue(Files.isRegularFile(page), href);
        }
        Document junan = Jsoup.parse(result.dir().resolve("community").resolve("居南社区.html").toFile());
        assertEquals("综合排名 第 1 名 / 共 2 个参与排名的社区（95% 可能名次 1–2），较上月 ▲1。", junan.selectFirst(".rankline").text());
        Element resolution = junan.selectFirst("#compare tr[data-metric=resolution]");
        assertEquals("80.0%", resolution.selectFirst(".own").text());            // equal to the median: no marker
        assertEquals("78.7%", resolution.selectFirst(".district").text());       // 37/47
        assertEquals("80.0%", resolution.selectFirst(".median").text());         // median(0.80, 0.75, 1.00)
        assertEquals("30", junan.selectFirst("#compare tr[data-metric=volume] .median").text()); // median(40, 30, 5)
        assertEquals("84.0% 78.0–89.0", junan.selectFirst("#compare tr[data-metric=rank_score]").select(".own, td:eq(2)").eachText().stream().reduce((a, b) -> a + " " + b).orElse(""));
        // 按期办结率: 30/37 = 81.1% against median(0.811, 0.75, 0.75) = 75.0%
        // no interval in the fixture for 按期办结率, so nothing shows the median outside it: grey, not green
        assertEquals("81.1% 高于中位数", junan.selectFirst("#compare tr[data-metric=on_time] .own").text());
        assertEquals("flat", junan.selectFirst("#compare tr[data-metric=on_time] .own span").className());
        assertEquals("75.0%", junan.selectFirst("#compare tr[data-metric=on_time] .median").text());
        Document yuanwang = Jsoup.parse(result.dir().resolve("community").resolve("远望社区.html").toFile());
        // 响应率 against the median community 90.0% (median of 0.9, 0.8, 1.0): 远望 80.0% with the interval 67.0–86.0
        // below it → red; 新庄 100% with 87.0–100.0 holding it → grey
        assertEquals("80.0% 低于中位数", yuanwang.selectFirst("#compare tr[data-metric=response] .own").text());
        assertEquals("down", yuanwang.selectFirst("#compare tr[data-metric=response] .own span").className());
        Document small = Jsoup.parse(result.dir().resolve("community").resolve("新庄社区.html").toFile());
        assertEquals("100.0% 高于中位数", small.selectFirst("#compare tr[data-metric=response] .own").text());
        assertEquals("flat", small.selectFirst("#compare tr[data-metric=response] .own span").className());
        // 远望 解决率 is flagged low by the exact test (red); below the median 80.0% but with no interval to show it: grey
        assertEquals("75.0% 显著低于全区 低于中位数", yuanwang.selectFirst("#compare tr[data-metric=resolution] .own").text());
        assertEquals(List.of("down", "flat"), yuanwang.select("#compare tr[data-metric=resolution] .own span").eachAttr("class"));
        assertTrue(yuanwang.selectFirst(".rankline").text().contains("较上月 ▼1"));
        // the headline 超期未办结 is the mart's backlog_overdue_count and equals the length of the page's own list
        assertEquals(List.of("JN-0001", "JN-0002"), junan.select("#overdue-table td.case").eachText());
        assertEquals("2", junan.selectFirst("#compare tr[data-metric=open_overdue] .own").text());
        Document xinzhuang = Jsoup.parse(result.dir().resolve("community").resolve("新庄社区.html").toFile());
        assertEquals(List.of("XZ-0001"), xinzhuang.select("#overdue-table td.case").eachText()); // received in July
        assertEquals("1", xinzhuang.selectFirst("#compare tr[data-metric=open_overdue] .own").text());
        assertEquals("0", xinzhuang.selectFirst("#compare tr[data-metric=open_overdue_cohort] .own").text());
        assertEquals(1, junan.select("#recurring .issue").size());
        assertEquals("../index.html", junan.selectFirst("header a").attr("href"));
        assertTrue(junan.select("svg").size() >= 3);
    }

    @Test
    void csvTablesAreExcelReadyAndEqualTheMarts() throws Exception {
        Path csv = result.dir().resolve("tables").resolve(CsvTables.RANKING);
        byte[] bytes = Files.readAllBytes(csv);
        assertEquals((byte) 0xEF, bytes[0]);
        assertEquals((byte) 0xBB, bytes[1]);
        assertEquals((byte) 0xBF, bytes[2]);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertTrue(text.contains("\r\n"));
        try (CSVParser p = CSVParser.parse(text, CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = p.getRecords();
            assertEquals(3, rows.size());
            CSVRecord junan = rows.get(0);
            assertEquals("居南社区", junan.get("社区"));
            assertEquals("1", junan.get("排名"));
            assertEquals("36", junan.get("响应率分子"));
            assertEquals("40", junan.get("响应率分母"));
            assertEquals(0.9, Double.parseDouble(junan.get("响应率")), 1e-12);
            assertEquals(21.6, Double.parseDouble(junan.get("满意率分子")), 1e-12);
            assertEquals(0.85, Double.parseDouble(junan.get("综合得分")), 1e-12);
            assertEquals("否", rows.get(2).get("参与排名"));
            assertEquals("below_min_volume", rows.get(2).get("未排名原因"));
            assertEquals("", rows.get(2).get("排名"));
        }
        String overdue = Files.readString(result.dir().resolve("tables").resolve(CsvTables.OVERDUE));
        assertTrue(overdue.contains("138****5678"), overdue);
        assertTrue(overdue.contains("11.5"), overdue);
    }

    @Test
    void docxHasAnEditableRankingTableAndTheCharts() throws Exception {
        try (InputStream in = Files.newInputStream(result.docx()); XWPFDocument doc = new XWPFDocument(in)) {
            List<XWPFTable> tables = doc.getTables();
            assertEquals(4, tables.size()); // headline, ranking, 问题追踪, 指标说明
            XWPFTable ranking = tables.get(1);
            assertEquals(DocxHandout.RANKING_HEADER, ranking.getRow(0).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(List.of("1", "1–2", "居南社区", "40", "90.0%", "81.1%", "80.0%", "90.0%", "85.0%", "84.0% (78.0–89.0)"),
                    ranking.getRow(1).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals("不排名", ranking.getRow(3).getCell(0).getText());
            assertEquals("新庄社区※", ranking.getRow(3).getCell(2).getText());
            XWPFTable headline = tables.get(0);
            assertEquals(List.of("响应率", "86.7%", "65/75", "+2.5个百分点", "—"),
                    headline.getRow(2).getTableCells().stream().map(c -> c.getText()).toList());
            // the exact test's flags as in the HTML tags: 远望 按期办结率 and 解决率 low, 新庄 满意率 high
            assertEquals(List.of("75.0% ▼", "75.0% ▼"), List.of(ranking.getRow(2).getCell(5).getText(), ranking.getRow(2).getCell(6).getText()));
            assertEquals("95.0% ▲", ranking.getRow(3).getCell(7).getText());
            // ranking, the funnels with a flag (按期办结率, 解决率, 满意率; 响应率 has none), KM, trend
            assertEquals(6, doc.getAllPictures().size());
            String all = doc.getParagraphs().stream().map(p -> p.getText()).collect(Collectors.joining("\n"));
            assertTrue(all.contains("1. 居南社区 · 淮河新村 · 电动车充电（反复出现且上升）"), all);
            assertTrue(all.contains("超期未办结（月末仍未办结且已过办理时限，不论收件月份）共 3 件：居南社区 2 件，新庄社区 1 件。"), all);
            assertEquals(List.of("月末积压 / 其中超期未办结", "9 / 3", "", "", ""),
                    headline.getRow(7).getTableCells().stream().map(c -> c.getText()).toList());
            assertFalse(all.contains("13812345678"));
        }
    }

    @Test
    void docxHasHeadingStylesPageNumbersAndATableOfContents() throws Exception {
        try (InputStream in = Files.newInputStream(result.docx()); XWPFDocument doc = new XWPFDocument(in)) {
            // real heading styles, under Word's built-in names, kept with the next paragraph
            for (String[] st : new String[][] {{"Heading1", "heading 1"}, {"Heading2", "heading 2"}}) {
                org.apache.poi.xwpf.usermodel.XWPFStyle style = doc.getStyles().getStyle(st[0]);
                assertNotNull(style, "style " + st[0]);
                assertEquals(st[1], style.getName());
                assertTrue(style.getCTStyle().getPPr().isSetKeepNext(), st[0] + " keeps with next");
            }
            List<String> h1 = doc.getParagraphs().stream().filter(p -> "Heading1".equals(p.getStyle())).map(p -> p.getText()).toList();
            assertEquals(List.of("一、本月概况", "二、社区排名", "三、漏斗图与办理时效", "四、每月一题候选（反复出现的问题）",
                    "五、问题追踪", "六、督办清单（超期未办结）", "七、指标说明"), h1);
            List<String> h2 = doc.getParagraphs().stream().filter(p -> "Heading2".equals(p.getStyle())).map(p -> p.getText()).toList();
            assertEquals("1. 居南社区 · 淮河新村 · 电动车充电（反复出现且上升）", h2.get(0));
            assertEquals(2, h2.size(), h2.toString());

            String body = doc.getDocument().xmlText();
            assertTrue(body.contains("TOC \\o \"1-2\""), "a TOC field over heading levels 1–2");
            // the TOC's shown result lists every heading before Word updates it
            int toc = body.indexOf("TOC \\o");
            assertTrue(body.indexOf("七、指标说明", toc) > toc);
            String footer = doc.getFooterList().stream().map(f -> f._getHdrFtr().xmlText()).collect(Collectors.joining());
            assertTrue(footer.contains(" PAGE "), "a PAGE field in the footer: " + footer);
            assertTrue(footer.contains(" NUMPAGES "), footer);
            assertTrue(doc.getSettings().getCTSettings().isSetUpdateFields(), "Word updates the TOC's page numbers on opening");

            // captions say what the tables show: the ranking table has no Wilson intervals, only the score's interval
            String all = doc.getParagraphs().stream().map(p -> p.getText()).collect(Collectors.joining("\n"));
            assertFalse(all.contains("Wilson"), all);
            assertTrue(all.contains("最后一列括号内为排名得分的 95% 区间"), all);
            assertTrue(all.contains("表2 社区排名（2021年8月）"), all);
            XWPFTable defs = doc.getTables().get(3);
            assertEquals(List.of("指标", "公式", "分子", "分母", "统计窗口"),
                    defs.getRow(0).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(io.minqing.contract.marts.MetricDictionary.METRICS.size() + 1, defs.getNumberOfRows());
        }
    }

    @Test
    void definitionsAreTheMeetingSheetNotTheDevelopersDocument() {
        Element s = index.getElementById("definitions");
        List<String> names = s.select("#definitions-table tbody th").eachText();
        assertEquals(io.minqing.contract.marts.MetricDictionary.METRICS.stream().map(m -> m.name()).toList(), names);
        Element response = s.select("#definitions-table tbody tr").get(1);
        assertEquals(List.of("响应率", "分子 ÷ 分母", "按时响应的件：派件时限内派件，或未派件当场办结（即事即办）",
                "考核月收件中派件时限已到的件（尚在时限内的暂不计入）", "考核月收件，跟踪到统计截止"),
                response.select("th, td").eachText());
        String text = s.text();
        for (String dev : List.of("Spark", "mvn", "broadcast", "Benchmark", "DuckDB", "case_facts")) {
            assertFalse(text.contains(dev), "指标说明 mentions " + dev);
        }
    }

    @Test
    void issueTrackingListsEveryFlaggedEpisodeWithItsStart() throws Exception {
        // the sample's detector rows (SampleMarts): 居南社区 · 淮河新村 电动车充电 flagged for the first time in 2021-08
        // with its window's first elevated month 2021-04; 远望花园's one-month cluster; 远望社区 违章搭建 is stopped and
        // was never flagged in the rows given, so it is not an episode. No case_topics here: counts are not invented.
        List<Element> rows = index.select("#tracking-table tbody tr");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(List.of("居南社区 · 淮河新村", "电动车充电", "新出现", "2021-04", "（无逐件主题数据）", "—", "—", "—", "淮河新村"),
                rows.get(0).select("td").eachText());
        assertEquals(List.of("远望社区 · 远望花园", "违章搭建", "新出现", "2021-08"), rows.get(1).select("td").eachText().subList(0, 4));
        List<String> csv = Files.readAllLines(result.dir().resolve("tables").resolve(IssueTracker.CSV), StandardCharsets.UTF_8);
        assertEquals("\uFEFF社区,小区,主题编号,主题,状态,起始月份,月份,件数", csv.get(0));
        assertEquals("居南社区,淮河新村,1,电动车充电,新出现,2021-04,2021-04,", csv.get(1));
        assertEquals(1 + 5 + 1, csv.size(), "2021-04…08 for 淮河新村, 2021-08 for 远望花园");
        // at a glance, per topic: where and since when, the topics in label order (both episodes are live)
        assertEquals(List.of("电动车充电", "违章搭建"), index.select("#tracking-by-topic th[scope=rowgroup]").eachText());
        Element ebike = index.selectFirst("#tracking-by-topic tr[data-topic=电动车充电]");
        assertEquals("居南社区 · 淮河新村", ebike.selectFirst(".place").text());
        assertEquals("自 2021-04", ebike.selectFirst(".since").text());
        assertEquals("新出现", ebike.selectFirst(".state").text());
        assertEquals("（无逐件主题数据）", ebike.selectFirst("td.bars").text());
        // each community page has its own rows: 居南社区 the 淮河新村 episode, 新庄社区 none
        Document junan = Jsoup.parse(result.dir().resolve("community").resolve("居南社区.html").toFile());
        assertEquals(List.of("居南社区 · 淮河新村"), junan.select("#tracking-by-topic .place").eachText());
        Document xinzhuang = Jsoup.parse(result.dir().resolve("community").resolve("新庄社区.html").toFile());
        assertNull(xinzhuang.selectFirst("#tracking-by-topic"));
        assertEquals("近 12 个月本社区没有被列为每月一题候选或明显上升而未报警的问题。", xinzhuang.selectFirst("#tracking .note").text());
        // the handout carries the short version: first month, state, months since
        try (InputStream in = Files.newInputStream(result.docx()); XWPFDocument doc = new XWPFDocument(in)) {
            XWPFTable t = doc.getTables().stream().filter(x -> x.getRow(0).getCell(0).getText().equals("主题")).findFirst().orElseThrow();
            assertEquals(DocxHandout.TRACKING_HEADER, t.getRow(0).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(List.of("电动车充电", "居南社区 · 淮河新村", "2021-04", "新出现", "5 个月", "—"),
                    t.getRow(1).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(List.of("违章搭建", "远望社区 · 远望花园", "2021-08", "新出现", "1 个月", "—"),
                    t.getRow(2).getTableCells().stream().map(c -> c.getText()).toList());
        }
    }

    @Test
    void chartTextKeepsItsFontSizeInTheHtml() {
        // a style attribute cut short by a quote would lose the size, and the browser would draw the text at the page's
        List<Element> texts = index.select("svg text");
        assertTrue(texts.size() > 20);
        for (Element t : texts) {
            assertTrue(t.attr("style").matches(".*font-family: \"WenQuanYi Micro Hei\".*; font-size: \\d+px;.*"), t.outerHtml());
        }
    }

    @Test
    void everyTableIsInAScrollBox() {
        for (Element t : index.select("table")) {
            assertTrue(t.parent().hasClass("scroll"), "table " + t.className() + " is in a scroll box");
        }
        // short tables are kept on one printed page, long ones may break
        assertTrue(index.selectFirst("#definitions-table").parent().hasClass("scroll"));
        assertFalse(index.selectFirst("#definitions-table").parent().hasClass("keep"), "14 rows + header: may break");
        assertTrue(index.selectFirst("#ranking-table").parent().hasClass("keep"), "3 rows + header: kept whole");
    }

    @Test
    void chartsAreWrittenAsPngAndSvg() throws Exception {
        for (String name : List.of("ranking", "funnel_response", "funnel_on_time", "funnel_resolution", "funnel_satisfaction", "km",
                "trend", "channels", "proactive", "heatmap")) {
            Path png = result.dir().resolve("charts").resolve(name + ".png");
            assertTrue(Files.size(png) > 10_000, name);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(1920, img.getWidth(), name);
            assertEquals(1080, img.getHeight(), name);
            assertTrue(Files.readString(result.dir().resolve("charts").resolve(name + ".svg")).contains("<svg"), name);
        }
        // keep a copy of the charts as test artefacts to look at
        Path keep = Path.of("target", "report-artefacts");
        Files.createDirectories(keep);
        for (Path f : allFiles()) {
            if (f.getFileName().toString().endsWith(".png") || f.getFileName().toString().endsWith(".docx")
                    || f.getFileName().toString().equals("index.html")) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static List<Path> allFiles() throws Exception {
        try (Stream<Path> s = Files.walk(result.dir())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
