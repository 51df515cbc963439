package io.minqing.contract;

import java.util.List;
import java.util.Objects;

/**
 * One column of a contract table.
 *
 * @param name          English snake_case name, as written to Parquet
 * @param label         Chinese label used in exports and reports (收件时间 …)
 * @param type          logical type
 * @param nullable      whether staged data may hold null here
 * @param meaning       one-sentence definition
 * @param allowedValues codes a STRING column may take; empty when free text
 */
public record Column(String name, String label, ColumnType type, boolean nullable, String meaning,
                     List<String> allowedValues) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(meaning, "meaning");
        allowedValues = List.copyOf(allowedValues);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Column name must be snake_case: " + name);
        }
    }

    public static Column required(String name, String label, ColumnType type, String meaning) {
        return new Column(name, label, type, false, meaning, List.of());
    }

    public static Column optional(String name, String label, ColumnType type, String meaning) {
        return new Column(name, label, type, true, meaning, List.of());
    }

    public static Column coded(String name, String label, boolean nullable, String meaning, Class<? extends Coded> codes) {
        return new Column(name, label, ColumnType.STRING, nullable, meaning, Coded.codesOf(codes));
    }
}
