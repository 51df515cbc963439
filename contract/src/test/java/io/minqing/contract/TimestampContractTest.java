package io.minqing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minqing.contract.spark.SparkSchemas;
import io.minqing.contract.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the timestamp choice: Spark writes contract TIMESTAMPs as TIMESTAMP_NTZ and DuckDB reads back the same
 * local wall time with type TIMESTAMP, in the same month, while the JVM runs in America/New_York (surefire sets it)
 * and DuckDB's session zone is something else again.
 */
class TimestampContractTest {

    @TempDir
    Path tmp;

    @Test
    void sparkWritesDuckDbReadsSameWallTimeAndTypes() throws Exception {
        assertEquals("America/New_York", TimeZone.getDefault().getID(), "surefire should pin the JVM time zone");
        SparkSession spark = SparkTestSession.get();
        // 2024-02-01 03:00 in Shanghai is 2024-01-31 19:00 UTC: INT96 would land it in January.
        LocalDateTime early = LocalDateTime.of(2024, 2, 1, 3, 0);
        LocalDateTime lateJan = LocalDateTime.of(2024, 1, 31, 23, 30, 15);
        List<Row> rows = new ArrayList<>();
        rows.add(caseRow("c1", early, "2024-02"));
        rows.add(caseRow("c2", lateJan, "2024-01"));
        Dataset<Row> df = spark.createDataFrame(rows, SparkSchemas.structType(Contract.CASES));
        String out = tmp.resolve("cases").toString();
        df.write().partitionBy("received_month").parquet(out);

        SparkSchemas.requireConforms(Contract.CASES, spark.read().parquet(out).schema(), out);

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement()) {
            st.execute("SET TimeZone='UTC'");
            Map<String, String> types = new HashMap<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + out + "/**/*.parquet', hive_partitioning=true)")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Column col : Contract.CASES.columns()) {
                String expected = switch (col.type()) {
                    case STRING -> "VARCHAR";
                    case STRING_LIST -> "VARCHAR[]";
                    default -> col.type().docName();
                };
                assertEquals(expected, types.get(col.name()), "DuckDB type of cases." + col.name());
            }
            try (ResultSet rs = st.executeQuery("SELECT case_id, received_at, strftime(received_at, '%Y-%m') AS m, received_month "
                    + "FROM read_parquet('" + out + "/**/*.parquet', hive_partitioning=true) ORDER BY case_id")) {
                rs.next();
                assertEquals("c1", rs.getString(1));
                assertEquals(early, rs.getObject(2, LocalDateTime.class));
                assertEquals("2024-02", rs.getString(3));
                assertEquals("2024-02", rs.getString(4));
                rs.next();
                assertEquals(lateJan, rs.getObject(2, LocalDateTime.class));
                assertEquals("2024-01", rs.getString(3));
            }
        }
    }

    private static Row caseRow(String id, LocalDateTime received, String month) {
        return RowFactory.create(id, "test", "大通街道", "居南社区", "一网格", "hotline", false, "环境卫生", "垃圾",
                "楼道垃圾无人清理", "居南小区3栋", "r_0123456789abcdef", received, received.plusHours(2), received.plusDays(1),
                received.plusDays(2), received.plusDays(7), "normal", "resolved", "h_0123456789abcdef", "grid_worker",
                "community", scala.jdk.javaapi.CollectionConverters.asScala(List.of("物业")).toSeq(), "已清理",
                received.plusDays(2), "cases.csv", 2L, month);
    }
}
