package io.minqing.reports;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;

/**
 * Everything one month's pack shows, as read from the marts by {@link MartReader}. The renderers (HTML, DOCX, CSV,
 * charts) only format these values; none of them computes a metric. Nullable boxed numbers mean "not defined"
 * (e.g. a rate whose denominator is 0) and are shown as "—".
 */
public record Pack(
        YearMonth month,
        LocalDateTime asOf,
        boolean monthComplete,
        Headline district,
        List<CommunityRow> communities,
        Medians medians,
        List<TrendPoint> districtTrend,
        List<CommunityTrend> communityTrends,
        List<ChannelCount> channelMix,
        List<KmPoint> kmCurves,
        List<Funnel> funnels,
        List<OverdueCase> overdue,
        List<HandlerRow> handlers,
        List<DepartmentRow> departments,
        Topics topics,
        Quality quality) {

    /** The four rates with a funnel and a flag, in the order of {@link #funnels}: mart stem and Chinese name. */
    public static final List<String> RATE_STEMS = List.of("response", "on_time", "resolution", "satisfaction");
    public static final List<String> RATE_NAMES = List.of("响应率", "按期办结率", "解决率", "满意率");

    /** The month is still running at the as-of cut-off: its numbers are provisional. */
    public boolean partial() {
        return !monthComplete;
    }

    /** The funnel of a rate stem (response, on_time, resolution, satisfaction). */
    public Funnel funnel(String stem) {
        return funnels.stream().filter(f -> f.metric().equals(stem + "_rate")).findFirst().orElseThrow();
    }

    /** A rate with its numerator, denominator and Wilson 95% interval; value null when the denominator is 0. */
    public record Rate(double numerator, long denominator, Double value, Double lo, Double hi) {
        public static Rate undefined() {
            return new Rate(0, 0, null, null, null);
        }
    }

    /** A value with the mart's change against last month (环比) and the same month a year earlier (同比). */
    public record Compared(Double value, Double mom, Double yoy) {
    }

    /**
     * 本月概况: district level, from district_month. Rate changes are differences, volume changes relative.
     * {@code backlogOverdue} is the pack's one overdue figure 超期未办结 (open and past the limit at the month end,
     * whatever the receipt month); {@code openOverdue} counts only the month's receipts at the cut-off.
     */
    public record Headline(long volume, Compared volumeCmp, Rate response, Rate onTime, Rate closure, Rate resolution,
                           Rate satisfaction, Compared responseCmp, Compared onTimeCmp, Compared resolutionCmp,
                           Compared satisfactionCmp, Compared composite, long backlog, long backlogOverdue,
                           long openOverdue, Double p50Hours, Double p90Hours, Double kmP50Hours, Double kmP90Hours,
                           long proactive, Double proactiveShare, long surveys) {
    }

    /** One community in the month, from community_month: the ranking table's row and the community page's figures. */
    public record CommunityRow(String community, String street, long volume, Double volumeMom, Rate response,
                               Rate onTime, Rate closure, Rate resolution, Rate satisfaction, Double composite,
                               Double compositeMom, Double rankScore, Double rankScoreLo, Double rankScoreHi,
                               boolean ranked, String unrankedReason, Integer rank, Integer rankLo, Integer rankHi,
                               Integer rankPrev, int rankedCount, long backlog, long backlogOverdue, long openOverdue,
                               Double p50Hours, Double p90Hours, Double kmP50Hours, Double kmP90Hours, long proactive,
                               Double proactiveShare, long surveys, List<String> zones, Double volumeYoy,
                               List<Compared> rateChanges) {

        /** The rate of a stem (response, on_time, resolution, satisfaction). */
        public Rate rate(String stem) {
            return switch (stem) {
                case "response" -> response;
                case "on_time" -> onTime;
                case "resolution" -> resolution;
                case "satisfaction" -> satisfaction;
                default -> throw new IllegalArgumentException(stem);
            };
        }

        /** The funnel zone (the exact test's flag) of a stem; null when the rate is undefined. */
        public String zone(String stem) {
            return zones.get(RATE_STEMS.indexOf(stem));
        }
    }

    /** Medians over the month's communities of the figures the community page compares against. */
    public record Medians(Double volume, Double response, Double onTime, Double resolution, Double satisfaction,
                          Double composite, Double kmP50Hours) {
    }

    /**
     * One month of a trend (district or one community); {@code rates} are the four rates with their Wilson intervals
     * (order of {@link #RATE_STEMS}), {@code complete} false for the running month.
     */
    public record TrendPoint(YearMonth month, long volume, Double response, Double onTime, Double resolution,
                             Double satisfaction, Double composite, Double proactiveShare, Double kmP50Hours,
                             boolean complete, List<Rate> rates) {

        /** A complete month without intervals (the rates only). */
        public TrendPoint(YearMonth month, long volume, Double response, Double onTime, Double resolution,
                          Double satisfaction, Double composite, Double proactiveShare, Double kmP50Hours) {
            this(month, volume, response, onTime, resolution, satisfaction, composite, proactiveShare, kmP50Hours, true,
                    java.util.stream.Stream.of(response, onTime, resolution, satisfaction)
                            .map(v -> new Rate(0, 0, v, null, null)).toList());
        }

        /** The month as a chart category: yyyy-MM, with "*" for the running month. */
        public String category() {
            return month + (complete ? "" : "*");
        }
    }

    public record CommunityTrend(String community, List<TrendPoint> points) {
    }

    /** District volume by channel (code and Chinese label) per month. */
    public record ChannelCount(YearMonth month, String channel, String label, long cases) {
    }

    /** A grid point of a Kaplan–Meier curve; community null for the district curve. */
    public record KmPoint(String community, double hours, double survival) {
    }

    /** A funnel plot: the communities' rates and the control limits over a grid of denominators. */
    public record Funnel(String metric, List<FunnelDot> dots, List<FunnelLimit> limits, boolean overdispersed) {
    }

    public record FunnelDot(String community, long denominator, double numerator, Double rate, String zone) {
    }

    public record FunnelLimit(long denominator, double target, double lo95, double hi95, double lo998, double hi998) {
    }

    /**
     * A case counted in 超期未办结 (督办清单): open at the month end (the cut-off for the running month) and past its
     * limit then, whatever its receipt month; days overdue at the month end. {@code closedAt} is set when it was
     * closed after the month end but before the as-of cut-off. Text is masked of personal numbers.
     */
    public record OverdueCase(String caseId, String community, LocalDateTime receivedAt, LocalDateTime limitDueAt,
                              double daysOverdue, String priority, String handlerType, String escalation,
                              String title, LocalDateTime closedAt) {
    }

    public record HandlerRow(String handlerType, String label, long handlers, long cases, long closed, long openOverdue,
                             Rate onTime, Double handleP50Hours, Double handleP90Hours, Double kmP50Hours,
                             Rate resolution, Rate satisfaction) {
    }

    public record DepartmentRow(String level, String department, long cases, long closed, long openOverdue, Rate onTime,
                                Double p50Hours, Double p90Hours, Double kmP50Hours, Rate satisfaction) {
    }

    /** 诉求主题: topic list, community × topic counts, recurring and rising issues. */
    public record Topics(boolean available, String note, List<TopicRow> topics, List<TopicCell> cells,
                         List<RecurringIssue> recurring, List<RecurringIssue> stopped) {
        public static Topics none(String note) {
            return new Topics(false, note, List.of(), List.of(), List.of(), List.of());
        }
    }

    /** A topic this month across the district: district_count and district_share, and last month's count. */
    public record TopicRow(int topicId, String label, List<String> topTerms, long casesThisMonth, Double share,
                           Long casesPreviousMonth) {
    }

    public record TopicCell(String community, int topicId, long cases, Double share) {
    }

    public record RecurringIssue(String community, String place, int topicId, String label, String rule,
                                 boolean flagged, boolean stopped, String stoppedSince, int windowMonths,
                                 int monthsElevated, List<String> monthCounts, long currentCount, double expectedCount,
                                 double poissonP, double cusum, double cusumThreshold, String firstMonth,
                                 List<Example> examples, Double clusterP, Double clusterAlpha) {
    }

    /** An example case: id, month, and its title/description as staged (masked again before display). */
    public record Example(String caseId, String text) {
    }

    /** 数据质量: from lake/quality/ingest-summary.json. */
    public record Quality(boolean available, String note, List<QualityLine> totals, List<QualityLine> byFile,
                          List<QualityLine> byReason) {
        public static Quality missing(String note) {
            return new Quality(false, note, List.of(), List.of(), List.of());
        }
    }

    /** A labelled line of the data-quality appendix: label and its counts. */
    public record QualityLine(String label, Long read, Long staged, Long rejected, String detail) {
    }
}
