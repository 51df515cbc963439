package io.minqing.contract.marts;

import java.util.List;

/**
 * The metric dictionary for the meeting: one concise Chinese definition per figure the report shows — formula,
 * numerator, denominator and window — in the words a 分析会 reads. It is the one source of 指标说明: the report's
 * section and the Word handout render it, and {@code docs/metrics.md} carries the same table between its
 * {@code metric-dictionary} markers ({@code MetricDictionaryDocumentTest} fails when they differ and prints the text
 * to paste). The reasons, references and engine notes stay in docs/metrics.md only.
 *
 * <p>Each entry names the mart columns it defines; the test checks they exist in {@link MetricMarts}, so a renamed
 * column cannot leave a definition behind. Numbers in brackets are the defaults of config/minqing.yaml.
 */
public final class MetricDictionary {

    /** One figure: {@code numerator}/{@code denominator} are "—" for a figure that is not a ratio. */
    public record Metric(String name, String formula, String numerator, String denominator, String window,
                         List<String> columns) {
    }

    /** The terms every definition uses (考核月份, 统计截止, 时限), before the table. */
    public static final List<String> TERMS = List.of(
            "考核月份：件按收件时间归属考核月（默认自然月），测评按测评时间归属；积压按期末存量计。",
            "统计截止：本次数据中最晚的事件时间。截止时尚未结束的考核月为“进行中”，其数字是临时数，月末会变化。",
            "办理时限：来源系统记录了时限的以记录为准，否则按紧急程度（紧急 2 小时、一般 7 天、复杂 15 天）；派件时限为收件后 24 小时。",
            "撤回件、重复件不计入任何指标。比例的分母为 0 时显示“—”，不按 0 计。",
            "权重与时限为默认配置（config/minqing.yaml），本区另有配置时以配置为准。");

    public static final List<Metric> METRICS = List.of(
            new Metric("收件量", "考核月内收件数", "—", "—", "考核月（按收件时间）",
                    List.of("cases_count")),
            new Metric("响应率", "分子 ÷ 分母", "按时响应的件：派件时限内派件，或未派件当场办结（即事即办）",
                    "考核月收件中派件时限已到的件（尚在时限内的暂不计入）", "考核月收件，跟踪到统计截止",
                    List.of("response_num", "response_den", "response_rate")),
            new Metric("按期办结率", "分子 ÷ 分母", "在办理时限内办结的件",
                    "按期办结 + 超期办结 + 超期仍未办结的件（尚在时限内的在办件暂不计入）", "考核月收件，跟踪到统计截止",
                    List.of("on_time_num", "on_time_den", "on_time_rate")),
            new Metric("解决率", "分子 ÷ 分母", "测评中回答“已解决”的数", "回答了“是否解决”的测评数",
                    "考核月内的测评（按测评时间，含关联件测评与一般测评）",
                    List.of("resolution_num", "resolution_den", "resolution_rate")),
            new Metric("满意率", "分子 ÷ 分母", "满意数 + 0.9 × 基本满意数", "有效测评数（回答了满意度的测评）",
                    "考核月内的测评（按测评时间）",
                    List.of("satisfaction_num", "satisfaction_den", "satisfaction_rate")),
            new Metric("综合得分", "0.1 × 响应率 + 0.5 × 解决率 + 0.4 × 满意率", "—", "—",
                    "同各分项；任一分项无数据时为空，该社区不参与排名",
                    List.of("composite_score")),
            new Metric("排名与排名区间", "按综合得分的收缩估计（小样本向全区水平收缩）排名；排名区间为 95% 可能名次范围", "—", "—",
                    "考核月；收件不足 15 件的社区不排名，照常列出",
                    List.of("composite_score_eb", "rank", "rank_lo", "rank_hi", "is_ranked")),
            new Metric("月末积压", "考核月末仍未办结的件数，不论收件月份", "—", "—",
                    "考核月末的存量（进行中的月份为统计截止时）",
                    List.of("backlog_count")),
            new Metric("超期未办结", "考核月末仍未办结且已过办理时限的件数，不论收件月份", "—", "—",
                    "考核月末的存量（进行中的月份为统计截止时）",
                    List.of("backlog_overdue_count")),
            new Metric("其中本月收件超期未办结", "考核月收件中，统计截止时已过办理时限仍未办结的件数（计入按期办结率的分母）",
                    "—", "—", "考核月收件，截至统计截止",
                    List.of("open_overdue_count")),
            new Metric("办结用时中位数、P90", "收件到办结的时长，一半（九成）的件在此时间内办结；未办结件按截至统计截止的时长计入（Kaplan–Meier 估计）",
                    "—", "—", "考核月收件，跟踪到统计截止",
                    List.of("resolve_hours_km_p50", "resolve_hours_km_p90")),
            new Metric("主动发现占比", "分子 ÷ 分母", "民情日志、走访中主动发现的件", "收件量", "考核月（按收件时间）",
                    List.of("proactive_count", "cases_count", "proactive_share")),
            new Metric("环比、同比", "比例：本月 − 上月（去年同月），单位为百分点；收件量：本月 ÷ 上月（去年同月）− 1", "—", "—",
                    "相邻考核月 / 去年同一考核月",
                    List.of("response_rate_mom", "response_rate_yoy", "cases_mom", "cases_yoy")),
            new Metric("95% 区间", "比例的 Wilson 95% 区间：比例可能的范围，件数越少区间越宽", "同该比例", "同该比例",
                    "同该比例",
                    List.of("response_rate_lo", "response_rate_hi")),
            new Metric("漏斗图控制限", "全区水平上下的 95% 与 99.8% 范围，随分母（测评数）增大而收窄；落在范围外的社区标出", "同该比例",
                    "同该比例", "考核月",
                    List.of("resolution_funnel_zone", "satisfaction_funnel_zone")));

    private MetricDictionary() {
    }

    /**
     * The dictionary as Markdown: the terms as a list, then a table 指标 | 公式 | 分子 | 分母 | 统计窗口. The text
     * between the {@code metric-dictionary} markers of docs/metrics.md is exactly this.
     */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        for (String t : TERMS) {
            b.append("- ").append(t).append('\n');
        }
        b.append("\n| 指标 | 公式 | 分子 | 分母 | 统计窗口 |\n|---|---|---|---|---|\n");
        for (Metric m : METRICS) {
            b.append("| ").append(m.name()).append(" | ").append(m.formula()).append(" | ").append(m.numerator())
                    .append(" | ").append(m.denominator()).append(" | ").append(m.window()).append(" |\n");
        }
        return b.toString();
    }
}
