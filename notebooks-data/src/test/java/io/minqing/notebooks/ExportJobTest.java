package io.minqing.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Column;
import io.minqing.contract.ColumnType;
import io.minqing.contract.ExitCode;
import io.minqing.contract.Lake;
import io.minqing.contract.MinqingException;
import io.minqing.contract.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportJobTest {

    static final TableSchema DEMO = new TableSchema("demo_month", "one row per community and month", List.of(
            Column.required("community", "社区", ColumnType.STRING, "Community."),
            Column.required("month", "月份", ColumnType.STRING, "Month."),
            Column.required("cases", "件数", ColumnType.LONG, "Cases received."),
            Column.optional("note", "说明", ColumnType.STRING, "Free text."),
            Column.optional("first_at", "首件时间", ColumnType.TIMESTAMP, "First case.")), null);

    @TempDir
    Path tmp;

    private Lake lakeWith(String noteForJunan) throws Exception {
        Lake lake = new Lake(tmp.resolve("lake"));
        Path dir = lake.mart("demo_month").resolve("month=2021-08");
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t AS SELECT * FROM (VALUES "
                    + "('远望社区', 12, NULL, TIMESTAMP '2021-08-01 00:30:00'), "
                    + "('居南社区', 40, '" + noteForJunan + "', TIMESTAMP '2021-08-02 08:05:09')) v(community, cases, note, first_at)");
            st.execute("COPY (SELECT community, CAST(cases AS BIGINT) AS cases, note, first_at FROM t) TO '"
                    + dir.resolve("part-0.parquet") + "' (FORMAT parquet)");
        }
        return lake;
    }

    @Test
    void writesParquetCsvWithBomDatabaseAndReadme() throws Exception {
        Lake lake = lakeWith("楼道堆物已清理");
        Path out = tmp.resolve("notebooks-data");
        ExportResult r = new ExportJob(new ExportConfig(lake, out, List.of(DEMO))).run();

        assertEquals(1, r.tables().size());
        assertEquals(2, r.tables().get(0).rows());
        byte[] csv = Files.readAllBytes(out.resolve("csv/demo_month.csv"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(csv, 3));
        List<String> lines = Files.readAllLines(out.resolve("csv/demo_month.csv"), StandardCharsets.UTF_8);
        assertEquals("\uFEFFcommunity,month,cases,note,first_at", lines.get(0));
        // ORDER BY ALL sorts by community first: 居南 (U+5C45) before 远望 (U+8FDC).
        assertEquals("居南社区,2021-08,40,楼道堆物已清理,2021-08-02 08:05:09", lines.get(1));
        assertEquals("远望社区,2021-08,12,,2021-08-01 00:30:00", lines.get(2));

        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("minqing.duckdb"), readOnly);
             Statement st = c.createStatement()) {
            st.execute("SET file_search_path='" + out + "'");
            try (ResultSet rs = st.executeQuery("SELECT sum(cases), max(first_at) FROM demo_month")) {
                rs.next();
                assertEquals(52, rs.getLong(1));
                assertEquals(java.time.LocalDateTime.of(2021, 8, 2, 8, 5, 9), rs.getObject(2, java.time.LocalDateTime.class));
            }
        }
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("| `cases` | 件数 | BIGINT | Cases received. |"), readme);
        assertTrue(readme.contains("| [`demo_month`](#demo_month) | one row per community and month |"), readme);
    }

    @Test
    void rerunGivesIdenticalFiles() throws Exception {
        Lake lake = lakeWith("x");
        Path out = tmp.resolve("nd");
        new ExportJob(new ExportConfig(lake, out, List.of(DEMO))).run();
        byte[] p1 = Files.readAllBytes(out.resolve("parquet/demo_month.parquet"));
        byte[] c1 = Files.readAllBytes(out.resolve("csv/demo_month.csv"));
        new ExportJob(new ExportConfig(lake, out, List.of(DEMO))).run();
        assertArrayEquals(p1, Files.readAllBytes(out.resolve("parquet/demo_month.parquet")));
        assertArrayEquals(c1, Files.readAllBytes(out.resolve("csv/demo_month.csv")));
    }

    @Test
    void refusesUnmaskedPhoneNumbers() throws Exception {
        Lake lake = lakeWith("请回电13812345678");
        MinqingException e = assertThrows(MinqingException.class,
                () -> new ExportJob(new ExportConfig(lake, tmp.resolve("o"), List.of(DEMO))).run());
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("Refusing to export demo_month.note: 1 value(s) look like an unmasked phone or ID-card number"),
                e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("o/parquet")), "nothing is published when the check fails");
    }

    @Test
    void pseudonymColumnsMustHoldPseudonymsAndTheirHexIsNotTakenForAPhone() throws Exception {
        TableSchema keyed = new TableSchema("keyed", "g", List.of(
                Column.required("case_id", "件号", ColumnType.STRING, "id"),
                Column.optional("handler_key", "快递员标识", ColumnType.STRING, "pseudonym")), null);
        Lake lake = new Lake(tmp.resolve("lake2"));
        Path dir = lake.mart("keyed");
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            // h_1381234567890abc has "13812345678" followed by a letter, which the phone pattern alone would flag;
            // case id 340402199001011234 has the shape of an ID number but is an identifier column.
            st.execute("COPY (SELECT * FROM (VALUES ('340402199001011234', 'h_1381234567890abc'), ('2', NULL)) v(case_id, handler_key)) TO '"
                    + dir.resolve("p.parquet") + "' (FORMAT parquet)");
        }
        assertEquals(2, new ExportJob(new ExportConfig(lake, tmp.resolve("o"), List.of(keyed))).run().totalRows());

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES ('1', '张三')) v(case_id, handler_key)) TO '" + dir.resolve("p.parquet") + "' (FORMAT parquet)");
        }
        MinqingException e = assertThrows(MinqingException.class,
                () -> new ExportJob(new ExportConfig(lake, tmp.resolve("o2"), List.of(keyed))).run());
        assertTrue(e.getMessage().startsWith("Refusing to export keyed.handler_key: 1 value(s) are not keyed pseudonyms (r_/h_ + 16 hex digits)"),
                e.getMessage());
    }

    @Test
    void maskedNumbersPass() throws Exception {
        Lake lake = lakeWith("请回电138****5678，身份证340402********1234");
        ExportResult r = new ExportJob(new ExportConfig(lake, tmp.resolve("o"), List.of(DEMO))).run();
        assertEquals(2, r.totalRows());
    }

    @Test
    void missingContractColumnIsAContractError() throws Exception {
        Lake lake = lakeWith("x");
        TableSchema wider = new TableSchema("demo_month", "g", List.of(
                Column.required("community", "社区", ColumnType.STRING, "c"),
                Column.required("resolution_rate", "解决率", ColumnType.DOUBLE, "r")), null);
        MinqingException e = assertThrows(MinqingException.class,
                () -> new ExportJob(new ExportConfig(lake, tmp.resolve("o"), List.of(wider))).run());
        assertTrue(e.getMessage().startsWith("Table demo_month at " + lake.mart("demo_month")
                + " breaks the data contract: column 'resolution_rate' should be DOUBLE but is missing."), e.getMessage());
    }

    @Test
    void noMartsSaysWhichCommandToRun() {
        Lake lake = new Lake(tmp.resolve("empty"));
        MinqingException e = assertThrows(MinqingException.class,
                () -> new ExportJob(new ExportConfig(lake, tmp.resolve("o"), List.of(DEMO))).run());
        assertEquals("Nothing to export: no mart tables under " + lake.root().resolve("marts")
                + " (looked for demo_month). Run 'minqing transform --lake " + lake.root() + "' first.", e.getMessage());
    }
}
