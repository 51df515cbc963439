package io.minqing.contract.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.minqing.contract.testing.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFootersTest {

    /**
     * Another process writes the same rows with the encodings listed in another order (parquet-mr's HashSet order);
     * simulated here by reversing every list in a copy's footer. After canonicalising, both files are the same bytes
     * and still read back as the same rows.
     */
    @Test
    void sameRowsWithEncodingsListedInAnotherOrderBecomeTheSameBytes(@TempDir Path dir) throws Exception {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("n", DataTypes.LongType)
                .add("note", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(RowFactory.create("C" + i, (long) (i % 7), i % 3 == 0 ? null : "备注" + (i % 5)));
        }
        Path out = dir.resolve("t");
        SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
        Path a;
        try (Stream<Path> s = Files.list(out)) {
            a = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        assertEquals(500, ParquetFooters.rowCount(out), "rows from the footers = the 500 rows written");
        assertEquals(0, ParquetFooters.rowCount(dir.resolve("none")));
        Path b = dir.resolve("other-process.parquet");
        Files.copy(a, b);
        reverseEncodingLists(b);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "the copy must differ before");

        ParquetFooters.canonicalize(a);
        ParquetFooters.canonicalize(b);

        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(500, SparkTestSession.get().read().parquet(b.toString()).count());
        assertEquals(500, SparkTestSession.get().read().parquet(a.toString()).count(), "no stale .crc left beside it");
        assertEquals(rows.get(7).getString(2),
                SparkTestSession.get().read().parquet(b.toString()).filter("id = 'C7'").first().getString(2));
        byte[] once = Files.readAllBytes(a);
        ParquetFooters.canonicalize(a);
        assertArrayEquals(once, Files.readAllBytes(a), "canonicalising twice changes nothing");
    }

    /**
     * Row count and INT64 min/max from the footers, over several files and row groups: the values are chosen by hand,
     * including a file where the column is null throughout (no min/max there), negative values, and a hidden and an
     * underscore folder Spark does not read. A file written without column statistics makes the answer empty.
     */
    @Test
    void int64RangesComeFromTheFootersOfTheFilesSparkReads(@TempDir Path dir) throws Exception {
        var spark = SparkTestSession.get();
        StructType schema = new StructType().add("t", DataTypes.LongType).add("u", DataTypes.LongType).add("s", DataTypes.StringType);
        // part a: t = 5, −7, 12; u = null, null, null
        spark.createDataFrame(List.of(RowFactory.create(5L, null, "x"), RowFactory.create(-7L, null, "y"),
                RowFactory.create(12L, null, "z")), schema).coalesce(1).write().parquet(dir.resolve("m=1").toString());
        // part b: t = 40, null; u = 3, 9 — in two row groups of one row each (block size 1 byte forces a new group per row)
        spark.createDataFrame(List.of(RowFactory.create(40L, 3L, "p"), RowFactory.create(null, 9L, "q")), schema).coalesce(1)
                .write().option("parquet.block.size", "1").parquet(dir.resolve("m=2").toString());
        // not read by Spark, so not counted: values that would change both bounds
        spark.createDataFrame(List.of(RowFactory.create(-1000L, 1000L, "h")), schema).coalesce(1).write()
                .parquet(dir.resolve("_tmp").toString());
        spark.createDataFrame(List.of(RowFactory.create(-1000L, 1000L, "h")), schema).coalesce(1).write()
                .parquet(dir.resolve(".hidden").toString());
        var r = ParquetFooters.int64Ranges(dir, List.of("t", "u")).orElseThrow();
        assertEquals(5, r.get("t").rows()); // 3 + 2 rows
        assertEquals(-7L, r.get("t").min());
        assertEquals(40L, r.get("t").max());
        assertEquals(3L, r.get("u").min());
        assertEquals(9L, r.get("u").max());
        // a column absent from a file, a string column, and a file without statistics: no answer, so callers scan
        assertFalse(ParquetFooters.int64Ranges(dir, List.of("nope")).isPresent());
        assertFalse(ParquetFooters.int64Ranges(dir, List.of("s")).isPresent());
        spark.createDataFrame(List.of(RowFactory.create(1L, 1L, "w")), schema).coalesce(1).write()
                .option("parquet.column.statistics.enabled", "false").parquet(dir.resolve("m=3").toString());
        assertFalse(ParquetFooters.int64Ranges(dir, List.of("t")).isPresent());
    }

    private static void reverseEncodingLists(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        int footerLen = ByteBuffer.wrap(all, all.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = all.length - 8 - footerLen;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(all, start, footerLen));
        int lists = 0;
        for (RowGroup rg : meta.getRow_groups()) {
            for (ColumnChunk cc : rg.getColumns()) {
                if (cc.getMeta_data().getEncodings().size() > 1) {
                    Collections.reverse(cc.getMeta_data().getEncodings());
                    lists++;
                }
            }
        }
        assertFalse(lists == 0, "the test file needs columns with more than one encoding");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        Util.writeFileMetaData(meta, o);
        System.arraycopy(o.toByteArray(), 0, all, start, footerLen);
        Files.write(file, all);
    }
}
