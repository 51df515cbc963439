package io.minqing.reports;

import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.Example;
import io.minqing.reports.Pack.Headline;
import io.minqing.reports.Pack.OverdueCase;
import io.minqing.reports.Pack.RecurringIssue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import io.minqing.contract.marts.MetricDictionary;
import java.util.ArrayList;
import org.apache.poi.util.Units;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STFldCharType;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * The meeting handout {@code 民情分析会-yyyy-MM.docx} (Apache POI): the summary, the ranking as a real editable Word
 * table, the key charts as images, the 每月一题 candidates, the overdue count per community and the 指标说明 sheet.
 * A4 portrait, built as a Word user would: section titles in the Heading 1/2 styles (kept with what follows, so a
 * heading never ends a page), a table of contents (a TOC field, filled with the headings and updated by Word on
 * opening), page numbers in the footer (PAGE / NUMPAGES fields) and a caption above each table.
 */
public final class DocxHandout {

    static final String BODY_FONT = "宋体";
    static final String HEAD_FONT = "黑体";
    /** Style ids of the two heading levels (Word's built-in names "heading 1" / "heading 2", so its TOC picks them up). */
    static final String H1 = "Heading1";
    static final String H2 = "Heading2";

    /** Header of the ranking table, as the HTML has it. */
    public static final List<String> RANKING_HEADER = List.of("排名", "排名区间", "社区", "收件量", "响应率", "按期办结率", "解决率",
            "满意率", "综合得分", "排名得分(95%区间)");

    private DocxHandout() {
    }

    public static String fileName(Pack p) {
        return "民情分析会-" + p.month() + ".docx";
    }

    /** @param charts chart name → PNG bytes (ranking, funnel_resolution, km, trend) */
    public static Path write(Pack p, Map<String, byte[]> charts, Path dir) {
        return write(p, new IssueTracker.Result(List.of(), List.of()), charts, dir);
    }

