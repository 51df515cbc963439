package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.notebooks.DataDictionary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minqing run} on a short sample district: every stage runs in order, the pack and notebooks-data appear, and
 * every example query of the generated data dictionary runs against the exported DuckDB file.
 */
class RunEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void wholeMonthFromGenerateToExport() throws Exception {
        Path out = tmp.resolve("out");
        Path notebooks = tmp.resolve("notebooks-data");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = Minqing.execute(new String[] {"run", "--out", out.toString(), "--notebooks", notebooks.toString(),
                "--from", "2021-03", "--to", "2021-08", "--month", "2021-08", "--seed", "7",
                "--taxonomy", Path.of("..", "config", "topics-taxonomy.txt").toAbsolutePath().normalize().toString()}, new PrintWriter(so), new PrintWriter(se));
        String stdout = so.toString();
        assertEquals(0, code, stdout + se);
        assertTrue(stdout.contains("minqing run: all "), stdout);
        Path pack = out.resolve("report/2021-08");
        assertTrue(Files.isRegularFile(pack.resolve("index.html")), "index.html");
        assertTrue(Files.isRegularFile(pack.resolve("民情分析会-2021-08.docx")), "handout");
        assertTrue(stdout.contains(pack.resolve("index.html").toAbsolutePath().toString()), "run prints where the report is");

        String readme = Files.readString(notebooks.resolve("README.md"));
        assertTrue(readme.contains("### community_month"), "data dictionary lists community_month");
        Properties ro = new Properties();
        ro.setProperty("duckdb.read_only", "true");
        List<String> failures = new ArrayList<>();
        int queries = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + notebooks.resolve("minqing.duckdb"), ro)) {
            Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(DataDictionary.exampleQueries());
            while (m.find()) {
                queries++;
                try (Statement st = c.createStatement()) {
                    st.execute("SET file_search_path='" + notebooks + "'");
                    try (ResultSet rs = st.executeQuery(m.group(1))) {
                        while (rs.next()) {
                            // drain: errors in late rows surface here
                        }
                    }
                } catch (Exception e) {
                    failures.add(m.group(1).lines().findFirst().orElse("") + " → " + e.getMessage());
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET file_search_path='" + notebooks + "'");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM community_month WHERE assessment_month = '2021-08'")) {
                    rs.next();
                    assertEquals(15, rs.getInt(1), "every one of the 15 communities has a row for the month");
                }
            }
        }
        assertTrue(queries >= 4, "the data dictionary has example queries");
        assertEquals(List.of(), failures, "example queries that failed");
    }
}
