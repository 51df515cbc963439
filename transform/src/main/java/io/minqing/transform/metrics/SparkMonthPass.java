package io.minqing.transform.metrics;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark adapter of the engine-neutral metrics code, used only by {@link MetricsJob} (and tests on the Spark
 * engine): runs {@link MonthPass}'s fold in {@code mapPartitions}, reading Spark rows as {@link MonthPass.Fact}s by
 * column name, and turns {@link MartRow}s into Spark rows for the writer. Nothing on the embedded path loads it.
 */
public final class SparkMonthPass {

    private SparkMonthPass() {
    }

    /**
     * The case_facts mart under dir, read for the pass: the {@link MonthPass#TIMES_AS_MICROS} columns as BIGINT
     * microseconds (the same INT64 values; only Spark's view of them changes), every other column as written.
     */
    public static Dataset<Row> readFacts(SparkSession spark, java.nio.file.Path dir) {
        StructType written = spark.read().parquet(dir.toString()).schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : written.fields()) {
            fields.add(MonthPass.TIMES_AS_MICROS.contains(f.name())
                    ? DataTypes.createStructField(f.name(), DataTypes.LongType, f.nullable(), f.metadata()) : f);
        }
        return spark.read().schema(DataTypes.createStructType(fields)).parquet(dir.toString());
    }

    /** Runs the pass over case facts (the case_facts schema) and collects its rows, split by kind. */
    public static MonthPass.Result run(Dataset<Row> facts, MetricsConfig cfg) {
        return run(facts, cfg, false);
    }

    /**
     * @param monthPerPartition true when every month's rows are already in one partition of {@code facts} (case_facts
     *                          read back one file per partition, see MetricsJob): then no shuffle is needed
     */
    public static MonthPass.Result run(Dataset<Row> facts, MetricsConfig cfg, boolean monthPerPartition) {
        Dataset<Row> in = facts.selectExpr(MonthPass.inputColumns());
        if (!monthPerPartition) {
            in = in.repartition(functions.col("assessment_month"));
        }
        // the pass rows are few (one per group) and travel as serialised records: no second schema of them
        return MonthPass.split(in.mapPartitions(new Fold(cfg.cutDay()), Encoders.javaSerialization(MonthPass.PassRow.class))
                .collectAsList());
    }

    /** The survey counts by month and community (FactsSql.surveyCounts) on Spark. */
    public static List<MonthMarts.SurveyCount> surveyCounts(Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        FactsSql.Dialect d = FactsSql.Dialect.SPARK;
        List<org.apache.spark.sql.Column> aggs = FactsSql.surveyCounts().stream().map(functions::expr).toList();
        List<MonthMarts.SurveyCount> out = new ArrayList<>();
        for (Row r : surveys.where(FactsSql.surveysBy(d, asOf))
                .selectExpr(FactsSql.surveyInputs(d, cfg.cutDay()).toArray(new String[0]))
                .groupBy("m", "community").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new org.apache.spark.sql.Column[0]))
                .collectAsList()) {
            out.add(MonthMarts.SurveyCount.of(name -> r.get(r.fieldIndex(name))));
        }
        return out;
    }

    /** The month marts from case facts and staged surveys on Spark (tests and benchmarks). */
    public static MonthMarts.Output monthMarts(Dataset<Row> facts, Dataset<Row> surveys, MetricsConfig cfg, LocalDateTime asOf) {
        return MonthMarts.build(run(facts, cfg), surveyCounts(surveys, cfg, asOf), cfg, asOf);
    }

    /** A mart row as a Spark row (values in the mart schema's column order). */
    public static Row toSpark(MartRow r) {
        return RowFactory.create(r.values().toArray());
    }

    /** Mart rows as Spark rows. */
    public static List<Row> toSpark(List<MartRow> rows) {
        return rows.stream().map(SparkMonthPass::toSpark).toList();
    }

    /** Spark's side of the fold: rows of {@link MonthPass#inputColumns()} in, pass rows out. */
    static final class Fold implements MapPartitionsFunction<Row, MonthPass.PassRow>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int cutDay;

        Fold(int cutDay) {
            this.cutDay = cutDay;
        }

        @Override
        public Iterator<MonthPass.PassRow> call(Iterator<Row> it) {
            return new MonthPass.Fold(cutDay, true).fold(new Iterator<MonthPass.Fact>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public MonthPass.Fact next() {
                    return fact(it.next());
                }
            }).iterator();
        }
    }

    /** Position of each input column in the rows the fold reads (they are selected in {@link MonthPass#inputColumns()} order). */
    private static final java.util.Map<String, Integer> IN = inputIndex();

    private static java.util.Map<String, Integer> inputIndex() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        String[] cols = MonthPass.inputColumns();
        for (int i = 0; i < cols.length; i++) {
            m.put(cols[i], i);
        }
        return java.util.Map.copyOf(m);
    }

    private static int at(String name) {
        Integer i = IN.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Not an input column of the month pass: " + name);
        }
        return i;
    }

    // the input columns by name, looked up once
    private static final int C_ASSESSMENT_MONTH = at("assessment_month");
    private static final int C_COMMUNITY = at("community");
    private static final int C_STREET = at("street");
    private static final int C_HANDLER_TYPE = at("handler_type");
    private static final int C_HANDLER_KEY = at("handler_key");
    private static final int C_ESCALATION_LEVEL = at("escalation_level");
    private static final int C_DEPARTMENTS = at("departments");
    private static final int C_CHANNEL = at("channel");
    private static final int C_IS_SURVEY_RESOLVED = at("is_survey_resolved");
    private static final int C_SURVEY_SATISFACTION = at("survey_satisfaction");
    private static final int C_IS_PROACTIVE = at("is_proactive");
    private static final int C_IS_COUNTED = at("is_counted");
    private static final int C_IS_SETTLED_ON_SPOT = at("is_settled_on_spot");
    private static final int C_IS_RESPONSE_DUE = at("is_response_due");
    private static final int C_IS_RESPONDED_ON_TIME = at("is_responded_on_time");
    private static final int C_IS_CLOSED = at("is_closed");
    private static final int C_IS_CLOSED_ON_TIME = at("is_closed_on_time");
    private static final int C_IS_OPEN = at("is_open");
    private static final int C_IS_OVERDUE_OPEN = at("is_overdue_open");
    private static final int C_DISPATCH_HOURS = at("dispatch_hours");
    private static final int C_HANDLE_HOURS = at("handle_hours");
    private static final int C_RESOLVE_HOURS = at("resolve_hours");
    private static final int C_AGE_HOURS = at("age_hours");
    private static final int C_RESOLVED_AT = at("resolved_at");
    private static final int C_LIMIT_DUE_AT = at("limit_due_at");
    private static final int C_AS_OF_AT = at("as_of_at");

    /** A fact from a Spark row of {@link MonthPass#inputColumns()}, by column name. */
    static MonthPass.Fact fact(Row r) {
        MonthPass.Fact f = new MonthPass.Fact();
        f.month = r.getString(C_ASSESSMENT_MONTH);
        f.community = r.getString(C_COMMUNITY);
        f.street = r.getString(C_STREET);
        f.handlerType = r.getString(C_HANDLER_TYPE);
        f.handlerKey = r.getString(C_HANDLER_KEY);
        f.escalationLevel = r.getString(C_ESCALATION_LEVEL);
        int dep = C_DEPARTMENTS;
        f.departments = r.isNullAt(dep) ? List.of() : r.getList(dep);
        f.channel = r.getString(C_CHANNEL);
        f.proactive = flag(r, C_IS_PROACTIVE);
        f.counted = flag(r, C_IS_COUNTED);
        f.settledOnSpot = flag(r, C_IS_SETTLED_ON_SPOT);
        f.responseDue = flag(r, C_IS_RESPONSE_DUE);
        f.respondedOnTime = flag(r, C_IS_RESPONDED_ON_TIME);
        f.closed = flag(r, C_IS_CLOSED);
        f.closedOnTime = flag(r, C_IS_CLOSED_ON_TIME);
        f.open = flag(r, C_IS_OPEN);
        f.overdueOpen = flag(r, C_IS_OVERDUE_OPEN);
        int res = C_IS_SURVEY_RESOLVED;
        f.surveyResolved = r.isNullAt(res) ? null : r.getBoolean(res);
        f.satisfaction = r.getString(C_SURVEY_SATISFACTION);
        f.dispatchHours = hours(r, C_DISPATCH_HOURS);
        f.handleHours = hours(r, C_HANDLE_HOURS);
        f.resolveHours = hours(r, C_RESOLVE_HOURS);
        f.ageHours = hours(r, C_AGE_HOURS);
        f.resolvedAt = micros(r, C_RESOLVED_AT);
        f.limitDueAt = micros(r, C_LIMIT_DUE_AT);
        f.asOfAt = micros(r, C_AS_OF_AT);
        return f;
    }

    private static boolean flag(Row r, int i) {
        return !r.isNullAt(i) && r.getBoolean(i);
    }

    private static double hours(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** Microseconds of wall-clock time since 1970-01-01T00:00 of a BIGINT or TIMESTAMP_NTZ column; NONE when null. */
    static long micros(Row r, int i) {
        if (r.isNullAt(i)) {
            return MonthPass.NONE;
        }
        Object v = r.get(i);
        if (v instanceof Long l) {
            return l;
        }
        LocalDateTime t = (LocalDateTime) v;
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(java.time.ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }
}
