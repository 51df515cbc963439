package io.minqing.transform.metrics.bench;

import io.minqing.contract.Contract;
import io.minqing.contract.Lake;
import io.minqing.contract.spark.Sessions;
import io.minqing.transform.metrics.CaseFacts;
import io.minqing.transform.metrics.MetricsConfig;
import io.minqing.transform.metrics.MetricsJob;
import io.minqing.transform.metrics.MonthMarts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark (not a test): the metrics transform against a hand-written DuckDB query computing the same
 * community_month columns (counts, the five rates' numerators and denominators, exact p50/p90 of dispatch and
 * resolution hours, Kaplan–Meier p50/p90, survey counts) on the same synthetic staged Parquet.
 *
 * <pre>java … io.minqing.transform.metrics.bench.MetricsBenchmark [--rows 1000000,10000000] [--work DIR] [--no-full]</pre>
 * The synthetic staged data (15 communities, 20 months, contract schema) is written once per size under
 * {@code DIR/<rows>/lake/staged} with Spark and reused by later runs.
 */
public final class MetricsBenchmark {

    static final LocalDateTime AS_OF = LocalDateTime.parse("2021-08-31T23:59:59");

    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "minqing-bench");
        boolean full = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(s -> Long.parseLong(s.trim())).toList();
                case "--work" -> work = Path.of(args[++i]);
                case "--no-full" -> full = false;
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; use --rows N[,N…] --work DIR");
            }
        }
        SparkSession spark = Sessions.configure(SparkSession.builder().appName("minqing metrics benchmark").master("local[2]"))
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "8").getOrCreate();
        List<String> table = new ArrayList<>();
        table.add("| cases | Spark community_month (s) | DuckDB same columns (s) | ratio | full transform, 7 marts (s) | results agree |");
        table.add("|---|---|---|---|---|---|");
        for (long n : sizes) {
            Lake lake = new Lake(work.resolve(Long.toString(n)).resolve("lake"));
            if (!Files.exists(lake.root().resolve("staged/_BENCH_OK"))) {
                long t = System.nanoTime();
                generate(spark, lake, n);
                Files.writeString(lake.root().resolve("staged/_BENCH_OK"), "ok");
                System.out.printf(Locale.ROOT, "generated %,d synthetic staged cases in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
            }
            MetricsConfig cfg = MetricsConfig.defaults();
            // Spark: the community_month computation (per-case facts, counts, exact percentiles, KM, surveys, driver
            // statistics) straight from staged Parquet; first run warms the JVM, the second is timed.
            Map<String, double[]> sparkVals = null;
            double sparkSecs = 0;
            for (int rep = 0; rep < 2; rep++) {
                long t = System.nanoTime();
                Dataset<Row> cases = spark.read().parquet(lake.staged("cases").toString());
                Dataset<Row> surveys = spark.read().parquet(lake.staged("surveys").toString());
                MonthMarts.Output o = io.minqing.transform.metrics.SparkMonthPass.monthMarts(CaseFacts.build(cases, null, cfg, AS_OF), surveys, cfg, AS_OF);
                sparkSecs = (System.nanoTime() - t) / 1e9;
                sparkVals = sparkValues(o.community());
            }
            double duckSecs = 0;
            Map<String, double[]> duckVals = null;
            for (int rep = 0; rep < 2; rep++) {
                long t = System.nanoTime();
                duckVals = duckdb(lake);
                duckSecs = (System.nanoTime() - t) / 1e9;
            }
            String agree = compare(sparkVals, duckVals);
            System.out.printf(Locale.ROOT, "%,d cases: Spark %.1f s, DuckDB %.1f s, agree: %s%n", n, sparkSecs, duckSecs, agree);
            String fullSecs = "not run";
            if (full) {
                long t = System.nanoTime();
                MetricsJob.Result r = new MetricsJob(spark, lake, cfg, Optional.of(AS_OF), System.out).run();
                fullSecs = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) / 1e9);
                System.out.println(r.rowsWritten());
            }
            table.add(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.2f× | %s | %s |", n, sparkSecs, duckSecs,
                    sparkSecs / duckSecs, fullSecs, agree));
        }
        System.out.println();
        table.forEach(System.out::println);
        spark.stop();
    }

    static final String[] COMMUNITIES = {"居南社区", "远望社区", "瀚城社区", "居仁村社区", "大通社区", "九龙岗社区", "上窑社区",
            "洛河社区", "孔店社区", "新庄社区", "淮舜社区", "舜耕社区", "朝阳社区", "和平社区", "光明社区"};

    /** Synthetic staged cases and surveys following the contract, written with Spark (deterministic seeds). */
    static void generate(SparkSession spark, Lake lake, long n) throws IOException {
        String comms = "array(" + String.join(", ", java.util.Arrays.stream(COMMUNITIES).map(c -> "'" + c + "'").toList()) + ")";
        Dataset<Row> base = spark.range(0, n, 1, 8).selectExpr("id",
                "element_at(" + comms + ", 1 + CAST(pow(rand(11), 1.6) * 15 AS INT)) AS community",
                "CAST(rand(12) * 20 AS INT) AS mo",
                "rand(13) AS u1", "rand(14) AS u2", "rand(15) AS u3", "randn(16) AS z1", "randn(17) AS z2");
        Dataset<Row> cases = base.selectExpr("id", "community", "u1", "u2", "u3",
                "make_timestamp_ntz(2020 + mo DIV 12, mo % 12 + 1, 1 + CAST(u1 * 28 AS INT), CAST(u2 * 24 AS INT), CAST(u3 * 60 AS INT), 0) AS received_at",
                "exp(z1 + 1.5) AS dh", "exp(z2 * 1.2 + 3.5) AS hh")
                .selectExpr("*",
                        "CASE WHEN u1 * 7 % 1 < 0.1 THEN NULL ELSE timestampadd(MICROSECOND, CAST(dh * 3.6e9 AS BIGINT), received_at) END AS dispatched_at",
                        "CASE WHEN u2 * 13 % 1 < 0.03 THEN NULL ELSE timestampadd(MICROSECOND, CAST((dh + hh) * 3.6e9 AS BIGINT), received_at) END AS resolved_raw")
                .selectExpr(
                        "CAST(id AS STRING) AS case_id", "'bench' AS source", "'大通街道' AS street", "community",
                        "CAST(NULL AS STRING) AS grid",
                        "element_at(array('hotline','email','qq_group','wechat_group','diary','contact_card','mailbox','meeting','web','other'), 1 + CAST(u3 * 10 AS INT)) AS channel",
                        "CAST(u3 * 10 AS INT) = 4 AS is_proactive", "CAST(NULL AS STRING) AS category", "CAST(NULL AS STRING) AS title",
                        "CAST(NULL AS STRING) AS description", "CAST(NULL AS STRING) AS address", "CAST(NULL AS STRING) AS resident_key",
                        "received_at", "dispatched_at", "resolved_raw AS resolved_at",
                        "timestampadd(HOUR, 2, resolved_raw) AS feedback_at",
                        "CASE WHEN u2 * 3 % 1 < 0.3 THEN timestampadd(HOUR, 168, received_at) END AS due_at",
                        "CASE WHEN u1 * 11 % 1 < 0.05 THEN 'urgent' WHEN u1 * 11 % 1 < 0.15 THEN 'complex' ELSE 'normal' END AS priority",
                        "CASE WHEN u3 * 17 % 1 < 0.01 THEN 'withdrawn' WHEN u3 * 17 % 1 < 0.02 THEN 'duplicate' WHEN resolved_raw IS NULL THEN 'dispatched' ELSE 'resolved' END AS status",
                        "concat('h_', lpad(hex(id % 4000), 16, '0')) AS handler_key",
                        "element_at(array('inservice_party_member','retired_party_member','party_volunteer','community_volunteer','community_staff','grid_worker','other'), 1 + CAST(id % 4000 % 7 AS INT)) AS handler_type",
                        "CASE WHEN u2 * 19 % 1 < 0.03 THEN 'district' WHEN u2 * 19 % 1 < 0.15 THEN 'street' ELSE 'community' END AS escalation_level",
                        "CASE WHEN u2 * 19 % 1 < 0.15 THEN array(element_at(array('城管','派出所','物业','环卫','供电','铁塔公司'), 1 + CAST(u1 * 23 % 1 * 6 AS INT))) ELSE CAST(array() AS ARRAY<STRING>) END AS departments",
                        "CAST(NULL AS STRING) AS resolution_note", "CAST(NULL AS TIMESTAMP_NTZ) AS updated_at",
                        "'bench.parquet' AS source_file", "id + 1 AS source_row", "date_format(received_at, 'yyyy-MM') AS received_month");
        cases.write().mode(SaveMode.Overwrite).partitionBy("received_month").parquet(lake.staged("cases").toString());
        Dataset<Row> closed = spark.read().parquet(lake.staged("cases").toString()).where("resolved_at IS NOT NULL AND rand(21) < 0.5");
        closed.selectExpr("concat('s', case_id) AS survey_id", "case_id", "source", "community",
                        "timestampadd(HOUR, 24, resolved_at) AS surveyed_at", "'phone' AS method", "true AS is_contacted",
                        "rand(22) < 0.85 AS is_resolved", "rand(23) AS u")
                .selectExpr("survey_id", "case_id", "source", "community", "surveyed_at", "method", "is_contacted", "is_resolved",
                        "CASE WHEN u < 0.7 THEN 'satisfied' WHEN u < 0.9 THEN 'basically_satisfied' ELSE 'dissatisfied' END AS satisfaction",
                        "CAST(NULL AS STRING) AS comment", "'bench-surveys.parquet' AS source_file", "1L AS source_row",
                        "date_format(surveyed_at, 'yyyy-MM') AS surveyed_month")
                .write().mode(SaveMode.Overwrite).partitionBy("surveyed_month").parquet(lake.staged(Contract.SURVEYS.name()).toString());
    }

    static final String[] COMPARED = {"cases_count", "response_num", "response_den", "on_time_num", "on_time_den", "closure_num",
            "resolution_num", "resolution_den", "satisfaction_den", "dispatch_hours_p50", "dispatch_hours_p90",
            "resolve_hours_p50", "resolve_hours_p90", "resolve_hours_km_p50", "resolve_hours_km_p90"};

    static Map<String, double[]> sparkValues(List<io.minqing.transform.metrics.MartRow> community) {
        Map<String, double[]> m = new HashMap<>();
        for (io.minqing.transform.metrics.MartRow r : community) {
            double[] v = new double[COMPARED.length];
            for (int i = 0; i < COMPARED.length; i++) {
                Object o = r.get(COMPARED[i]);
                v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
            }
            if (v[0] > 0) {
                m.put(r.getString("community") + "|" + r.getString("assessment_month"), v);
            }
        }
        return m;
    }

    static String compare(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return "no: groups differ (" + a.size() + " vs " + b.size() + ")";
        }
        double worst = 0;
        String where = "";
        for (String k : a.keySet()) {
            for (int i = 0; i < COMPARED.length; i++) {
                double x = a.get(k)[i];
                double y = b.get(k)[i];
                if (Double.isNaN(x) != Double.isNaN(y)) {
                    return "no: " + COMPARED[i] + " null in one at " + k;
                }
                double d = Double.isNaN(x) ? 0 : Math.abs(x - y) / Math.max(1, Math.abs(x));
                if (d > worst) {
                    worst = d;
                    where = COMPARED[i] + " " + k;
                }
            }
        }
        return worst < 1e-9 ? "yes (" + a.size() + " groups × " + COMPARED.length + " columns)"
                : String.format(Locale.ROOT, "max rel. diff %.2g at %s", worst, where);
    }

    /** The hand-written DuckDB query of the same community_month columns (calendar months, default limits). */
    static Map<String, double[]> duckdb(Lake lake) throws Exception {
        String asof = "TIMESTAMP '2021-08-31 23:59:59'";
        String sql = """
                WITH c AS (
                  SELECT community, strftime(received_at, '%Y-%m') AS m, status NOT IN ('withdrawn', 'duplicate') AS counted,
                         received_at AS rc,
                         CASE WHEN dispatched_at <= ASOF THEN dispatched_at END AS d,
                         CASE WHEN resolved_at <= ASOF THEN resolved_at END AS r,
                         CASE WHEN due_at > received_at THEN due_at
                              ELSE received_at + to_microseconds(CAST(CASE priority WHEN 'urgent' THEN 2 WHEN 'complex' THEN 360 ELSE 168 END * 3600000000 AS BIGINT)) END AS lim
                  FROM read_parquet('CASES/**/*.parquet', hive_partitioning = true) WHERE received_at <= ASOF),
                f AS (
                  SELECT *, rc + INTERVAL 24 HOUR AS ddue,
                         date_diff('microsecond', rc, d) / 3600000000.0 AS dh,
                         date_diff('microsecond', rc, r) / 3600000000.0 AS rh,
                         date_diff('microsecond', rc, coalesce(r, ASOF)) / 3600000000.0 AS age
                  FROM c WHERE counted),
                agg AS (
                  SELECT community, m, count(*) AS cases_count,
                         count(*) FILTER (WHERE ddue < ASOF AND coalesce(d, r) <= ddue) AS response_num,
                         count(*) FILTER (WHERE ddue < ASOF) AS response_den,
                         count(*) FILTER (WHERE r <= lim) AS on_time_num,
                         count(*) FILTER (WHERE r <= lim OR r > lim OR (r IS NULL AND lim < ASOF)) AS on_time_den,
                         count(r) AS closure_num,
                         quantile_cont(dh, [0.5, 0.9]) AS dq,
                         quantile_cont(rh, [0.5, 0.9]) AS rq
                  FROM f GROUP BY community, m),
                steps AS (
                  SELECT community, m, age, count(*) FILTER (WHERE r IS NOT NULL) AS dd, count(*) AS nn FROM f GROUP BY community, m, age),
                km AS (
                  SELECT community, m, age, dd,
                         sum(nn) OVER (PARTITION BY community, m ORDER BY age DESC ROWS UNBOUNDED PRECEDING) AS at_risk
                  FROM steps),
                surv AS (
                  SELECT community, m, age, dd,
                         exp(sum(CASE WHEN dd = 0 THEN 0 WHEN dd < at_risk THEN ln(1 - dd / at_risk) ELSE -1e300 END)
                             OVER (PARTITION BY community, m ORDER BY age ROWS UNBOUNDED PRECEDING)) AS s
                  FROM km),
                evs AS (
                  SELECT community, m, age, s, lead(age) OVER (PARTITION BY community, m ORDER BY age) AS next_age
                  FROM surv WHERE dd > 0),
                kmq AS (
                  -- R survival's rule: the first event time with S <= 1 - p; when S equals 1 - p exactly, the midpoint
                  -- to the next event time
                  SELECT community, m,
                         coalesce(min(CASE WHEN abs(s - 0.5) < 1.49e-8 THEN (age + coalesce(next_age, age)) / 2 END),
                                  min(age) FILTER (WHERE s < 0.5)) AS km_p50,
                         coalesce(min(CASE WHEN abs(s - 0.1) < 1.49e-8 THEN (age + coalesce(next_age, age)) / 2 END),
                                  min(age) FILTER (WHERE s < 0.1)) AS km_p90
                  FROM evs GROUP BY community, m),
                sv AS (
                  SELECT community, strftime(surveyed_at, '%Y-%m') AS m, count(*) FILTER (WHERE is_resolved) AS resolution_num,
                         count(is_resolved) AS resolution_den, count(satisfaction) AS satisfaction_den
                  FROM read_parquet('SURVEYS/**/*.parquet', hive_partitioning = true) WHERE surveyed_at <= ASOF GROUP BY ALL)
                SELECT agg.community, agg.m, cases_count, response_num, response_den, on_time_num, on_time_den, closure_num,
                       coalesce(resolution_num, 0), coalesce(resolution_den, 0), coalesce(satisfaction_den, 0),
                       dq[1], dq[2], rq[1], rq[2], km_p50, km_p90
                FROM agg LEFT JOIN kmq USING (community, m) LEFT JOIN sv USING (community, m)
                """.replace("ASOF", asof).replace("CASES", lake.staged("cases").toString())
                .replace("SURVEYS", lake.staged("surveys").toString());
        Map<String, double[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET memory_limit = '4GB'");
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    double[] v = new double[COMPARED.length];
                    for (int i = 0; i < COMPARED.length; i++) {
                        double x = rs.getDouble(3 + i);
                        v[i] = rs.wasNull() ? Double.NaN : x;
                    }
                    out.put(rs.getString(1) + "|" + rs.getString(2), v);
                }
            }
        }
        return out;
    }
}
