package io.minqing.reports;

import io.minqing.contract.Codes;
import io.minqing.contract.Coded;
import io.minqing.contract.Column;
import io.minqing.contract.Lake;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.reports.Pack.ChannelCount;
import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.CommunityTrend;
import io.minqing.reports.Pack.Compared;
import io.minqing.reports.Pack.DepartmentRow;
import io.minqing.reports.Pack.Example;
import io.minqing.reports.Pack.Funnel;
import io.minqing.reports.Pack.FunnelDot;
import io.minqing.reports.Pack.FunnelLimit;
import io.minqing.reports.Pack.HandlerRow;
import io.minqing.reports.Pack.Headline;
import io.minqing.reports.Pack.KmPoint;
import io.minqing.reports.Pack.Medians;
import io.minqing.reports.Pack.OverdueCase;
import io.minqing.reports.Pack.Rate;
import io.minqing.reports.Pack.RecurringIssue;
import io.minqing.reports.Pack.TopicCell;
import io.minqing.reports.Pack.TopicRow;
import io.minqing.reports.Pack.Topics;
import io.minqing.reports.Pack.TrendPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads one month's {@link Pack} from the marts through one DuckDB connection (read_parquet with hive partitioning).
 * Every number is a mart value; the SQL here selects, filters and orders, and only derives what is not a metric:
 * the medians over communities the community pages compare against, and days overdue of a listed case
 * (as_of_at − limit_due_at). The metric marts are required (a missing mart or column stops the report with exit
 * code 3 naming the mart, the column and the stage to re-run); the topic marts, the staged case texts and the ingest
 * summary are optional and their sections say so when absent.
 */
public final class MartReader implements AutoCloseable {

    static final String TRANSFORM = "minqing transform --lake DIR";
    static final String TOPICS = "minqing topics --lake DIR";

    /** The months of history the trend charts show, ending with the report month. */
    public static final int TREND_MONTHS = 12;

    private final Lake lake;
    private final Connection db;
    private final Set<String> views = new LinkedHashSet<>();

