package io.minqing.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A contract table: its name, its grain (what one row is) and its ordered columns.
 * Parquet files of this table hold exactly these columns in this order, except {@link #partitionColumn()},
 * which lives in the folder name ({@code received_month=2021-08}).
 */
public record TableSchema(String name, String grain, List<Column> columns, String partitionColumn) {

    public TableSchema {
        columns = List.copyOf(columns);
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column c : columns) {
            if (seen.put(c.name(), c) != null) {
                throw new IllegalArgumentException("Duplicate column " + c.name() + " in table " + name);
            }
        }
        if (partitionColumn != null && !seen.containsKey(partitionColumn)) {
            throw new IllegalArgumentException("Partition column " + partitionColumn + " is not a column of " + name);
        }
    }

    public Optional<Column> find(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Column column(String columnName) {
        return find(columnName).orElseThrow(() ->
                new IllegalArgumentException("Table " + name + " has no column " + columnName));
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
