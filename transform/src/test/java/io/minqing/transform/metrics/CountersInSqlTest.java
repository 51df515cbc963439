package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A counter's condition ({@link Cond}) is written once and rendered twice: as the fold's Java predicate and as the
 * DuckDB expression the embedded engine counts with. Both must count the same rows, nulls included; the expected
 * numbers are worked out by hand on four rows.
 */
class CountersInSqlTest {

    /**
     * Five rows:
     * <pre>
     *      counted closed on_time channel  satisfaction          resolved departments
     *  r1  true    true   true    hotline  satisfied             true     [A]
     *  r2  true    true   false   null     null                  false    []
     *  r3  null    null   null    hotline  basically_satisfied   null     null
     *  r4  false   false  false   email    dissatisfied          true     [B, C]
     *  r5  false   false  false   email    null                  null     [null]
     * </pre>
     */
    private static final String ROWS = "(VALUES "
            + "(true, true, true, 'hotline', 'satisfied', true, ['A']), "
            + "(true, true, false, NULL, NULL, false, []), "
            + "(NULL, NULL, NULL, 'hotline', 'basically_satisfied', NULL, NULL), "
            + "(false, false, false, 'email', 'dissatisfied', true, ['B', 'C']), "
            + "(false, false, false, 'email', NULL, NULL, [NULL::VARCHAR])) "
            + "t(is_counted, is_closed, is_closed_on_time, channel, survey_satisfaction, is_survey_resolved, departments)";

    private static List<MonthPass.Fact> facts() {
        List<MonthPass.Fact> out = new ArrayList<>();
        out.add(fact(true, true, true, "hotline", "satisfied", true, List.of("A")));
        out.add(fact(true, true, false, null, null, false, List.of()));
        out.add(fact(false, false, false, "hotline", "basically_satisfied", null, List.of())); // the Fact reads null flags as false, a null list as empty
        out.add(fact(false, false, false, "email", "dissatisfied", true, List.of("B", "C")));
        out.add(fact(false, false, false, "email", null, null, java.util.Arrays.asList((String) null)));
        return out;
    }

    private static MonthPass.Fact fact(boolean counted, boolean closed, boolean onTime, String channel, String satisfaction,
                                       Boolean resolved, List<String> departments) {
        MonthPass.Fact f = new MonthPass.Fact();
        f.counted = counted;
        f.closed = closed;
        f.closedOnTime = onTime;
        f.channel = channel;
        f.satisfaction = satisfaction;
        f.surveyResolved = resolved;
        f.departments = departments;
        return f;
    }

    /** Each condition with the number of rows it counts, by hand from the table above. */
    private static final Map<String, Object[]> CASES = new java.util.LinkedHashMap<>();

    static {
        put("all", Cond.all(), 5);
        put("counted", Cond.flag("is_counted"), 2);                                              // r1, r2
        put("not counted", Cond.not(Cond.flag("is_counted")), 3);                                // r3 (null), r4, r5
        put("closed late", Cond.flag("is_closed").and(Cond.not(Cond.flag("is_closed_on_time"))), 1); // r2
        put("hotline", Cond.eq("channel", "hotline"), 2);                                        // r1, r3
        put("not hotline", Cond.not(Cond.eq("channel", "hotline")), 3);                          // r2 (null), r4, r5
        put("resolved", Cond.flag("is_survey_resolved"), 2);                                     // r1, r4
        put("asked", Cond.present("is_survey_resolved"), 3);                                     // r1, r2, r4
        put("rated", Cond.present("survey_satisfaction"), 3);                                    // r1, r3, r4
        put("departments", Cond.nonEmpty("departments"), 2);                                     // r1, r4
        put("no departments", Cond.not(Cond.nonEmpty("departments")), 3);                        // r2, r3 (null), r5 ([null] names none)
        put("counted with departments", Cond.flag("is_counted").and(Cond.nonEmpty("departments")), 1); // r1
    }

    private static void put(String name, Cond c, long n) {
        CASES.put(name, new Object[] {c, n});
    }

