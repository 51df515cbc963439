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
 */
public final class MonthPass {

    /** Group kinds (column {@code kind}); {@code level} is the number of keys, as in {@link GroupStats#schema}. */
    static final int COMMUNITY = 0;
    static final int DISTRICT = 1;
    static final int HANDLER_TYPE = 2;
    static final int HANDLER = 3;
    static final int DEPARTMENT = 4;

    /** Community counters, in order (the {@code counts} array of a community row). */
    static final List<String> COMMUNITY_COUNTS = communityCounts();
    /** Counters of handler and department groups. */
    static final List<String> WORK_COUNTS = List.of("cases_count", "closed_count", "open_count", "open_overdue_count",
            "on_time_num", "closed_late", "resolution_num", "resolution_den", "satisfied", "basically_satisfied",
            "satisfaction_den");

    private static List<String> communityCounts() {
        List<String> c = new ArrayList<>(List.of("cases", "excluded", "proactive"));
        for (Codes.Channel ch : Codes.Channel.values()) {
            c.add("ch_" + ch.code());
        }
        c.addAll(List.of("esc_street", "esc_district", "with_dept", "on_spot", "resp_num", "resp_den", "on_time_num",
                "closed_late", "open_overdue", "open", "closed"));
        return List.copyOf(c);
    }

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
        List<Row> rows = in.mapPartitions(new Fold(cfg.cutDay()), Encoders.row(schema())).collectAsList();
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
        return new Result(byKind.get(COMMUNITY), byKind.get(DISTRICT), byKind.get(HANDLER_TYPE), byKind.get(HANDLER),
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

    /** The per-partition fold. */
    static final class Fold implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final int NFLOWS = 3;
        private static final int CHANNELS = Codes.Channel.values().length;
        private final int cutDay;
        /** Month label by day number, filled as days come (a few hundred per partition). */
        private transient Map<Long, String> monthOfDay;

        Fold(int cutDay) {
            this.cutDay = cutDay;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> it) {
            Map<Key, Group> groups = new HashMap<>();
            List<GroupStats.Acc> accs = new ArrayList<>();
            DurationColumns durations = new DurationColumns();
            Map<String, Integer> channelIndex = new HashMap<>();
            Codes.Channel[] chs = Codes.Channel.values();
            for (int i = 0; i < chs.length; i++) {
                channelIndex.put(chs[i].code(), i);
            }
            while (it.hasNext()) {
                Row r = it.next();
                String m = r.getString(0);
                boolean counted = r.getBoolean(9);
                Group c = group(groups, accs, new Key(COMMUNITY, m, r.getString(1), null), COMMUNITY_COUNTS.size());
                communityCounts(c, r, counted, channelIndex);
                if (!counted) {
                    continue;
                }
                // the durations go to every group below, dealt in sorted order after the loop
                durations.add(r.isNullAt(19) ? Double.NaN : r.getDouble(19), r.isNullAt(20) ? Double.NaN : r.getDouble(20),
                        flag(r, 13), flag(r, 13) ? r.getDouble(21) : r.getDouble(22));
                durations.member(c.index);
                flows(c.acc, r);
                durations.member(group(groups, accs, new Key(DISTRICT, m, null, null), 0).index);
                String type = r.getString(3);
                String key = r.getString(4);
                if (type != null || key != null) {
                    String t = type == null ? "other" : type;
                    Group g = group(groups, accs, new Key(HANDLER_TYPE, m, t, null), WORK_COUNTS.size());
                    work(g, r, durations);
                    if (g.handlerKeys == null) {
                        g.handlerKeys = new HashSet<>();
                    }
                    if (key != null) {
                        g.handlerKeys.add(key);
                        work(group(groups, accs, new Key(HANDLER, m, t, key), WORK_COUNTS.size()), r, durations);
                    }
                }
                String level = r.getString(5);
                work(group(groups, accs, new Key(DEPARTMENT, m, level, null), WORK_COUNTS.size()), r, durations);
                List<String> depts = r.isNullAt(6) ? List.of() : r.getList(6);
                if (!depts.isEmpty()) {
                    for (String d : new java.util.LinkedHashSet<>(depts)) {
                        work(group(groups, accs, new Key(DEPARTMENT, m, level, d), WORK_COUNTS.size()), r, durations);
                    }
                }
            }
            durations.deal(accs);
            List<Row> out = new ArrayList<>(groups.size());
            groups.forEach((k, g) -> out.add(emit(k, g)));
            return out.iterator();
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

        private static boolean flag(Row r, int i) {
            return !r.isNullAt(i) && r.getBoolean(i);
        }

        private static void communityCounts(Group g, Row r, boolean counted, Map<String, Integer> channelIndex) {
            long[] n = g.counts;
            String st = r.getString(2);
            if (st != null && (g.street == null || st.compareTo(g.street) < 0)) {
                g.street = st;
            }
            if (!counted) {
                n[1]++;
                return;
            }
            n[0]++;
            if (flag(r, 8)) {
                n[2]++;
            }
            Integer ch = r.isNullAt(7) ? null : channelIndex.get(r.getString(7));
            if (ch != null) {
                n[3 + ch]++;
            }
            int o = 3 + CHANNELS;
            String esc = r.getString(5);
            if ("street".equals(esc)) {
                n[o]++;
            } else if ("district".equals(esc)) {
                n[o + 1]++;
            }
            if (!r.isNullAt(6) && !r.getList(6).isEmpty()) {
                n[o + 2]++;
            }
            if (flag(r, 10)) {
                n[o + 3]++;
            }
            if (flag(r, 11)) {
                n[o + 5]++;
                if (flag(r, 12)) {
                    n[o + 4]++;
                }
            }
            boolean closed = flag(r, 13);
            if (flag(r, 14)) {
                n[o + 6]++;
            }
            if (closed && !flag(r, 14)) {
                n[o + 7]++;
            }
            if (flag(r, 16)) {
                n[o + 8]++;
            }
            if (flag(r, 15)) {
                n[o + 9]++;
            }
            if (closed) {
                n[o + 10]++;
            }
        }

        private static void work(Group g, Row r, DurationColumns durations) {
            durations.member(g.index);
            long[] n = g.counts;
            n[0]++;
            boolean closed = flag(r, 13);
            if (closed) {
                n[1]++;
            }
            if (flag(r, 15)) {
                n[2]++;
            }
            if (flag(r, 16)) {
                n[3]++;
            }
            if (flag(r, 14)) {
                n[4]++;
            }
            if (closed && !flag(r, 14)) {
                n[5]++;
            }
            if (!r.isNullAt(17)) {
                n[7]++;
                if (r.getBoolean(17)) {
                    n[6]++;
                }
            }
            if (!r.isNullAt(18)) {
                n[10]++;
                String s = r.getString(18);
                if ("satisfied".equals(s)) {
                    n[8]++;
                } else if ("basically_satisfied".equals(s)) {
                    n[9]++;
                }
            }
        }

        /**
         * The stock flows of a counted case: closed in the window of resolved_at; became overdue (the limit passed
         * before the cut-off while the case was still open) in the window of limit_due_at, and left the overdue stock
         * in the window of resolved_at.
         */
        private void flows(GroupStats.Acc a, Row r) {
            long resolved = micros(r, 23);
            long limit = micros(r, 24);
            long asOf = micros(r, 25);
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

        /** No value. */
        private static final long NONE = Long.MIN_VALUE;

        /** Microseconds of wall-clock time since 1970-01-01T00:00 of a BIGINT or TIMESTAMP_NTZ column; NONE when null. */
        private static long micros(Row r, int i) {
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
            boolean curve = k.kind() == COMMUNITY || k.kind() == DISTRICT;
            GroupStats.fillStats(v, 4, g.acc, curve, k.kind() == COMMUNITY ? NFLOWS : 0);
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
