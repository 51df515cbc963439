package io.minqing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Proof that the {@code duckdb-work} ingest counterpart ({@link DuckWorkSql}) did the same work as minqing's ingest:
 * the rows each staged, cases and surveys, and the rows each rejected. On the generator's clean exports both should
 * stage every row but re-sends.
 */
public final class IngestCheck {

    /** Staged and rejected rows of each table, on each side. */
    public record Outcome(long minqingCases, long minqingSurveys, long minqingRejects, long duckCases, long duckSurveys, long duckRejects) {
        public boolean agrees() {
            return minqingCases == duckCases && minqingSurveys == duckSurveys && minqingRejects == duckRejects;
        }

        public String summary() {
            if (agrees()) {
                return String.format(Locale.ROOT, "ingest: minqing and the DuckDB query (duckdb-work) both staged %,d cases and %,d surveys and "
                        + "rejected %,d rows", minqingCases, minqingSurveys, minqingRejects);
            }
            return String.format(Locale.ROOT, "ingest DIFFERS: minqing staged %,d cases and %,d surveys and rejected %,d rows; the DuckDB query "
                    + "(duckdb-work) %,d, %,d and %,d", minqingCases, minqingSurveys, minqingRejects, duckCases, duckSurveys, duckRejects);
        }
    }

    private IngestCheck() {
    }

    /**
     * Counts {@code lake/staged/{cases,surveys}} and {@code lake/rejects} (minqing) against {@code out/staged/…} and
     * {@code out/rejects} (the output folder of {@code DuckStage ingest-work}).
     */
    public static Outcome compare(Path lake, Path out) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            return new Outcome(rows(st, lake.resolve("staged/cases")), rows(st, lake.resolve("staged/surveys")), rows(st, lake.resolve("rejects")),
                    rows(st, out.resolve("staged/cases")), rows(st, out.resolve("staged/surveys")), rows(st, out.resolve("rejects")));
        }
    }

    /** Rows in every Parquet file below {@code dir}; 0 when there is none (a run without rejects writes no rejects file). */
    static long rows(Statement st, Path dir) throws SQLException, IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            if (s.noneMatch(p -> p.toString().endsWith(".parquet"))) {
                return 0;
            }
        }
        return DuckStage.count(st, dir.resolve("**/*.parquet"));
    }
}
