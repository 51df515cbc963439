package io.minqing.transform.metrics;

import io.minqing.contract.Codes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
 * <p>Engine-neutral: the fold reads {@link Fact}s, which Spark feeds per partition ({@link #run}) and the embedded
 * DuckDB engine per month ({@link #foldLocal}); both give the same rows.
 */
public final class MonthPass {

    /** Group kinds (column {@code kind}); {@code level} is the number of keys, as in {@link GroupStats#schema}. */
    static final int COMMUNITY_KIND = 0;
    static final int DISTRICT = 1;
    static final int HANDLER_TYPE = 2;
    static final int HANDLER = 3;
    static final int DEPARTMENT = 4;

    /**
     * A counter of the month pass: its name (the mart column it feeds where one has that name) and which fact rows it
     * counts. Each counter is defined here once; the marts read them by name ({@link #count}), never by position.
     */
    record Counter(String name, java.util.function.Predicate<Fact> when) {
    }

    /** Counters of a community × month (cases with is_counted false count only in excluded_count). */
    static final List<Counter> COMMUNITY = communityCounters();
    /** Counters of handler and department groups (counted cases only). */
    static final List<Counter> WORK = List.of(
            new Counter("cases_count", f -> true),
            new Counter("closed_count", f -> f.closed),
            new Counter("open_count", f -> f.open),
            new Counter("open_overdue_count", f -> f.overdueOpen),
            new Counter("on_time_num", f -> f.closedOnTime),
            new Counter("closed_late_count", f -> f.closed && !f.closedOnTime),
            new Counter("resolution_num", f -> Boolean.TRUE.equals(f.surveyResolved)),
            new Counter("resolution_den", f -> f.surveyResolved != null),
            new Counter("satisfied_count", f -> "satisfied".equals(f.satisfaction)),
            new Counter("basically_satisfied_count", f -> "basically_satisfied".equals(f.satisfaction)),
            new Counter("satisfaction_den", f -> f.satisfaction != null));

    /** Counter names, in the order of the {@code counts} array of a pass row. */
    static final List<String> COMMUNITY_COUNTS = COMMUNITY.stream().map(Counter::name).toList();
    static final List<String> WORK_COUNTS = WORK.stream().map(Counter::name).toList();

    private static List<Counter> communityCounters() {
        List<Counter> c = new ArrayList<>(List.of(
                new Counter("cases_count", f -> f.counted),
                new Counter("excluded_count", f -> !f.counted),
                new Counter("proactive_count", f -> f.counted && f.proactive)));
        for (Codes.Channel ch : Codes.Channel.values()) {
            String code = ch.code();
            c.add(new Counter("channel_" + code + "_count", f -> f.counted && code.equals(f.channel)));
        }
        c.addAll(List.of(
                new Counter("escalated_street_count", f -> f.counted && "street".equals(f.escalationLevel)),
                new Counter("escalated_district_count", f -> f.counted && "district".equals(f.escalationLevel)),
                new Counter("with_departments_count", f -> f.counted && !f.departments.isEmpty()),
                new Counter("settled_on_spot_count", f -> f.counted && f.settledOnSpot),
                new Counter("response_num", f -> f.counted && f.responseDue && f.respondedOnTime),
                new Counter("response_den", f -> f.counted && f.responseDue),
                new Counter("on_time_num", f -> f.counted && f.closedOnTime),
                new Counter("closed_late_count", f -> f.counted && f.closed && !f.closedOnTime),
                new Counter("open_overdue_count", f -> f.counted && f.overdueOpen),
                new Counter("open_count", f -> f.counted && f.open),
                new Counter("closure_num", f -> f.counted && f.closed)));
        return List.copyOf(c);
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

        /** A fact from a Spark row of {@link #inputColumns()}. */
        static Fact of(Row r) {
            Fact f = new Fact();
            f.month = r.getString(0);
            f.community = r.getString(1);
            f.street = r.getString(2);
            f.handlerType = r.getString(3);
            f.handlerKey = r.getString(4);
            f.escalationLevel = r.getString(5);
            f.departments = r.isNullAt(6) ? List.of() : r.getList(6);
            f.channel = r.getString(7);
            f.proactive = flag(r, 8);
            f.counted = flag(r, 9);
            f.settledOnSpot = flag(r, 10);
            f.responseDue = flag(r, 11);
            f.respondedOnTime = flag(r, 12);
            f.closed = flag(r, 13);
            f.closedOnTime = flag(r, 14);
            f.open = flag(r, 15);
            f.overdueOpen = flag(r, 16);
            f.surveyResolved = r.isNullAt(17) ? null : r.getBoolean(17);
            f.satisfaction = r.getString(18);
            f.dispatchHours = r.isNullAt(19) ? Double.NaN : r.getDouble(19);
            f.handleHours = r.isNullAt(20) ? Double.NaN : r.getDouble(20);
            f.resolveHours = r.isNullAt(21) ? Double.NaN : r.getDouble(21);
            f.ageHours = r.isNullAt(22) ? Double.NaN : r.getDouble(22);
            f.resolvedAt = Fold.micros(r, 23);
            f.limitDueAt = Fold.micros(r, 24);
            f.asOfAt = Fold.micros(r, 25);
            return f;
        }

        private static boolean flag(Row r, int i) {
            return !r.isNullAt(i) && r.getBoolean(i);
        }
    }

    /** No value (a null time). */
    static final long NONE = Long.MIN_VALUE;

    /** The pass's rows split by kind; each row: level, assessment_month, k2, k3, statistics, counts, street, handlers, kind. */
    public record Result(List<Row> community, List<Row> district, List<Row> handlerTypes, List<Row> handlers,
                         List<Row> departments) {
    }

    private MonthPass() {
    }

    static StructType schema() {
        StructType s = GroupStats.schema(List.of("assessment_month", "k2", "k3"));
        List<StructField> f = new ArrayList<>(List.of(s.fields()));
        f.add(DataTypes.createStructField("counts", DataTypes.createArrayType(DataTypes.LongType, false), false));
        f.add(DataTypes.createStructField("street", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("handlers", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("kind", DataTypes.IntegerType, false));
        return DataTypes.createStructType(f);
    }

    /**
     * The input columns, in the order {@link Fold} reads them. The last three (resolved_at, limit_due_at, as_of_at)
     * give the stock flows; the fold takes their months itself, from microseconds when the job reads them as BIGINT
     * ({@link #TIMES_AS_MICROS}) or from LocalDateTime otherwise.
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

    /**
     * The case_facts mart under dir, read for this pass: the {@link #TIMES_AS_MICROS} columns as BIGINT microseconds
     * (the same INT64 values; only Spark's view of them changes), every other column as written.
     */
    public static Dataset<Row> readFacts(org.apache.spark.sql.SparkSession spark, java.nio.file.Path dir) {
        StructType written = spark.read().parquet(dir.toString()).schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : written.fields()) {
            fields.add(TIMES_AS_MICROS.contains(f.name())
                    ? DataTypes.createStructField(f.name(), DataTypes.LongType, f.nullable(), f.metadata()) : f);
        }
        return spark.read().schema(DataTypes.createStructType(fields)).parquet(dir.toString());
    }

    /** Runs the pass over case facts (the case_facts schema) and collects its rows, split by kind. */
    public static Result run(Dataset<Row> facts, MetricsConfig cfg) {
        return run(facts, cfg, false);
    }

    /**
     * @param monthPerPartition true when every month's rows are already in one partition of {@code facts} (case_facts
     *                          read back one file per partition, see MetricsJob): then no shuffle is needed
     */
    public static Result run(Dataset<Row> facts, MetricsConfig cfg, boolean monthPerPartition) {
        Dataset<Row> in = facts.selectExpr(inputColumns());
        if (!monthPerPartition) {
            in = in.repartition(functions.col("assessment_month"));
        }
        return split(in.mapPartitions(new Fold(cfg.cutDay()), Encoders.row(schema())).collectAsList());
    }

    /**
     * The pass over facts that arrive month by month outside Spark (the embedded engine): each iterator holds whole
     * months. The rows are made as Spark's collected rows are (with the schema; arrays as Scala sequences), so the
     * mart builders read both alike.
     */
    public static Result runLocal(List<Iterator<Fact>> months, MetricsConfig cfg) {
        List<Row> rows = new ArrayList<>();
        for (Iterator<Fact> m : months) {
            rows.addAll(foldLocal(m, cfg));
        }
        return split(rows);
    }

    /** The rows of one or more whole months' facts, as {@link #runLocal} makes them (give them all to {@link #split}). */
    static List<Row> foldLocal(Iterator<Fact> facts, MetricsConfig cfg) {
        StructType schema = schema();
        List<Row> rows = new ArrayList<>();
        for (Row r : new Fold(cfg.cutDay()).fold(facts)) {
            rows.add(collected(r, schema));
        }
        return rows;
    }

    /** A fold row with Java arrays turned into the Scala sequences Row.getList reads, and the schema attached. */
    static Row collected(Row r, StructType schema) {
        Object[] v = new Object[r.length()];
        for (int i = 0; i < v.length; i++) {
            Object x = r.get(i);
            List<Object> l = null;
            if (x instanceof long[] a) {
                l = new ArrayList<>();
                for (long y : a) {
                    l.add(y);
                }
            } else if (x instanceof double[] a) {
                l = new ArrayList<>();
                for (double y : a) {
                    l.add(y);
                }
            } else if (x instanceof Object[] a) {
                l = new ArrayList<>(java.util.Arrays.asList(a));
            }
            v[i] = l == null ? x : scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq();
        }
        return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(v, schema);
    }

    /** The pass's rows split by kind, checking that no group came in two parts. */
    static Result split(List<Row> rows) {
        List<List<Row>> byKind = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byKind.add(new ArrayList<>());
        }
        int kind = schema().fieldIndex("kind");
        Set<Key> seen = new HashSet<>();
        for (Row r : rows) {
            if (!seen.add(new Key(r.getInt(kind), r.getString(1), r.getString(2), r.getString(3)))) {
                // a month split over two partitions would give two partial groups: never silently wrong numbers
                throw new IllegalStateException("MonthPass: group " + r.getString(1) + "/" + r.getString(2) + "/"
                        + r.getString(3) + " came from two partitions");
            }
            byKind.get(r.getInt(kind)).add(r);
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

    /** The per-partition fold: Spark rows are read as {@link Fact}s and folded by {@link #fold}. */
    static final class Fold implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final int NFLOWS = 3;
        private final int cutDay;
        /** Month label by day number, filled as days come (a few hundred per partition). */
        private transient Map<Long, String> monthOfDay;

        Fold(int cutDay) {
            this.cutDay = cutDay;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> it) {
            return fold(new Iterator<Fact>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Fact next() {
                    return Fact.of(it.next());
                }
            }).iterator();
        }

        /** Folds the facts of whole months into the pass's rows (one per group), whichever engine read them. */
        List<Row> fold(Iterator<Fact> it) {
            Map<Key, Group> groups = new HashMap<>();
            List<GroupStats.Acc> accs = new ArrayList<>();
            DurationColumns durations = new DurationColumns();
            while (it.hasNext()) {
                Fact r = it.next();
                String m = r.month;
                Group c = group(groups, accs, new Key(COMMUNITY_KIND, m, r.community, null), COMMUNITY.size());
                count(c, COMMUNITY, r);
                if (r.street != null && (c.street == null || r.street.compareTo(c.street) < 0)) {
                    c.street = r.street;
                }
                if (!r.counted) {
                    continue;
                }
                // the durations go to every group below, dealt in sorted order after the loop
                durations.add(r.dispatchHours, r.handleHours, r.closed, r.closed ? r.resolveHours : r.ageHours);
                durations.member(c.index);
                flows(c.acc, r);
                durations.member(group(groups, accs, new Key(DISTRICT, m, null, null), 0).index);
                String type = r.handlerType;
                String key = r.handlerKey;
                if (type != null || key != null) {
                    String t = type == null ? "other" : type;
                    Group g = group(groups, accs, new Key(HANDLER_TYPE, m, t, null), WORK.size());
                    work(g, r, durations);
                    if (g.handlerKeys == null) {
                        g.handlerKeys = new HashSet<>();
                    }
                    if (key != null) {
                        g.handlerKeys.add(key);
                        work(group(groups, accs, new Key(HANDLER, m, t, key), WORK.size()), r, durations);
                    }
                }
                String level = r.escalationLevel;
                work(group(groups, accs, new Key(DEPARTMENT, m, level, null), WORK.size()), r, durations);
                if (!r.departments.isEmpty()) {
                    for (String d : new java.util.LinkedHashSet<>(r.departments)) {
                        work(group(groups, accs, new Key(DEPARTMENT, m, level, d), WORK.size()), r, durations);
                    }
                }
            }
            durations.deal(accs);
            List<Row> out = new ArrayList<>(groups.size());
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

        private static void work(Group g, Fact r, DurationColumns durations) {
            durations.member(g.index);
            count(g, WORK, r);
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

        /** Microseconds of wall-clock time since 1970-01-01T00:00 of a BIGINT or TIMESTAMP_NTZ column; NONE when null. */
        static long micros(Row r, int i) {
            if (r.isNullAt(i)) {
                return NONE;
            }
            Object v = r.get(i);
            if (v instanceof Long l) {
                return l;
            }
            java.time.LocalDateTime t = (java.time.LocalDateTime) v;
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(java.time.ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
        }

        /** The assessment month (yyyy-MM) of a time in microseconds: Windows.monthOf of its day, memoised per day. */
        private String month(long micros) {
            if (monthOfDay == null) {
                monthOfDay = new HashMap<>();
            }
            return monthOfDay.computeIfAbsent(Math.floorDiv(micros, 86_400_000_000L),
                    day -> Windows.monthOf(java.time.LocalDate.ofEpochDay(day).atStartOfDay(), cutDay).toString());
        }

        private static Row emit(Key k, Group g) {
            int level = k.k3() != null ? 3 : k.k2() != null ? 2 : 1;
            if (k.kind() == HANDLER || k.kind() == DEPARTMENT) {
                level = 3;
            }
            Object[] v = new Object[4 + GroupStats.STATS + 4];
            v[0] = level;
            v[1] = k.month();
            v[2] = k.k2();
            v[3] = k.k3();
            boolean curve = k.kind() == COMMUNITY_KIND || k.kind() == DISTRICT;
            GroupStats.fillStats(v, 4, g.acc, curve, k.kind() == COMMUNITY_KIND ? NFLOWS : 0);
            int o = 4 + GroupStats.STATS;
            v[o] = g.counts;
            v[o + 1] = g.street;
            v[o + 2] = k.kind() == HANDLER ? 1L : g.handlerKeys == null ? 0L : (long) g.handlerKeys.size();
            v[o + 3] = k.kind();
            return RowFactory.create(v);
        }
    }

    /** A counter of a row by name (for tests and the mart builders). */
    static long count(Row r, List<String> names, String name) {
        int i = names.indexOf(name);
        Objects.checkIndex(i, names.size());
        List<Long> c = r.getList(r.fieldIndex("counts"));
        return c.get(i);
    }
}
