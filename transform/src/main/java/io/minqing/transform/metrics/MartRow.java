package io.minqing.transform.metrics;

import io.minqing.contract.TableSchema;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row of a mart, engine-neutral: the values in the column order of the mart's contract schema
 * ({@link io.minqing.contract.marts.MetricMarts}, the one definition of every mart), read and built by column name.
 * Both engines write these rows: DuckDB through its appender, Spark after {@link SparkMonthPass#toSpark}.
 */
public final class MartRow {

    private final TableSchema schema;
    private final Object[] values;

    private MartRow(TableSchema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /** The row of schema whose columns take their values from v by name; every column must have an entry (null allowed); other entries are ignored. */
    public static MartRow of(TableSchema schema, Map<String, ?> v) {
        List<String> names = schema.columnNames();
        Object[] out = new Object[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            if (!v.containsKey(name)) {
                throw new IllegalStateException("No value computed for " + schema.name() + "." + name);
            }
            out[i] = v.get(name);
        }
        return new MartRow(schema, out);
    }

    /** The row of schema with these values in its column order (e.g. read back from a mart's file). */
    public static MartRow ofValues(TableSchema schema, List<?> values) {
        if (values.size() != schema.columns().size()) {
            throw new IllegalArgumentException(schema.name() + " has " + schema.columns().size() + " columns, not " + values.size());
        }
        return new MartRow(schema, values.toArray());
    }

    public TableSchema schema() {
        return schema;
    }

    /** The value of the column of that name. */
    public Object get(String column) {
        return values[index(schema, column)];
    }

    public String getString(String column) {
        return (String) get(column);
    }

    /** The values in the schema's column order. */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Column positions by name, per schema (keyed by the schema's name; a different schema object of that name is indexed anew). */
    private record Index(TableSchema schema, Map<String, Integer> at) {
    }

    private static final Map<String, Index> INDEX = new ConcurrentHashMap<>();

    private static int index(TableSchema schema, String column) {
        Index x = INDEX.get(schema.name());
        if (x == null || x.schema() != schema) {
            Map<String, Integer> m = new HashMap<>();
            for (int j = 0; j < schema.columns().size(); j++) {
                m.put(schema.columns().get(j).name(), j);
            }
            x = new Index(schema, Map.copyOf(m));
            INDEX.put(schema.name(), x);
        }
        Integer i = x.at().get(column);
        if (i == null) {
            throw new IllegalArgumentException("No column " + column + " in " + schema.name());
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MartRow r && r.schema.name().equals(schema.name()) && Arrays.deepEquals(r.values, values);
    }

    @Override
    public int hashCode() {
        return schema.name().hashCode() * 31 + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return schema.name() + Arrays.deepToString(values);
    }
}
