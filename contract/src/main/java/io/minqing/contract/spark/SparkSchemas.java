package io.minqing.contract.spark;

import io.minqing.contract.Column;
import io.minqing.contract.ColumnType;
import io.minqing.contract.Errors;
import io.minqing.contract.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark types of the contract. Lives in the contract module but compiles against Spark as a
 * {@code provided} dependency, so modules without Spark (reports) never load it.
 */
public final class SparkSchemas {

    private SparkSchemas() {
    }

    public static DataType sparkType(ColumnType t) {
        return switch (t) {
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampNTZType;
            case STRING_LIST -> DataTypes.createArrayType(DataTypes.StringType, false);
        };
    }

    /** The Spark schema of a table, all columns in contract order (partition column included). */
    public static StructType structType(TableSchema table) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : table.columns()) {
            fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), c.nullable()));
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * Checks, once at a stage's boundary, that {@code actual} (as read from Parquet) has every contract column with
     * the contract type. Extra columns are allowed (later versions may add some). Nullability is not checked:
     * Parquet read back marks every column nullable.
     */
    public static void requireConforms(TableSchema table, StructType actual, String location) {
        for (Column c : table.columns()) {
            StructField f;
            try {
                f = actual.apply(c.name());
            } catch (IllegalArgumentException e) {
                throw Errors.contractViolation(table.name(), c.name(), c.type().docName(), "missing", location);
            }
            DataType want = sparkType(c.type());
            boolean same = c.type() == ColumnType.STRING_LIST
                    ? f.dataType() instanceof org.apache.spark.sql.types.ArrayType a && a.elementType().equals(DataTypes.StringType)
                    : f.dataType().equals(want);
            if (!same) {
                throw Errors.contractViolation(table.name(), c.name(), c.type().docName(), f.dataType().sql(), location);
            }
        }
    }
}
