package io.minqing.reports;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Everything one month's pack shows, as read from the marts by {@link MartReader}. The renderers (HTML, DOCX, CSV,
 * charts) only format these values; none of them computes a metric. Nullable boxed numbers mean "not defined"
 * (e.g. a rate whose denominator is 0) and are shown as "—".
 */
public record Pack(
        YearMonth month,
        String asOf,
        Headline district,
        List<CommunityRow> communities,
        List<TrendPoint> districtTrend,
        Map<String, List<TrendPoint>> communityTrends,
        List<ChannelCount> channelMix,
        List<KmPoint> kmCurves,
        List<FunnelPoint> resolutionFunnel,
        List<FunnelPoint> satisfactionFunnel,
        List<OverdueCase> overdue,
        List<HandlerRow> handlers,
        List<DepartmentRow> departments,
        Topics topics,
        Quality quality,
        String metricDefinitionsMarkdown) {

    /** A rate with its numerator, denominator and 95% interval; value null when the denominator is 0. */
    public record Rate(long numerator, long denominator, Double value, Double lo, Double hi) {
        public static Rate undefined() {
            return new Rate(0, 0, null, null, null);
        }
    }

    /** A value this month, last month (环比) and the same month a year earlier (同比); null when absent. */
    public record Compared(Double value, Double previousMonth, Double previousYear) {
    }

    /** 本月概况: district level. */
    public record Headline(long volume, Compared volumeCmp, Rate response, Rate onTime, Rate closure, Rate resolution,
                           Rate satisfaction, Compared responseCmp, Compared onTimeCmp, Compared resolutionCmp,
                           Compared satisfactionCmp, Double composite, Compared compositeCmp, long backlog, long overdueOpen,
                           Double p50Hours, Double p90Hours, Double kmP50Hours, Double kmP90Hours, long proactive) {
    }

    /** One community in the month: the ranking table's row and the community page's figures. */
    public record CommunityRow(String community, String street, long volume, Rate response, Rate onTime, Rate closure,
                               Rate resolution, Rate satisfaction, Double composite, Double compositeLo, Double compositeHi,
                               Integer rank, Integer rankLo, Integer rankHi, boolean ranked, Integer rankChange,
                               Double compositeChange, long backlog, long overdueOpen, Double p50Hours, Double p90Hours,
                               Double kmP50Hours, Double kmP90Hours, long proactive) {
    }

    /** One month of a 12-month trend (district or one community). */
    public record TrendPoint(YearMonth month, long volume, Double response, Double onTime, Double resolution,
                             Double satisfaction, Double composite, Double proactiveShare, Double p50Hours) {
    }

    /** District volume by channel (code and Chinese label) per month. */
    public record ChannelCount(YearMonth month, String channel, String label, long cases) {
    }

    /** A step of a Kaplan–Meier curve: share of cases still open {@code hours} after receipt. */
    public record KmPoint(String community, double hours, double survival) {
    }

    /** A community on a funnel plot, with the control limits at its denominator. */
    public record FunnelPoint(String community, long denominator, Double rate, double target, Double lo95, Double hi95,
                              Double lo998, Double hi998) {
    }

    /** An open case past its time limit at the as-of cut-off (督办清单). Text is masked of personal numbers. */
    public record OverdueCase(String caseId, String community, LocalDateTime receivedAt, LocalDateTime dueAt,
                              Double hoursOverdue, String priority, String handlerType, String title) {
    }

    public record HandlerRow(String handlerType, String label, long cases, long closed, Rate onTime, Double p50Hours,
                             Double p90Hours) {
    }

    public record DepartmentRow(String department, long cases, long closed, Rate onTime, Double p50Hours, Double p90Hours) {
    }

    /** 诉求主题: topic list, community × topic counts, emerging topics and recurring issues. */
    public record Topics(boolean available, List<TopicRow> topics, List<TopicCell> cells, List<RecurringIssue> recurring) {
        public static Topics none() {
            return new Topics(false, List.of(), List.of(), List.of());
        }
    }

    public record TopicRow(String topicId, String label, String topTerms, long casesThisMonth, Long casesPreviousMonth,
                           Double changeVsBaseline, boolean emerging) {
    }

    public record TopicCell(String community, String topicId, long cases, Double share) {
    }

    public record RecurringIssue(String community, String topicId, String label, String location, String kind,
                                 List<String> months, List<Long> counts, Double statistic, String statisticName,
                                 boolean stopped, List<Example> examples) {
    }

    public record Example(String caseId, String receivedAt, String text) {
    }

    /** 数据质量: from lake/quality/ingest-summary.json. */
    public record Quality(boolean available, String runAt, long read, long staged, long rejected,
                          List<QualityFile> files, Map<String, Long> rejectsByReason, String note) {
        public static Quality missing(String note) {
            return new Quality(false, null, 0, 0, 0, List.of(), Map.of(), note);
        }
    }

    public record QualityFile(String file, long read, long staged, long rejected) {
    }
}