    @Test
    void javaPredicateCountsTheRowsWorkedOutByHand() {
        for (var e : CASES.entrySet()) {
            Cond c = (Cond) e.getValue()[0];
            long got = facts().stream().filter(c::test).count();
            assertEquals((long) e.getValue()[1], got, e.getKey());
        }
    }

    @Test
    void sqlCountsTheSameRowsInDuckDb() throws Exception {
        List<MonthPass.Counter> counters = new ArrayList<>();
        for (var e : CASES.entrySet()) {
            counters.add(new MonthPass.Counter(e.getKey(), (Cond) e.getValue()[0]));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT " + MonthPass.countSql(counters) + " FROM " + ROWS)) {
            r.next();
            for (var e : CASES.entrySet()) {
                assertEquals((long) e.getValue()[1], r.getLong(e.getKey()), e.getKey());
            }
        }
    }

    @Test
    void renderedSqlIsTwoValued() {
        assertEquals("(NOT coalesce(is_counted, false))", Cond.not(Cond.flag("is_counted")).sql());
        assertEquals("coalesce(channel = 'it''s', false)", Cond.eq("channel", "it's").sql());
        assertEquals("(coalesce(is_closed, false) AND (is_survey_resolved IS NOT NULL))",
                Cond.flag("is_closed").and(Cond.present("is_survey_resolved")).sql());
        assertEquals(new java.util.TreeSet<>(List.of("is_closed", "is_closed_on_time")),
                Cond.flag("is_closed").and(Cond.not(Cond.flag("is_closed_on_time"))).columns());
        assertThrows(IllegalArgumentException.class, () -> Cond.flag("no_such_column"));
    }

    /**
     * DuckDB's counts of every group of the month pass ({@link DuckMetricsJob#counts}) on three cases of one month,
     * by hand, and equal to the counting fold's:
     * <pre>
     *     community street counted type  key level  departments
     *  a  X         S2     yes     grid  h1  street [D1, D1, null]
     *  b  X         S1     yes     null  h2  null   []
     *  c  Y         null   no      grid  h1  street [D1]
     * </pre>
     */
    @Test
    void groupsCountedInDuckDbAreTheFoldsGroups() throws Exception {
        String table = "CREATE TABLE f AS SELECT * FROM (VALUES "
                + "('2021-01', 'X', 'S2', true, 'grid', 'h1', 'street', ['D1', 'D1', NULL]), "
                + "('2021-01', 'X', 'S1', true, NULL, 'h2', NULL, []), "
                + "('2021-01', 'Y', NULL, false, 'grid', 'h1', 'street', ['D1'])) "
                + "t(assessment_month, community, street, is_counted, handler_type, handler_key, escalation_level, departments)";
        List<MonthPass.Counted> counted;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(table);
            // the other columns the counters read, all null (a null flag counts as false)
            for (String col : List.of("is_proactive", "channel", "is_settled_on_spot", "is_response_due", "is_responded_on_time",
                    "is_closed", "is_closed_on_time", "is_open", "is_overdue_open", "is_survey_resolved", "survey_satisfaction")) {
                boolean text = col.equals("channel") || col.equals("survey_satisfaction");
                st.execute("ALTER TABLE f ADD COLUMN " + col + (text ? " VARCHAR" : " BOOLEAN"));
            }
            counted = DuckMetricsJob.counts(st, "f");
        }
        Map<String, MonthPass.Counted> byKey = new HashMap<>();
        for (MonthPass.Counted x : counted) {
            byKey.put(x.kind() + "/" + x.k2() + "/" + x.k3(), x);
        }
        // communities: X has a and b (street S1, the first by name), Y only the excluded c
        assertEquals(2, count(byKey.get("0/X/null"), "cases_count"));
        assertEquals(0, count(byKey.get("0/X/null"), "excluded_count"));
        assertEquals("S1", byKey.get("0/X/null").street());
        assertEquals(0, count(byKey.get("0/Y/null"), "cases_count"));
        assertEquals(1, count(byKey.get("0/Y/null"), "excluded_count"));
        assertNull(byKey.get("0/Y/null").street());
        // handler types: grid (a), other (b: no type but a handler); handlers grid/h1, other/h2; c is not counted
        assertEquals(1, count(byKey.get("2/grid/null"), "cases_count"));
        assertEquals(1, count(byKey.get("2/other/null"), "cases_count"));
        assertEquals(1, count(byKey.get("3/grid/h1"), "cases_count"));
        assertEquals(1, count(byKey.get("3/other/h2"), "cases_count"));
        // departments: level street holds a once (its null department entry names none), D1 counts a once
        assertEquals(1, count(byKey.get("4/street/null"), "cases_count"));
        assertEquals(1, count(byKey.get("4/street/D1"), "cases_count"));
        assertEquals(1, count(byKey.get("4/null/null"), "cases_count"));
        assertEquals(9, counted.size());

