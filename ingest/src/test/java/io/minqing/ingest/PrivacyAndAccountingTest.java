package io.minqing.ingest;

import io.minqing.contract.engine.Engine;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (1) No raw phone number of the source reaches staged Parquet or the rejects: the numbers are taken from the
 * source file with a regex and searched in every column with DuckDB (an independent Parquet reader).
 * (2) Property: on a seeded random messy export, every non-blank input line ends up staged or rejected, exactly once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class PrivacyAndAccountingTest {

    @Parameter
    Engine engine;

    @TempDir
    Path tmp;

    static final String HEADER = "件号,社区,收件渠道,收件时间,办结时间,办理状态,诉求内容,联系电话,联系人,快递员,更新时间";

    /** A seeded messy export: good rows and rows with planted defects, duplicates and blank lines. */
    static List<String> messyLines(long seed, int n) {
        Random rnd = new Random(seed);
        String[] communities = {"居南社区", "居南", "远望社区", "瀚城", "火星社区", ""};
        String[] channels = {"热线电话", "微信群", "热线", "飞鸽传书"};
        String[] times = {"2021-03-01 09:00:00", "2021/3/2 10:15", "2021年3月3日", "2021-02-30 08:00:00", "", "2099-01-01 00:00:00"};
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            if (kind == 0) {
                lines.add("");
                continue;
            }
            String id = "P" + (rnd.nextInt(8) == 0 ? rnd.nextInt(Math.max(1, i)) : i);
            String phone = "13" + (5 + rnd.nextInt(5)) + String.format("%08d", rnd.nextInt(100_000_000));
            String desc = rnd.nextBoolean() ? "请回电" + phone : "楼道堆物";
            String received = times[rnd.nextInt(times.length)];
            String resolved = rnd.nextInt(4) == 0 ? "2021-02-01 09:00:00" : "";
            String row = String.join(",", id, communities[rnd.nextInt(communities.length)], channels[rnd.nextInt(channels.length)],
                    received, resolved, "", desc, phone, "张" + i, "李" + (i % 7), "");
            if (kind == 1) {
                row = row + ",多余";
            } else if (kind == 2) {
                row = row.replace("楼道堆物", "\"楼道堆物");
            }
            lines.add(row);
        }
        return lines;
    }

    @Test
    void everyLineEndsStagedOrRejectedOnceAndNoRawPhoneNumberIsStaged() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        List<String> lines = messyLines(20210301L, 300);
        Path csv = in.resolve("messy.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        Path lake = tmp.resolve("lake");
        IngestJob.Result r = Runs.ingest(engine, lake, "sample-district", "2021-08-31", 1.0, List.of(in));

        // the expected set of record line numbers: non-blank lines after the header (line 1). A broken quote costs
        // its own line only (the following lines are read again), so each non-blank line is one record.
        Set<Long> expected = new TreeSet<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                expected.add((long) i + 1);
            }
        }
        List<Long> seen = new ArrayList<>();
        Runs.staged(lake, "cases").select("source_row").collectAsList().forEach(x -> seen.add(x.getLong(0)));
        Runs.rejects(lake, "cases").select("source_row").collectAsList().forEach(x -> seen.add(x.getLong(0)));
        assertEquals(expected.size(), seen.size(), "each record once");
        assertEquals(expected, new TreeSet<>(seen));
        assertEquals(expected.size(), r.read());
        assertEquals(r.read(), r.staged() + r.rejected());
        assertTrue(r.staged() > 0 && r.rejected() > 0, "the seed plants both: " + r);

        Set<String> phones = new HashSet<>();
        Matcher m = Pattern.compile("1[3-9]\\d{9}").matcher(String.join("\n", lines));
        while (m.find()) {
            phones.add(m.group());
        }
        assertTrue(phones.size() > 100, "the fixture holds phone numbers");
        Set<String> names = new HashSet<>(List.of("张1", "张2", "李3"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String table : List.of("staged/cases", "rejects/cases")) {
                String glob = lake.resolve(table) + "/**/*.parquet";
                try (ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + glob + "', hive_partitioning=true)")) {
                    int cols = rs.getMetaData().getColumnCount();
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= cols; i++) {
                            String v = rs.getString(i);
                            if (v == null) {
                                continue;
                            }
                            Matcher pm = Pattern.compile("1[3-9]\\d{9}").matcher(v);
                            while (pm.find()) {
                                assertTrue(!phones.contains(pm.group()), "raw phone " + pm.group() + " in " + table + " column "
                                        + rs.getMetaData().getColumnName(i));
                            }
                            for (String name : names) {
                                assertTrue(!v.contains(name) || rs.getMetaData().getColumnName(i).equals("case_id"),
                                        "name " + name + " in " + table + "." + rs.getMetaData().getColumnName(i) + ": " + v);
                            }
                        }
                    }
                    assertTrue(rows > 0, table);
                }
            }
        }
        List<Row> masked = Runs.staged(lake, "cases").filter("description like '请回电%'").select("description").collectAsList();
        assertTrue(!masked.isEmpty() && masked.stream().allMatch(x -> x.getString(0).matches("请回电1\\d\\d\\*{4}\\d{4}")), masked.toString());
    }
}
