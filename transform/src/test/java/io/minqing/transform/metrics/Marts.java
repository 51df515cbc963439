package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minqing.contract.Lake;
import io.minqing.contract.TableSchema;
import io.minqing.contract.engine.Engine;
import io.minqing.contract.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Test helpers: run the metrics job on either engine, and read marts back from the lake with DuckDB, in file order. */
final class Marts {

    private Marts() {
    }

    /** Runs the metrics job of that engine on the lake. */
    static MetricsJob.Result run(Engine engine, Lake lake, MetricsConfig cfg, Optional<LocalDateTime> asOf) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        return engine == Engine.SPARK
                ? new MetricsJob(SparkTestSession.get(), lake, cfg, asOf, quiet).run()
                : new DuckMetricsJob(lake, cfg, asOf, quiet).run();
    }

    /** The fixture of {@link Fixture} staged as ingest writes it (one file per month folder). */
    static Lake stageFixture(Path root) {
        Lake lake = new Lake(root);
        Fixture.cases().repartition(org.apache.spark.sql.functions.col("received_month")).write().partitionBy("received_month")
                .parquet(lake.staged("cases").toString());
        Fixture.surveys().repartition(org.apache.spark.sql.functions.col("surveyed_month")).write().partitionBy("surveyed_month")
                .parquet(lake.staged("surveys").toString());
        return lake;
    }

    private static String glob(Lake lake, TableSchema t) {
        return lake.mart(t.name()).resolve(t.partitionColumn() == null ? "*.parquet" : "*/*.parquet").toString().replace("'", "''");
    }

    /** As {@link #read}, as engine-neutral mart rows. */
    static List<MartRow> rows(Lake lake, TableSchema t) throws Exception {
        List<MartRow> out = new ArrayList<>();
        for (Row r : read(lake, t)) {
            List<Object> v = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                v.add(r.get(i));
            }
            out.add(MartRow.ofValues(t, v));
        }
        return out;
    }

    /**
     * A mart's rows in the contract's column order (the partition column last, as the contract lists it) and in file
     * order: TIMESTAMP as LocalDateTime, lists as java.util.List, numbers boxed as written.
     */
    static List<Row> read(Lake lake, TableSchema t) throws Exception {
        List<Row> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT " + String.join(", ", t.columnNames()) + " FROM read_parquet('" + glob(lake, t)
                     + "', hive_partitioning = " + (t.partitionColumn() != null) + ", hive_types_autocast = false)")) {
            int n = t.columnNames().size();
            while (r.next()) {
                Object[] v = new Object[n];
                for (int i = 0; i < n; i++) {
                    Object x = r.getObject(i + 1);
                    if (x instanceof java.sql.Timestamp) {
                        x = r.getObject(i + 1, LocalDateTime.class);
                    } else if (x instanceof java.sql.Array a) {
                        x = new ArrayList<>(Arrays.asList((Object[]) a.getArray()));
                    }
                    v[i] = x;
                }
                out.add(RowFactory.create(v));
            }
        }
        return out;
    }

    /**
     * The Parquet schema of a mart's files (name, physical type, repetition, converted type, and the logical type where
     * it says more than the converted type: timestamps' isAdjustedToUTC), one line per node, from DuckDB. Spark also
     * writes the STRING and LIST logical annotations, which DuckDB leaves to the equivalent converted types UTF8 and LIST;
     * DuckDB annotates signed INT32/INT64 as INT_32/INT_64, which is what the plain physical types mean (Spark omits it).
     */
    static List<String> parquetSchema(Lake lake, TableSchema t) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT DISTINCT name, type, repetition_type, CASE WHEN converted_type IN ('INT_32', 'INT_64') THEN NULL ELSE converted_type END, "
                     + "CASE WHEN CAST(logical_type AS VARCHAR) IN ('StringType()', 'ListType()') OR CAST(logical_type AS VARCHAR) LIKE 'IntType(%isSigned=1)' THEN NULL ELSE CAST(logical_type AS VARCHAR) END "
                     + "FROM parquet_schema('" + glob(lake, t) + "') WHERE name NOT IN ('spark_schema', 'duckdb_schema') ORDER BY ALL")) {
            while (r.next()) {
                out.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4) + " " + r.getString(5));
            }
        }
        return out;
    }

    /** Relative paths of the files of a mart. */
    static List<String> files(Lake lake, TableSchema t) throws Exception {
        Path root = lake.mart(t.name());
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** Asserts two marts' rows equal value for value (doubles to 1e-12, relative above 1), row by row in order. */
    static void assertSameRows(String what, List<Row> a, List<Row> b) {
        assertEquals(a.size(), b.size(), what + ": row count");
        for (int i = 0; i < a.size(); i++) {
            Row x = a.get(i);
            Row y = b.get(i);
            for (int j = 0; j < x.length(); j++) {
                Object u = x.get(j);
                Object v = y.get(j);
                if (u instanceof Double du && v instanceof Double dv) {
                    if (du.isNaN() && dv.isNaN()) {
                        continue;
                    }
                    if (Math.abs(du - dv) > 1e-12 * Math.max(1, Math.abs(du))) {
                        fail(what + " row " + i + " column " + j + ": " + du + " vs " + dv + "\n" + x + "\n" + y);
                    }
                } else if (!java.util.Objects.equals(u, v)) {
                    fail(what + " row " + i + " column " + j + ": " + u + " vs " + v + "\n" + x + "\n" + y);
                }
            }
        }
        assertTrue(true);
    }
}
