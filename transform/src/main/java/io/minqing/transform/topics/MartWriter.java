package io.minqing.transform.topics;

import io.minqing.contract.TableSchema;
import io.minqing.contract.spark.SparkSchemas;
import java.nio.file.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;

/**
 * Writes a mart atomically: Spark writes into {@code lake/_tmp/<table>-…}, then the folder is moved into
 * {@code lake/marts/<table>} (the previous version is moved aside first and deleted after), so a crash leaves the
 * last good mart. Rows are sorted before writing so a rerun on the same input gives the same files' content.
 */
final class MartWriter {

    private MartWriter() {
    }

    /** @param partitioned false writes a partitioned mart as one file (an empty mart: Spark writes no file for no partition) */
    static long write(Dataset<Row> rows, TableSchema table, Path target, Path tmpRoot, boolean partitioned, String... sortBy) {
        Column[] cols = table.columnNames().stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> ordered = rows.select(cols);
        SparkSchemas.requireConforms(table, ordered.schema(), "the " + table.name() + " rows about to be written");
        Column[] sort = java.util.Arrays.stream(sortBy).map(functions::col).toArray(Column[]::new);
        Path tmp = tmpRoot.resolve(table.name() + "-" + System.nanoTime());
        if (table.partitionColumn() != null && partitioned) {
            Dataset<Row> d = ordered.repartition(functions.col(table.partitionColumn())).sortWithinPartitions(sort);
            d.write().mode(SaveMode.Overwrite).partitionBy(table.partitionColumn()).parquet(tmp.toString());
        } else {
            Dataset<Row> d = ordered.coalesce(1).sortWithinPartitions(sort);
            d.write().mode(SaveMode.Overwrite).parquet(tmp.toString());
        }
        // counted from the written files' footers: a count() before the write ran the whole plan (and its shuffle) twice
        long n = io.minqing.contract.spark.ParquetFooters.rowCount(tmp);
        io.minqing.contract.spark.ParquetFooters.normaliseFolder(tmp); // same bytes and names on every rerun
        DuckMarts.moveIntoPlace(tmp, target); // the one atomic move of a topic mart, shared with the embedded engine
        return n;
    }
}
