package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Lake;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void overviewCardsCarryValuesAndChanges() {
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
        assertTrue(keys.contains("1 个社区本月件数不足，不参与排名"), keys);
        assertTrue(keys.contains("漏斗图显著偏低：远望社区解决率"), keys);
        assertTrue(keys.contains("超期未办结 3 件，较多的是 居南社区 2 件、新庄社区 1 件"), keys);
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
        assertTrue(cev.contains("小区聚集检验：按其他社区该主题的占比，本小区本月偶然出现 4 件及以上的概率 p = < 0.001（多重检验阈值 0.00020）"), cev);
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
        // the summary's default place (12), control characters (2 + 1) and the missing 办结时间 column
        String q = index.selectFirst("table.quality.totals").text();
        assertTrue(q.contains("照常入库：12 件"), q);
        assertTrue(q.contains("含控制字符（NUL、ESC 等）的取值 3 个"), q);
        assertTrue(q.contains("导入配置映射、但文件中没有的列（其取值为空）：cases.csv: resolved_at (办结时间)"), q);
        assertTrue(index.selectFirst("table.quality.files").text().contains("缺少列 resolved_at (办结时间)"));
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
        assertEquals("81.1% 高于中位数", junan.selectFirst("#compare tr[data-metric=on_time] .own").text());
        assertEquals("75.0%", junan.selectFirst("#compare tr[data-metric=on_time] .median").text());
        Document yuanwang = Jsoup.parse(result.dir().resolve("community").resolve("远望社区.html").toFile());
        assertEquals("75.0% 低于中位数", yuanwang.selectFirst("#compare tr[data-metric=resolution] .own").text());
        assertTrue(yuanwang.selectFirst(".rankline").text().contains("较上月 ▼1"));
        assertEquals(List.of("JN-0001", "JN-0002"), junan.select("#overdue-table td.case").eachText());
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
            assertEquals(2, tables.size());
            XWPFTable ranking = tables.get(1);
            assertEquals(DocxHandout.RANKING_HEADER, ranking.getRow(0).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(List.of("1", "1–2", "居南社区", "40", "90.0%", "81.1%", "80.0%", "90.0%", "85.0%", "84.0% (78.0–89.0)"),
                    ranking.getRow(1).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals("不排名", ranking.getRow(3).getCell(0).getText());
            assertEquals("新庄社区※", ranking.getRow(3).getCell(2).getText());
            XWPFTable headline = tables.get(0);
            assertEquals(List.of("响应率", "86.7%", "65/75", "+2.5个百分点", "—"),
                    headline.getRow(2).getTableCells().stream().map(c -> c.getText()).toList());
            assertEquals(4, doc.getAllPictures().size());
            String all = doc.getParagraphs().stream().map(p -> p.getText()).collect(Collectors.joining("\n"));
            assertTrue(all.contains("1. 居南社区 · 淮河新村 · 电动车充电（反复出现且上升）"), all);
            assertTrue(all.contains("统计截止时超期未办结共 3 件：居南社区 2 件，新庄社区 1 件。"), all);
            assertFalse(all.contains("13812345678"));
        }
    }

    @Test
    void chartsAreWrittenAsPngAndSvg() throws Exception {
        for (String name : List.of("ranking", "funnel_resolution", "funnel_satisfaction", "km", "trend", "channels", "proactive", "heatmap")) {
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
