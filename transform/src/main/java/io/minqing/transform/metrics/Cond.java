package io.minqing.transform.metrics;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which case_facts rows a month-pass counter counts ({@link MonthPass.Counter}), written once as a small structure
 * and rendered two ways: {@link #test} over a {@link MonthPass.Fact} (the Java fold, which the Spark engine runs) and
 * {@link #sql} as a DuckDB boolean expression (the embedded engine counts with GROUP BY, see DuckMetricsJob).
 *
 * <p>Both renderings are two-valued and read a null as the fold's Fact does: a null flag is false, a null string
 * equals nothing, a null list is empty. So {@code not(flag(c))} counts the rows where c is false or null, in Java and in
 * SQL alike (a bare SQL {@code NOT c} would drop the nulls).
 */
sealed interface Cond {

    /** Whether the fact row f is counted. */
    boolean test(MonthPass.Fact f);

    /** The same condition as a DuckDB expression over case_facts columns, never null. */
    String sql();

    /** The case_facts columns the condition reads. */
    default java.util.SortedSet<String> columns() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        if (this instanceof Flag x) {
            out.add(x.column());
        } else if (this instanceof Eq x) {
            out.add(x.column());
        } else if (this instanceof Present x) {
            out.add(x.column());
        } else if (this instanceof NonEmpty x) {
            out.add(x.column());
        } else if (this instanceof And x) {
            out.addAll(x.a().columns());
            out.addAll(x.b().columns());
        } else if (this instanceof Not x) {
            out.addAll(x.c().columns());
        }
        return out;
    }

    /** Every row. */
    static Cond all() {
        return new All();
    }

    /** A BOOLEAN column is true (null: false). */
    static Cond flag(String column) {
        return new Flag(column, known(FLAGS, column));
    }

    /** A VARCHAR column equals value (null: false). */
    static Cond eq(String column, String value) {
        return new Eq(column, known(STRINGS, column), value);
    }

    /** A column is not null. */
    static Cond present(String column) {
        return new Present(column, known(PRESENT, column));
    }

    /** A list column has at least one non-null element (null, empty or only null entries: no). */
    static Cond nonEmpty(String column) {
        return new NonEmpty(column, known(LISTS, column));
    }

    /** This condition and the other. */
    default Cond and(Cond other) {
        return new And(this, other);
    }

    /** Not this condition. */
    static Cond not(Cond c) {
        return new Not(c);
    }

    /** The case_facts BOOLEAN columns a condition may read, as the Fact holds them. */
    Map<String, Predicate<MonthPass.Fact>> FLAGS = Map.ofEntries(
            Map.entry("is_counted", f -> f.counted),
            Map.entry("is_proactive", f -> f.proactive),
            Map.entry("is_settled_on_spot", f -> f.settledOnSpot),
            Map.entry("is_response_due", f -> f.responseDue),
            Map.entry("is_responded_on_time", f -> f.respondedOnTime),
            Map.entry("is_closed", f -> f.closed),
            Map.entry("is_closed_on_time", f -> f.closedOnTime),
            Map.entry("is_open", f -> f.open),
            Map.entry("is_overdue_open", f -> f.overdueOpen),
            Map.entry("is_survey_resolved", f -> Boolean.TRUE.equals(f.surveyResolved)));

    /** The VARCHAR columns a condition may compare. */
    Map<String, Function<MonthPass.Fact, String>> STRINGS = Map.of(
            "channel", f -> f.channel,
            "escalation_level", f -> f.escalationLevel,
            "survey_satisfaction", f -> f.satisfaction);

    /** The nullable columns a condition may test for presence. */
    Map<String, Predicate<MonthPass.Fact>> PRESENT = Map.of(
            "is_survey_resolved", f -> f.surveyResolved != null,
            "survey_satisfaction", f -> f.satisfaction != null);

    /** The list columns. */
    Map<String, Predicate<MonthPass.Fact>> LISTS = Map.of(
            "departments", f -> f.departments != null && f.departments.stream().anyMatch(java.util.Objects::nonNull));

    private static <T> T known(Map<String, T> columns, String column) {
        T t = columns.get(column);
        if (t == null) {
            throw new IllegalArgumentException("A counter cannot read column " + column + " this way (known: " + columns.keySet() + ")");
        }
        return t;
    }

    /** Every row. */
    record All() implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return true;
        }

        @Override
        public String sql() {
            return "true";
        }
    }

    /** A flag. */
    record Flag(String column, Predicate<MonthPass.Fact> get) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return get.test(f);
        }

        @Override
        public String sql() {
            return "coalesce(" + column + ", false)";
        }
    }

    /** A string column equal to a value. */
    record Eq(String column, Function<MonthPass.Fact, String> get, String value) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return value.equals(get.apply(f));
        }

        @Override
        public String sql() {
            return "coalesce(" + column + " = '" + value.replace("'", "''") + "', false)";
        }
    }

    /** A column not null. */
    record Present(String column, Predicate<MonthPass.Fact> get) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return get.test(f);
        }

        @Override
        public String sql() {
            return "(" + column + " IS NOT NULL)";
        }
    }

    /** A non-empty list. */
    record NonEmpty(String column, Predicate<MonthPass.Fact> get) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return get.test(f);
        }

        @Override
        public String sql() {
            return "coalesce(len(list_filter(" + column + ", lambda x: x IS NOT NULL)) > 0, false)";
        }
    }

    /** Both. */
    record And(Cond a, Cond b) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return a.test(f) && b.test(f);
        }

        @Override
        public String sql() {
            return "(" + a.sql() + " AND " + b.sql() + ")";
        }
    }

    /** Not. */
    record Not(Cond c) implements Cond {
        @Override
        public boolean test(MonthPass.Fact f) {
            return !c.test(f);
        }

        @Override
        public String sql() {
            return "(NOT " + c.sql() + ")";
        }
    }
}
