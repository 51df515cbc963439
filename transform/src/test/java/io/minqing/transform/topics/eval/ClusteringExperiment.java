package io.minqing.transform.topics.eval;

import io.minqing.contract.spark.Sessions;
import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.TextPrep;
import io.minqing.transform.topics.TopicFitter;
import io.minqing.transform.topics.Vectorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Scratch: does fitting on more (unlabelled) Teddy Cup text help? */
public final class ClusteringExperiment {
    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "../shared/data/real"));
        List<TeddyCup.Message> labelled = TeddyCup.labelled(real);
        List<TeddyCup.Message> all = new ArrayList<>(labelled);
        for (String f : new String[] {"full/附件3.xlsx", "full/附件4.xlsx", "full/测试数据.xlsx"}) {
            for (TeddyCup.Message m : TeddyCup.read(real.resolve("teddycup2020c/" + f), false)) {
                all.add(new TeddyCup.Message(f.charAt(7) + m.id(), m.subject(), m.detail(), null));
            }
        }
        System.out.println("corpus " + all.size());
        SparkSession spark = Sessions.getOrCreate("x", "local[2]");
        spark.sparkContext().setLogLevel("ERROR");
        Segmenter han = new HanlpSegmenter();
        TextPrep prep = new TextPrep();
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>[]> words = new HashMap<>();
        for (TeddyCup.Message m : all) {
            @SuppressWarnings("unchecked")
            List<String>[] w = new List[] {han.words(prep.clean(m.subject(), null, null)), han.words(prep.clean(m.detail(), null, null))};
            words.put(m.id(), w);
            rows.add(RowFactory.create(m.id(), w[0], w[1]));
        }
        Dataset<Row> ds = spark.createDataFrame(rows, SegmenterComparison.schema()).cache();
        List<String> labels = labelled.stream().map(TeddyCup.Message::label).toList();
        lsa(spark, ds, words, labelled, labels);
        for (int k : new int[] {}) {
            for (long seed = 1; seed <= 2; seed++) {
                for (int minDf : new int[] {3}) {
                    TopicFitter.Fit fit = new TopicFitter(new TopicFitter.Params(TopicFitter.Method.KMEANS, k, minDf, 0.3, 8000, 60, seed)).fit(ds);
                    List<Integer> cl = new ArrayList<>();
                    for (TeddyCup.Message m : labelled) {
                        Vectorizer.Sparse v = fit.vectorizer().vector(words.get(m.id())[0], words.get(m.id())[1]);
                        int best = -1;
                        double bs = -1;
                        for (int c = 0; c < fit.centroids().length; c++) {
                            double d = v.dot(fit.centroids()[c]);
                            if (d > bs) {
                                bs = d;
                                best = c;
                            }
                        }
                        cl.add(best);
                    }
                    ClusterQuality.Scores s = ClusterQuality.score(labels, cl);
                    System.out.printf(Locale.ROOT, "k=%d seed=%d minDf=%d vocab=%d NMI %.3f ARI %.3f purity %.3f%n", k, seed, minDf,
                            fit.vectorizer().size(), s.nmi(), s.ari(), s.purity());
                }
            }
        }
        spark.stop();
    }

    static void lsa(SparkSession spark, Dataset<Row> ds, Map<String, List<String>[]> words, List<TeddyCup.Message> labelled, List<String> labels) {
        TopicFitter.Fit fit0 = new TopicFitter(new TopicFitter.Params(TopicFitter.Method.KMEANS, 2, 3, 0.3, 8000, 1, 1L)).fit(ds);
        Vectorizer vec = fit0.vectorizer();
        List<String> keys = new ArrayList<>(words.keySet());
        java.util.Collections.sort(keys);
        List<org.apache.spark.mllib.linalg.Vector> vs = new ArrayList<>();
        for (String key : keys) {
            Vectorizer.Sparse v = vec.vector(words.get(key)[0], words.get(key)[1]);
            vs.add(org.apache.spark.mllib.linalg.Vectors.sparse(vec.size(), v.indices(), v.values()));
        }
        org.apache.spark.mllib.linalg.distributed.RowMatrix rm = new org.apache.spark.mllib.linalg.distributed.RowMatrix(
                new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(vs, 4).rdd());
        for (int dims : new int[] {100, 200}) {
            long t0 = System.nanoTime();
            org.apache.spark.mllib.linalg.SingularValueDecomposition<org.apache.spark.mllib.linalg.distributed.RowMatrix, org.apache.spark.mllib.linalg.Matrix> svd = rm.computeSVD(dims, false, 1e-9);
            org.apache.spark.mllib.linalg.Matrix V = svd.V();
            System.out.printf(Locale.ROOT, "svd %d dims %.1f s%n", dims, (System.nanoTime() - t0) / 1e9);
            Map<String, double[]> proj = new HashMap<>();
            List<Row> rows = new ArrayList<>();
            for (String key : keys) {
                Vectorizer.Sparse v = vec.vector(words.get(key)[0], words.get(key)[1]);
                double[] z = new double[dims];
                for (int i = 0; i < v.indices().length; i++) {
                    for (int d = 0; d < dims; d++) {
                        z[d] += v.values()[i] * V.apply(v.indices()[i], d);
                    }
                }
                double n = 0;
                for (double x : z) { n += x * x; }
                n = Math.sqrt(n);
                if (n == 0) { continue; }
                for (int d = 0; d < dims; d++) { z[d] /= n; }
                proj.put(key, z);
                rows.add(RowFactory.create(key, org.apache.spark.ml.linalg.Vectors.dense(z)));
            }
            Dataset<Row> df = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                    .add("key", org.apache.spark.sql.types.DataTypes.StringType)
                    .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())).cache();
            for (int k : new int[] {7, 10, 14, 20, 30}) {
                for (long seed = 1; seed <= 2; seed++) {
                    org.apache.spark.ml.clustering.KMeansModel m = new org.apache.spark.ml.clustering.KMeans().setK(k).setSeed(seed)
                            .setMaxIter(60).setDistanceMeasure("cosine").fit(df);
                    List<Integer> cl = new ArrayList<>();
                    for (TeddyCup.Message msg : labelled) {
                        double[] z = proj.get(msg.id());
                        cl.add(z == null ? -1 : m.predict(org.apache.spark.ml.linalg.Vectors.dense(z)));
                    }
                    ClusterQuality.Scores s = ClusterQuality.score(labels, cl);
                    System.out.printf(Locale.ROOT, "LSA %d k=%d seed=%d NMI %.3f ARI %.3f purity %.3f%n", dims, k, seed, s.nmi(), s.ari(), s.purity());
                }
            }
        }
    }
}
