package io.minqing.contract;

/**
 * The logical types a contract column may have. Each maps to one Parquet/Spark/DuckDB type, written in
 * {@code docs/data-contract.md} by its {@link #docName()}.
 *
 * <p>{@link #TIMESTAMP} is a <em>local wall-clock time of the district</em> (Asia/Shanghai) without a zone:
 * Spark {@code TIMESTAMP_NTZ}, Parquet {@code TIMESTAMP(isAdjustedToUTC=false, MICROS)}, DuckDB {@code TIMESTAMP}.
 * It was chosen so that month bucketing gives the same answer on every machine whatever its time zone,
 * and DuckDB reads the same wall time Spark wrote (Spark's default INT96 shifts it by the session zone).
 */
public enum ColumnType {
    STRING("STRING"),
    BOOLEAN("BOOLEAN"),
    INT("INT"),
    LONG("BIGINT"),
    DOUBLE("DOUBLE"),
    DATE("DATE"),
    TIMESTAMP("TIMESTAMP"),
    STRING_LIST("ARRAY<STRING>");

    private final String docName;

    ColumnType(String docName) {
        this.docName = docName;
    }

    /** The name used in the contract documents and the DuckDB type name. */
    public String docName() {
        return docName;
    }

    /** The DuckDB type of a column of this type (what the embedded engine creates its tables and casts with). */
    public String duckdbType() {
        return switch (this) {
            case STRING -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_LIST -> "VARCHAR[]";
        };
    }

    public static ColumnType fromDocName(String name) {
        for (ColumnType t : values()) {
            if (t.docName.equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown column type '" + name + "'");
    }
}
