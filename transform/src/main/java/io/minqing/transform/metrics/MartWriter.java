package io.minqing.transform.metrics;

import io.minqing.contract.Lake;
import io.minqing.contract.TableSchema;
import io.minqing.contract.spark.SparkSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a mart atomically and deterministically: Spark writes into {@code lake/_tmp/<table>-…}, the part files are
 * renamed to {@code part-00000.parquet}, … in Spark's task order (Spark's names carry a random job id), checksum
 * files are dropped, footers are made canonical (ParquetFooters), and the folder is then moved into
 * {@code lake/marts/<table>} with renames on one file system.
 * A crash leaves the last good mart in place; two runs on the same input give byte-identical files, also in two processes.
 */
public final class MartWriter {

    private final SparkSession spark;
    private final Lake lake;

    public MartWriter(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** Writes driver-side rows (already sorted, of this schema) as one file. Returns the row count. */
    public long writeRows(TableSchema schema, List<MartRow> rows) {
        Dataset<Row> df = spark.createDataFrame(SparkMonthPass.toSpark(rows), SparkSchemas.structType(schema)).coalesce(1);
        write(schema, df);
        return rows.size();
    }

    /** Writes a Dataset whose rows are already in a deterministic order and partitioning. */
    public void write(TableSchema schema, Dataset<Row> df) {
        write(schema, df, java.util.Map.of());
    }

    /** As {@link #write(TableSchema, Dataset)}, with Parquet writer options (e.g. per-column encodings). */
    public void write(TableSchema schema, Dataset<Row> df, java.util.Map<String, String> options) {
        Path tmp = lake.tmp().resolve(schema.name() + "-" + System.nanoTime());
        try {
            Files.createDirectories(lake.tmp());
            var w = df.write().mode(SaveMode.ErrorIfExists).options(options);
            if (schema.partitionColumn() != null) {
                w = w.partitionBy(schema.partitionColumn());
            }
            w.parquet(tmp.toString());
            io.minqing.contract.spark.ParquetFooters.normaliseFolder(tmp); // same bytes and names in every process
        } catch (IOException e) {
            throw new UncheckedIOException("writing marts/" + schema.name() + " under " + lake.root(), e);
        }
        install(lake, schema, tmp);
    }

    /** See {@link MartFiles#install}. */
    static void install(Lake lake, TableSchema schema, Path tmp) {
        MartFiles.install(lake, schema, tmp);
    }
}
