import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** DuckDB's own CSV → Parquet on the same file, for the ingest benchmark: java -cp duckdb_jdbc.jar DuckCopy.java IN OUT */
public class DuckCopy {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_csv('" + a[0] + "')) TO '" + a[1] + "' (FORMAT parquet)");
            try (var r = s.executeQuery("SELECT count(*) FROM read_parquet('" + a[1] + "')")) {
                r.next();
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("duckdb COPY: %d rows in %.1f s = %.0f rows/s%n", r.getLong(1), secs, r.getLong(1) / secs);
            }
        }
    }
}