        // the counting fold over the same rows gives the same groups and counters
        List<MonthPass.Fact> facts = new ArrayList<>();
        facts.add(work("X", "S2", true, "grid", "h1", "street", Arrays.asList("D1", "D1", null)));
        facts.add(work("X", "S1", true, null, "h2", null, List.of()));
        facts.add(work("Y", null, false, "grid", "h1", "street", List.of("D1")));
        List<MonthPass.PassRow> fold = MonthPass.foldLocal(facts.iterator(), MetricsConfig.defaults());
        int groups = 0;
        for (MonthPass.PassRow r : fold) {
            if (r.kind() == MonthPass.DISTRICT) {
                continue;
            }
            groups++;
            MonthPass.Counted x = byKey.get(r.kind() + "/" + r.k2() + "/" + r.k3());
            assertArrayEquals(r.counts(), x.counts(), r.kind() + "/" + r.k2() + "/" + r.k3());
            assertEquals(r.street(), x.street());
        }
        assertEquals(9, groups);
        // and the statistics-only fold of the counted cases, joined with DuckDB's counters, gives the fold's rows
        List<MonthPass.PassRow> joined = MonthPass.withCounts(MonthPass.foldStatistics(facts.stream()
                .filter(f -> f.counted).iterator(), MetricsConfig.defaults()), counted);
        assertEquals(fold.size(), joined.size());
        Map<String, MonthPass.PassRow> foldByKey = new HashMap<>();
        fold.forEach(r -> foldByKey.put(r.kind() + "/" + r.k2() + "/" + r.k3(), r));
        for (MonthPass.PassRow r : joined) {
            MonthPass.PassRow f = foldByKey.get(r.kind() + "/" + r.k2() + "/" + r.k3());
            assertArrayEquals(f.counts(), r.counts());
            assertEquals(f.level(), r.level());
            assertEquals(f.handlers(), r.handlers());
            assertEquals(f.street(), r.street());
            assertEquals(f.stats().kmP50(), r.stats().kmP50());
            assertArrayEquals(f.stats().kmAtRisk(), r.stats().kmAtRisk());
        }
    }

    @Test
    void aGroupWithStatisticsButNoCountersIsAnError() {
        MonthPass.Fact f = work("X", "S1", true, "grid", "h1", "street", List.of());
        List<MonthPass.PassRow> stats = MonthPass.foldStatistics(List.of(f).iterator(), MetricsConfig.defaults());
        assertThrows(IllegalStateException.class, () -> MonthPass.withCounts(stats, List.of()));
    }

    private static MonthPass.Fact work(String community, String street, boolean counted, String type, String key, String level,
                                       List<String> departments) {
        MonthPass.Fact f = new MonthPass.Fact();
        f.month = "2021-01";
        f.community = community;
        f.street = street;
        f.counted = counted;
        f.handlerType = type;
        f.handlerKey = key;
        f.escalationLevel = level;
        f.departments = departments;
        f.dispatchHours = 1;
        f.handleHours = 2;
        f.ageHours = 5;
        return f;
    }

    private static long count(MonthPass.Counted c, String name) {
        List<String> names = c.kind() == MonthPass.COMMUNITY_KIND ? MonthPass.COMMUNITY_COUNTS : MonthPass.WORK_COUNTS;
        return c.counts()[names.indexOf(name)];
    }
}
