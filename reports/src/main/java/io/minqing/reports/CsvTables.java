package io.minqing.reports;

import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.DepartmentRow;
import io.minqing.reports.Pack.HandlerRow;
import io.minqing.reports.Pack.OverdueCase;
import io.minqing.reports.Pack.Rate;
import io.minqing.reports.Pack.RecurringIssue;
import io.minqing.reports.Pack.TopicRow;
import io.minqing.reports.Pack.TrendPoint;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code tables/*.csv}: the pack's tables for Excel, UTF-8 with a byte-order mark (so Excel reads the Chinese) and
 * CRLF line ends. Numbers are the mart values unrounded (rates as fractions 0–1), so a spreadsheet can recompute
 * and check them; free text is masked of phone/ID numbers.
 */
public final class CsvTables {

    public static final String RANKING = "community_ranking.csv";
    public static final String OVERDUE = "overdue_cases.csv";
    public static final String RECURRING = "recurring_issues.csv";
    public static final String TOPICS = "topics_month.csv";
    public static final String HANDLERS = "handler_types.csv";
    public static final String DEPARTMENTS = "departments.csv";
    public static final String TREND = "district_trend.csv";

    private CsvTables() {
    }

    /** Writes every table; returns the files written. */
    public static List<Path> write(Pack p, Path dir) {
        List<Path> out = new ArrayList<>();
        List<String> rankingHeader = new ArrayList<>(List.of("考核月份", "考核期已结束", "社区", "街道", "参与排名", "未排名原因", "未排名说明", "排名", "排名区间下",
                "排名区间上", "上月排名", "收件量"));
        for (String r : List.of("响应率", "按期办结率", "办结率", "解决率", "满意率")) {
            rankingHeader.addAll(List.of(r + "分子", r + "分母", r, r + "下限", r + "上限"));
        }
        for (String r : Pack.RATE_NAMES) {
            rankingHeader.add(r + "检验");
        }
        rankingHeader.addAll(List.of("综合得分", "排名得分(收缩)", "排名得分下限", "排名得分上限", "月末积压", "超期未办结",
                "本月收件超期未办结(截至统计时点)", "办结用时KM中位数(小时)", "办结用时KM P90(小时)"));
        out.add(table(dir, RANKING, rankingHeader, p.communities().stream().map(r -> {
            List<Object> row = new ArrayList<>(List.of(p.month().toString(), p.partial() ? "否（进行中，临时数）" : "是",
                    r.community(), nz(r.street()), r.ranked() ? "是" : "否",
                    nz(r.unrankedReason()), r.ranked() ? "" : HtmlReport.unrankedWhy(r), nz(r.rank()), nz(r.rankLo()), nz(r.rankHi()), nz(r.rankPrev()), r.volume()));
            for (Rate x : List.of(r.response(), r.onTime(), r.closure(), r.resolution(), r.satisfaction())) {
                row.addAll(List.of(num(x.numerator()), x.denominator(), nz(x.value()), nz(x.lo()), nz(x.hi())));
            }
            for (String stem : Pack.RATE_STEMS) {
                row.add(zoneZh(r.zone(stem)));
            }
            row.addAll(List.of(nz(r.composite()), nz(r.rankScore()), nz(r.rankScoreLo()), nz(r.rankScoreHi()), r.backlog(),
                    r.backlogOverdue(), r.openOverdue(), nz(r.kmP50Hours()), nz(r.kmP90Hours())));
            return row;
        }).toList()));
        out.add(table(dir, OVERDUE, List.of("社区", "件号", "收件时间", "办理时限", "月末已超期(天)", "紧急程度", "快递员类型", "办理层级",
                        "诉求", "月末后办结时间"),
                p.overdue().stream().map((OverdueCase o) -> List.<Object>of(o.community(), Html.shorten(o.caseId(), 200),
                        nz(o.receivedAt()), nz(o.limitDueAt()), Fmt.round(o.daysOverdue(), 2), nz(o.priority()),
                        nz(o.handlerType()), nz(o.escalation()), Html.shorten(o.title(), 200), nz(o.closedAt()))).toList()));
        out.add(table(dir, RECURRING, List.of("社区", "小区", "主题编号", "主题", "规则", "本月候选", "已停止", "停止月份", "窗口月数",
                "超常月数", "逐月件数", "本月件数", "本月期望", "泊松p值", "CUSUM值", "CUSUM阈值", "首次月份", "典型案例"),
                java.util.stream.Stream.concat(p.topics().recurring().stream(), p.topics().stopped().stream())
                        .map((RecurringIssue r) -> List.<Object>of(r.community(), nz(r.place()), r.topicId(), r.label(), r.rule(),
                                r.flagged() ? "是" : "否", r.stopped() ? "是" : "否", nz(r.stoppedSince()), r.windowMonths(),
                                r.monthsElevated(), String.join(" ", r.monthCounts()), r.currentCount(), r.expectedCount(),
                                r.poissonP(), r.cusum(), r.cusumThreshold(), r.firstMonth(),
                                r.examples().stream().map(e -> Html.shorten(e.caseId(), 80)).collect(Collectors.joining(" "))))
                        .toList()));
        out.add(table(dir, TOPICS, List.of("主题编号", "主题", "本月件数", "占全区", "上月件数", "关键词"),
                p.topics().topics().stream().map((TopicRow t) -> List.<Object>of(t.topicId(), t.label(), t.casesThisMonth(),
                        nz(t.share()), nz(t.casesPreviousMonth()), String.join(" ", t.topTerms()))).toList()));
        out.add(table(dir, HANDLERS, List.of("快递员类型", "人数", "派件量", "办结量", "本月收件超期未办结", "按期办结数", "按期办结率分母",
                "按期办结率", "派件至办结中位数(小时)", "派件至办结P90(小时)", "解决率", "满意率"),
                p.handlers().stream().map((HandlerRow h) -> List.<Object>of(h.label(), h.handlers(), h.cases(), h.closed(),
                        h.openOverdue(), num(h.onTime().numerator()), h.onTime().denominator(), nz(h.onTime().value()),
                        nz(h.handleP50Hours()), nz(h.handleP90Hours()), nz(h.resolution().value()),
                        nz(h.satisfaction().value()))).toList()));
        out.add(table(dir, DEPARTMENTS, List.of("办理层级", "协办单位", "件数", "办结量", "本月收件超期未办结", "按期办结率", "办结用时中位数(小时)",
                "办结用时P90(小时)", "满意率"), p.departments().stream().map((DepartmentRow d) -> List.<Object>of(d.level(),
                d.department() == null ? "（该层级全部）" : d.department(), d.cases(), d.closed(), d.openOverdue(),
                nz(d.onTime().value()), nz(d.p50Hours()), nz(d.p90Hours()), nz(d.satisfaction().value()))).toList()));
        out.add(table(dir, TREND, List.of("考核月份", "考核期已结束", "收件量", "响应率", "按期办结率", "解决率", "满意率", "综合得分",
                "主动发现占比", "办结用时KM中位数(小时)"), p.districtTrend().stream().map((TrendPoint t) -> List.<Object>of(
                t.month().toString(), t.complete() ? "是" : "否（进行中，临时数）", t.volume(), nz(t.response()), nz(t.onTime()), nz(t.resolution()), nz(t.satisfaction()), nz(t.composite()),
                nz(t.proactiveShare()), nz(t.kmP50Hours()))).toList()));
        return out;
    }

    /** The exact test's flag in words: 显著偏低/偏高 (95% or 99.8%), 不显著, or empty when the rate is undefined. */
    static String zoneZh(String zone) {
        if (zone == null) {
            return "";
        }
        return switch (zone) {
            case "low_998" -> "显著偏低(99.8%)";
            case "low_95" -> "显著偏低(95%)";
            case "high_998" -> "显著偏高(99.8%)";
            case "high_95" -> "显著偏高(95%)";
            default -> "不显著";
        };
    }

    static Path table(Path dir, String name, List<String> header, List<List<Object>> rows) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write('\uFEFF');
                try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.EXCEL.builder().setHeader(header.toArray(String[]::new)).get())) {
                    for (List<Object> r : rows) {
                        csv.printRecord(r.stream().map(CsvTables::defuse).toList());
                    }
                }
            }
            return file;
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(file, e);
        }
    }

    /**
     * Text starting with = + - @ (or a tab/CR) would run as a formula when Excel opens the file; such text cells get a
     * leading apostrophe. Numbers are left alone.
     */
    static Object defuse(Object o) {
        if (o instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return o;
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

    /** A numerator: whole numbers without ".0" (counts), weighted ones as they are. */
    private static Object num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }
}
