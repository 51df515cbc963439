import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares every table of two lakes (staged/, rejects/, marts/) row for row with DuckDB:
 * rows(A EXCEPT ALL B) = rows(B EXCEPT ALL A) = 0 and equal counts. Prints one line per table; exits 1 on any difference.
 * Run: java -cp duckdb_jdbc.jar scripts/cluster/CompareLakes.java LAKE_A LAKE_B
 */
public class CompareLakes {
    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        TreeSet<String> tables = new TreeSet<>();
        for (Path lake : List.of(a, b)) {
            for (String layer : List.of("staged", "rejects", "marts")) {
                Path d = lake.resolve(layer);
                if (Files.isDirectory(d)) {
                    try (Stream<Path> s = Files.list(d)) {
                        s.filter(Files::isDirectory).forEach(p -> tables.add(layer + "/" + p.getFileName()));
                    }
                }
            }
        }
        boolean allSame = !tables.isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String t : tables) {
                String ra = scan(a.resolve(t));
                String rb = scan(b.resolve(t));
                if (ra == null || rb == null) {
                    // A table with no Parquet files is an empty table (a run with no rejects may write no file).
                    long other = ra == null && rb == null ? 0 : count(st, "SELECT count(*) FROM " + (ra == null ? rb : ra));
                    boolean same = other == 0;
                    allSame &= same;
                    System.out.printf("%-40s %s%n", t, same ? "empty in both        identical"
                            : "DIFFERENT: no rows in " + (ra == null ? a : b) + ", " + other + " in the other");
                    continue;
                }
                long na = count(st, "SELECT count(*) FROM " + ra);
                long nb = count(st, "SELECT count(*) FROM " + rb);
                long onlyA = count(st, "SELECT count(*) FROM (SELECT * FROM " + ra + " EXCEPT ALL SELECT * FROM " + rb + ")");
                long onlyB = count(st, "SELECT count(*) FROM (SELECT * FROM " + rb + " EXCEPT ALL SELECT * FROM " + ra + ")");
                boolean same = na == nb && onlyA == 0 && onlyB == 0;
                allSame &= same;
                System.out.printf("%-40s %10d rows vs %10d  %s%n", t, na, nb,
                        same ? "identical" : "DIFFERENT (" + onlyA + " only in A, " + onlyB + " only in B)");
            }
        }
        System.out.println(allSame ? "lakes identical" : "lakes differ");
        System.exit(allSame ? 0 : 1);
    }

    static String scan(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            if (s.noneMatch(p -> p.toString().endsWith(".parquet"))) {
                return null;
            }
        }
        return "read_parquet('" + dir.toString().replace("'", "''") + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
    }

    static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
