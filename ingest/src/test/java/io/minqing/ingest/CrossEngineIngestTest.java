package io.minqing.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minqing.contract.engine.Engine;
import io.minqing.generator.GeneratorConfig;
import io.minqing.generator.SampleDistrictGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two engines give the same lake: the generated sample district (clean) and then its messy exports (per-street
 * files with planted defects and resent cases, CSV cut into small ranges so the pieces are read in parallel) are
 * ingested into one lake per engine, and every staged table, every rejects table and the quality summary must be
 * equal value for value, with the same files and the same Parquet column types. Read back with DuckDB, an
 * independent reader for both.
 */
class CrossEngineIngestTest {

    @TempDir
    Path tmp;

    @Test
    void sparkAndEmbeddedIngestWriteTheSameLake() throws Exception {
        Path clean = tmp.resolve("clean");
        new SampleDistrictGenerator(new GeneratorConfig(clean, 7, GeneratedDistrictIngestTest.FROM, GeneratedDistrictIngestTest.TO,
                null, 0, null)).run();
        Path messy = tmp.resolve("messy");
        new SampleDistrictGenerator(new GeneratorConfig(messy, 11, GeneratedDistrictIngestTest.FROM, GeneratedDistrictIngestTest.TO,
                null, 0.05, null)).run();
        List<Path> lakes = new ArrayList<>();
        List<ObjectNode> summaries = new ArrayList<>();
        for (Engine e : List.of(Engine.SPARK, Engine.DUCKDB)) {
            Path lake = tmp.resolve("lake-" + e.code());
            IngestJob.Result first = Runs.ingest(e, lake, "sample-district", "2021-09-30", null, List.of(clean.resolve("exports")));
            assertEquals(0, first.rejected(), e + ": the clean district has no rejects");
            summaries.add((ObjectNode) new ObjectMapper().readTree(lake.resolve("quality/ingest-summary.json").toFile()));
            // the messy exports resend cases the lake already has: merged with what is staged
            Runs.ingest(e, lake, "sample-district", "2021-09-30", 1.0, null, false, "0.0625", List.of(messy.resolve("exports")));
            summaries.add((ObjectNode) new ObjectMapper().readTree(lake.resolve("quality/ingest-summary.json").toFile()));
            lakes.add(lake);
        }
        assertEquals(summaries.get(0), summaries.get(2), "quality summary of the clean run");
        assertEquals(summaries.get(1), summaries.get(3), "quality summary of the messy run");
        assertTrue(summaries.get(3).get("totals").get("rejected").asLong() > 0, "the messy run has rejects to compare");

        assertEquals(parquetFiles(lakes.get(0)), parquetFiles(lakes.get(1)), "the same files");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String[] t : List.of(new String[] {"staged/cases", "source, case_id"}, new String[] {"staged/surveys", "source, survey_id"},
                    new String[] {"rejects/cases", "source, source_file, source_row, reason"},
                    new String[] {"rejects/surveys", "source, source_file, source_row, reason"})) {
                List<String> spark = rows(db, lakes.get(0).resolve(t[0]), t[1]);
                List<String> duck = rows(db, lakes.get(1).resolve(t[0]), t[1]);
                assertFalse(spark.isEmpty(), t[0]);
                assertEquals(spark.size(), duck.size(), t[0] + " rows");
                for (int i = 0; i < spark.size(); i++) {
                    assertEquals(spark.get(i), duck.get(i), t[0] + " row " + i);
                }
                assertEquals(types(db, lakes.get(0).resolve(t[0])), types(db, lakes.get(1).resolve(t[0])), t[0] + " column types");
            }
        }
    }

    private static List<String> parquetFiles(Path lake) throws Exception {
        try (Stream<Path> s = Files.walk(lake)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).map(p -> lake.relativize(p).toString()).sorted().toList();
        }
    }

    private static String glob(Path table) {
        return "read_parquet('" + table + "/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)";
    }

    private static List<String> rows(Connection db, Path table, String orderBy) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + glob(table) + " ORDER BY " + orderBy)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(" | ");
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /**
     * Per file column: name, physical type, repetition and whether it is a local timestamp (micros, not adjusted to
     * UTC), then the SQL types as read. (The root's name and the STRING annotation differ: Spark writes the STRING
     * logical type beside UTF8, DuckDB only UTF8; readers see VARCHAR/string either way.)
     */
    private static List<String> types(Connection db, Path table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT name, type, repetition_type, "
                + "coalesce(converted_type = 'TIMESTAMP_MICROS' AND logical_type LIKE 'TimestampType(isAdjustedToUTC=0%', false) AS local_time "
                + "FROM parquet_schema('" + table + "/*/*.parquet') WHERE name NOT IN ('spark_schema', 'duckdb_schema') ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + glob(table))) {
            while (rs.next()) {
                out.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        return out;
    }
}
