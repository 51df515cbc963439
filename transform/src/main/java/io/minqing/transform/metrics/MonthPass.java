package io.minqing.transform.metrics;

import io.minqing.contract.Codes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every per-case aggregate the month marts need, in ONE scan and ONE shuffle of case_facts: the rows are
 * hash-partitioned by assessment month (a month is never split), each partition is grouped in hash maps, and for
 * every group the counts, the exact type-7 percentiles, the Kaplan–Meier quantiles (and curve) and the stock flows
 * are computed in Java. Groups: community × month (with the district as the month total of the durations), handler
 * type × month, handler × month, and escalation level (× co-handling department) × month.
 *
 * <p>Why one pass: the marts used to run seven Spark aggregations and three exchanges over the same facts; each
 * costs a scan, a job and its scheduling. Counting in the same loop that buffers the durations for the exact
 * percentiles costs nothing extra. Memory: the durations of the months in one partition.
 *
 * <p>Engine-neutral (no Spark class is touched here): the fold reads {@link Fact}s and gives {@link PassRow}s, named
 * fields only. Spark feeds it per partition ({@link SparkMonthPass}, the only Spark adapter). The embedded DuckDB
 * engine counts the same {@link Counter}s in SQL ({@link #countSql}), folds only the counted cases' statistics
 * ({@link #foldStatistics}) and joins the two ({@link #withCounts}); both give the same rows.
 */
public final class MonthPass {

    /** Group kinds ({@link PassRow#kind}); {@link PassRow#level} is the number of keys. */
    static final int COMMUNITY_KIND = 0;
    static final int DISTRICT = 1;
    static final int HANDLER_TYPE = 2;
    static final int HANDLER = 3;
    static final int DEPARTMENT = 4;

    /**
     * A counter of the month pass: its name (the mart column it feeds where one has that name) and which fact rows it
     * counts. Each counter is defined here once; the marts read them by name ({@link #count}), never by position. The
     * condition is a {@link Cond}, so that the same definition is the fold's Java predicate (the Spark engine) and
     * DuckDB's {@code count_if(…)} (the embedded engine, which counts in SQL: {@link #countSql}).
     */
    record Counter(String name, Cond when) {
    }

    /** Which cases count in the district's numbers (the others only in excluded_count). */
    static final Cond COUNTED = Cond.flag("is_counted");

    /** Counters of a community × month (cases with is_counted false count only in excluded_count). */
    static final List<Counter> COMMUNITY = communityCounters();
    /** Counters of handler and department groups (counted cases only). */
    static final List<Counter> WORK = List.of(
            new Counter("cases_count", Cond.all()),
            new Counter("closed_count", Cond.flag("is_closed")),
            new Counter("open_count", Cond.flag("is_open")),
            new Counter("open_overdue_count", Cond.flag("is_overdue_open")),
            new Counter("on_time_num", Cond.flag("is_closed_on_time")),
            new Counter("closed_late_count", Cond.flag("is_closed").and(Cond.not(Cond.flag("is_closed_on_time")))),
            new Counter("resolution_num", Cond.flag("is_survey_resolved")),
            new Counter("resolution_den", Cond.present("is_survey_resolved")),
            new Counter("satisfied_count", Cond.eq("survey_satisfaction", "satisfied")),
            new Counter("basically_satisfied_count", Cond.eq("survey_satisfaction", "basically_satisfied")),
            new Counter("satisfaction_den", Cond.present("survey_satisfaction")));

    /** Counter names, in the order of the {@code counts} array of a pass row. */
    static final List<String> COMMUNITY_COUNTS = COMMUNITY.stream().map(Counter::name).toList();
    static final List<String> WORK_COUNTS = WORK.stream().map(Counter::name).toList();

    private static List<Counter> communityCounters() {
        List<Counter> c = new ArrayList<>(List.of(
                new Counter("cases_count", COUNTED),
                new Counter("excluded_count", Cond.not(COUNTED)),
                new Counter("proactive_count", COUNTED.and(Cond.flag("is_proactive")))));
        for (Codes.Channel ch : Codes.Channel.values()) {
            c.add(new Counter("channel_" + ch.code() + "_count", COUNTED.and(Cond.eq("channel", ch.code()))));
        }
        c.addAll(List.of(
                new Counter("escalated_street_count", COUNTED.and(Cond.eq("escalation_level", "street"))),
                new Counter("escalated_district_count", COUNTED.and(Cond.eq("escalation_level", "district"))),
                new Counter("with_departments_count", COUNTED.and(Cond.nonEmpty("departments"))),
                new Counter("settled_on_spot_count", COUNTED.and(Cond.flag("is_settled_on_spot"))),
                new Counter("response_num", COUNTED.and(Cond.flag("is_response_due")).and(Cond.flag("is_responded_on_time"))),
                new Counter("response_den", COUNTED.and(Cond.flag("is_response_due"))),
                new Counter("on_time_num", COUNTED.and(Cond.flag("is_closed_on_time"))),
                new Counter("closed_late_count", COUNTED.and(Cond.flag("is_closed")).and(Cond.not(Cond.flag("is_closed_on_time")))),
                new Counter("open_overdue_count", COUNTED.and(Cond.flag("is_overdue_open"))),
                new Counter("open_count", COUNTED.and(Cond.flag("is_open"))),
                new Counter("closure_num", COUNTED.and(Cond.flag("is_closed")))));
        return List.copyOf(c);
    }

    /**
     * The counters as a DuckDB select list over case_facts rows, one {@code count_if(…)} per counter (its condition is
     * never null) in the list's order, each aliased with its name (read back by name).
     */
    static String countSql(List<Counter> counters) {
        List<String> out = new ArrayList<>();
        for (Counter c : counters) {
            out.add("count_if(" + c.when().sql() + ") AS \"" + c.name() + "\"");
        }
        return String.join(", ", out);
    }

    /**
     * One case_facts row as the pass reads it, whichever engine fed it: booleans null → false (the survey answer keeps
     * its null), durations null → NaN, times as microseconds of wall-clock time ({@link #NONE} when null).
     */
    static final class Fact {
        String month;
        String community;
        String street;
        String handlerType;
        String handlerKey;
        String escalationLevel;
        List<String> departments = List.of();
        String channel;
        boolean proactive;
        boolean counted;
        boolean settledOnSpot;
        boolean responseDue;
        boolean respondedOnTime;
        boolean closed;
        boolean closedOnTime;
        boolean open;
        boolean overdueOpen;
        Boolean surveyResolved;
        String satisfaction;
        double dispatchHours = Double.NaN;
        double handleHours = Double.NaN;
        double resolveHours = Double.NaN;
        double ageHours = Double.NaN;
        long resolvedAt = NONE;
        long limitDueAt = NONE;
        long asOfAt = NONE;
    }

    /** No value (a null time). */
    static final long NONE = Long.MIN_VALUE;

    /**
     * One group of the pass, every field by name: its kind and level (number of keys), month and keys (k2, k3: the
     * community, handler type and handler, or escalation level and department), its statistics, its counters (in the
     * order of {@link #COMMUNITY_COUNTS} for a community, {@link #WORK_COUNTS} for handler and department groups; read
     * them with {@link #count}), the street (communities) and the number of distinct handlers.
     */
    public record PassRow(int kind, int level, String month, String k2, String k3, GroupStats.Summary stats, long[] counts,
                          String street, long handlers) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** The counter of that name. */
        public long count(String name) {
            List<String> names = kind == COMMUNITY_KIND ? COMMUNITY_COUNTS : kind == DISTRICT ? List.of() : WORK_COUNTS;
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("No month-pass counter " + name + " in a group of kind " + kind);
            }
            return counts[i];
        }
    }

    /** The pass's rows split by kind. */
    public record Result(List<PassRow> community, List<PassRow> district, List<PassRow> handlerTypes, List<PassRow> handlers,
                         List<PassRow> departments) {
    }

    private MonthPass() {
    }

    /**
     * The input columns, in the order the Spark adapter reads them into {@link Fact}s. The last three (resolved_at,
     * limit_due_at, as_of_at) give the stock flows; the fold takes their months itself, from microseconds when the job
     * reads them as BIGINT ({@link #TIMES_AS_MICROS}) or from LocalDateTime otherwise.
     */
    static String[] inputColumns() {
        return new String[] {"assessment_month", "community", "street", "handler_type", "handler_key", "escalation_level",
                "departments", "channel", "is_proactive", "is_counted", "is_settled_on_spot", "is_response_due",
                "is_responded_on_time", "is_closed", "is_closed_on_time", "is_open", "is_overdue_open",
                "is_survey_resolved", "survey_satisfaction", "dispatch_hours", "handle_hours", "resolve_hours", "age_hours",
                "resolved_at", "limit_due_at", "as_of_at"};
    }

    /**
     * The case_facts columns the pass may read as BIGINT microseconds instead of TIMESTAMP_NTZ (Parquet stores both as
     * INT64): Spark's month of a timestamp goes through java.time zone rules for every value, which cost a sixth of the
     * pass; the fold's month of a day number is a division and a table lookup.
     */
    public static final List<String> TIMES_AS_MICROS = List.of("resolved_at", "limit_due_at", "as_of_at");

    /** The rows of one or more whole months' facts (give them all to {@link #split}). */
    static List<PassRow> foldLocal(Iterator<Fact> facts, MetricsConfig cfg) {
        return new Fold(cfg.cutDay(), true).fold(facts);
    }

    /**
     * The rows of whole months' COUNTED facts without their counters (empty {@code counts}, no street): the
     * statistics, flows and handler numbers only, for an engine that counts elsewhere from the same {@link Counter}s
     * and joins the two with {@link #withCounts}. Only the fields the statistics read need be set in the facts.
     */
    static List<PassRow> foldStatistics(Iterator<Fact> countedFacts, MetricsConfig cfg) {
        return new Fold(cfg.cutDay(), false).fold(countedFacts);
    }

    /**
     * One group's counters as another engine counted them from {@link #COMMUNITY} or {@link #WORK} (counts in that
     * order) over the same groups as the fold: kind, month and keys as in {@link PassRow}; the street (communities)
     * is the first by name of the group's streets.
     */
    record Counted(int kind, String month, String k2, String k3, long[] counts, String street) {
    }

    /**
     * The rows of {@link #foldStatistics} joined with the counters of the same groups: every counted group gets its
     * statistics (a community × month without a counted case: those of no durations, as the counting fold gives it),
     * the district rows stay as they are. A group with statistics but no counters, or counters but no statistics
     * outside the communities, means the two sides grouped differently: an error, never silently wrong numbers.
     */
    static List<PassRow> withCounts(List<PassRow> folded, List<Counted> counted) {
        Map<Key, PassRow> stats = new HashMap<>();
        for (PassRow r : folded) {
            if (stats.put(new Key(r.kind(), r.month(), r.k2(), r.k3()), r) != null) {
                throw new IllegalStateException("MonthPass: group " + r.month() + "/" + r.k2() + "/" + r.k3() + " came from two partitions");
            }
        }
        List<PassRow> out = new ArrayList<>(folded.size());
        for (Counted c : counted) {
            Key k = new Key(c.kind(), c.month(), c.k2(), c.k3());
            PassRow s = stats.remove(k);
            int expected = c.kind() == COMMUNITY_KIND ? COMMUNITY.size() : WORK.size();
            if (c.kind() == DISTRICT || c.counts().length != expected) {
                throw new IllegalArgumentException("MonthPass: counters of group " + k + " do not match its kind");
            }
            if (s == null) {
                if (c.kind() != COMMUNITY_KIND) {
                    throw new IllegalStateException("MonthPass: group " + k + " was counted but has no statistics");
                }
                s = Fold.emit(k, new Group(0, -1));
            }
            out.add(new PassRow(s.kind(), s.level(), s.month(), s.k2(), s.k3(), s.stats(), c.counts(), c.street(), s.handlers()));
        }
        for (PassRow r : stats.values()) {
            if (r.kind() != DISTRICT) {
                throw new IllegalStateException("MonthPass: group " + r.kind() + "/" + r.month() + "/" + r.k2() + "/" + r.k3()
                        + " has statistics but was not counted");
            }
            out.add(r);
        }
        return out;
    }

    /** The pass's rows split by kind, checking that no group came in two parts. */
    static Result split(List<PassRow> rows) {
        List<List<PassRow>> byKind = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byKind.add(new ArrayList<>());
        }
        Set<Key> seen = new HashSet<>();
        for (PassRow r : rows) {
            if (!seen.add(new Key(r.kind(), r.month(), r.k2(), r.k3()))) {
                // a month split over two partitions would give two partial groups: never silently wrong numbers
                throw new IllegalStateException("MonthPass: group " + r.month() + "/" + r.k2() + "/"
                        + r.k3() + " came from two partitions");
            }
            byKind.get(r.kind()).add(r);
        }
        return new Result(byKind.get(COMMUNITY_KIND), byKind.get(DISTRICT), byKind.get(HANDLER_TYPE), byKind.get(HANDLER),
                byKind.get(DEPARTMENT));
    }

    /** One group's counters and buffers. */
    static final class Group {
        final GroupStats.Acc acc = new GroupStats.Acc();
        final long[] counts;
        /** Position of acc in the partition's list of buffers (DurationColumns deals durations by it). */
        final int index;
        String street;
        Set<String> handlerKeys;

        Group(int ncounts, int index) {
            counts = new long[ncounts];
            this.index = index;
        }
    }

    /** Group key: kind, month, k2, k3. */
    record Key(int kind, String month, String k2, String k3) {
    }

    /** The fold of whole months' facts into the pass's rows (the Spark adapter runs it per partition). */
    static final class Fold {
        static final int NFLOWS = 3;
        private final int cutDay;
        /** Whether the fold counts ({@link #COMMUNITY}, {@link #WORK}) and takes the street; else statistics only. */
        private final boolean counting;
        /** Days of {@link #monthByDay}: about 90 years, centred on the first day asked for (others are computed). */
        private static final int DAYS = 1 << 15;
        /** Month label by day number from firstDay, filled as days come (a few hundred per partition). */
        private String[] monthByDay;
        private long firstDay;

        Fold(int cutDay, boolean counting) {
            this.cutDay = cutDay;
            this.counting = counting;
        }

        /** Folds the facts of whole months into the pass's rows (one per group), whichever engine read them. */
        List<PassRow> fold(Iterator<Fact> it) {
            Map<Key, Group> groups = new HashMap<>();
            List<GroupStats.Acc> accs = new ArrayList<>();
            DurationColumns durations = new DurationColumns();
            int nwork = counting ? WORK.size() : 0;
            // the last community and district groups and the month and community they are of, by reference: the facts
            // come sorted by month and community, so most cases skip those two lookups (a miss looks the key up)
            String lastMonth = null;
            String lastCommunity = null;
            Group lastCommunityGroup = null;
            Group lastDistrict = null;
            while (it.hasNext()) {
                Fact r = it.next();
                String m = r.month;
                boolean counted = COUNTED.test(r);
                if (!counting && !counted) {
                    continue;
                }
                if (m != lastMonth) {
                    lastMonth = m;
                    lastDistrict = null;
                    lastCommunityGroup = null;
                }
                Group c = lastCommunityGroup;
                if (c == null || r.community != lastCommunity) {
                    c = group(groups, accs, new Key(COMMUNITY_KIND, m, r.community, null), counting ? COMMUNITY.size() : 0);
                    lastCommunity = r.community;
                    lastCommunityGroup = c;
                }
                if (counting) {
                    count(c, COMMUNITY, r);
                    if (r.street != null && (c.street == null || r.street.compareTo(c.street) < 0)) {
                        c.street = r.street;
                    }
                }
                if (!counted) {
                    continue;
                }
                // the durations go to every group below, dealt in sorted order after the loop
                durations.add(r.dispatchHours, r.handleHours, r.closed, r.closed ? r.resolveHours : r.ageHours);
                durations.member(c.index);
                flows(c.acc, r);
                if (lastDistrict == null) {
                    lastDistrict = group(groups, accs, new Key(DISTRICT, m, null, null), 0);
                }
                durations.member(lastDistrict.index);
                String type = r.handlerType;
                String key = r.handlerKey;
                if (type != null || key != null) {
                    String t = type == null ? "other" : type;
                    Group g = group(groups, accs, new Key(HANDLER_TYPE, m, t, null), nwork);
                    work(g, r, durations);
                    if (g.handlerKeys == null) {
                        g.handlerKeys = new HashSet<>();
                    }
                    if (key != null) {
                        int made = accs.size();
                        Group h = group(groups, accs, new Key(HANDLER, m, t, key), nwork);
                        if (accs.size() != made) {
                            // a handler's first case in the month: the type's distinct handlers are its handler groups
                            g.handlerKeys.add(key);
                        }
                        work(h, r, durations);
                    }
                }
                String level = r.escalationLevel;
                work(group(groups, accs, new Key(DEPARTMENT, m, level, null), nwork), r, durations);
                // each distinct department once (a list of one needs no set)
                List<String> deps = r.departments;
                for (String d : deps.size() <= 1 ? deps : new java.util.LinkedHashSet<>(deps)) {
                    if (d != null) { // a null entry names no department (its key would be the level's total, twice)
                        work(group(groups, accs, new Key(DEPARTMENT, m, level, d), nwork), r, durations);
                    }
                }
            }
            durations.deal(accs);
            List<PassRow> out = new ArrayList<>(groups.size());
            groups.forEach((k, g) -> out.add(emit(k, g)));
            return out;
        }

        /** The group of key k, made (with the next index into accs) on first use. */
        private static Group group(Map<Key, Group> groups, List<GroupStats.Acc> accs, Key k, int ncounts) {
            Group g = groups.get(k);
            if (g == null) {
                g = new Group(ncounts, accs.size());
                accs.add(g.acc);
                groups.put(k, g);
            }
            return g;
        }

        private static void count(Group g, List<Counter> counters, Fact f) {
            long[] n = g.counts;
            for (int i = 0; i < n.length; i++) {
                if (counters.get(i).when().test(f)) {
                    n[i]++;
                }
            }
        }

        private void work(Group g, Fact r, DurationColumns durations) {
            durations.member(g.index);
            if (counting) {
                count(g, WORK, r);
            }
        }

        /**
         * The stock flows of a counted case: closed in the window of resolved_at; became overdue (the limit passed
         * before the cut-off while the case was still open) in the window of limit_due_at, and left the overdue stock
         * in the window of resolved_at.
         */
        private void flows(GroupStats.Acc a, Fact r) {
            long resolved = r.resolvedAt;
            long limit = r.limitDueAt;
            long asOf = r.asOfAt;
            if (resolved != NONE) {
                flow(a, month(resolved), 0);
            }
            boolean becameOverdue = limit != NONE && asOf != NONE && limit < asOf && (resolved == NONE || resolved > limit);
            if (becameOverdue) {
                flow(a, month(limit), 1);
                if (resolved != NONE) {
                    flow(a, month(resolved), 2);
                }
            }
        }

        private static void flow(GroupStats.Acc a, String month, int i) {
            a.flows.computeIfAbsent(month, x -> new long[NFLOWS])[i]++;
        }

        /** The assessment month (yyyy-MM) of a time in microseconds: Windows.monthOf of its day, memoised per day. */
        private String month(long micros) {
            long day = Math.floorDiv(micros, 86_400_000_000L);
            long i = day - firstDay;
            if (monthByDay != null && i >= 0 && i < monthByDay.length) {
                String s = monthByDay[(int) i];
                if (s != null) {
                    return s;
                }
            }
            String s = Windows.monthOf(java.time.LocalDate.ofEpochDay(day).atStartOfDay(), cutDay).toString();
            if (monthByDay == null) {
                firstDay = day - DAYS / 2;
                monthByDay = new String[DAYS];
                i = day - firstDay;
            }
            if (i >= 0 && i < monthByDay.length) {
                monthByDay[(int) i] = s;
            }
            return s;
        }

        static PassRow emit(Key k, Group g) {
            int level = k.k3() != null ? 3 : k.k2() != null ? 2 : 1;
            if (k.kind() == HANDLER || k.kind() == DEPARTMENT) {
                level = 3;
            }
            boolean curve = k.kind() == COMMUNITY_KIND || k.kind() == DISTRICT;
            GroupStats.Summary stats = GroupStats.summary(g.acc, curve, k.kind() == COMMUNITY_KIND ? NFLOWS : 0);
            long handlers = k.kind() == HANDLER ? 1L : g.handlerKeys == null ? 0L : (long) g.handlerKeys.size();
            return new PassRow(k.kind(), level, k.month(), k.k2(), k.k3(), stats, g.counts, g.street, handlers);
        }
    }
}
