package io.minqing.reports;

import io.minqing.contract.Lake;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 问题追踪, for planners: "where, and since when, is this a problem?". For every community (or 小区) × topic the topic
 * detector has flagged in the last twelve months, the true first month of its episode (however long ago — the
 * detector's own first_month looks back one window only), the monthly counts since then, the share of its cases
 * closed and the share its residents call solved in surveys, the estates involved, and its state (新出现, 持续中,
 * 已停止 since M). Rising topics the detector has not flagged are listed as 值得关注. Reads the topic marts
 * (recurring_issues, topic_community_month, case_topics) and case_facts on the report's DuckDB connection; computes
 * no metric of its own beyond counting those rows.
 */
final class IssueTracker {

    /** One detector row of recurring_issues: the history an episode is chained from. */
    record DetectorRow(String asOfMonth, boolean flagged, boolean stopped, String stoppedSince, String firstMonth) {
    }

    /** An episode as the section and the CSV show it. */
    record Tracked(String community, String place, int topicId, String label, String firstMonth, String state,
                   List<String> months, List<Long> counts, Long closed, Long surveyed, Long solved, List<String> estates) {

        long total() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A topic rising in a community without a flag. */
    record Watch(String community, int topicId, String label, double recent, double before, List<String> months, List<Long> counts) {

        Watch(String community, String label, double recent, double before) {
            this(community, 0, label, recent, before, List.of(), List.of());
        }
    }

    record Result(List<Tracked> tracked, List<Watch> watch) {
    }

    /** Months of detector history shown: episodes whose latest row is older than this are left out. */
    static final int LOOK_BACK = 12;

    private IssueTracker() {
    }

    /**
     * The episode's first month: the detector rows of one issue, latest first, are followed back while they come in
     * consecutive as-of months (each row's window overlaps the next), and the earliest first_month among them is where
     * the episode began. {@code rows} sorted by as-of month, oldest first.
     */
    static String episodeStart(List<DetectorRow> rows) {
        int i = rows.size() - 1;
        String first = rows.get(i).firstMonth();
        while (i > 0 && YearMonth.parse(rows.get(i - 1).asOfMonth()).plusMonths(1).equals(YearMonth.parse(rows.get(i).asOfMonth()))) {
            i--;
            if (rows.get(i).firstMonth().compareTo(first) < 0) {
                first = rows.get(i).firstMonth();
            }
        }
        return first;
    }

    /** 新出现 / 持续中 / 已停止（自 M 起）/ 观察中, from the rows up to {@code month}, oldest first. */
    static String state(List<DetectorRow> rows, String month) {
        DetectorRow last = rows.get(rows.size() - 1);
        if (!last.asOfMonth().equals(month)) {
            return "已停止（检测记录止于 " + last.asOfMonth() + "）";
        }
        if (last.stopped()) {
            return "已停止（自 " + Objects.toString(last.stoppedSince(), last.asOfMonth()) + " 起）";
        }
        if (last.flagged()) {
            boolean before = rows.stream().limit(rows.size() - 1L).anyMatch(DetectorRow::flagged);
            return before ? "持续中" : "新出现";
        }
        return "观察中";
    }

    static Result read(Connection c, Lake lake, YearMonth month) {
        try {
            if (!MartReader.hasParquet(lake.mart("recurring_issues"))) {
                return new Result(List.of(), List.of());
            }
            boolean caseTopics = MartReader.hasParquet(lake.mart("case_topics"));
            try (var st = c.createStatement()) {
                st.execute("CREATE OR REPLACE TEMP VIEW it_issues AS SELECT * FROM read_parquet('"
                        + sql(lake.mart("recurring_issues")) + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
                if (caseTopics) {
                    st.execute("CREATE OR REPLACE TEMP VIEW it_case_topics AS SELECT * FROM read_parquet('"
                            + sql(lake.mart("case_topics")) + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = false, union_by_name = true)");
                }
            }
            String m = month.toString();
            String from = month.minusMonths(LOOK_BACK - 1).toString();
            Map<List<Object>, List<DetectorRow>> history = new LinkedHashMap<>();
            Map<List<Object>, String> labels = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT community, place, topic_id, topic_label, as_of_month, is_flagged, "
                    + "is_stopped, stopped_since, first_month FROM it_issues WHERE as_of_month <= ? "
                    + "ORDER BY community, place NULLS FIRST, topic_id, as_of_month")) {
                ps.setString(1, m);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getInt(3));
                        labels.put(key, rs.getString(4));
                        history.computeIfAbsent(key, k -> new ArrayList<>()).add(new DetectorRow(rs.getString(5), rs.getBoolean(6),
                                rs.getBoolean(7), rs.getString(8), rs.getString(9)));
                    }
                }
            }
            List<Tracked> out = new ArrayList<>();
            for (Map.Entry<List<Object>, List<DetectorRow>> e : history.entrySet()) {
                List<DetectorRow> rows = e.getValue();
                if (rows.get(rows.size() - 1).asOfMonth().compareTo(from) < 0 || rows.stream().noneMatch(DetectorRow::flagged)) {
                    continue; // stale, or never a candidate (a rule that held without the month being elevated)
                }
                String community = (String) e.getKey().get(0);
                String place = (String) e.getKey().get(1);
                int topic = (Integer) e.getKey().get(2);
                String start = episodeStart(rows);
                List<String> months = new ArrayList<>();
                for (YearMonth y = YearMonth.parse(start); !y.isAfter(month); y = y.plusMonths(1)) {
                    months.add(y.toString());
                }
                List<Long> counts = new ArrayList<>();
                Long closed = null;
                Long surveyed = null;
                Long solved = null;
                List<String> estates = new ArrayList<>();
                if (caseTopics) {
                    String where = " WHERE ct.topic_id = ? AND ct.received_month BETWEEN ? AND ?"
                            + (community.equals("全区") ? "" : " AND ct.community = ?") + (place == null ? "" : " AND ct.place = ?");
                    Map<String, Long> byMonth = new LinkedHashMap<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT ct.received_month, count(*) FROM it_case_topics ct" + where
                            + " GROUP BY 1")) {
                        bind(ps, topic, start, m, community, place);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                byMonth.put(rs.getString(1), rs.getLong(2));
                            }
                        }
                    }
                    months.forEach(x -> counts.add(byMonth.getOrDefault(x, 0L)));
                    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE cf.is_closed), "
                            + "count(cf.is_survey_resolved), count(*) FILTER (WHERE cf.is_survey_resolved) FROM it_case_topics ct "
                            + "JOIN case_facts cf ON cf.source = ct.source AND cf.case_id = ct.case_id" + where + " AND cf.is_counted")) {
                        bind(ps, topic, start, m, community, place);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            closed = rs.getLong(1);
                            surveyed = rs.getLong(2);
                            solved = rs.getLong(3);
                        }
                    }
                    if (place == null) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT ct.place, count(*) FROM it_case_topics ct" + where
                                + " AND ct.place IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5")) {
                            bind(ps, topic, start, m, community, place);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    estates.add(rs.getString(1) + " " + rs.getLong(2) + " 件");
                                }
                            }
                        }
                    }
                } else {
                    months.forEach(x -> counts.add(null));
                }
                if (place != null) {
                    estates.add(place);
                }
                out.add(new Tracked(community, place, topic, labels.get(e.getKey()), start, state(rows, m), months, counts,
                        closed, surveyed, solved, estates));
            }
            out.sort(Comparator.comparing((Tracked t) -> order(t.state())).thenComparing(Tracked::firstMonth)
                    .thenComparing(Tracked::community).thenComparing(t -> Objects.toString(t.place(), "")));
            return new Result(out, watch(c, lake, month, out));
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed reading the topic marts for 问题追踪: " + e.getMessage(), e);
        }
    }

    static int order(String state) {
        return state.startsWith("持续中") ? 0 : state.startsWith("新出现") ? 1 : state.startsWith("观察中") ? 2 : 3;
    }

    /** At most this many 值得关注 lines, the largest rises first. */
    static final int WATCH_MAX = 8;

    /**
     * 值得关注: community × topic whose mean of the last three months is at least 1.5 times, and at least 3 cases a
     * month above, both its mean of the six months before and its mean of the same three months a year earlier (when
     * the data reach back that far: a summer topic is not "rising" every summer), that no detector row flags this
     * month, in the community or district-wide.
     */
    static List<Watch> watch(Connection c, Lake lake, YearMonth month, List<Tracked> tracked) throws SQLException {
        if (!MartReader.hasParquet(lake.mart("topic_community_month"))) {
            return List.of();
        }
        String recentFrom = month.minusMonths(2).toString();
        String lastYearFrom = month.minusMonths(14).toString();
        String lastYearTo = month.minusMonths(12).toString();
        List<Watch> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT community, topic_id, any_value(topic_label), "
                + "sum(case_count) FILTER (WHERE month >= ?) / 3.0 AS recent, "
                + "sum(case_count) FILTER (WHERE month < ? AND month >= ?) / 6.0 AS before, "
                + "sum(case_count) FILTER (WHERE month BETWEEN ? AND ?) / 3.0 AS last_year, "
                + "count(*) FILTER (WHERE month BETWEEN ? AND ?) AS last_year_months "
                + "FROM read_parquet('" + sql(lake.mart("topic_community_month")) + "/**/*.parquet', union_by_name = true) "
                + "WHERE month BETWEEN ? AND ? AND topic_id <> 0 GROUP BY 1, 2 "
                + "HAVING recent >= 1.5 * before AND recent - before >= 3 "
                + "AND (last_year_months < 3 OR (recent >= 1.5 * last_year AND recent - last_year >= 3)) "
                + "ORDER BY recent - before DESC, 1, 2")) {
            ps.setString(1, recentFrom);
            ps.setString(2, recentFrom);
            ps.setString(3, month.minusMonths(8).toString());
            ps.setString(4, lastYearFrom);
            ps.setString(5, lastYearTo);
            ps.setString(6, lastYearFrom);
            ps.setString(7, lastYearTo);
            ps.setString(8, lastYearFrom);
            ps.setString(9, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < WATCH_MAX) {
                    String community = rs.getString(1);
                    int topic = rs.getInt(2);
                    boolean live = tracked.stream().anyMatch(t -> (t.community().equals(community) || t.community().equals("全区"))
                            && t.topicId() == topic && (t.state().equals("持续中") || t.state().equals("新出现")));
                    if (!live) {
                        out.add(new Watch(community, topic, rs.getString(3), rs.getDouble(4), rs.getDouble(5), List.of(), List.of()));
                    }
                }
            }
        }
        List<String> months = new ArrayList<>();
        for (YearMonth y = month.minusMonths(LOOK_BACK - 1); !y.isAfter(month); y = y.plusMonths(1)) {
            months.add(y.toString());
        }
        List<Watch> withCounts = new ArrayList<>();
        for (Watch w : out) {
            Map<String, Long> byMonth = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT month, sum(case_count) FROM read_parquet('"
                    + sql(lake.mart("topic_community_month")) + "/**/*.parquet', union_by_name = true) "
                    + "WHERE community = ? AND topic_id = ? AND month BETWEEN ? AND ? GROUP BY 1")) {
                ps.setString(1, w.community());
                ps.setInt(2, w.topicId());
                ps.setString(3, months.get(0));
                ps.setString(4, month.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byMonth.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            withCounts.add(new Watch(w.community(), w.topicId(), w.label(), w.recent(), w.before(), months,
                    months.stream().map(x -> byMonth.getOrDefault(x, 0L)).toList()));
        }
        return withCounts;
    }

    private static void bind(PreparedStatement ps, int topic, String from, String to, String community, String place)
            throws SQLException {
        int i = 1;
        ps.setInt(i++, topic);
        ps.setString(i++, from);
        ps.setString(i++, to);
        if (!community.equals("全区")) {
            ps.setString(i++, community);
        }
        if (place != null) {
            ps.setString(i, place);
        }
    }

    private static String sql(Path p) {
        return p.toString().replace("'", "''");
    }

    // ------------------------------------------------------------------------------------------------- output

    static final String SECTION_ID = "tracking";
    static final String SECTION_TITLE = "问题追踪";

    /** The section: a table of episodes (state, since when, monthly counts, closed and solved shares, estates), then 值得关注. */
    static void html(StringBuilder b, Result r) {
        b.append("<section id=\"").append(SECTION_ID).append("\" class=\"pb\"><h2>").append(SECTION_TITLE).append("</h2>\n")
                .append("<p class=\"note\">近 ").append(LOOK_BACK).append(" 个月内曾被列为每月一题候选的社区（小区）× 主题：")
                .append("起始月份为这一轮问题最早超常的月份（沿检测记录逐月向前追溯，不限于近 6 个月）；逐月件数自起始月份至本月；")
                .append("已办结、测评称已解决均按起始月份以来的件计。</p>\n");
        byTopic(b, r);
        if (r.tracked().isEmpty()) {
            b.append("<p>近 ").append(LOOK_BACK).append(" 个月没有被列为候选的问题。</p>\n");
        } else {
            b.append("<h3>逐项明细</h3>\n<table class=\"tracking\" id=\"tracking-table\"><thead><tr><th class=\"t\">社区 · 小区</th><th class=\"t\">主题</th>")
                    .append("<th class=\"t\">状态</th><th>起始月份</th><th class=\"t\">逐月件数</th><th>合计</th><th>已办结</th>")
                    .append("<th>测评称已解决</th><th class=\"t\">涉及小区</th></tr></thead><tbody>\n");
            for (Tracked t : r.tracked()) {
                b.append("<tr data-community=\"").append(Html.esc(t.community())).append("\" data-topic=\"").append(t.topicId())
                        .append("\"><td class=\"t nw\">").append(Html.esc(t.community() + (t.place() == null ? "" : " · " + t.place())))
                        .append("</td><td class=\"t\">").append(Html.esc(t.label())).append("</td><td class=\"t state\">")
                        .append(Html.esc(t.state())).append("</td><td class=\"first nw\">").append(t.firstMonth())
                        .append("</td><td class=\"t counts\">").append(Html.esc(counts(t))).append("</td><td class=\"total\">")
                        .append(unknown(t) ? Fmt.NONE : t.total()).append("</td><td class=\"closed\">")
                        .append(share(t.closed(), unknown(t) ? null : t.total())).append("</td><td class=\"solved\">")
                        .append(share(t.solved(), t.surveyed())).append("</td><td class=\"t estates\">")
                        .append(Html.esc(String.join("、", t.estates()))).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        b.append("<h3>值得关注（上升但尚未报警）</h3>");
        if (r.watch().isEmpty()) {
            b.append("<p class=\"note\">没有近 3 个月明显上升而未报警的社区主题。</p>\n");
        } else {
            b.append("<p class=\"note\">近 3 个月月均件数比此前 6 个月、也比去年同期高出一半以上且每月多 3 件以上，检测尚未列为候选（最多列 " + WATCH_MAX + " 项，升幅大的在前）。</p><ul class=\"watch\">");
            for (Watch w : r.watch()) {
                b.append("<li>").append(Html.esc(w.community())).append(" · <strong>").append(Html.esc(w.label()))
                        .append("</strong>：近 3 个月月均 ").append(Fmt.num(w.recent(), 1)).append(" 件，此前 6 个月月均 ")
                        .append(Fmt.num(w.before(), 1)).append(" 件</li>");
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    /** A place of one topic in the at-a-glance table: an episode, or a 值得关注 rise. */
    record Place(String where, String since, String state, List<String> months, List<Long> counts, boolean live) {
    }

    /** Topic label → its places: live episodes first, then 值得关注, then stopped ones; each by its first month. */
    static Map<String, List<Place>> places(Result r) {
        Map<String, List<Place>> by = new java.util.TreeMap<>();
        for (Tracked t : r.tracked()) {
            boolean live = t.state().equals("持续中") || t.state().equals("新出现");
            by.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(new Place(t.community() + (t.place() == null ? "" : " · " + t.place()),
                    t.firstMonth(), t.state(), t.months(), t.counts(), live));
        }
        for (Watch w : r.watch()) {
            by.computeIfAbsent(w.label(), k -> new ArrayList<>()).add(new Place(w.community(), null,
                    "值得关注，上升未报警：近 3 个月月均 " + Fmt.num(w.recent(), 1) + " 件，此前 6 个月 " + Fmt.num(w.before(), 1) + " 件",
                    w.months(), w.counts(), true));
        }
        for (List<Place> ps : by.values()) {
            ps.sort(Comparator.comparing((Place x) -> x.since() == null ? 1 : x.live() ? 0 : 2)
                    .thenComparing(x -> Objects.toString(x.since(), "")).thenComparing(Place::where));
        }
        // topics with a flagged episode going on first, then those with only a 值得关注 rise, then the stopped ones
        Map<String, List<Place>> out = new LinkedHashMap<>();
        by.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().stream().anyMatch(x -> x.live() && x.since() != null) ? 0
                        : e.getValue().stream().anyMatch(Place::live) ? 1 : 2))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Months shown in the at-a-glance bars: at most the last twelve. */
    static final int GLANCE_MONTHS = 12;

    /**
     * 按主题一览: per topic, where (community · 小区), since when, its state and the monthly counts of the last
     * months as small bars with the numbers under them, so "where and since when is X a problem" reads off one row.
     */
    static void byTopic(StringBuilder b, Result r) {
        Map<String, List<Place>> by = places(r);
        if (by.isEmpty()) {
            return;
        }
        b.append("<h3>按主题一览：哪里、从何时起</h3>\n<p class=\"note\">每个主题列出被检测为反复出现的社区（小区）及起始月份，"
                + "以及上升而尚未报警的社区（值得关注）；条形为逐月件数（自起始月份，至多近 ").append(GLANCE_MONTHS)
                .append(" 个月，最右为本月），数字在条形下方。</p>\n<table class=\"glance\" id=\"tracking-by-topic\"><thead><tr>")
                .append("<th class=\"t\">主题</th><th class=\"t\">社区 · 小区（起始月份，状态）</th>")
                .append("<th class=\"t\">逐月件数</th></tr></thead><tbody>\n");
        for (Map.Entry<String, List<Place>> e : by.entrySet()) {
            boolean firstRow = true;
            for (Place x : e.getValue()) {
                b.append("<tr data-topic=\"").append(Html.esc(e.getKey())).append("\"").append(x.live() ? " class=\"live\"" : "").append(">");
                if (firstRow) {
                    b.append("<th class=\"t\" scope=\"rowgroup\" rowspan=\"").append(e.getValue().size()).append("\">")
                            .append(Html.esc(e.getKey())).append("</th>");
                    firstRow = false;
                }
                b.append("<td class=\"t where\"><span class=\"place\">").append(Html.esc(x.where())).append("</span>")
                        .append("<span class=\"sub\">").append(x.since() == null ? "" : "<span class=\"since\">自 " + x.since() + "</span> · ")
                        .append("<span class=\"state\">").append(Html.esc(x.state())).append("</span></span>")
                        .append("</td><td class=\"t bars\">").append(bars(x.months(), x.counts())).append("</td></tr>\n");
            }
        }
        b.append("</tbody></table>\n");
    }

    /** A community page's 问题追踪: its own episodes (community-wide and per 小区) and 值得关注 rises, at a glance. */
    static void communityHtml(StringBuilder b, Result r, String community) {
        Result mine = new Result(r.tracked().stream().filter(t -> t.community().equals(community)).toList(),
                r.watch().stream().filter(w -> w.community().equals(community)).toList());
        b.append("<section id=\"").append(SECTION_ID).append("\"><h2>").append(SECTION_TITLE).append("</h2>\n");
        if (mine.tracked().isEmpty() && mine.watch().isEmpty()) {
            b.append("<p class=\"note\">近 ").append(LOOK_BACK).append(" 个月本社区没有被列为每月一题候选或明显上升而未报警的问题。</p>\n");
        } else {
            byTopic(b, mine);
            b.append("<p class=\"note\">办结、测评与涉及小区见全区报告“问题追踪”。</p>\n");
        }
        b.append("</section>\n");
    }

    /** The last {@link #GLANCE_MONTHS} counts as an inline bar row: each bar titled with its month, its number beneath. */
    static String bars(List<String> months, List<Long> counts) {
        if (counts.isEmpty() || counts.stream().anyMatch(Objects::isNull)) {
            return "（无逐件主题数据）";
        }
        int from = Math.max(0, counts.size() - GLANCE_MONTHS);
        long max = Math.max(1, counts.subList(from, counts.size()).stream().mapToLong(Long::longValue).max().orElse(1));
        StringBuilder s = new StringBuilder("<span class=\"bars\" title=\"").append(months.get(from)).append(" 至 ")
                .append(months.get(months.size() - 1)).append("\">");
        for (int i = from; i < counts.size(); i++) {
            long n = counts.get(i);
            s.append("<span class=\"bar\" title=\"").append(months.get(i)).append("：").append(n).append(" 件\"><i style=\"height:")
                    .append(Math.round(22.0 * n / max)).append("px\"></i><b>").append(n).append("</b></span>");
        }
        return s.append("</span>").toString();
    }

    /** True when the monthly counts are unknown (no case_topics mart). */
    static boolean unknown(Tracked t) {
        return t.counts().stream().anyMatch(Objects::isNull);
    }

    /** "2020-02 起：3、4、5 …" (the counts from the first month to this one). */
    static String counts(Tracked t) {
        if (unknown(t)) {
            return "（无逐件主题数据）";
        }
        return t.firstMonth() + " 起：" + String.join("、", t.counts().stream().map(String::valueOf).toList());
    }

    /** A share as HTML: the percentage, and part/whole in small type below it (as the other tables show intervals). */
    private static String share(Long part, Long whole) {
        if (part == null || whole == null || whole == 0) {
            return Fmt.NONE;
        }
        return Fmt.pct((double) part / whole) + "<span class=\"ci\">" + part + "/" + whole + "</span>";
    }

    static final String CSV = "issue_tracking.csv";

    /** tables/issue_tracking.csv: one row per episode × month since its first month. */
    static Path csv(Result r, Path dir) {
        List<List<Object>> rows = new ArrayList<>();
        for (Tracked t : r.tracked()) {
            for (int i = 0; i < t.months().size(); i++) {
                rows.add(java.util.Arrays.asList(t.community(), Objects.toString(t.place(), ""), t.topicId(), t.label(), t.state(),
                        t.firstMonth(), t.months().get(i), t.counts().get(i) == null ? "" : t.counts().get(i)));
            }
        }
        return CsvTables.table(dir, CSV, List.of("社区", "小区", "主题编号", "主题", "状态", "起始月份", "月份", "件数"), rows);
    }
}
