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
        assertEquals("\uFEFFcommunity,month,cases,note,first_at,is_partial_month", lines.get(0));
        // ORDER BY ALL sorts by community first: 居南 (U+5C45) before 远望 (U+8FDC). No table has a cut-off
        // (as_of_at), so whether 2021-08 is the running month is unknown: empty, not false.
        assertEquals("居南社区,2021-08,40,楼道堆物已清理,2021-08-02 08:05:09,", lines.get(1));
        assertEquals("远望社区,2021-08,12,,2021-08-01 00:30:00,", lines.get(2));

        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("minqing.duckdb"), readOnly);
             Statement st = c.createStatement()) {
            // no file_search_path: the views do not depend on the working directory
            try (ResultSet rs = st.executeQuery("SELECT sum(cases), max(first_at) FROM demo_month")) {
                rs.next();
                assertEquals(52, rs.getLong(1));
                assertEquals(java.time.LocalDateTime.of(2021, 8, 2, 8, 5, 9), rs.getObject(2, java.time.LocalDateTime.class));
            }
        }
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("| `cases` | 件数 | BIGINT | Cases received. |"), readme);
        assertTrue(readme.contains("| [`demo_month`](#demo_month) | one row per community and month |"), readme);
        assertTrue(readme.contains("| `is_partial_month` | 进行中月份 | BOOLEAN | True when `month` is the running month"), readme);
    }

    @Test
    void databaseIsInTheDuckDb1FormatAndItsViewsFollowTheFolder() throws Exception {
        Lake lake = lakeWith("x");
        Path out = tmp.resolve("nb");
        new ExportJob(new ExportConfig(lake, out, List.of(DEMO))).run();
        Path db = out.resolve("minqing.duckdb");
        // DuckDB's main header: 8-byte checksum, "DUCK", then the storage version number as a little-endian uint64.
        // 64 is the number DuckDB 0.10 to 1.1 write and every later version reads; DuckDB 2.0's default (69) is
        // what 1.x clients refuse ("version number 69").
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(db), 20);
        assertEquals("DUCK", new String(head, 8, 4, StandardCharsets.US_ASCII));
        assertEquals(64L, java.nio.ByteBuffer.wrap(head, 12, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        assertTrue(!Files.exists(out.resolve("minqing.duckdb.wal")), "checkpointed: no write-ahead log beside the file");
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db, readOnly); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'minqing'")) {
                rs.next();
                assertEquals("v1.0.0+", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT notebooks_dir(), sql FROM duckdb_views() WHERE view_name = 'demo_month'")) {
                rs.next();
                assertEquals(out.toString(), rs.getString(1), "the macro holds the folder's absolute path");
                assertTrue(rs.getString(2).contains("read_parquet((notebooks_dir() || '/parquet/demo_month.parquet'))"), rs.getString(2));
            }
        }

        // moved elsewhere, the one documented statement relocates the views
        Path moved = tmp.resolve("elsewhere").resolve("notebooks-data");
        Files.createDirectories(moved.getParent());
        Files.move(out, moved);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + moved.resolve("minqing.duckdb"));
             Statement st = c.createStatement()) {
            try (Statement before = c.createStatement()) {
                assertThrows(java.sql.SQLException.class, () -> before.executeQuery("SELECT count(*) FROM demo_month"),
                        "the old folder is gone, so the views fail until relocated");
            }
            st.execute("CREATE OR REPLACE MACRO notebooks_dir() AS '" + moved + "'");
            try (ResultSet rs = st.executeQuery("SELECT sum(cases) FROM demo_month")) {
                rs.next();
                assertEquals(52, rs.getLong(1));
            }
        }
    }

    static final TableSchema DISTRICT = new TableSchema("district_month", "one row per month", List.of(
            Column.required("assessment_month", "考核月份", ColumnType.STRING, "m"),
            Column.required("as_of_at", "统计截止时间", ColumnType.TIMESTAMP, "cut-off"),
            Column.required("is_month_complete", "考核期已结束", ColumnType.BOOLEAN, "complete"),
            Column.required("cases_count", "收件量", ColumnType.LONG, "n")), null);
    static final TableSchema TOPIC = new TableSchema("topic_demo", "one row per topic and month", List.of(
            Column.required("month", "月份", ColumnType.STRING, "calendar month"),
            Column.required("cases", "件数", ColumnType.LONG, "n")), null);
    static final TableSchema PLAIN = new TableSchema("plain", "one row per topic", List.of(
            Column.required("topic", "主题", ColumnType.STRING, "t")), null);

    @Test
    void theRunningMonthIsFlaggedInEveryTableWithAMonth() throws Exception {
        Lake lake = new Lake(tmp.resolve("lake3"));
        for (String t : List.of("district_month", "topic_demo", "plain")) {
            Files.createDirectories(lake.mart(t));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            // cut-off 2021-09-05 09:13: July and August are over, September is running (district_month says so for
            // the assessment months; the calendar month 2021-09 ends 2021-10-01 00:00, after the cut-off, and
            // 2021-08 ends 2021-09-01 00:00, before it)
            st.execute("COPY (SELECT * FROM (VALUES ('2021-07', TIMESTAMP '2021-09-05 09:13:00', true, 10::BIGINT), "
                    + "('2021-08', TIMESTAMP '2021-09-05 09:13:00', true, 12::BIGINT), "
                    + "('2021-09', TIMESTAMP '2021-09-05 09:13:00', false, 0::BIGINT)) v(assessment_month, as_of_at, is_month_complete, cases_count)) TO '"
                    + lake.mart("district_month").resolve("p.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT * FROM (VALUES ('2021-08', 5::BIGINT), ('2021-09', 1::BIGINT)) v(month, cases)) TO '"
                    + lake.mart("topic_demo").resolve("p.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT 'e-bike' AS topic) TO '" + lake.mart("plain").resolve("p.parquet") + "' (FORMAT parquet)");
        }
        Path out = tmp.resolve("nb3");
        new ExportJob(new ExportConfig(lake, out, List.of(DISTRICT, TOPIC, PLAIN))).run();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("minqing.duckdb"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT string_agg(assessment_month || '=' || is_partial_month, ' ' ORDER BY assessment_month) FROM district_month")) {
                rs.next();
                assertEquals("2021-07=false 2021-08=false 2021-09=true", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT string_agg(month || '=' || is_partial_month, ' ' ORDER BY month) FROM topic_demo")) {
                rs.next();
                assertEquals("2021-08=false 2021-09=true", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'plain' AND column_name = 'is_partial_month'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "a table without a month gets no flag");
            }
            // the README's latest-month example leaves the running month out
            try (ResultSet rs = st.executeQuery("SELECT max(assessment_month) FROM district_month WHERE NOT is_partial_month")) {
                rs.next();
                assertEquals("2021-08", rs.getString(1));
            }
        }
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
