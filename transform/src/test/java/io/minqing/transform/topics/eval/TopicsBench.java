package io.minqing.transform.topics.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.minqing.contract.spark.Sessions;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.TopicModel;
import io.minqing.transform.topics.TopicsJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark (not a test): segmentation + topic assignment throughput for 1M cases. Takes a lake that already has
 * staged cases and a topic model (e.g. the one {@code make eval} leaves behind), replicates its staged cases to
 * {@code --cases} rows with new ids, and times segmenting and assigning them (Spark local[*], results counted, not
 * written), plus a single-thread baseline on the first 20,000 cases.
 * Run: {@code mvn -B -q -pl transform -am -Ptopics-bench verify -DskipTests -Dtopics.args="--lake DIR [--cases 1000000]"}
 */
public final class TopicsBench {

    private TopicsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path lake = null;
        long cases = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lake")) {
                lake = Path.of(args[++i]);
            } else if (args[i].equals("--cases")) {
                cases = Long.parseLong(args[++i]);
            }
        }
        if (lake == null) {
            throw new IllegalArgumentException("usage: TopicsBench --lake DIR [--cases N] (a lake with staged/cases and models/topics)");
        }
        SparkSession spark = Sessions.getOrCreate("minqing-topics-bench", "local[*]");
        spark.sparkContext().setLogLevel("ERROR");
        TopicModel model = TopicModel.load(lake.resolve("models/topics"));
        Dataset<Row> staged = spark.read().parquet(lake.resolve("staged/cases").toString());
        long base = staged.count();
        long copies = (cases + base - 1) / base;
        Dataset<Row> big = staged.crossJoin(spark.range(copies).withColumnRenamed("id", "copy"))
                .withColumn("case_id", concat(col("case_id"), lit("#"), col("copy").cast("string")))
                .drop("copy").limit((int) cases).repartition(8).cache();
        long n = big.count();
        System.out.printf(Locale.ROOT, "cases: %,d (%,d staged × %d), model %s, cores %d%n", n, base, copies, model,
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        long assigned = TopicsJob.assign(TopicsJob.segment(big, new HanlpSegmenter()), model).count();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "| Spark local[*], segment + assign | %,d cases | %.1f s | %,.0f cases/s |%n", assigned, secs, assigned / secs);

        // single thread, no Spark: the per-case cost
        List<Row> sample = staged.select("title", "description", "address", "community").limit(20_000).collectAsList();
        HanlpSegmenter seg = new HanlpSegmenter();
        io.minqing.transform.topics.TextPrep prep = new io.minqing.transform.topics.TextPrep();
        long s0 = System.nanoTime();
        long segNanos = 0;
        for (Row r : sample) {
            long a = System.nanoTime();
            List<String> t = seg.words(prep.clean(r.getString(0), r.getString(2), r.getString(3)));
            List<String> d = seg.words(prep.clean(r.getString(1), r.getString(2), r.getString(3)));
            segNanos += System.nanoTime() - a;
            model.assign(t, d);
        }
        double all = (System.nanoTime() - s0) / 1e9;
        System.out.printf(Locale.ROOT, "| one thread, segment + assign | %,d cases | %.1f s | %,.0f cases/s (segmentation %.0f%% of the time) |%n",
                sample.size(), all, sample.size() / all, 100.0 * segNanos / 1e9 / all);
        spark.stop();
    }
}