    /** As {@link #write(Pack, Map, Path)}, with 问题追踪 (the episodes: first month, state, months since) from {@code tracking}. */
    public static Path write(Pack p, IssueTracker.Result tracking, Map<String, byte[]> charts, Path dir) {
        Path file = dir.resolve(fileName(p));
        try (XWPFDocument doc = new XWPFDocument()) {
            page(doc);
            styles(doc);
            footer(doc);
            List<String[]> toc = new ArrayList<>();
            XWPFParagraph title = doc.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            run(title, "民情分析会会议材料", HEAD_FONT, 20, true);
            XWPFParagraph sub = doc.createParagraph();
            sub.setAlignment(ParagraphAlignment.CENTER);
            run(sub, HtmlReport.monthZh(p) + "（考核月份 " + p.month() + "，统计截止 "
                    + (p.asOf() == null ? Fmt.NONE : HtmlReport.TS.format(p.asOf())) + "）", BODY_FONT, 11, false);
            if (p.partial()) {
                run(doc.createParagraph(), "注意：" + HtmlReport.partialNote(p), HEAD_FONT, 11, true);
            }
            XWPFParagraph tocTitle = doc.createParagraph();
            tocTitle.setSpacingBefore(240);
            run(tocTitle, "目录", HEAD_FONT, 12, true);
            XWPFParagraph tocEnd = doc.createParagraph();

            heading(doc, toc, "一、本月概况");
            for (String k : HtmlReport.keyPoints(p)) {
                XWPFParagraph para = doc.createParagraph();
                para.setIndentationFirstLine(420);
                run(para, plain(k), BODY_FONT, 11, false);
            }
            caption(doc, "表1 全区主要指标（本月数，分子/分母，环比、同比为百分点差或相对变化）");
            headlineTable(doc, p.district());

            heading(doc, toc, "二、社区排名");
            run(doc.createParagraph(), "按综合得分的收缩估计排名；排名区间为 95% 可能名次范围，区间重叠的社区差别不显著。"
                    + "表中各率为本月数，▼/▲ 为经精确检验显著低于/高于全区（双侧 p < 0.05）；最后一列括号内为排名得分的 95% 区间（各率的 95% 区间见 index.html）。"
                    + "件数不足的社区（※）不排名，照常列出。", BODY_FONT, 10, false);
            caption(doc, "表2 社区排名（" + HtmlReport.monthZh(p) + "）");
            rankingTable(doc, p.communities());
            picture(doc, charts.get("ranking"), "ranking.png", "图1 综合得分及95%区间（※ 为不排名社区）",
                    "综合得分图：没有社区有综合得分" + (p.district().surveys() == 0 ? "（本月无测评数据）" : "") + "，不作图。");

            heading(doc, toc, "三、漏斗图与办理时效");
            // the funnels of the rates on which some community is flagged (the summary names them), else 解决率
            List<String> stems = Pack.RATE_STEMS.stream().filter(st -> p.communities().stream()
                    .anyMatch(r -> r.zone(st) != null && !r.zone(st).equals("in_control"))).toList();
            if (stems.isEmpty()) {
                stems = List.of("resolution");
            }
            int fig = 2;
            for (String st : stems) {
                String name = Pack.RATE_NAMES.get(Pack.RATE_STEMS.indexOf(st));
                picture(doc, charts.get("funnel_" + st), "funnel_" + st + ".png",
                        "图" + (fig++) + " " + name + "漏斗图（标出名称的社区经精确检验显著低于或高于全区）",
                        name + "漏斗图：" + HtmlReport.funnelMissing(p, st));
            }
            picture(doc, charts.get("km"), "km.png", "图" + (fig++) + " 收件后仍未办结的比例（Kaplan–Meier）", "办结用时曲线：本月无收件，不作图。");
            picture(doc, charts.get("trend"), "trend.png", "图" + fig + " 近12个月全区四率与综合得分", "全区走势：近 12 个月没有可计算的比例，不作图。");

            heading(doc, toc, "四、每月一题候选（反复出现的问题）");
            if (!p.topics().available()) {
                run(doc.createParagraph(), p.topics().note(), BODY_FONT, 11, false);
            } else if (p.topics().recurring().isEmpty()) {
                run(doc.createParagraph(), "本月没有候选问题。", BODY_FONT, 11, false);
            }
            int i = 0;
            for (RecurringIssue r : p.topics().recurring()) {
                String h = (++i) + ". " + HtmlReport.where(r) + " · " + r.label() + "（" + plain(HtmlReport.ruleZh(r.rule())) + "）";
                XWPFParagraph para = doc.createParagraph();
                para.setStyle(H2);
                toc.add(new String[] {H2, h});
                run(para, h, HEAD_FONT, 11, true);
                XWPFParagraph ev = doc.createParagraph();
                ev.setIndentationLeft(420);
                run(ev, "近 " + r.windowMonths() + " 个月中 " + r.monthsElevated() + " 个月超常（自 " + r.firstMonth() + " 起）；本月 "
                        + r.currentCount() + " 件，期望 " + Fmt.num(r.expectedCount(), 1) + " 件，泊松 p "
                        + plain(HtmlReport.pIs(r.poissonP())) + "，CUSUM " + Fmt.num(r.cusum(), 2) + "。逐月件数："
                        + String.join("，", r.monthCounts()), BODY_FONT, 10, false);
                for (Example e : r.examples().stream().limit(3).toList()) {
                    XWPFParagraph ex = doc.createParagraph();
                    ex.setIndentationLeft(420);
                    run(ex, "· " + Html.shorten(e.caseId(), 40) + " " + (e.text() == null ? "" : Html.shorten(e.text(), 60)),
                            BODY_FONT, 9, false);
                }
            }

            heading(doc, toc, "五、问题追踪");
            tracking(doc, p, tracking);

            heading(doc, toc, "六、督办清单（超期未办结）");
            Map<String, Long> by = p.overdue().stream().collect(Collectors.groupingBy(OverdueCase::community, TreeMap::new,
                    Collectors.counting()));
            run(doc.createParagraph(), "超期未办结（" + HtmlReport.OVERDUE_DEF + "）共 " + p.district().backlogOverdue() + " 件"
                    + (by.isEmpty() ? "。"
                    : "：" + by.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " 件")
                    .collect(Collectors.joining("，")) + "。明细见 index.html 与 tables/" + CsvTables.OVERDUE + "。"),
                    BODY_FONT, 11, false);
            heading(doc, toc, "七、指标说明");
            for (String t : MetricDictionary.TERMS) {
                run(doc.createParagraph(), "· " + t, BODY_FONT, 9, false);
            }
            caption(doc, "表4 指标定义");
            List<List<String>> defs = new ArrayList<>();
            defs.add(List.of("指标", "公式", "分子", "分母", "统计窗口"));
            for (MetricDictionary.Metric m : MetricDictionary.METRICS) {
                defs.add(List.of(m.name(), m.formula(), m.numerator(), m.denominator(), m.window()));
            }
            table(doc, defs, 8, true);
            run(doc.createParagraph(), "文中个人电话、证件号码已遮蔽。", BODY_FONT, 9, false);
            tableOfContents(doc, tocEnd, toc);

            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(file)) {
                doc.write(out);
            }
            return file;
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(file, e);
        }
    }

    /** 问题追踪, short: one row per episode (topic, where, first month, state, months since, this month's count), then 值得关注. */
    private static void tracking(XWPFDocument doc, Pack p, IssueTracker.Result r) {
        if (r.tracked().isEmpty()) {
            run(doc.createParagraph(), p.topics().available() ? "近 " + IssueTracker.LOOK_BACK + " 个月没有被列为候选的问题。"
                    : p.topics().note(), BODY_FONT, 11, false);
        } else {
            run(doc.createParagraph(), "近 " + IssueTracker.LOOK_BACK + " 个月内曾被列为每月一题候选的社区（小区）× 主题，按主题排列；"
                    + "正在发生的在前；起始月份为这一轮问题最早超常的月份，起始至今为起始月份到本月的月数（已停止的也照此计）。逐月件数、办结与测评见 index.html“问题追踪”"
                    + "与 tables/" + IssueTracker.CSV + "。", BODY_FONT, 10, false);
            caption(doc, "表3 问题追踪（" + HtmlReport.monthZh(p) + "）");
            List<List<String>> rows = new ArrayList<>();
            rows.add(TRACKING_HEADER);
            for (IssueTracker.Tracked t : r.tracked().stream().sorted(java.util.Comparator.comparing((IssueTracker.Tracked t) -> IssueTracker.order(t.state()))
                    .thenComparing(IssueTracker.Tracked::label).thenComparing(IssueTracker.Tracked::firstMonth)).toList()) {
                Long now = IssueTracker.unknown(t) ? null : t.counts().get(t.counts().size() - 1);
                rows.add(List.of(t.label(), t.community() + (t.place() == null ? "" : " · " + t.place()), t.firstMonth(), t.state(),
                        t.months().size() + " 个月", now == null ? Fmt.NONE : now + " 件"));
            }
            table(doc, rows, 9, true);
        }
        if (!r.watch().isEmpty()) {
            run(doc.createParagraph(), "值得关注（上升但尚未报警）：" + r.watch().stream().map(w -> w.community() + " · " + w.label()
                    + "（近 3 个月月均 " + Fmt.num(w.recent(), 1) + " 件，此前 6 个月 " + Fmt.num(w.before(), 1) + " 件）")
                    .collect(Collectors.joining("；")) + "。", BODY_FONT, 10, false);
        }
    }

    /** The columns of the handout's 问题追踪 table. */
    public static final List<String> TRACKING_HEADER = List.of("主题", "社区 · 小区", "起始月份", "状态", "起始至今", "本月件数");

    /** HTML of a key point → plain text (tags dropped, the few entities the HTML uses decoded). */
    static String plain(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static void page(XWPFDocument doc) {
        CTSectPr sect = doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = sect.addNewPgSz();
        size.setW(BigInteger.valueOf(11906)); // A4 in twentieths of a point
        size.setH(BigInteger.valueOf(16838));
        CTPageMar mar = sect.addNewPgMar();
        BigInteger m = BigInteger.valueOf(1134); // 2 cm
        mar.setTop(m);
        mar.setBottom(m);
        mar.setLeft(m);
        mar.setRight(m);
    }

    /** A section title in the Heading 1 style, listed in the table of contents. */
    private static void heading(XWPFDocument doc, List<String[]> toc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setStyle(H1);
        toc.add(new String[] {H1, text});
        run(p, text, HEAD_FONT, 14, true);
    }

    /** A table caption, above its table and kept on the same page as it. */
    private static void caption(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBefore(120); // creates the paragraph properties, which POI's setKeepNext needs
        p.setKeepNext(true);
        run(p, text, HEAD_FONT, 9, true);
    }

    /** Heading 1 and Heading 2: bold 黑体, outline levels 0/1 (what a TOC field collects), kept with the next paragraph. */
    private static void styles(XWPFDocument doc) {
        XWPFStyles styles = doc.createStyles();
        styles.addStyle(headingStyle(H1, "heading 1", 0, 28, 240, 120));
        styles.addStyle(headingStyle(H2, "heading 2", 1, 22, 160, 60));
    }

    private static XWPFStyle headingStyle(String id, String name, int level, int halfPoints, int before, int after) {
        CTStyle st = CTStyle.Factory.newInstance();
        st.setStyleId(id);
        st.setType(STStyleType.PARAGRAPH);
        st.addNewName().setVal(name);
        st.addNewUiPriority().setVal(BigInteger.valueOf(9));
        st.addNewQFormat();
        CTPPrGeneral ppr = st.addNewPPr();
        ppr.addNewKeepNext();
        ppr.addNewKeepLines();
        ppr.addNewSpacing().setBefore(BigInteger.valueOf(before));
        ppr.getSpacing().setAfter(BigInteger.valueOf(after));
        ppr.addNewOutlineLvl().setVal(BigInteger.valueOf(level));
        CTRPr rpr = st.addNewRPr();
        CTFonts fonts = rpr.addNewRFonts();
        fonts.setEastAsia(HEAD_FONT);
        fonts.setAscii("Arial");
        fonts.setHAnsi("Arial");
        rpr.addNewB();
        rpr.addNewSz().setVal(BigInteger.valueOf(halfPoints));
        return new XWPFStyle(st);
    }

    /** Footer "第 N 页 / 共 M 页" with PAGE and NUMPAGES fields, centred. */
    private static void footer(XWPFDocument doc) {
        XWPFFooter f = doc.createFooter(HeaderFooterType.DEFAULT);
        XWPFParagraph p = f.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        run(p, "第 ", BODY_FONT, 9, false);
        field(p, "PAGE", "1");
        run(p, " 页 / 共 ", BODY_FONT, 9, false);
        field(p, "NUMPAGES", "1");
        run(p, " 页", BODY_FONT, 9, false);
    }

    /** A complex field {@code instr} with {@code cached} as its shown result until Word updates it. */
    private static void field(XWPFParagraph p, String instr, String cached) {
        p.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.BEGIN);
        XWPFRun i = p.createRun();
        i.getCTR().addNewInstrText().setStringValue(" " + instr + " ");
        p.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.SEPARATE);
        run(p, cached, BODY_FONT, 9, false);
        p.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.END);
    }

    /**
     * The table of contents before {@code end}: a TOC field over heading levels 1–2 whose shown result is the list of
     * headings (so it reads right even unopened in Word); Word fills in the page numbers when it updates fields, which
     * the document asks for on opening.
     */
    private static void tableOfContents(XWPFDocument doc, XWPFParagraph end, List<String[]> headings) {
        for (int k = 0; k < headings.size(); k++) {
            XWPFParagraph e = doc.insertNewParagraph(end.getCTP().newCursor());
            if (k == 0) {
                e.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.BEGIN);
                e.createRun().getCTR().addNewInstrText().setStringValue(" TOC \\o \"1-2\" \\h \\z \\u ");
                e.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.SEPARATE);
            }
            boolean sub = headings.get(k)[0].equals(H2);
            e.setIndentationLeft(sub ? 420 : 0);
            run(e, headings.get(k)[1], BODY_FONT, sub ? 9 : 10, false);
        }
        end.createRun().getCTR().addNewFldChar().setFldCharType(STFldCharType.END);
        doc.enforceUpdateFields();
    }

    static XWPFRun run(XWPFParagraph p, String text, String font, int size, boolean bold) {
        XWPFRun r = p.createRun();
        r.setText(text);
        r.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
        r.setFontFamily("Arial", XWPFRun.FontCharRange.ascii);
        r.setFontFamily("Arial", XWPFRun.FontCharRange.hAnsi);
        r.setFontSize(size);
        r.setBold(bold);
        return r;
    }

    private static void headlineTable(XWPFDocument doc, Headline d) {
        List<List<String>> rows = List.of(
                List.of("指标", "本月", "分子/分母", "环比", "同比"),
                List.of("收件量", Fmt.count(d.volume()), "", Fmt.rel(d.volumeCmp().mom()), Fmt.rel(d.volumeCmp().yoy())),
                List.of("响应率", Fmt.pct(d.response().value()), HtmlReport.fraction(d.response()), pp(d.responseCmp().mom()), pp(d.responseCmp().yoy())),
                List.of("按期办结率", Fmt.pct(d.onTime().value()), HtmlReport.fraction(d.onTime()), pp(d.onTimeCmp().mom()), pp(d.onTimeCmp().yoy())),
                List.of("解决率", Fmt.pct(d.resolution().value()), HtmlReport.fraction(d.resolution()), pp(d.resolutionCmp().mom()), pp(d.resolutionCmp().yoy())),
                List.of("满意率", Fmt.pct(d.satisfaction().value()), HtmlReport.fraction(d.satisfaction()), pp(d.satisfactionCmp().mom()), pp(d.satisfactionCmp().yoy())),
                List.of("综合得分", Fmt.pct(d.composite().value()), "", pp(d.composite().mom()), pp(d.composite().yoy())),
                List.of("月末积压 / 其中超期未办结", d.backlog() + " / " + d.backlogOverdue(), "", "", ""),
                List.of("本月收件超期未办结（截至统计时点）", String.valueOf(d.openOverdue()), "", "", ""),
                List.of("办结用时中位数 (KM)", Fmt.hours(d.kmP50Hours()), "", "", ""));
        table(doc, rows, 10);
    }

    private static String pp(Double delta) {
        return delta == null ? Fmt.NONE : Fmt.pp(delta) + "个百分点";
    }

    /** A rate with the exact test's flag as in the HTML's 偏低/偏高 tags: ▼ significantly low, ▲ high, nothing otherwise. */
    static String flagged(CommunityRow r, String stem) {
        String zone = r.zone(stem);
        String mark = zone == null || zone.equals("in_control") ? "" : zone.startsWith("low") ? " ▼" : " ▲";
        return Fmt.pct(r.rate(stem).value()) + mark;
    }

    private static void rankingTable(XWPFDocument doc, List<CommunityRow> communities) {
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(RANKING_HEADER);
        for (CommunityRow r : communities) {
            rows.add(List.of(r.ranked() && r.rank() != null ? String.valueOf(r.rank()) : "不排名",
                    r.ranked() && r.rankLo() != null ? r.rankLo() + "–" + r.rankHi() : "",
                    r.community() + (r.ranked() ? "" : "※"), String.valueOf(r.volume()),
                    flagged(r, "response"), flagged(r, "on_time"), flagged(r, "resolution"), flagged(r, "satisfaction"),
                    Fmt.pct(r.composite()),
                    Fmt.pct(r.rankScore()) + " (" + Fmt.interval(r.rankScoreLo(), r.rankScoreHi()) + ")"));
        }
        table(doc, rows, 9);
    }

    private static XWPFTable table(XWPFDocument doc, List<List<String>> rows, int size) {
        return table(doc, rows, size, false);
    }

    /** @param text columns of text (left-aligned), not numbers */
    private static XWPFTable table(XWPFDocument doc, List<List<String>> rows, int size, boolean text) {
        XWPFTable t = doc.createTable(rows.size(), rows.get(0).size());
        t.setWidth("100%");
        for (int r = 0; r < rows.size(); r++) {
            XWPFTableRow row = t.getRow(r);
            if (r == 0) {
                row.setRepeatHeader(true);
            }
            for (int c = 0; c < rows.get(r).size(); c++) {
                XWPFTableCell cell = row.getCell(c);
                XWPFParagraph para = cell.getParagraphs().get(0);
                para.setAlignment(c == 0 || (r == 0) ? ParagraphAlignment.CENTER : ParagraphAlignment.RIGHT);
                if (rows.get(0).get(c).equals("社区") || rows.get(0).get(c).equals("指标") || (text && r > 0)) {
                    para.setAlignment(ParagraphAlignment.LEFT);
                }
                run(para, rows.get(r).get(c), r == 0 ? HEAD_FONT : BODY_FONT, size, r == 0);
                if (r == 0) {
                    cell.setColor("EEF2F6");
                }
            }
        }
        doc.createParagraph();
        return t;
    }

    private static void picture(XWPFDocument doc, byte[] png, String name, String caption, String missing) throws IOException {
        if (png == null) {
            XWPFParagraph p = doc.createParagraph();
            p.setAlignment(ParagraphAlignment.CENTER);
            run(p, "（" + missing + "）", BODY_FONT, 10, false);
            return;
        }
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        p.setKeepNext(true); // the picture stays on the page of its caption
        XWPFRun r = p.createRun();
        try {
            // 16 cm wide, 16:9 like the slides
            r.addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, name, Units.toEMU(453.6), Units.toEMU(255.15));
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IOException(e);
        }
        XWPFParagraph cap = doc.createParagraph();
        cap.setAlignment(ParagraphAlignment.CENTER);
        run(cap, caption, BODY_FONT, 9, false);
    }
}
