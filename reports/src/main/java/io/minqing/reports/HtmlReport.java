package io.minqing.reports;

import io.minqing.contract.marts.MetricDictionary;
import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.CommunityTrend;
import io.minqing.reports.Pack.Compared;
import io.minqing.reports.Pack.DepartmentRow;
import io.minqing.reports.Pack.Example;
import io.minqing.reports.Pack.HandlerRow;
import io.minqing.reports.Pack.Headline;
import io.minqing.reports.Pack.OverdueCase;
import io.minqing.reports.Pack.QualityLine;
import io.minqing.reports.Pack.Rate;
import io.minqing.reports.Pack.RecurringIssue;
import io.minqing.reports.Pack.TopicCell;
import io.minqing.reports.Pack.TopicRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the pack's HTML: {@code index.html} (the district report) and one page per community. Self-contained:
 * inline CSS and inline SVG charts, no scripts, no external resources, so it opens from disk and prints to A4.
 * All data text is escaped through {@link Html}; free text is masked of phone/ID numbers a second time.
 */
public final class HtmlReport {

    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    static final String CSS = resource("report.css");

    /** Section ids and titles of index.html, in order (the browser test checks them). */
    public static final Map<String, String> SECTIONS = sections();

    private HtmlReport() {
    }

    private static Map<String, String> sections() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("overview", "本月概况");
        s.put("ranking", "社区排名");
        s.put("funnel", "漏斗图：四率与全区比较");
        s.put("timeliness", "办理时效");
        s.put("channels", "渠道与主动发现");
        s.put("topics", "诉求主题");
        s.put("recurring", "反复出现的问题（每月一题候选）");
        s.put(IssueTracker.SECTION_ID, IssueTracker.SECTION_TITLE);
        s.put("overdue", "督办清单：超期未办结");
        s.put("handlers", "快递员与协办单位");
        s.put("quality", "数据质量");
        s.put("definitions", "指标说明");
        return s;
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name + " in the reports jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String monthZh(Pack p) {
        return p.month().getYear() + "年" + p.month().getMonthValue() + "月";
    }

    // ================================================================================================== index.html

    /**
     * @param svgs     inline SVG per chart name (ranking, funnel_resolution, funnel_satisfaction, km, trend, channels,
     *                 proactive)
     * @param pages    community → relative link of its page
     */
    public static String index(Pack p, Map<String, String> svgs, Map<String, String> pages) {
        return index(p, svgs, pages, new IssueTracker.Result(List.of(), List.of()));
    }

    /** As {@link #index(Pack, Map, Map)}, with the 问题追踪 section from {@code tracking}. */
    static String index(Pack p, Map<String, String> svgs, Map<String, String> pages, IssueTracker.Result tracking) {
        StringBuilder b = new StringBuilder(256 * 1024);
        head(b, "民情分析会月报 · " + monthZh(p));
        b.append("<header class=\"top\"><h1>民情分析会月报 · ").append(monthZh(p)).append("</h1><div class=\"meta\">")
                .append("考核月份 ").append(p.month()).append(" ｜ 统计截止 ").append(p.asOf() == null ? Fmt.NONE : TS.format(p.asOf()))
                .append(" ｜ 数据来自 marts（case_facts、community_month、district_month 等），每个数字的定义见“指标说明”")
                .append("</div></header>\n<nav class=\"toc\">");
        SECTIONS.forEach((id, title) -> b.append("<a href=\"#").append(id).append("\">").append(Html.esc(title)).append("</a>"));
        b.append("</nav>\n<main>\n");
        overview(b, p);
        ranking(b, p, svgs, pages);
        funnel(b, p, svgs);
        timeliness(b, p, svgs, pages);
        channels(b, p, svgs);
        topics(b, p, pages);
        recurring(b, p.topics(), null);
        IssueTracker.html(b, tracking);
        overdue(b, p.overdue(), null);
        handlers(b, p);
        quality(b, p);
        definitions(b, p);
        b.append("</main>\n<footer>minqing 民情速递分析 · 本报告由 minqing report 依据 marts 生成，仅作格式化，不重新计算指标。")
                .append("文中个人电话、证件号码已遮蔽。</footer>\n</body></html>\n");
        return scrollTables(b.toString());
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.esc(title)).append("</title><style>\n").append(CSS)
                .append("</style></head>\n<body>\n");
    }

    private static void open(StringBuilder b, String id, boolean pageBreak) {
        b.append("<section id=\"").append(id).append("\"").append(pageBreak ? " class=\"pb\"" : "").append("><h2>")
                .append(Html.esc(SECTIONS.getOrDefault(id, id))).append("</h2>\n");
    }

    // ---------------------------------------------------------------------------------------------- 本月概况

    private static void overview(StringBuilder b, Pack p) {
        Headline d = p.district();
        open(b, "overview", false);
        if (p.partial()) {
            b.append("<div class=\"banner\" id=\"partial\">").append(Html.esc(partialNote(p))).append("</div>\n");
        }
        b.append("<ul class=\"keypoints\" id=\"keypoints\">\n");
        for (String k : keyPoints(p)) {
            b.append("<li>").append(k).append("</li>\n");
        }
        b.append("</ul>\n<div class=\"cards\">\n");
        card(b, "volume", "收件量", d.volume() == 0 ? "无收件" : Fmt.count(d.volume()),
                p.partial() ? "<span class=\"flat\">月份未完，不作环比/同比</span>" : volumeCmp(d.volumeCmp()),
                "考核月内收件（不含撤回、重复件）");
        card(b, "response", "响应率", Fmt.pct(d.response().value()), cardCmp(p, d.responseCmp()), fraction(d.response()) + " 按时派件或即事即办");
        card(b, "on_time", "按期办结率", Fmt.pct(d.onTime().value()), cardCmp(p, d.onTimeCmp()), fraction(d.onTime()) + " 本月收件中超期未办结的计入分母");
        card(b, "resolution", "解决率", Fmt.pct(d.resolution().value()), cardCmp(p, d.resolutionCmp()), fraction(d.resolution()) + " 居民测评“已解决”");
        card(b, "satisfaction", "满意率", Fmt.pct(d.satisfaction().value()), cardCmp(p, d.satisfactionCmp()), fraction(d.satisfaction()) + " （满意+0.9×基本满意）/有效测评");
        card(b, "composite", "综合得分", Fmt.pct(d.composite().value()), cardCmp(p, d.composite()), "0.1×响应率+0.5×解决率+0.4×满意率");
        card(b, "backlog", "月末积压", Fmt.count(d.backlog()), "其中超期未办结 " + Fmt.count(d.backlogOverdue()), "月末仍未办结的件");
        card(b, "open_overdue", "超期未办结", Fmt.count(d.backlogOverdue()), "其中本月收件 " + Fmt.count(d.openOverdue())
                + " 件（截至统计时点）", OVERDUE_DEF);
        card(b, "km_p50", "办结用时中位数", Fmt.hours(d.kmP50Hours()), "P90 " + Fmt.hours(d.kmP90Hours()), "Kaplan–Meier 估计，未办结件按删失处理");
        card(b, "proactive", "主动发现占比", Fmt.pct(d.proactiveShare()), Fmt.count(d.proactive()) + " 件", "民情日志/走访中发现的件");
        b.append("</div>\n</section>\n");
    }

    /** The sentences a leader reads first; every number is a mart value, formatted. */
    static List<String> keyPoints(Pack p) {
        List<String> k = new ArrayList<>();
        Headline d = p.district();
        String volume = d.volume() == 0 ? "本月<strong>无收件</strong>" : "本月收件 <strong>" + Fmt.count(d.volume()) + "</strong> 件"
                + (p.partial() ? "（月份未完，不作环比/同比）" : "（环比 " + Fmt.rel(d.volumeCmp().mom()) + "，同比 "
                + Fmt.rel(d.volumeCmp().yoy()) + "）");
        String composite = d.composite().value() == null
                ? (d.surveys() == 0 ? "本月<strong>无测评数据</strong>，解决率、满意率和综合得分无法计算" : "综合得分缺少分项，无法计算")
                : "综合得分 <strong>" + Fmt.pct(d.composite().value()) + "</strong>（环比 " + Fmt.pp(d.composite().mom()) + " 个百分点）";
        k.add(volume + "，" + composite + "。");
        List<CommunityRow> ranked = p.communities().stream().filter(CommunityRow::ranked)
                .sorted(Comparator.comparing(CommunityRow::rank, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        if (!ranked.isEmpty()) {
            String top = ranked.stream().limit(3).map(r -> Html.esc(r.community())).collect(Collectors.joining("、"));
            String bottom = ranked.stream().skip(Math.max(3, ranked.size() - 3)).map(r -> Html.esc(r.community()))
                    .collect(Collectors.joining("、"));
            k.add("综合得分前三：<strong>" + top + "</strong>" + (bottom.isEmpty() ? "" : "；末位：<strong>" + bottom + "</strong>")
                    + "（排名区间见“社区排名”，区间重叠的社区差别不显著）。");
        }
        Map<String, Long> why = p.communities().stream().filter(r -> !r.ranked())
                .collect(Collectors.groupingBy(HtmlReport::unrankedWhy, java.util.TreeMap::new, Collectors.counting()));
        if (!why.isEmpty()) {
            k.add(why.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> e.getValue() + " 个社区" + e.getKey()).collect(Collectors.joining("、"))
                    + "，不参与综合排名（表中标注，未隐藏）" + (ranked.isEmpty() && !p.communities().isEmpty()
                    ? "；排名表改按" + fallbackOrder(p) + "排列，仅供参考" : "") + "。");
        }
        List<Flag> flags = flags(p);
        List<Flag> lows = flags.stream().filter(f -> f.low).toList();
        List<Flag> highs = flags.stream().filter(f -> !f.low).toList();
        boolean testable = p.funnels().stream().anyMatch(f -> f.dots().stream().anyMatch(x -> x.denominator() > 0));
        if (!testable) {
            k.add("本月没有可与全区比较的比例（" + (d.volume() == 0 ? "无收件" : "各率分母均为 0")
                    + (d.surveys() == 0 ? "、无测评数据" : "") + "），不作显著性检验。");
        } else {
            k.add(lows.isEmpty() ? "四率均没有社区显著低于全区（精确检验，双侧 p &lt; 0.05）。"
                    : "显著低于全区（精确检验，双侧 p &lt; 0.05，★ 为 p &lt; 0.002；最差的在前）：<strong>"
                    + lows.stream().map(Flag::text).collect(Collectors.joining("、")) + "</strong>。");
        }
        if (!highs.isEmpty()) {
            k.add("显著高于全区：" + highs.stream().map(Flag::text).collect(Collectors.joining("、")) + "。");
        }
        if (!p.overdue().isEmpty()) {
            Map<String, Long> by = p.overdue().stream().collect(Collectors.groupingBy(OverdueCase::community, Collectors.counting()));
            String worst = by.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).limit(3)
                    .map(e -> Html.esc(e.getKey()) + " " + e.getValue() + " 件").collect(Collectors.joining("、"));
            long closedSince = p.overdue().stream().filter(o -> o.closedAt() != null).count();
            k.add("督办清单：超期未办结 <strong>" + d.backlogOverdue() + "</strong> 件（" + OVERDUE_DEF + "），较多的是 " + worst
                    + (closedSince > 0 ? "；其中 " + closedSince + " 件已在统计截止前办结" : "") + "。");
        } else {
            k.add("督办清单：没有超期未办结的件。");
        }
        if (p.topics().available() && !p.topics().recurring().isEmpty()) {
            RecurringIssue r = p.topics().recurring().get(0);
            k.add("每月一题候选 <strong>" + p.topics().recurring().size() + "</strong> 项，首位：<strong>"
                    + Html.esc(where(r)) + " · " + Html.esc(r.label()) + "</strong>（近 " + r.windowMonths() + " 个月中 "
                    + r.monthsElevated() + " 个月超常，本月 " + r.currentCount() + " 件）。");
        }
        return k;
    }

    /** What a section says instead of an empty table in a month without cases. */
    static final String NO_CASES = "本月无收件";

    /** The definition of 超期未办结 as the pack states it (docs/metrics.md, backlog_overdue_count). */
    static final String OVERDUE_DEF = "月末仍未办结且已过办理时限，不论收件月份";

    /** What the banner, the summary and the community pages say about a month still running at the cut-off. */
    static String partialNote(Pack p) {
        return "本考核月尚未结束（统计截止 " + (p.asOf() == null ? Fmt.NONE : TS.format(p.asOf()))
                + "）：以下为进行中月份的临时数，收件和测评仍在增加，月末会变化，不宜与完整月份直接比较。";
    }

    /** The order the ranking table falls back to when no community could be ranked (see MartReader). */
    static String fallbackOrder(Pack p) {
        return p.communities().stream().anyMatch(r -> r.rankScore() != null) ? "综合得分（收缩估计）"
                : p.communities().stream().anyMatch(r -> r.onTime().value() != null) ? "按期办结率（收缩估计）"
                : p.communities().stream().anyMatch(r -> r.response().value() != null) ? "响应率（收缩估计）"
                : p.communities().stream().anyMatch(r -> r.resolution().value() != null) ? "解决率（收缩估计）"
                : p.communities().stream().anyMatch(r -> r.satisfaction().value() != null) ? "满意率（收缩估计）" : "社区名称";
    }

    /** A community flagged by the exact test on one rate (the mart's funnel zone). */
    record Flag(String community, String rate, boolean low, boolean strong, double z, Pack.Rate value, Double target) {
        String text() {
            return Html.esc(community) + rate + " " + Fmt.pct(value.value()) + (strong ? "★" : "") + "（" + fraction(value)
                    + "，全区 " + Fmt.pct(target) + "）";
        }
    }

    /**
     * Every community flagged on any of the four rates, lows first, each group worst first: 99.8% flags before 95%,
     * then by the standardised distance (rate − target)/√(target(1 − target)/n) — used only to order the list.
     */
    static List<Flag> flags(Pack p) {
        List<Flag> out = new ArrayList<>();
        for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
            String stem = Pack.RATE_STEMS.get(i);
            Pack.Funnel f = p.funnel(stem);
            Double target = f.limits().isEmpty() ? null : f.limits().get(0).target();
            for (CommunityRow r : p.communities()) {
                String zone = r.zone(stem);
                Rate v = r.rate(stem);
                if (zone == null || zone.equals("in_control") || v.value() == null) {
                    continue;
                }
                double z = target == null || target <= 0 || target >= 1 ? 0
                        : (v.value() - target) / Math.sqrt(target * (1 - target) / v.denominator());
                out.add(new Flag(r.community(), Pack.RATE_NAMES.get(i), zone.startsWith("low"), zone.endsWith("998"), z, v, target));
            }
        }
        out.sort(Comparator.comparing((Flag f) -> !f.low).thenComparing(f -> !f.strong)
                .thenComparingDouble(f -> f.low ? f.z : -f.z).thenComparing(Flag::community));
        return out;
    }

    private static void card(StringBuilder b, String id, String label, String value, String cmp, String def) {
        b.append("<div class=\"card\" data-metric=\"").append(id).append("\"><div class=\"label\">").append(label)
                .append("</div><div class=\"value\">").append(Html.esc(value)).append("</div><div class=\"cmp\">")
                .append(cmp).append("</div><div class=\"def\">").append(Html.esc(def)).append("</div></div>\n");
    }

    static String fraction(Rate r) {
        return Fmt.num(r.numerator(), r.numerator() == Math.rint(r.numerator()) ? 0 : 1) + "/" + r.denominator();
    }

    /** A card's 环比/同比: coloured for a complete month, neutral for the running one (a few days against a month). */
    static String cardCmp(Pack p, Compared c) {
        return p.partial() ? "环比 " + arrowPlain(c.mom()) + " · 同比 " + arrowPlain(c.yoy()) : rateCmp(c);
    }

    /** 环比/同比 of a rate: differences in percentage points with an arrow, green when better. */
    static String rateCmp(Compared c) {
        return "环比 " + arrow(c.mom(), true) + " · 同比 " + arrow(c.yoy(), true);
    }

    static String volumeCmp(Compared c) {
        return "环比 " + arrowRel(c.mom()) + " · 同比 " + arrowRel(c.yoy());
    }

    /** ▲/▼ with the change in percentage points; coloured good/bad when {@code higherIsBetter}. */
    static String arrow(Double delta, boolean higherIsBetter) {
        if (delta == null) {
            return "<span class=\"flat\">—</span>";
        }
        String pp = Fmt.pp(delta);
        if (pp.startsWith("±")) {
            return "<span class=\"flat\">持平</span>";
        }
        boolean up = delta > 0;
        String cls = up == higherIsBetter ? "up" : "down";
        return "<span class=\"" + cls + "\">" + (up ? "▲" : "▼") + pp + "个百分点</span>";
    }

    /**
     * ▲/▼ with the change in percentage points in a neutral colour: a community's month-on-month change at its small
     * n is mostly noise, and no test says otherwise, so it is not painted good or bad.
     */
    static String arrowPlain(Double delta) {
        String a = arrow(delta, true);
        return a.replace("class=\"up\"", "class=\"neutral\"").replace("class=\"down\"", "class=\"neutral\"");
    }

    /** ▲/▼ with a relative change (volumes): neutral colour, more cases is neither good nor bad. */
    static String arrowRel(Double rel) {
        if (rel == null) {
            return "<span class=\"flat\">—</span>";
        }
        String r = Fmt.round(Math.abs(rel) * 100, 1);
        if (r.equals("0.0")) {
            return "<span class=\"flat\">持平</span>";
        }
        return "<span class=\"neutral\">" + (rel > 0 ? "▲+" : "▼−") + r + "%</span>";
    }

    // ---------------------------------------------------------------------------------------------- 社区排名

    private static void ranking(StringBuilder b, Pack p, Map<String, String> svgs, Map<String, String> pages) {
        open(b, "ranking", true);
        b.append("<p class=\"note\">按综合得分的收缩估计（经验贝叶斯，小样本向全区水平收缩）排名；“排名区间”是模拟得到的 95% 可能名次范围，")
                .append("区间重叠的社区之间差别不显著。各率下方小字为 Wilson 95% 区间；“偏低/偏高”为对社区自身件数的精确检验")
                .append("（mid-p，双侧 p &lt; 0.05）显著低于/高于全区。件数不足或缺少测评的社区标注“不排名”及原因，照常列出。")
                .append("点击社区名称打开该社区的单页。</p>\n");
        boolean anyRanked = p.communities().stream().anyMatch(CommunityRow::ranked);
        if (!anyRanked && !p.communities().isEmpty()) {
            b.append("<p class=\"banner\" id=\"ranking-fallback\">本月没有社区可参与综合排名（")
                    .append(Html.esc(String.join("、", p.communities().stream().map(HtmlReport::unrankedWhy).distinct().toList())))
                    .append("）。下表按").append(fallbackOrder(p)).append("由高到低排列，仅供参考，不是正式名次。</p>\n");
        }
        rankingTable(b, p.communities(), pages, null);
        if (svgs.get("ranking") != null) {
            chart(b, svgs.get("ranking"), "综合得分及95%区间");
        } else {
            nodata(b, "综合得分图：" + (p.district().surveys() == 0 ? "本月无测评数据，" : "") + "没有社区有综合得分，不作图。");
        }
        b.append("</section>\n");
    }

    /** The ranking table; {@code highlight} marks one community's row (community page). */
    static void rankingTable(StringBuilder b, List<CommunityRow> rows, Map<String, String> pages, String highlight) {
        b.append("<table class=\"ranking\" id=\"ranking-table\"><thead><tr><th>排名</th><th>排名区间</th><th>较上月</th>")
                .append("<th class=\"t\">社区</th><th>收件量</th><th>响应率</th><th>按期办结率</th><th>解决率</th><th>满意率</th>")
                .append("<th>综合得分</th><th>排名得分<br>(95%区间)</th></tr></thead><tbody>\n");
        for (CommunityRow r : rows) {
            String cls = (r.ranked() ? "" : "unranked") + (r.community().equals(highlight) ? " me" : "");
            b.append("<tr data-community=\"").append(Html.esc(r.community())).append("\"")
                    .append(cls.isBlank() ? "" : " class=\"" + cls.strip() + "\"").append(">");
            if (r.ranked()) {
                b.append("<td class=\"rank\">").append(r.rank() == null ? Fmt.NONE : r.rank()).append("</td>")
                        .append("<td class=\"rank-range\">").append(r.rankLo() == null ? Fmt.NONE : r.rankLo() + "–" + r.rankHi())
                        .append("</td><td class=\"rank-change\">").append(rankChange(r)).append("</td>");
            } else {
                b.append("<td class=\"rank\" colspan=\"3\">不排名（").append(Html.esc(unrankedWhy(r)))
                        .append("）</td>");
            }
            String name = Html.esc(r.community());
            String link = pages == null ? null : pages.get(r.community());
            b.append("<td class=\"t community\">").append(link == null ? name : "<a href=\"" + link + "\">" + name + "</a>")
                    .append(r.ranked() ? "" : "<span class=\"tag small\">" + Html.esc(unrankedWhy(r)) + "</span>").append("</td>")
                    .append("<td class=\"volume\">").append(r.volume() == 0 ? "无收件" : String.valueOf(r.volume())).append("</td>");
            for (String stem : Pack.RATE_STEMS) {
                rateCell(b, stem, r.rate(stem), r.zone(stem), whyNoRate(r, stem));
            }
            b.append("<td class=\"composite\">").append(Fmt.pct(r.composite())).append("</td>")
                    .append("<td class=\"score\">").append(Fmt.pct(r.rankScore())).append("<span class=\"ci\">")
                    .append(Fmt.interval(r.rankScoreLo(), r.rankScoreHi())).append("</span></td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /**
     * Why a community is not ranked, as the reader needs it: no cases at all (无收件), too few cases, or no surveys
     * (无测评数据) — not "件数不足" for a board with 302 cases and no surveys.
     */
    static String unrankedWhy(CommunityRow r) {
        if (r.volume() == 0) {
            return "无收件";
        }
        if ("missing_component".equals(r.unrankedReason())) {
            return r.resolution().denominator() == 0 && r.satisfaction().denominator() == 0 ? "无测评数据" : "缺少分项";
        }
        return unrankedWhy(r.unrankedReason());
    }

    static String unrankedWhy(String reason) {
        if (reason == null) {
            return "件数不足";
        }
        return switch (reason) {
            case "below_min_volume" -> "件数不足";
            case "missing_component" -> "缺少测评等分项";
            default -> reason;
        };
    }

    static String rankChange(CommunityRow r) {
        if (r.rank() == null || r.rankPrev() == null) {
            return "<span class=\"flat\">—</span>";
        }
        int d = r.rankPrev() - r.rank();
        if (d == 0) {
            return "<span class=\"flat\">持平</span>";
        }
        return d > 0 ? "<span class=\"up\">▲" + d + "</span>" : "<span class=\"down\">▼" + (-d) + "</span>";
    }

    private static void rateCell(StringBuilder b, String cls, Rate r, String zone) {
        rateCell(b, cls, r, zone, null);
    }

    /** A rate with its flag and interval; an undefined rate says why under the dash when {@code why} is given. */
    private static void rateCell(StringBuilder b, String cls, Rate r, String zone, String why) {
        b.append("<td class=\"").append(cls).append("\" title=\"").append(Html.esc(fraction(r))).append("\">")
                .append(Fmt.pct(r.value()));
        if (zone != null && !zone.equals("in_control")) {
            b.append(zone.startsWith("low") ? "<span class=\"tag low\">偏低</span>" : "<span class=\"tag high\">偏高</span>");
        }
        b.append("<span class=\"ci\">").append(r.value() == null && why != null ? Html.esc(why) : Fmt.interval(r.lo(), r.hi()))
                .append("</span></td>");
    }

    /** Why a community's rate is undefined (denominator 0): no cases, none due yet, no surveys, no answer. */
    static String whyNoRate(CommunityRow r, String stem) {
        if (r.rate(stem).denominator() > 0) {
            return null;
        }
        return switch (stem) {
            case "response", "on_time" -> r.volume() == 0 ? "无收件" : "尚无到期件";
            default -> r.surveys() == 0 ? "无测评数据" : "无有效答复";
        };
    }

    /** A placeholder where a chart would be, saying why there is none (never an empty chart). */
    static void nodata(StringBuilder b, String why) {
        b.append("<div class=\"nodata\">").append(Html.esc(why)).append("</div>\n");
    }

    private static void chart(StringBuilder b, String svg, String caption) {
        if (svg == null) {
            return;
        }
        b.append("<figure class=\"chart\" aria-label=\"").append(Html.esc(caption)).append("\" style=\"--minw:")
                .append(readableWidth(svg)).append("px\">").append(svg).append("</figure>\n");
    }

    /** Smallest rendered size of chart text on screen, in CSS pixels (the browser test checks it at 390 px). */
    static final double MIN_CHART_TEXT_PX = 9;

    /**
     * The narrowest width (CSS px) at which {@code svg}'s smallest text still renders at {@link #MIN_CHART_TEXT_PX}:
     * its viewBox width × 9 / its smallest font size. On screens narrower than that the chart keeps this width and its
     * figure scrolls sideways (report.css), instead of shrinking its labels to 3–4 px; in print it fits the page.
     */
    static int readableWidth(String svg) {
        java.util.regex.Matcher vb = java.util.regex.Pattern.compile("viewBox='[0-9.]+ [0-9.]+ ([0-9.]+) ").matcher(svg);
        if (!vb.find()) {
            return 0;
        }
        double smallest = Double.MAX_VALUE;
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("font-size: ?([0-9.]+)px").matcher(svg);
        while (f.find()) {
            smallest = Math.min(smallest, Double.parseDouble(f.group(1)));
        }
        return smallest == Double.MAX_VALUE ? 0 : (int) Math.ceil(Double.parseDouble(vb.group(1)) * MIN_CHART_TEXT_PX / smallest);
    }

    /** Tables with at most this many rows are kept on one printed page (class {@code keep}); longer ones may break. */
    static final int KEEP_ROWS = 12;

    /**
     * Every table of a page in a horizontal scroll box ({@code div.scroll}), so that a wide table scrolls inside its
     * section on a phone instead of widening the page; a short table's box is marked {@code keep} so that print does
     * not split it (a long one, kept whole, would leave its heading alone at the foot of a page). Done once over the
     * finished page, so that no table is missed.
     */
    static String scrollTables(String html) {
        StringBuilder out = new StringBuilder(html.length() + 4096);
        int from = 0;
        for (int at = html.indexOf("<table", from); at >= 0; at = html.indexOf("<table", from)) {
            int end = html.indexOf("</table>", at) + "</table>".length();
            String table = html.substring(at, end);
            int rows = table.split("<tr", -1).length - 1;
            out.append(html, from, at).append("<div class=\"scroll").append(rows <= KEEP_ROWS ? " keep" : "").append("\">")
                    .append(table).append("</div>");
            from = end;
        }
        return out.append(html, from, html.length()).toString();
    }

    // ---------------------------------------------------------------------------------------------- 漏斗图

    private static void funnel(StringBuilder b, Pack p, Map<String, String> svgs) {
        open(b, "funnel", true);
        b.append("<p class=\"note\">横轴为分母（件数或测评数），纵轴为比例；实线为全区水平，虚线为 95% 控制限，点线为 99.8% 控制限")
                .append("（Spiegelhalter 2005）。标出名称的社区经精确检验（对本社区的件数做 mid-p 二项检验，双侧 p &lt; 0.05）")
                .append("显著低于（红）或高于（绿）全区：偏低值得关注，偏高值得总结经验；未标名的差别可能只是偶然。")
                .append("件数很少时，即使 100% 也可能落在控制限外而不显著。")
                .append(p.funnels().stream().anyMatch(Pack.Funnel::overdispersed)
                        ? "本月社区间差异大于随机波动，控制限与检验已按过度离散放宽。" : "")
                .append("</p>\n<div class=\"two\">");
        for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
            String stem = Pack.RATE_STEMS.get(i);
            String name = Pack.RATE_NAMES.get(i);
            b.append("<div data-metric=\"").append(stem).append("\"><h3>").append(name).append("</h3>");
            String svg = svgs.get("funnel_" + stem);
            if (svg != null) {
                chart(b, svg, name + "漏斗图");
            } else {
                nodata(b, name + "：" + funnelMissing(p, stem));
            }
            b.append("</div>");
        }
        b.append("</div>\n</section>\n");
    }

    /** Why a rate has no funnel this month. */
    static String funnelMissing(Pack p, String stem) {
        boolean survey = stem.equals("resolution") || stem.equals("satisfaction");
        if (survey && p.district().surveys() == 0) {
            return "无测评数据，本月不作漏斗图。";
        }
        if (!survey && p.district().volume() == 0) {
            return "无收件，本月不作漏斗图。";
        }
        return "本月没有社区的分母大于 0（" + (stem.equals("on_time") ? "尚无到期的件" : stem.equals("response")
                ? "尚无派件时限已到的件" : "无有效测评") + "），不作漏斗图。";
    }

    // ---------------------------------------------------------------------------------------------- 办理时效

    private static void timeliness(StringBuilder b, Pack p, Map<String, String> svgs, Map<String, String> pages) {
        open(b, "timeliness", true);
        b.append("<p class=\"note\">曲线为 Kaplan–Meier 估计：收件后经过若干天仍未办结的比例，未办结的件按删失处理，不会把慢件漏掉。")
                .append("灰线为各社区，彩色为办结最慢的三个社区，黑色虚线为全区。</p>\n");
        if (svgs.get("km") != null) {
            chart(b, svgs.get("km"), "办结用时曲线");
        } else {
            nodata(b, "办结用时曲线：本月无收件，不作图。");
        }
        b.append("<table class=\"times\"><thead><tr><th class=\"t\">社区</th><th>办结用时中位数 (KM)</th><th>P90 (KM)</th>")
                .append("<th>已办结件中位数</th><th>已办结件 P90</th><th>月末积压</th><th>超期未办结</th></tr></thead><tbody>\n");
        List<CommunityRow> rows = new ArrayList<>(p.communities());
        rows.sort(Comparator.comparing(CommunityRow::kmP50Hours, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(CommunityRow::community));
        for (CommunityRow r : rows) {
            b.append("<tr data-community=\"").append(Html.esc(r.community())).append("\"><td class=\"t\">")
                    .append(Html.esc(r.community())).append("</td><td class=\"km_p50\">").append(Fmt.hours(r.kmP50Hours()))
                    .append("</td><td class=\"km_p90\">").append(Fmt.hours(r.kmP90Hours())).append("</td><td class=\"p50\">")
                    .append(Fmt.hours(r.p50Hours())).append("</td><td class=\"p90\">").append(Fmt.hours(r.p90Hours()))
                    .append("</td><td class=\"backlog\">").append(r.backlog()).append("</td><td class=\"open_overdue\">")
                    .append(r.backlogOverdue()).append("</td></tr>\n");
        }
        Headline d = p.district();
        b.append("<tr class=\"district\"><td class=\"t\"><strong>全区</strong></td><td>").append(Fmt.hours(d.kmP50Hours()))
                .append("</td><td>").append(Fmt.hours(d.kmP90Hours())).append("</td><td>").append(Fmt.hours(d.p50Hours()))
                .append("</td><td>").append(Fmt.hours(d.p90Hours())).append("</td><td>").append(d.backlog())
                .append("</td><td>").append(d.backlogOverdue()).append("</td></tr>\n</tbody></table>\n");
        b.append("<p class=\"note\">月末积压与超期未办结均为月末存量（不论收件月份）；超期未办结 = ").append(OVERDUE_DEF).append("。</p>\n");
        b.append("<h3>近 ").append(p.districtTrend().size()).append(" 个月全区走势</h3>");
        if (svgs.get("trend") != null) {
            chart(b, svgs.get("trend"), "全区四率与综合得分走势");
        } else {
            nodata(b, "全区走势：近 12 个月没有可计算的比例，不作图。");
        }
        b.append("</section>\n");
    }

    // ---------------------------------------------------------------------------------------------- 渠道

    private static void channels(StringBuilder b, Pack p, Map<String, String> svgs) {
        open(b, "channels", true);
        b.append("<p class=\"note\">各收件渠道占当月收件量的比例，以及工作人员在民情日志、走访中主动发现的件所占比例。</p>\n<div class=\"two\"><div><h3>渠道构成</h3>");
        if (svgs.get("channels") != null) {
            chart(b, svgs.get("channels"), "渠道构成");
        } else {
            nodata(b, "渠道构成：近 12 个月无收件，不作图。");
        }
        b.append("</div><div><h3>主动发现占比</h3>");
        if (svgs.get("proactive") != null) {
            chart(b, svgs.get("proactive"), "主动发现占比");
        } else {
            nodata(b, "主动发现占比：近 12 个月无收件，不作图。");
        }
        b.append("</div></div>\n");
        if (p.channelMix().stream().noneMatch(c -> c.month().equals(p.month()) && c.cases() > 0)) {
            b.append("<p class=\"note nodata-table\">本月渠道：").append(NO_CASES).append("，不列表。</p>\n</section>\n");
            return;
        }
        b.append("<table class=\"channels\"><thead><tr><th class=\"t\">渠道</th><th>本月件数</th></tr></thead><tbody>");
        p.channelMix().stream().filter(c -> c.month().equals(p.month()))
                .sorted(Comparator.comparingLong(Pack.ChannelCount::cases).reversed().thenComparing(Pack.ChannelCount::channel))
                .forEach(c -> b.append("<tr data-channel=\"").append(Html.esc(c.channel())).append("\"><td class=\"t\">")
                        .append(Html.esc(c.label())).append("</td><td>").append(c.cases()).append("</td></tr>"));
        b.append("</tbody></table>\n</section>\n");
    }

    // ---------------------------------------------------------------------------------------------- 诉求主题

    private static void topics(StringBuilder b, Pack p, Map<String, String> pages) {
        open(b, "topics", true);
        Pack.Topics t = p.topics();
        if (!t.available()) {
            b.append("<p class=\"banner\">").append(Html.esc(t.note())).append("</p>\n</section>\n");
            return;
        }
        List<TopicRow> top = t.topics().stream().filter(x -> x.casesThisMonth() > 0).limit(10).toList();
        if (top.isEmpty()) { // a month without cases (e.g. the running month's first days): no empty tables
            b.append("<p class=\"note nodata-table\">本月诉求主题：").append(NO_CASES).append("，不列主题表与社区 × 主题表。</p>\n</section>\n");
            return;
        }
        b.append("<h3>本月主要诉求主题</h3><table class=\"topics\"><thead><tr><th class=\"t\">主题</th><th>本月件数</th>")
                .append("<th>占全区</th><th>上月件数</th><th class=\"t\">关键词</th></tr></thead><tbody>\n");
        for (TopicRow r : top) {
            b.append("<tr data-topic=\"").append(r.topicId()).append("\"><td class=\"t\">").append(Html.esc(r.label()))
                    .append("</td><td class=\"n\">").append(r.casesThisMonth()).append("</td><td>").append(Fmt.pct(r.share()))
                    .append("</td><td>").append(r.casesPreviousMonth() == null ? Fmt.NONE : r.casesPreviousMonth())
                    .append("</td><td class=\"t note\">").append(Html.esc(String.join("、", r.topTerms().stream().limit(6).toList())))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        List<RecurringIssue> rising = t.recurring().stream().filter(r -> !r.rule().equals("recurring")).toList();
        b.append("<h3>上升中的诉求（CUSUM 报警）</h3>");
        if (rising.isEmpty()) {
            b.append("<p class=\"note\">本月没有明显上升的主题。</p>");
        } else {
            b.append("<ul class=\"rising\">");
            for (RecurringIssue r : rising) {
                b.append("<li>").append(Html.esc(where(r))).append(" · <strong>").append(Html.esc(r.label()))
                        .append("</strong>：本月 ").append(r.currentCount()).append(" 件，期望 ").append(Fmt.num(r.expectedCount(), 1))
                        .append(" 件（CUSUM ").append(Fmt.num(r.cusum(), 2)).append(" ≥ 阈值 ").append(Fmt.num(r.cusumThreshold(), 2))
                        .append("）</li>");
            }
            b.append("</ul>\n");
        }
        b.append("<h3>社区 × 主题（本月件数）</h3>");
        heatTable(b, p.communities().stream().map(CommunityRow::community).sorted().toList(), top, t.cells(), pages);
        b.append("</section>\n");
    }

    /** The heat map as an HTML table: the count in each cell, the background darker for more cases. */
    static void heatTable(StringBuilder b, List<String> communities, List<TopicRow> topics, List<TopicCell> cells,
                          Map<String, String> pages) {
        Map<String, Long> n = new HashMap<>();
        long max = 1;
        for (TopicCell c : cells) {
            n.put(c.community() + "\u0000" + c.topicId(), c.cases());
            max = Math.max(max, c.cases());
        }
        b.append("<table class=\"heat\" id=\"heatmap\"><thead><tr><th class=\"t\">社区</th>");
        for (TopicRow t : topics) {
            b.append("<th class=\"v\"><span>").append(Html.esc(t.label())).append("</span></th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (String c : communities) {
            String link = pages == null ? null : pages.get(c);
            b.append("<tr data-community=\"").append(Html.esc(c)).append("\"><td class=\"t\">")
                    .append(link == null ? Html.esc(c) : "<a href=\"" + link + "\">" + Html.esc(c) + "</a>").append("</td>");
            for (TopicRow t : topics) {
                long v = n.getOrDefault(c + "\u0000" + t.topicId(), 0L);
                java.awt.Color bg = v == 0 ? java.awt.Color.WHITE : Charts.mix(new java.awt.Color(0xDEEBF7),
                        new java.awt.Color(0x08306B), Math.min(1, (double) v / max));
                boolean dark = v > 0 && (double) v / max > 0.5;
                b.append("<td data-topic=\"").append(t.topicId()).append("\" style=\"background:").append(ChartTheme.hex(bg))
                        .append(dark ? ";color:#fff" : "").append("\">").append(v == 0 ? "" : v).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    static String where(RecurringIssue r) {
        return r.place() == null ? r.community() : r.community() + " · " + r.place();
    }

    // ---------------------------------------------------------------------------------------------- 反复出现的问题

    static void recurring(StringBuilder b, Pack.Topics t, String community) {
        open(b, "recurring", community == null);
        if (!t.available()) {
            b.append("<p class=\"banner\">").append(Html.esc(t.note())).append("</p>\n</section>\n");
            return;
        }
        List<RecurringIssue> live = t.recurring().stream().filter(r -> community == null || r.community().equals(community)).toList();
        b.append("<p class=\"note\">同一社区（或同一小区）同一主题在近 n 个月中至少 m 个月件数显著超常（“反复出现”），或本月件数相对自身基线")
                .append("显著上升（泊松 CUSUM 报警，“上升”），或某小区本月某主题件数多到按其他社区的占比难以偶然出现（“小区聚集”）。")
                .append("每项附逐月件数、检验统计量和典型案例（个人信息已遮蔽），供选定每月一题。</p>\n");
        if (live.isEmpty()) {
            b.append("<p>本月没有候选问题。</p>\n");
        }
        int i = 0;
        for (RecurringIssue r : live) {
            i++;
            b.append("<div class=\"issue\" data-community=\"").append(Html.esc(r.community())).append("\" data-topic=\"")
                    .append(r.topicId()).append("\"><h3>").append(i).append(". ").append(Html.esc(where(r))).append(" · ")
                    .append(Html.esc(r.label())).append(" <span class=\"tag\">").append(ruleZh(r.rule())).append("</span></h3>")
                    .append("<div class=\"evidence\">近 ").append(r.windowMonths()).append(" 个月中 <strong>")
                    .append(r.monthsElevated()).append("</strong> 个月超常（自 ").append(Html.esc(r.firstMonth()))
                    .append(" 起）；本月 <strong class=\"current\">").append(r.currentCount()).append("</strong> 件，期望 ")
                    .append(Fmt.num(r.expectedCount(), 1)).append(" 件，泊松 p ").append(pIs(r.poissonP()))
                    .append("，CUSUM ").append(Fmt.num(r.cusum(), 2)).append("（阈值 ").append(Fmt.num(r.cusumThreshold(), 2))
                    .append("）");
            if (r.clusterP() != null && r.clusterAlpha() != null) {
                b.append("<br>小区聚集检验：按其他社区该主题的占比，本小区本月偶然出现 ").append(r.currentCount())
                        .append(" 件及以上的概率 p ").append(pIs(r.clusterP())).append("（多重检验阈值 ")
                        .append(Fmt.round(r.clusterAlpha(), 5)).append("）");
            }
            b.append("<br>逐月件数：").append(Html.esc(String.join("，", r.monthCounts()))).append("</div>");
            if (!r.examples().isEmpty()) {
                b.append("<ul class=\"examples\">");
                for (Example e : r.examples()) {
                    b.append("<li><code>").append(Html.text(e.caseId())).append("</code> ")
                            .append(e.text() == null ? "<span class=\"note\">（原文未找到）</span>" : Html.esc(Html.shorten(e.text(), 80)))
                            .append("</li>");
                }
                b.append("</ul>");
            }
            b.append("</div>\n");
        }
        List<RecurringIssue> stopped = t.stopped().stream().filter(r -> community == null || r.community().equals(community)).toList();
        if (!stopped.isEmpty()) {
            b.append("<h3>已停止（近期不再超常，可能已从根本上解决）</h3><ul class=\"stopped\">");
            for (RecurringIssue r : stopped) {
                b.append("<li>").append(Html.esc(where(r))).append(" · ").append(Html.esc(r.label())).append("：自 ")
                        .append(Html.esc(r.stoppedSince() == null ? Fmt.NONE : r.stoppedSince())).append(" 起不再超常</li>");
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    static String ruleZh(String rule) {
        return switch (rule) {
            case "recurring" -> "反复出现";
            case "rising" -> "上升";
            case "both" -> "反复出现且上升";
            case "cluster" -> "小区聚集";
            default -> Html.esc(rule);
        };
    }

    /** "= 0.012" or "&lt; 0.001" (HTML), to follow a "p": never "p = &lt; 0.001". */
    static String pIs(double p) {
        return p < 0.001 ? pValue(p) : "= " + pValue(p);
    }

    static String pValue(double p) {
        return p < 0.001 ? "&lt; 0.001" : Fmt.round(p, 3);
    }

    // ---------------------------------------------------------------------------------------------- 督办清单

    static void overdue(StringBuilder b, List<OverdueCase> all, String community) {
        open(b, "overdue", community == null);
        List<OverdueCase> list = all.stream().filter(o -> community == null || o.community().equals(community)).toList();
        b.append("<p class=\"note\">超期未办结：").append(OVERDUE_DEF).append("（进行中的月份按统计截止时）。")
                .append("按社区分组，超期最久的在前；“已超期”按月末计。月末后、统计截止前已办结的件照常列出并注明。</p>\n");
        if (list.isEmpty()) {
            b.append("<p>没有超期未办结的件。</p>\n</section>\n");
            return;
        }
        Map<String, List<OverdueCase>> by = list.stream().collect(Collectors.groupingBy(OverdueCase::community,
                java.util.TreeMap::new, Collectors.toList()));
        b.append("<table class=\"overdue\" id=\"overdue-table\"><thead><tr><th class=\"t\">件号</th>")
                .append("<th>收件日期</th><th>办理时限</th><th>已超期</th><th class=\"t\">紧急程度</th><th class=\"t\">快递员类型</th>")
                .append("<th class=\"t\">办理层级</th><th class=\"t\">诉求</th><th class=\"t\">月末后办结</th></tr></thead>\n");
        for (Map.Entry<String, List<OverdueCase>> e : by.entrySet()) {
            List<OverdueCase> rows = new ArrayList<>(e.getValue());
            rows.sort(Comparator.comparingDouble(OverdueCase::daysOverdue).reversed().thenComparing(OverdueCase::caseId));
            b.append("<tbody><tr class=\"group\"><th class=\"t\" colspan=\"9\">").append(Html.esc(e.getKey())).append("（")
                    .append(rows.size()).append(" 件）</th></tr>\n");
            for (OverdueCase o : rows) {
                b.append("<tr data-community=\"").append(Html.esc(o.community())).append("\"><td class=\"t case nw\">")
                        .append(Html.text(o.caseId())).append("</td><td class=\"nw\">")
                        .append(o.receivedAt() == null ? Fmt.NONE : DAY.format(o.receivedAt()))
                        .append("</td><td class=\"nw\">").append(o.limitDueAt() == null ? Fmt.NONE : TS.format(o.limitDueAt()))
                        .append("</td><td class=\"days nw\">").append(Fmt.round(o.daysOverdue(), 1)).append(" 天</td><td class=\"t nw\">")
                        .append(Html.esc(Objects.toString(o.priority(), Fmt.NONE))).append("</td><td class=\"t nw\">")
                        .append(Html.esc(Objects.toString(o.handlerType(), Fmt.NONE))).append("</td><td class=\"t nw\">")
                        .append(Html.esc(Objects.toString(o.escalation(), Fmt.NONE))).append("</td><td class=\"t text\">")
                        .append(Html.esc(Html.shorten(o.title(), 60))).append("</td><td class=\"t nw after\">")
                        .append(o.closedAt() == null ? "" : TS.format(o.closedAt()) + " 办结").append("</td></tr>\n");
            }
            b.append("</tbody>\n");
        }
        b.append("</table>\n</section>\n");
    }

    // ---------------------------------------------------------------------------------------------- 快递员与协办单位

    private static void handlers(StringBuilder b, Pack p) {
        open(b, "handlers", true);
        if (p.handlers().isEmpty() && p.departments().isEmpty()) {
            b.append("<p class=\"note nodata-table\">快递员与协办单位：").append(p.district().volume() == 0 ? NO_CASES : "本月无派件")
                    .append("，不列表。</p>\n</section>\n");
            return;
        }
        b.append("<h3>按快递员类型</h3><table class=\"handlers\"><thead><tr><th class=\"t\">快递员类型</th><th>人数</th><th>派件量</th>")
                .append("<th>办结量</th><th>本月收件超期未办结</th><th>按期办结率</th><th>派件至办结中位数</th><th>P90</th><th>解决率</th><th>满意率</th>")
                .append("</tr></thead><tbody>\n");
        for (HandlerRow h : p.handlers()) {
            b.append("<tr data-handler=\"").append(Html.esc(h.handlerType())).append("\"><td class=\"t\">").append(Html.esc(h.label()))
                    .append("</td><td>").append(h.handlers()).append("</td><td class=\"cases\">").append(h.cases()).append("</td><td>")
                    .append(h.closed()).append("</td><td>").append(h.openOverdue()).append("</td>");
            rateCell(b, "on_time", h.onTime(), null);
            b.append("<td>").append(Fmt.hours(h.handleP50Hours())).append("</td><td>").append(Fmt.hours(h.handleP90Hours()))
                    .append("</td><td>").append(Fmt.pct(h.resolution().value())).append("</td><td>")
                    .append(Fmt.pct(h.satisfaction().value())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<h3>按办理层级与协办单位</h3><table class=\"departments\"><thead><tr><th class=\"t\">办理层级</th>")
                .append("<th class=\"t\">协办单位</th><th>件数</th><th>办结量</th><th>本月收件超期未办结</th><th>按期办结率</th>")
                .append("<th>办结用时中位数</th><th>P90</th><th>满意率</th></tr></thead><tbody>\n");
        for (DepartmentRow d : p.departments()) {
            b.append("<tr").append(d.department() == null ? " class=\"level\"" : "").append("><td class=\"t\">")
                    .append(Html.esc(d.level())).append("</td><td class=\"t\">")
                    .append(d.department() == null ? "<strong>（该层级全部）</strong>" : Html.esc(d.department()))
                    .append("</td><td class=\"cases\">").append(d.cases()).append("</td><td>").append(d.closed()).append("</td><td>")
                    .append(d.openOverdue()).append("</td>");
            rateCell(b, "on_time", d.onTime(), null);
            b.append("<td>").append(Fmt.hours(d.p50Hours())).append("</td><td>").append(Fmt.hours(d.p90Hours()))
                    .append("</td><td>").append(Fmt.pct(d.satisfaction().value())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n</section>\n");
    }

    // ---------------------------------------------------------------------------------------------- 数据质量

    private static void quality(StringBuilder b, Pack p) {
        open(b, "quality", true);
        Pack.Quality q = p.quality();
        if (!q.available()) {
            b.append("<p class=\"banner\">").append(Html.esc(q.note())).append("</p>\n</section>\n");
            return;
        }
        if (q.note() != null) {
            b.append("<p class=\"note\">").append(Html.esc(q.note())).append("</p>\n");
        }
        qualityTable(b, "合计", "totals", q.totals());
        qualityTable(b, "按文件", "files", q.byFile());
        qualityTable(b, "按拒收原因", "reasons", q.byReason());
        b.append("</section>\n");
    }

    private static void qualityTable(StringBuilder b, String title, String cls, List<QualityLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        int at = b.length();
        b.append("<h3>").append(title).append("</h3><table class=\"quality stack ").append(cls).append("\"><thead><tr><th class=\"t\">项目</th>")
                .append("<th>读入行数</th><th>入库行数</th><th>拒收行数</th><th class=\"t\">说明</th></tr></thead><tbody>\n");
        for (QualityLine l : lines) {
            b.append("<tr><td class=\"t\">").append(Html.text(l.label())).append("</td><td>").append(opt(l.read()))
                    .append("</td><td>").append(opt(l.staged())).append("</td><td>").append(opt(l.rejected()))
                    .append("</td><td class=\"t note wide\">").append(Html.text(l.detail())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        Html.labelCells(b, at);
    }

    private static String opt(Long v) {
        return v == null ? "" : Fmt.count(v);
    }

    // ---------------------------------------------------------------------------------------------- 指标说明

    /** 指标说明: the meeting's definition sheet, from {@link MetricDictionary} (not docs/metrics.md, which is for developers). */
    private static void definitions(StringBuilder b, Pack p) {
        open(b, "definitions", true);
        b.append("<ul class=\"terms\">\n");
        for (String t : MetricDictionary.TERMS) {
            b.append("<li>").append(Html.esc(t)).append("</li>\n");
        }
        b.append("</ul>\n");
        int table = b.length();
        b.append("<table class=\"definitions stack\" id=\"definitions-table\"><thead><tr><th class=\"t\">指标</th>")
                .append("<th class=\"t\">公式</th><th class=\"t\">分子</th><th class=\"t\">分母</th><th class=\"t\">统计窗口</th>")
                .append("</tr></thead><tbody>\n");
        for (MetricDictionary.Metric m : MetricDictionary.METRICS) {
            b.append("<tr><th class=\"t\" scope=\"row\">").append(Html.esc(m.name())).append("</th><td class=\"t wide\">")
                    .append(Html.esc(m.formula())).append("</td><td class=\"t wide\">").append(Html.esc(m.numerator()))
                    .append("</td><td class=\"t wide\">").append(Html.esc(m.denominator()))
                    .append("</td><td class=\"t wide\">").append(Html.esc(m.window())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<p class=\"note\">计算方法的依据与参考文献见随程序提供的 docs/metrics.md。</p>\n</section>\n");
        Html.labelCells(b, table);
    }

    // ================================================================================================== community page

    public static String community(Pack p, CommunityRow r, CommunityTrend trend, Map<String, String> svgs) {
        return community(p, r, trend, svgs, new IssueTracker.Result(List.of(), List.of()));
    }

    /** As {@link #community(Pack, CommunityRow, CommunityTrend, Map)}, with the community's rows of 问题追踪. */
    public static String community(Pack p, CommunityRow r, CommunityTrend trend, Map<String, String> svgs,
                                   IssueTracker.Result tracking) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String name = Html.esc(r.community());
        head(b, r.community() + " · 民情分析 · " + monthZh(p));
        b.append("<header class=\"top\"><h1>").append(name).append(" · ").append(monthZh(p)).append("</h1><div class=\"meta\">")
                .append(Html.esc(Objects.toString(r.street(), ""))).append(" ｜ 统计截止 ")
                .append(p.asOf() == null ? Fmt.NONE : TS.format(p.asOf())).append(" ｜ <a href=\"../index.html\">返回全区报告</a></div></header>\n<main>\n");
        b.append("<section id=\"summary\"><h2>本月情况与全区对比</h2>\n");
        if (p.partial()) {
            b.append("<div class=\"banner\" id=\"partial\">").append(Html.esc(partialNote(p))).append("</div>\n");
        }
        if (r.volume() == 0 || r.surveys() == 0) {
            b.append("<p class=\"banner\" id=\"nodata\">本月").append(r.volume() == 0 ? "无收件" : "")
                    .append(r.volume() == 0 && r.surveys() == 0 ? "，且" : "").append(r.surveys() == 0 ? "无测评数据" : "")
                    .append("：").append(r.volume() == 0 ? "响应率、按期办结率、办结用时无法计算" : "")
                    .append(r.volume() == 0 && r.surveys() == 0 ? "；" : "")
                    .append(r.surveys() == 0 ? "解决率、满意率和综合得分无法计算" : "").append("，表中记为“—”。</p>\n");
        }
        b.append("<p class=\"rankline\">");
        if (r.ranked()) {
            b.append("综合排名 <strong class=\"rank\">第 ").append(r.rank()).append(" 名</strong> / 共 ").append(r.rankedCount())
                    .append(" 个参与排名的社区（95% 可能名次 ").append(r.rankLo()).append("–").append(r.rankHi()).append("），较上月 ")
                    .append(rankChange(r)).append("。");
        } else {
            String why = unrankedWhy(r);
            b.append("本月<strong>不参与排名</strong>（").append(Html.esc(why)).append("）")
                    .append(why.startsWith("件数不足") ? "：件数少时比例波动大，数字仅供参考。" : "。");
        }
        b.append("</p>\n");
        int compare = b.length();
        b.append("<table class=\"compare stack\" id=\"compare\"><thead><tr><th class=\"t\">指标</th><th>本社区</th><th>95%区间</th>")
                .append("<th>分子/分母</th><th>环比</th><th>同比</th><th>全区</th><th>社区中位数</th></tr></thead><tbody>\n");
        Headline d = p.district();
        Pack.Medians m = p.medians();
        b.append("<tr data-metric=\"volume\"><td class=\"t\">收件量</td><td class=\"own\">").append(r.volume() == 0 ? "无收件" : r.volume())
                .append("</td><td></td><td></td><td class=\"mom\">").append(p.partial() ? "<span class=\"flat\">月份未完</span>" : arrowRel(r.volumeMom()))
                .append("</td><td class=\"yoy\">").append(p.partial() ? "<span class=\"flat\">月份未完</span>" : arrowRel(r.volumeYoy()))
                .append("</td><td class=\"district\">").append(d.volume()).append("</td><td class=\"median\">")
                .append(m.volume() == null ? Fmt.NONE : Fmt.num(m.volume(), m.volume() % 1 == 0 ? 0 : 1)).append("</td></tr>\n");
        Double[] medians = {m.response(), m.onTime(), m.resolution(), m.satisfaction()};
        Rate[] district = {d.response(), d.onTime(), d.resolution(), d.satisfaction()};
        for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
            String stem = Pack.RATE_STEMS.get(i);
            compareRow(b, stem, Pack.RATE_NAMES.get(i), r.rate(stem), r.zone(stem), r.rateChanges().get(i),
                    district[i].value(), medians[i]);
        }
        b.append("<tr data-metric=\"composite\"><td class=\"t\">综合得分</td><td class=\"own\">").append(Fmt.pct(r.composite()))
                .append("</td><td></td><td></td><td class=\"mom\">").append(arrowPlain(r.compositeMom()))
                .append("</td><td></td><td class=\"district\">").append(Fmt.pct(d.composite().value()))
                .append("</td><td class=\"median\">").append(Fmt.pct(m.composite())).append("</td></tr>\n")
                .append("<tr data-metric=\"rank_score\"><td class=\"t\">排名得分（收缩估计）</td><td class=\"own\">")
                .append(Fmt.pct(r.rankScore())).append("</td><td>").append(Fmt.interval(r.rankScoreLo(), r.rankScoreHi()))
                .append("</td><td></td><td></td><td></td><td></td><td></td></tr>\n<tr data-metric=\"km_p50\"><td class=\"t\">办结用时中位数 (KM)</td><td class=\"own\">")
                .append(Fmt.hours(r.kmP50Hours())).append("</td><td></td><td></td><td></td><td></td><td class=\"district\">")
                .append(Fmt.hours(d.kmP50Hours())).append("</td><td class=\"median\">").append(Fmt.hours(m.kmP50Hours()))
                .append("</td></tr>\n<tr data-metric=\"open_overdue\"><td class=\"t\">超期未办结（").append(OVERDUE_DEF)
                .append("）</td><td class=\"own\">").append(r.backlogOverdue()).append("</td><td></td><td></td><td></td><td></td><td class=\"district\">")
                .append(d.backlogOverdue()).append("</td><td></td></tr>\n<tr data-metric=\"open_overdue_cohort\"><td class=\"t\">")
                .append("其中本月收件（截至统计时点仍超期未办结）</td><td class=\"own\">").append(r.openOverdue())
                .append("</td><td></td><td></td><td></td><td></td><td class=\"district\">").append(d.openOverdue())
                .append("</td><td></td></tr>\n</tbody></table>\n<p class=\"note\">“显著低于/高于全区”为对本社区件数的精确检验")
                .append("（mid-p，双侧 p &lt; 0.05）；与中位数比较时，仅当 95% 区间不含中位数才标红/绿，否则为灰字。")
                .append("环比、同比为比例之差（百分点），不作显著性判断，故不着红绿色。</p>\n</section>\n");
        Html.labelCells(b, compare);
        b.append("<section id=\"trends\"><h2>近 ").append(trend == null ? 0 : trend.points().size())
                .append(" 个月走势（阴影为本社区 95% 区间，虚线为全区）</h2><div class=\"two\">");
        for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
            String stem = Pack.RATE_STEMS.get(i);
            String rateName = Pack.RATE_NAMES.get(i);
            b.append("<div data-metric=\"").append(stem).append("\"><h3>").append(rateName).append("</h3>");
            if (svgs.get("trend_" + stem) != null) {
                chart(b, svgs.get("trend_" + stem), rateName + "走势");
            } else {
                nodata(b, rateName + "：近 12 个月" + (i >= 2 ? "无测评数据" : "无收件") + "，不作图。");
            }
            b.append("</div>");
        }
        b.append("<div data-metric=\"composite\"><h3>综合得分</h3>");
        if (svgs.get("trend_composite") != null) {
            chart(b, svgs.get("trend_composite"), "综合得分走势");
        } else {
            nodata(b, "综合得分：近 12 个月没有可计算的综合得分，不作图。");
        }
        b.append("</div></div><h3>办结用时曲线（蓝色为本社区）</h3>");
        if (svgs.get("km") != null) {
            chart(b, svgs.get("km"), "办结用时曲线");
        } else {
            nodata(b, "办结用时曲线：本月本社区无收件，不作图。");
        }
        b.append("</section>\n");
        b.append("<section id=\"topics\"><h2>本月主要诉求主题</h2>\n");
        Pack.Topics t = p.topics();
        if (!t.available()) {
            b.append("<p class=\"banner\">").append(Html.esc(t.note())).append("</p>");
        } else {
            Map<Integer, String> labels = t.topics().stream().collect(Collectors.toMap(TopicRow::topicId, TopicRow::label, (a, c) -> a));
            Map<Integer, Double> districtShare = new HashMap<>();
            t.topics().forEach(x -> districtShare.putIfAbsent(x.topicId(), x.share()));
            List<TopicCell> mine = t.cells().stream().filter(c -> c.community().equals(r.community()) && c.cases() > 0)
                    .sorted(Comparator.comparingLong(TopicCell::cases).reversed().thenComparing(TopicCell::topicId)).limit(8).toList();
            if (mine.isEmpty()) {
                b.append("<p class=\"nodata\">本月无收件。</p>");
            } else {
                b.append("<table class=\"topics\"><thead><tr><th class=\"t\">主题</th><th>件数</th><th>占本社区</th><th>占全区</th>")
                        .append("<th>相差</th></tr></thead><tbody>");
                for (TopicCell c : mine) {
                    Double ds = districtShare.get(c.topicId());
                    b.append("<tr data-topic=\"").append(c.topicId()).append("\"><td class=\"t\">")
                            .append(Html.esc(labels.getOrDefault(c.topicId(), "主题 " + c.topicId()))).append("</td><td>")
                            .append(c.cases()).append("</td><td>").append(Fmt.pct(c.share())).append("</td><td class=\"district\">")
                            .append(Fmt.pct(ds)).append("</td><td class=\"diff\">")
                            .append(c.share() == null || ds == null ? Fmt.NONE : Fmt.pp(c.share() - ds) + "个百分点").append("</td></tr>");
                }
                b.append("</tbody></table>\n");
            }
        }
        b.append("</section>\n");
        recurring(b, t, r.community());
        IssueTracker.communityHtml(b, tracking, r.community());
        overdue(b, p.overdue(), r.community());
        b.append("</main>\n<footer>minqing 民情速递分析 · 数字来自 marts，定义见全区报告“指标说明”。个人电话、证件号码已遮蔽。</footer>\n</body></html>\n");
        return scrollTables(b.toString());
    }

    /**
     * A rate against the district and the median community. Red/green only where the evidence excludes the
     * comparison value: against the district, the exact test's flag (the mart's zone); against the median, only when
     * the Wilson 95% interval excludes it — otherwise the words stay grey.
     */
    private static void compareRow(StringBuilder b, String id, String label, Rate own, String zone, Compared change,
                                   Double district, Double median) {
        String vs = "";
        if (zone != null && !zone.equals("in_control")) {
            vs = zone.startsWith("low") ? " <span class=\"down\">显著低于全区</span>" : " <span class=\"up\">显著高于全区</span>";
        }
        if (own.value() != null && median != null && !own.value().equals(median)) {
            boolean above = own.value() > median;
            boolean excluded = own.lo() != null && own.hi() != null && (above ? own.lo() > median : own.hi() < median);
            vs += " <span class=\"" + (excluded ? above ? "up" : "down" : "flat") + "\">" + (above ? "高于" : "低于") + "中位数</span>";
        }
        b.append("<tr data-metric=\"").append(id).append("\"><td class=\"t\">").append(label).append("</td><td class=\"own\">")
                .append(own.denominator() == 0 ? Fmt.NONE : Fmt.pct(own.value())).append(vs).append("</td><td>")
                .append(Fmt.interval(own.lo(), own.hi())).append("</td><td>")
                .append(own.denominator() == 0 ? Fmt.NONE : Html.esc(fraction(own))).append("</td><td class=\"mom\">")
                .append(arrowPlain(change.mom())).append("</td><td class=\"yoy\">").append(arrowPlain(change.yoy()))
                .append("</td><td class=\"district\">").append(Fmt.pct(district)).append("</td><td class=\"median\">")
                .append(Fmt.pct(median)).append("</td></tr>\n");
    }
}
