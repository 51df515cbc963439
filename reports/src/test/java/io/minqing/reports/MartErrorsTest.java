package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.Lake;
import io.minqing.contract.MinqingException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken or incomplete lakes stop the report with exit code 3 and a message naming the mart, column and stage. */
class MartErrorsTest {

    @TempDir
    static Path tmp;
    static Path good;

    @BeforeAll
    static void lake() throws Exception {
        good = tmp.resolve("good");
        SampleMarts.build(good);
    }

    private static MinqingException run(Path lake, YearMonth month, Path out) {
        return assertThrows(MinqingException.class, () -> new ReportJob(new ReportJob.Config(month, new Lake(lake), out),
                new PrintStream(new ByteArrayOutputStream())).run());
    }

    private static Path copy(String name) throws Exception {
        Path dst = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(good)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(good.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    @Test
    void missingMartNamesItAndTheStage() throws Exception {
        Path lake = copy("no-km");
        ReportJob.deleteTree(lake.resolve("marts/km_curve"));
        MinqingException e = run(lake, SampleMarts.MONTH, tmp.resolve("out1"));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertEquals("Missing mart km_curve: no Parquet files under " + lake.resolve("marts/km_curve").toAbsolutePath()
                + ". Run 'minqing transform --lake DIR' on this lake first (it writes marts/km_curve).", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out1/2021-08")), "nothing written");
    }

    @Test
    void missingColumnNamesMartColumnTypeAndStage() throws Exception {
        Path lake = copy("old-schema");
        Path dir = lake.resolve("marts/community_month");
        Path file = dir.resolve("part-00000.parquet");
        try (var db = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = db.createStatement()) {
            // an older writer without the rank interval
            s.execute("COPY (SELECT * EXCLUDE (rank_lo) FROM read_parquet('" + file + "')) TO '" + dir.resolve("x.parquet") + "' (FORMAT parquet)");
        }
        Files.move(dir.resolve("x.parquet"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MinqingException e = run(lake, SampleMarts.MONTH, tmp.resolve("out2"));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertEquals("Mart community_month at " + dir.toAbsolutePath() + " has no column 'rank_lo' (INT) that the report needs. "
                + "It was written by an older or different version of minqing: re-run 'minqing transform --lake DIR' on this "
                + "lake with this version.", e.getMessage());
    }

    @Test
    void monthNotInMartsListsTheMonthsThereAre() {
        MinqingException e = run(good, YearMonth.of(2022, 1), tmp.resolve("out3"));
        assertEquals(ExitCode.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("Month 2022-01 is not in mart district_month; it holds 2020-09, 2020-10,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("2021-08. Pick one of those with --month, or ingest and transform that month first."),
                e.getMessage());
    }

    @Test
    void topicMartsAbsentGiveANoteNotAFailure() throws Exception {
        Path lake = copy("no-topics");
        ReportJob.deleteTree(lake.resolve("marts/recurring_issues"));
        ReportJob.Result r = new ReportJob(new ReportJob.Config(SampleMarts.MONTH, new Lake(lake), tmp.resolve("out4")),
                new PrintStream(new ByteArrayOutputStream())).run();
        String html = Files.readString(r.index());
        assertTrue(html.contains("主题分析的数据集（marts/topic_community_month、topics、recurring_issues）尚未生成：请先运行 minqing topics --lake DIR。"));
    }

    @Test
    void emptyTopicMartsGiveTheTopicsStagesReasonNotAFailure() throws Exception {
        // what the topics stage writes when too few cases have text: every topic mart with its columns and no rows,
        // and the notice in lake/quality/topics-notice.txt
        Path lake = copy("empty-topics");
        try (var db = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = db.createStatement()) {
            for (String t : java.util.List.of("topics", "topic_community_month", "recurring_issues")) {
                Path dir = lake.resolve("marts/" + t);
                s.execute("COPY (SELECT * FROM read_parquet('" + dir + "/**/*.parquet', union_by_name = true) LIMIT 0) TO '"
                        + tmp.resolve(t + "-empty.parquet") + "' (FORMAT parquet)");
                ReportJob.deleteTree(dir);
                Files.createDirectories(dir);
                Files.move(tmp.resolve(t + "-empty.parquet"), dir.resolve("part-00000.parquet"));
            }
        }
        Files.createDirectories(lake.resolve("quality"));
        Files.writeString(lake.resolve("quality/topics-notice.txt"), "No topics: only 0 staged cases have text.\n");
        ReportJob.Result r = new ReportJob(new ReportJob.Config(SampleMarts.MONTH, new Lake(lake), tmp.resolve("out6")),
                new PrintStream(new ByteArrayOutputStream())).run();
        String html = Files.readString(r.index());
        assertTrue(html.contains("本期没有主题分析：有文字（中文或拉丁字母）的案件太少，无法归纳主题，主题数据集为空"
                + "（No topics: only 0 staged cases have text.）。"), "the report says why there are no topics");
        assertFalse(html.contains("请先运行 minqing topics"), "and does not send the user to a run that would find the same");
    }

    @Test
    void badMonthIsAUsageError() {
        MinqingException e = assertThrows(MinqingException.class, () -> ReportJob.parseMonth("2021-8"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid value for '--month': '2021-8'. It must be a month written yyyy-MM, e.g. 2021-08.", e.getMessage());
    }

    @Test
    void rerunReplacesThePackInPlace() throws Exception {
        Path out = tmp.resolve("out5");
        ReportJob.Config c = new ReportJob.Config(SampleMarts.MONTH, new Lake(good), out);
        new ReportJob(c, new PrintStream(new ByteArrayOutputStream())).run();
        Files.writeString(out.resolve("2021-08/stale.txt"), "from an earlier run");
        new ReportJob(c, new PrintStream(new ByteArrayOutputStream())).run();
        assertFalse(Files.exists(out.resolve("2021-08/stale.txt")));
        assertTrue(Files.exists(out.resolve("2021-08/index.html")));
    }
}