    public MartReader(Lake lake) {
        this.lake = lake;
        try {
            this.db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = db.createStatement()) {
                s.execute("SET threads TO 2");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot start DuckDB for the report", e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Closing DuckDB", e);
        }
    }

    // ------------------------------------------------------------------------------------------ views and checks

    /** Creates a view over {@code dir}'s Parquet files; false when there are none. */
    private boolean view(String name, Path dir) {
        if (!hasParquet(dir)) {
            return false;
        }
        String glob = dir.toString().replace("'", "''") + "/**/*.parquet";
        exec("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM read_parquet('" + glob
                + "', hive_partitioning = true, hive_types_autocast = false, union_by_name = true)", "opening " + dir);
        views.add(name);
        return true;
    }

    static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a required metric mart and checks it has {@code columns}; throws the user-facing error otherwise. */
    private void requireMart(String mart, Map<String, String> columns) {
        Path dir = lake.mart(mart);
        if (!view(mart, dir)) {
            throw ReportErrors.missingMart(mart, dir, TRANSFORM);
        }
        requireColumns(mart, dir, columns, TRANSFORM);
    }

    private void requireColumns(String mart, Path dir, Map<String, String> columns, String stage) {
        Set<String> have = columnsOf(mart);
        for (Map.Entry<String, String> c : columns.entrySet()) {
            if (!have.contains(c.getKey())) {
                throw ReportErrors.missingColumn(mart, c.getKey(), c.getValue(), dir, stage);
            }
        }
    }

    private Set<String> columnsOf(String view) {
        Set<String> have = new LinkedHashSet<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + view)) {
            while (rs.next()) {
                have.add(rs.getString("column_name"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the columns of " + view, e);
        }
        return have;
    }

    /**
     * The columns the report reads from {@code t}, with their contract types for the error message. A name that is
     * not in the contract is a bug in this class and fails as soon as the class loads (and so in every test).
     */
    static Map<String, String> need(TableSchema t, String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            Column c = t.find(n).orElseThrow(() -> new IllegalStateException(
                    "The report reads " + t.name() + "." + n + " but the contract has no such column"));
            m.put(n, c.type().docName());
        }
        return m;
    }

    private static String[] rateCols(String... stems) {
        List<String> out = new ArrayList<>();
        for (String stem : stems) {
            out.addAll(List.of(stem + "_num", stem + "_den", stem + "_rate", stem + "_rate_lo", stem + "_rate_hi"));
        }
        return out.toArray(String[]::new);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static final String[] MONTH_COMMON = concat(new String[] {"assessment_month", "as_of_at", "is_month_complete",
            "window_end_at",
            "cases_count", "proactive_count", "proactive_share", "backlog_count", "backlog_overdue_count",
            "open_overdue_count", "surveys_count", "composite_score", "resolve_hours_p50", "resolve_hours_p90",
            "resolve_hours_km_p50", "resolve_hours_km_p90", "cases_mom", "cases_yoy", "response_rate_mom",
            "response_rate_yoy", "on_time_rate_mom", "on_time_rate_yoy", "resolution_rate_mom", "resolution_rate_yoy",
            "satisfaction_rate_mom", "satisfaction_rate_yoy", "composite_score_mom", "composite_score_yoy"},
            rateCols("response", "on_time", "closure", "resolution", "satisfaction"),
            Arrays.stream(Codes.Channel.values()).map(ch -> "channel_" + ch.code() + "_count").toArray(String[]::new));

    static final Map<String, String> DISTRICT_MONTH = need(MetricMarts.DISTRICT_MONTH, MONTH_COMMON);
    static final Map<String, String> COMMUNITY_MONTH = need(MetricMarts.COMMUNITY_MONTH, concat(MONTH_COMMON,
            new String[] {"community", "street", "composite_score_eb", "composite_score_eb_lo", "composite_score_eb_hi",
                    "is_ranked", "unranked_reason", "rank", "rank_lo", "rank_hi", "ranked_count", "rank_prev",
                    "response_funnel_zone", "on_time_funnel_zone", "resolution_funnel_zone", "satisfaction_funnel_zone",
                    "response_rate_eb", "on_time_rate_eb", "resolution_rate_eb", "satisfaction_rate_eb"}));
    static final Map<String, String> CASE_FACTS = need(MetricMarts.CASE_FACTS, "source", "case_id", "community",
            "priority", "handler_type", "escalation_level", "received_at", "limit_due_at", "resolved_at", "is_counted",
            "as_of_at", "assessment_month");
    static final Map<String, String> KM_CURVE = need(MetricMarts.KM_CURVE, "level", "community", "assessment_month",
            "time_hours", "survival");
    static final Map<String, String> FUNNEL_MONTH = need(MetricMarts.FUNNEL_MONTH, "assessment_month", "metric", "den",
            "target", "lo95", "hi95", "lo998", "hi998", "is_overdispersed");
    static final Map<String, String> HANDLER_MONTH = need(MetricMarts.HANDLER_MONTH, "assessment_month", "handler_type",
            "handler_key", "handlers_count", "cases_count", "closed_count", "open_overdue_count", "on_time_num",
            "on_time_den", "on_time_rate", "on_time_rate_lo", "on_time_rate_hi", "handle_hours_p50", "handle_hours_p90",
            "resolve_hours_km_p50", "resolution_num", "resolution_den", "resolution_rate", "satisfaction_num",
            "satisfaction_den", "satisfaction_rate");
    static final Map<String, String> DEPARTMENT_MONTH = need(MetricMarts.DEPARTMENT_MONTH, "assessment_month",
            "escalation_level", "department", "cases_count", "closed_count", "open_overdue_count", "on_time_num",
            "on_time_den", "on_time_rate", "on_time_rate_lo", "on_time_rate_hi", "resolve_hours_p50", "resolve_hours_p90",
            "resolve_hours_km_p50", "satisfaction_num", "satisfaction_den", "satisfaction_rate");
    static final Map<String, String> TOPIC_COMMUNITY_MONTH = need(TopicMarts.TOPIC_COMMUNITY_MONTH, "community", "month",
            "topic_id", "topic_label", "case_count", "share", "district_count", "district_share");
    static final Map<String, String> TOPICS_MART = need(TopicMarts.TOPICS, "topic_id", "label", "top_terms");
    static final Map<String, String> RECURRING = need(TopicMarts.RECURRING_ISSUES, "as_of_month", "community", "place",
            "topic_id", "topic_label", "rule", "is_flagged", "is_stopped", "stopped_since", "window_months",
            "months_elevated", "month_counts", "current_count", "expected_count", "poisson_p", "cusum", "cusum_threshold",
            "first_month", "example_case_ids", "cluster_p", "cluster_alpha");

    // ------------------------------------------------------------------------------------------ the pack

    /** Reads everything the month's pack shows. */
    public Pack read(YearMonth month, Pack.Quality quality) {
        requireMart("district_month", DISTRICT_MONTH);
        requireMart("community_month", COMMUNITY_MONTH);
        requireMart("case_facts", CASE_FACTS);
        requireMart("km_curve", KM_CURVE);
        requireMart("funnel_month", FUNNEL_MONTH);
        requireMart("handler_month", HANDLER_MONTH);
        requireMart("department_month", DEPARTMENT_MONTH);
        String m = month.toString();
        List<String> months = strings("SELECT DISTINCT assessment_month FROM district_month ORDER BY 1");
        if (!months.contains(m)) {
            throw ReportErrors.monthNotInMarts(m, "district_month", months);
        }
        String from = month.minusMonths(TREND_MONTHS - 1L).toString();
        boolean haveTexts = view("staged_cases", lake.staged("cases"))
                && columnsOf("staged_cases").containsAll(List.of("case_id", "title", "description"));

        Object[] head = one("SELECT CAST(as_of_at AS VARCHAR), is_month_complete FROM district_month WHERE assessment_month = ?", m);
        LocalDateTime asOf = timestamp((String) head[0]);
        boolean complete = Boolean.TRUE.equals(head[1]);
        List<Pack.Funnel> funnels = Pack.RATE_STEMS.stream().map(stem -> funnel(m, stem)).toList();

        return new Pack(month, asOf, complete, headline(m), communities(m), medians(m), districtTrend(from, m),
                communityTrends(from, m), channelMix(from, m), km(m), funnels, overdue(m, haveTexts), handlers(m),
                departments(m), topics(month, haveTexts), quality);
    }

    private Headline headline(String m) {
        List<Headline> r = query("SELECT * FROM district_month WHERE assessment_month = ?", rs -> new Headline(
                rs.getLong("cases_count"), new Compared((double) rs.getLong("cases_count"), dbl(rs, "cases_mom"), dbl(rs, "cases_yoy")),
                rate(rs, "response"), rate(rs, "on_time"), rate(rs, "closure"), rate(rs, "resolution"),
                rate(rs, "satisfaction"), cmp(rs, "response_rate"), cmp(rs, "on_time_rate"),
                cmp(rs, "resolution_rate"), cmp(rs, "satisfaction_rate"), cmp(rs, "composite_score"),
                rs.getLong("backlog_count"), rs.getLong("backlog_overdue_count"), rs.getLong("open_overdue_count"),
                dbl(rs, "resolve_hours_p50"), dbl(rs, "resolve_hours_p90"), dbl(rs, "resolve_hours_km_p50"),
                dbl(rs, "resolve_hours_km_p90"), rs.getLong("proactive_count"), dbl(rs, "proactive_share"),
                rs.getLong("surveys_count")), m);
        return r.get(0);
    }

    /**
     * The month's communities: ranked ones by rank; the rest by what can still be ordered — the shrunk composite, then
     * (a month without surveys has none) the shrunk 按期办结率 and 响应率, then (a month without cases yet) the shrunk
     * 解决率 and 满意率 — and by name. Ordering only: no rank is made.
     */
    private List<CommunityRow> communities(String m) {
        return query("SELECT * FROM community_month WHERE assessment_month = ? ORDER BY rank NULLS LAST, "
                + "composite_score_eb DESC NULLS LAST, on_time_rate_eb DESC NULLS LAST, response_rate_eb DESC NULLS LAST, "
                + "resolution_rate_eb DESC NULLS LAST, satisfaction_rate_eb DESC NULLS LAST, community", rs -> new CommunityRow(
                rs.getString("community"), rs.getString("street"), rs.getLong("cases_count"), dbl(rs, "cases_mom"),
                rate(rs, "response"), rate(rs, "on_time"), rate(rs, "closure"), rate(rs, "resolution"),
                rate(rs, "satisfaction"), dbl(rs, "composite_score"), dbl(rs, "composite_score_mom"),
                dbl(rs, "composite_score_eb"), dbl(rs, "composite_score_eb_lo"), dbl(rs, "composite_score_eb_hi"),
                rs.getBoolean("is_ranked"), rs.getString("unranked_reason"), integer(rs, "rank"),
                integer(rs, "rank_lo"), integer(rs, "rank_hi"), integer(rs, "rank_prev"), rs.getInt("ranked_count"),
                rs.getLong("backlog_count"), rs.getLong("backlog_overdue_count"), rs.getLong("open_overdue_count"),
                dbl(rs, "resolve_hours_p50"), dbl(rs, "resolve_hours_p90"), dbl(rs, "resolve_hours_km_p50"),
                dbl(rs, "resolve_hours_km_p90"), rs.getLong("proactive_count"), dbl(rs, "proactive_share"),
                rs.getLong("surveys_count"), java.util.Collections.unmodifiableList(Arrays.asList(
                        rs.getString("response_funnel_zone"), rs.getString("on_time_funnel_zone"),
                        rs.getString("resolution_funnel_zone"), rs.getString("satisfaction_funnel_zone"))),
                dbl(rs, "cases_yoy"), List.of(cmp(rs, "response_rate"), cmp(rs, "on_time_rate"), cmp(rs, "resolution_rate"),
                        cmp(rs, "satisfaction_rate"))), m);
    }

    private Medians medians(String m) {
        return query("SELECT median(cases_count) AS v, median(response_rate) AS r, median(on_time_rate) AS o, "
                + "median(resolution_rate) AS s, median(satisfaction_rate) AS t, median(composite_score) AS c, "
                + "median(resolve_hours_km_p50) AS k FROM community_month WHERE assessment_month = ?",
                rs -> new Medians(dbl(rs, "v"), dbl(rs, "r"), dbl(rs, "o"), dbl(rs, "s"), dbl(rs, "t"), dbl(rs, "c"),
                        dbl(rs, "k")), m).get(0);
    }

    private static TrendPoint trendPoint(ResultSet rs) throws SQLException {
        return new TrendPoint(YearMonth.parse(rs.getString("assessment_month")), rs.getLong("cases_count"),
                dbl(rs, "response_rate"), dbl(rs, "on_time_rate"), dbl(rs, "resolution_rate"),
                dbl(rs, "satisfaction_rate"), dbl(rs, "composite_score"), dbl(rs, "proactive_share"),
                dbl(rs, "resolve_hours_km_p50"), rs.getBoolean("is_month_complete"), List.of(rate(rs, "response"),
                rate(rs, "on_time"), rate(rs, "resolution"), rate(rs, "satisfaction")));
    }

    private List<TrendPoint> districtTrend(String from, String m) {
        return query("SELECT * FROM district_month WHERE assessment_month BETWEEN ? AND ? ORDER BY assessment_month",
                MartReader::trendPoint, from, m);
    }

    private List<CommunityTrend> communityTrends(String from, String m) {
        Map<String, List<TrendPoint>> by = new TreeMap<>();
        for (Object[] r : query("SELECT community, * FROM community_month WHERE assessment_month BETWEEN ? AND ? "
                + "ORDER BY community, assessment_month", rs -> new Object[] {rs.getString(1), trendPoint(rs)}, from, m)) {
            by.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((TrendPoint) r[1]);
        }
        return by.entrySet().stream().map(e -> new CommunityTrend(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private List<ChannelCount> channelMix(String from, String m) {
        List<ChannelCount> out = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT assessment_month");
        for (Codes.Channel ch : Codes.Channel.values()) {
            sql.append(", channel_").append(ch.code()).append("_count");
        }
        sql.append(" FROM district_month WHERE assessment_month BETWEEN ? AND ? ORDER BY assessment_month");
        query(sql.toString(), rs -> {
            YearMonth ym = YearMonth.parse(rs.getString(1));
            for (Codes.Channel ch : Codes.Channel.values()) {
                long n = rs.getLong("channel_" + ch.code() + "_count");
                if (n > 0) {
                    out.add(new ChannelCount(ym, ch.code(), ch.zh(), n));
                }
            }
            return null;
        }, from, m);
        return out;
    }

    private List<KmPoint> km(String m) {
        return query("SELECT CASE WHEN level = 'district' THEN NULL ELSE community END AS c, time_hours, survival "
                + "FROM km_curve WHERE assessment_month = ? ORDER BY c NULLS FIRST, time_hours",
                rs -> new KmPoint(rs.getString(1), rs.getDouble(2), rs.getDouble(3)), m);
    }

    private Funnel funnel(String m, String stem) {
        String metric = stem + "_rate";
        List<FunnelDot> dots = query("SELECT community, " + stem + "_den, " + stem + "_num, " + stem + "_rate, " + stem
                + "_funnel_zone FROM community_month WHERE assessment_month = ? ORDER BY community",
                rs -> new FunnelDot(rs.getString(1), rs.getLong(2), rs.getDouble(3), dbl(rs, stem + "_rate"), rs.getString(5)), m);
        boolean[] over = {false};
        List<FunnelLimit> limits = query("SELECT den, target, lo95, hi95, lo998, hi998, is_overdispersed FROM funnel_month "
                + "WHERE assessment_month = ? AND metric = ? ORDER BY den", rs -> {
            over[0] |= rs.getBoolean(7);
            return new FunnelLimit(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                    rs.getDouble(6));
        }, m, metric);
        return new Funnel(metric, dots, limits, over[0]);
    }

    /**
     * 超期未办结 as the marts count it in backlog_overdue_count: counted cases open at the month end (the cut-off for
     * the running month) whose limit lay before it, whatever their receipt month. Days overdue are at the month end;
     * a case closed between the month end and the as-of cut-off carries its closing time.
     */
    private List<OverdueCase> overdue(String m, boolean haveTexts) {
        String text = haveTexts ? "(SELECT coalesce(s.title, s.description) FROM staged_cases s WHERE s.case_id = f.case_id "
                + "AND s.source = f.source LIMIT 1)" : "NULL";
        return query("WITH e AS (SELECT least(window_end_at, as_of_at) AS t FROM district_month WHERE assessment_month = ?) "
                + "SELECT f.case_id, f.community, CAST(f.received_at AS VARCHAR), CAST(f.limit_due_at AS VARCHAR), "
                + "date_diff('second', f.limit_due_at, e.t) / 86400.0 AS days, f.priority, f.handler_type, "
                + "f.escalation_level, " + text + " AS title, CAST(f.resolved_at AS VARCHAR) FROM case_facts f, e "
                + "WHERE f.is_counted AND f.assessment_month <= ? AND f.limit_due_at < e.t "
                + "AND (f.resolved_at IS NULL OR f.resolved_at >= e.t) ORDER BY f.community, f.limit_due_at, f.case_id",
                rs -> new OverdueCase(rs.getString(1), rs.getString(2), timestamp(rs.getString(3)),
                        timestamp(rs.getString(4)), rs.getDouble(5), label(Codes.Priority.class, rs.getString(6)),
                        label(Codes.HandlerType.class, rs.getString(7)),
                        label(Codes.EscalationLevel.class, rs.getString(8)), rs.getString(9), timestamp(rs.getString(10))),
                m, m);
    }

    private List<HandlerRow> handlers(String m) {
        return query("SELECT * FROM handler_month WHERE assessment_month = ? AND handler_key IS NULL "
                + "ORDER BY cases_count DESC, handler_type", rs -> new HandlerRow(rs.getString("handler_type"),
                label(Codes.HandlerType.class, rs.getString("handler_type")), rs.getLong("handlers_count"),
                rs.getLong("cases_count"), rs.getLong("closed_count"), rs.getLong("open_overdue_count"),
                rate(rs, "on_time"), dbl(rs, "handle_hours_p50"), dbl(rs, "handle_hours_p90"),
                dbl(rs, "resolve_hours_km_p50"), plainRate(rs, "resolution"), plainRate(rs, "satisfaction")), m);
    }

    private List<DepartmentRow> departments(String m) {
        return query("SELECT * FROM department_month WHERE assessment_month = ? ORDER BY "
                + "CASE escalation_level WHEN 'community' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, department NULLS FIRST",
                rs -> new DepartmentRow(label(Codes.EscalationLevel.class, rs.getString("escalation_level")),
                        rs.getString("department"), rs.getLong("cases_count"), rs.getLong("closed_count"),
                        rs.getLong("open_overdue_count"), rate(rs, "on_time"), dbl(rs, "resolve_hours_p50"),
                        dbl(rs, "resolve_hours_p90"), dbl(rs, "resolve_hours_km_p50"), plainRate(rs, "satisfaction")), m);
    }

    // ------------------------------------------------------------------------------------------ topics

    private Topics topics(YearMonth month, boolean haveTexts) {
        boolean tcm = view("topic_community_month", lake.mart("topic_community_month"));
        boolean tp = view("topics", lake.mart("topics"));
        boolean ri = view("recurring_issues", lake.mart("recurring_issues"));
        if (!tcm || !tp || !ri) {
            return Topics.none("主题分析的数据集（marts/topic_community_month、topics、recurring_issues）尚未生成：请先运行 "
                    + TOPICS + "。");
        }
        requireColumns("topic_community_month", lake.mart("topic_community_month"), TOPIC_COMMUNITY_MONTH, TOPICS);
        requireColumns("topics", lake.mart("topics"), TOPICS_MART, TOPICS);
        if (query("SELECT count(*) FROM topics", rs -> rs.getLong(1)).get(0) == 0) {
            return Topics.none(noTopicsNote());
        }
        requireColumns("recurring_issues", lake.mart("recurring_issues"), RECURRING, TOPICS);
        String m = month.toString();
        String prev = month.minusMonths(1).toString();
        List<TopicRow> rows = query("WITH cur AS (SELECT topic_id, any_value(topic_label) AS label, max(district_count) AS n, "
                + "max(district_share) AS share FROM topic_community_month WHERE month = ? GROUP BY topic_id), "
                + "prev AS (SELECT topic_id, max(district_count) AS n FROM topic_community_month WHERE month = ? GROUP BY topic_id) "
                + "SELECT cur.topic_id, cur.label, array_to_string(t.top_terms, chr(31)), cur.n, cur.share, prev.n "
                + "FROM cur LEFT JOIN prev USING (topic_id) LEFT JOIN topics t USING (topic_id) "
                + "ORDER BY cur.n DESC, cur.topic_id",
                rs -> new TopicRow(rs.getInt(1), rs.getString(2), split(rs.getString(3)), rs.getLong(4), dbl(rs, "share"),
                        rs.getObject(6) == null ? null : rs.getLong(6)), m, prev);
        List<TopicCell> cells = query("SELECT community, topic_id, case_count, share FROM topic_community_month "
                + "WHERE month = ? ORDER BY community, topic_id",
                rs -> new TopicCell(rs.getString(1), rs.getInt(2), rs.getLong(3), dbl(rs, "share")), m);
        String sql = "SELECT community, place, topic_id, topic_label, rule, is_flagged, is_stopped, stopped_since, "
                + "window_months, months_elevated, array_to_string(month_counts, chr(31)) AS mc, current_count, "
                + "expected_count, poisson_p, cusum, cusum_threshold, first_month, cluster_p, cluster_alpha, "
                + "array_to_string(example_case_ids, chr(31)) AS ex FROM recurring_issues WHERE as_of_month = ? AND %s "
                + "ORDER BY months_elevated DESC, cusum DESC, current_count DESC, community, place NULLS FIRST, topic_id";
        List<Object[]> live = query(String.format(sql, "is_flagged"), MartReader::recurringRow, m);
        List<Object[]> stopped = query(String.format(sql, "is_stopped AND NOT is_flagged"), MartReader::recurringRow, m);
        Map<String, String> texts = haveTexts ? texts(Stream.concat(live.stream(), stopped.stream())
                .flatMap(r -> Arrays.stream((String[]) r[1])).toList()) : Map.of();
        return new Topics(true, null, rows, cells, withExamples(live, texts), withExamples(stopped, texts));
    }

    /**
     * Why the topic marts are empty: the topics stage found too little text to fit topics (its notice, written to
     * lake/quality/topics-notice.txt, is quoted).
     */
    private String noTopicsNote() {
        Path f = lake.quality().resolve("topics-notice.txt");
        String why = "";
        try {
            if (Files.isRegularFile(f)) {
                why = "（" + Files.readString(f, java.nio.charset.StandardCharsets.UTF_8).strip() + "）";
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + f, e);
        }
        return "本期没有主题分析：有文字（中文或拉丁字母）的案件太少，无法归纳主题，主题数据集为空" + why + "。";
    }

    private static Object[] recurringRow(ResultSet rs) throws SQLException {
        RecurringIssue r = new RecurringIssue(rs.getString("community"), rs.getString("place"), rs.getInt("topic_id"),
                rs.getString("topic_label"), rs.getString("rule"), rs.getBoolean("is_flagged"),
                rs.getBoolean("is_stopped"), rs.getString("stopped_since"), rs.getInt("window_months"),
                rs.getInt("months_elevated"), split(rs.getString("mc")), rs.getLong("current_count"),
                rs.getDouble("expected_count"), rs.getDouble("poisson_p"), rs.getDouble("cusum"),
                rs.getDouble("cusum_threshold"), rs.getString("first_month"), List.of(), dbl(rs, "cluster_p"),
                dbl(rs, "cluster_alpha"));
        return new Object[] {r, split(rs.getString("ex")).toArray(String[]::new)};
    }

    private static List<RecurringIssue> withExamples(List<Object[]> rows, Map<String, String> texts) {
        List<RecurringIssue> out = new ArrayList<>();
        for (Object[] o : rows) {
            RecurringIssue r = (RecurringIssue) o[0];
            List<Example> ex = Arrays.stream((String[]) o[1]).map(id -> new Example(id, texts.get(id))).toList();
            out.add(new RecurringIssue(r.community(), r.place(), r.topicId(), r.label(), r.rule(), r.flagged(),
                    r.stopped(), r.stoppedSince(), r.windowMonths(), r.monthsElevated(), r.monthCounts(),
                    r.currentCount(), r.expectedCount(), r.poissonP(), r.cusum(), r.cusumThreshold(), r.firstMonth(), ex,
                    r.clusterP(), r.clusterAlpha()));
        }
        return out;
    }

    /** Title (or description) of staged cases by case id, for the example cases; masked again when shown. */
    private Map<String, String> texts(List<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String in = String.join(",", ids.stream().map(i -> "'" + i.replace("'", "''") + "'").toList());
        query("SELECT case_id, any_value(concat_ws('：', title, description)) FROM staged_cases WHERE case_id IN (" + in
                + ") GROUP BY case_id", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Rate rate(ResultSet rs, String stem) throws SQLException {
        return new Rate(rs.getDouble(stem + "_num"), rs.getLong(stem + "_den"), dbl(rs, stem + "_rate"),
                dbl(rs, stem + "_rate_lo"), dbl(rs, stem + "_rate_hi"));
    }

    /** A rate stored without an interval (handler_month / department_month survey rates). */
    private static Rate plainRate(ResultSet rs, String stem) throws SQLException {
        return new Rate(rs.getDouble(stem + "_num"), rs.getLong(stem + "_den"), dbl(rs, stem + "_rate"), null, null);
    }

    private static Compared cmp(ResultSet rs, String col) throws SQLException {
        return new Compared(dbl(rs, col), dbl(rs, col + "_mom"), dbl(rs, col + "_yoy"));
    }

    static Double dbl(ResultSet rs, String col) throws SQLException {
        Object o = rs.getObject(col);
        return o == null ? null : ((Number) o).doubleValue();
    }

    static Integer integer(ResultSet rs, String col) throws SQLException {
        Object o = rs.getObject(col);
        return o == null ? null : ((Number) o).intValue();
    }

    static LocalDateTime timestamp(String s) {
        return s == null ? null : LocalDateTime.parse(s.replace(' ', 'T'));
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\u001F"));
    }

    static <E extends Enum<E> & Coded> String label(Class<E> type, String code) {
        return code == null ? null : Coded.fromCode(type, code).map(Coded::zh).orElse(code);
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the marts under " + lake.root() + " with: " + sql, e);
        }
    }

    private Object[] one(String sql, Object... params) {
        return query(sql, rs -> {
            Object[] r = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < r.length; i++) {
                r[i] = rs.getObject(i + 1);
            }
            return r;
        }, params).get(0);
    }

    private List<String> strings(String sql, Object... params) {
        return query(sql, rs -> rs.getString(1), params);
    }

    private void exec(String sql, String doing) {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed " + doing + ": " + e.getMessage(), e);
        }
    }

    /** The connection, for reading JSON (the ingest summary) with the same engine. */
    Connection connection() {
        return db;
    }
}
