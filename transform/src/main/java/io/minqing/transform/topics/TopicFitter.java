package io.minqing.transform.topics;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fits topic clusters with Spark MLlib on segmented cases. Input rows: {@code key} (string), {@code title_words},
 * {@code description_words} (array&lt;string&gt;). The vocabulary is the {@code maxTerms} most frequent words with
 * document frequency ≥ minDf and ≤ maxDfShare of the cases; vectors are {@link Vectorizer} TF-IDF.
 * Whatever the method, each cluster's centroid is then the L2-normalised mean of its members' vectors, so a case
 * is assigned later by the highest cosine with a centroid.
 */
public final class TopicFitter {

    public enum Method { KMEANS, BISECTING, LDA }

    public record Params(Method method, int k, int minDf, double maxDfShare, int maxTerms, int maxIter, long seed) {
        public Params {
            if (k < 2) {
                throw new IllegalArgumentException("k must be at least 2: " + k);
            }
        }
    }

    /** Fitted clusters: the vocabulary, one centroid per cluster, and each input key's cluster and cosine. */
    public record Fit(Vectorizer vectorizer, double[][] centroids, Map<String, Integer> clusterOf,
                      Map<String, Double> scoreOf, long documents, int[] sizes, int[][] seedHits) {
    }

    private final Params params;

    public TopicFitter(Params params) {
        this.params = params;
    }

    public Fit fit(Dataset<Row> words) {
        return fit(words, List.of());
    }

    /**
     * @param seedSets per taxonomy entry its seed words; {@link Fit#seedHits()}[cluster][entry] counts the cluster's
     *                 cases that contain at least one of them
     */
    public Fit fit(Dataset<Row> words, List<? extends java.util.Collection<String>> seedSets) {
        Dataset<Row> cached = words.select("key", "title_words", "description_words").cache();
        try {
            long n = cached.count();
            Vectorizer vec = vocabulary(cached, n);
            StructType schema = new StructType()
                    .add("key", DataTypes.StringType, false)
                    .add("features", SQLDataTypes.VectorType(), false);
            boolean counts = params.method() == Method.LDA;
            Dataset<Row> vectors = cached.map((MapFunction<Row, Row>) r -> {
                Vectorizer.Sparse s = counts ? vec.counts(r.getList(1), r.getList(2)) : vec.vector(r.getList(1), r.getList(2));
                return RowFactory.create(r.getString(0), Vectors.sparse(vec.size(), s.indices(), s.values()));
            }, ExpressionEncoder.apply(schema)).filter((org.apache.spark.api.java.function.FilterFunction<Row>)
                    r -> ((Vector) r.get(1)).numNonzeros() > 0).cache();
            List<Row> assigned = params.method() == Method.KMEANS ? seededKMeans(vectors, vec, seedSets) : cluster(vectors);
            vectors.unpersist();
            return centroids(vec, assigned, n, seedSets);
        } finally {
            cached.unpersist();
        }
    }

    Vectorizer vocabulary(Dataset<Row> words, long n) {
        List<Row> df = words
                .select(explode(array_distinct(concat(col("title_words"), col("description_words")))).as("term"))
                .groupBy("term").count()
                .filter(col("count").geq(params.minDf()).and(col("count").leq(Math.max(params.minDf(), params.maxDfShare() * n))))
                .orderBy(col("count").desc(), col("term"))
                .limit(params.maxTerms())
                .collectAsList();
        if (df.isEmpty()) {
            throw new IllegalStateException("no word occurs in at least " + params.minDf() + " of " + n + " cases");
        }
        List<String> terms = new ArrayList<>();
        double[] idf = new double[df.size()];
        for (int i = 0; i < df.size(); i++) {
            terms.add(df.get(i).getString(0));
            idf[i] = Vectorizer.idf(n, df.get(i).getLong(1));
        }
        return new Vectorizer(terms, idf);
    }

    /** Rows of (key, features, cluster). */
    private List<Row> cluster(Dataset<Row> vectors) {
        Dataset<Row> out;
        switch (params.method()) {
            case KMEANS -> {
                KMeansModel m = new KMeans().setK(params.k()).setSeed(params.seed()).setMaxIter(params.maxIter()).setSolver("row")
                        .setDistanceMeasure("cosine").setFeaturesCol("features").setPredictionCol("cluster").fit(vectors);
                out = m.transform(vectors);
            }
            case BISECTING -> {
                BisectingKMeansModel m = new BisectingKMeans().setK(params.k()).setSeed(params.seed())
                        .setMaxIter(params.maxIter()).setDistanceMeasure("cosine").setFeaturesCol("features")
                        .setPredictionCol("cluster").fit(vectors);
                out = m.transform(vectors);
            }
            case LDA -> {
                LDAModel m = new LDA().setK(params.k()).setSeed(params.seed()).setMaxIter(params.maxIter())
                        .setOptimizer("online").setFeaturesCol("features").fit(vectors);
                out = m.transform(vectors).map((MapFunction<Row, Row>) r -> {
                    Vector d = (Vector) r.getAs("topicDistribution");
                    return RowFactory.create(r.getString(0), r.get(1), d.argmax());
                }, ExpressionEncoder.apply(new StructType()
                        .add("key", DataTypes.StringType).add("features", SQLDataTypes.VectorType())
                        .add("cluster", DataTypes.IntegerType)));
            }
            default -> throw new IllegalStateException("unknown method " + params.method());
        }
        return out.select("key", "features", "cluster").orderBy("key").collectAsList();
    }

    /**
     * k-means (Spark MLlib, cosine) started from the taxonomy: one initial centre per taxonomy entry (the mean of the
     * cases whose words hit that entry's seed words most), the remaining centres chosen k-means++-style (a case far
     * from every centre is likely to be picked; seeded, so deterministic). Starting there, the clusters the district
     * named are found reliably instead of depending on a random start. Rows of (key, features, cluster).
     */
    private List<Row> seededKMeans(Dataset<Row> vectors, Vectorizer vec, List<? extends java.util.Collection<String>> seedSets) {
        List<Row> rows = vectors.orderBy("key").collectAsList();
        List<SparseVector> xs = new ArrayList<>(rows.size());
        rows.forEach(r -> xs.add(((Vector) r.get(1)).toSparse()));
        List<double[]> centres = new ArrayList<>();
        int[][] seedIdx = new int[seedSets.size()][];
        for (int e = 0; e < seedSets.size(); e++) {
            seedIdx[e] = seedSets.get(e).stream().map(vec::indexOf).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
        }
        double[][] sums = new double[seedSets.size()][vec.size()];
        int[] members = new int[seedSets.size()];
        for (SparseVector x : xs) {
            int best = -1;
            int bestHits = 0;
            for (int e = 0; e < seedIdx.length; e++) {
                int hits = 0;
                for (int i : seedIdx[e]) {
                    if (java.util.Arrays.binarySearch(x.indices(), i) >= 0) {
                        hits++;
                    }
                }
                if (hits > bestHits) {
                    bestHits = hits;
                    best = e;
                }
            }
            if (best >= 0) {
                members[best]++;
                for (int j = 0; j < x.indices().length; j++) {
                    sums[best][x.indices()[j]] += x.values()[j];
                }
            }
        }
        for (int e = 0; e < sums.length && centres.size() < params.k(); e++) {
            if (members[e] > 0) {
                normalise(sums[e]);
                centres.add(sums[e]);
            }
        }
        List<org.apache.spark.mllib.linalg.Vector> data = xs.stream()
                .map(x -> (org.apache.spark.mllib.linalg.Vector) org.apache.spark.mllib.linalg.Vectors.fromML(x)).toList();
        org.apache.spark.api.java.JavaSparkContext jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                vectors.sparkSession().sparkContext());
        org.apache.spark.api.java.JavaRDD<org.apache.spark.mllib.linalg.Vector> rdd = jsc.parallelize(data, 4).cache();
        // with a taxonomy: one start; without: three k-means++ starts, the lowest cost wins (k-means has local optima)
        int starts = centres.isEmpty() ? 3 : 1;
        org.apache.spark.mllib.clustering.KMeansModel model = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int start = 0; start < starts; start++) {
            List<double[]> init = plusPlus(xs, new ArrayList<>(centres), params.seed() + start);
            org.apache.spark.mllib.clustering.KMeansModel m = new org.apache.spark.mllib.clustering.KMeans().setK(params.k())
                    .setMaxIterations(params.maxIter()).setDistanceMeasure("cosine").setSeed(params.seed())
                    .setInitialModel(new org.apache.spark.mllib.clustering.KMeansModel(init.stream()
                            .map(org.apache.spark.mllib.linalg.Vectors::dense).toArray(org.apache.spark.mllib.linalg.Vector[]::new)))
                    .run(rdd.rdd());
            double cost = starts == 1 ? 0 : m.computeCost(rdd.rdd());
            if (cost < bestCost) {
                bestCost = cost;
                model = m;
            }
        }
        rdd.unpersist(false);
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(RowFactory.create(rows.get(i).getString(0), rows.get(i).get(1), model.predict(data.get(i))));
        }
        return out;
    }

    /** Adds centres k-means++-style (a case far from every centre by cosine is likely picked) until there are k. */
    private List<double[]> plusPlus(List<SparseVector> xs, List<double[]> centres, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        if (centres.isEmpty()) {
            centres.add(xs.get(rnd.nextInt(xs.size())).toArray().clone());
        }
        double[] far = new double[xs.size()];
        while (centres.size() < params.k()) {
            double total = 0;
            for (int i = 0; i < xs.size(); i++) {
                double best = 0;
                for (double[] c : centres) {
                    best = Math.max(best, new Vectorizer.Sparse(xs.get(i).indices(), xs.get(i).values()).dot(c));
                }
                far[i] = (1 - best) * (1 - best);
                total += far[i];
            }
            double pick = rnd.nextDouble() * total;
            int chosen = 0;
            for (double acc = far[0]; acc < pick && chosen < xs.size() - 1; acc += far[++chosen]) {
                // walk to the chosen case
            }
            centres.add(xs.get(chosen).toArray().clone());
        }
        return centres;
    }

    private Fit centroids(Vectorizer vec, List<Row> assigned, long n, List<? extends java.util.Collection<String>> seedSets) {
        int[][] seedIdx = new int[seedSets.size()][];
        for (int e = 0; e < seedSets.size(); e++) {
            seedIdx[e] = seedSets.get(e).stream().map(vec::indexOf).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
        }
        int[] sizes = new int[params.k()];
        int[][] hits = new int[params.k()][seedSets.size()];
        for (Row r : assigned) {
            SparseVector v = ((Vector) r.get(1)).toSparse();
            int cl = r.getInt(2);
            sizes[cl]++;
            for (int e = 0; e < seedIdx.length; e++) {
                for (int idx : seedIdx[e]) {
                    if (java.util.Arrays.binarySearch(v.indices(), idx) >= 0) {
                        hits[cl][e]++;
                        break;
                    }
                }
            }
        }
        int k = params.k();
        double[][] c = new double[k][vec.size()];
        double[] idf = vec.idf();
        if (params.method() == Method.LDA) {
            List<Row> weighted = new ArrayList<>(assigned.size());
            for (Row r : assigned) {
                SparseVector v = ((Vector) r.get(1)).toSparse();
                int[] idx = v.indices().clone();
                double[] val = new double[idx.length];
                for (int j = 0; j < idx.length; j++) {
                    val[j] = (1 + Math.log(v.values()[j])) * idf[idx[j]];
                }
                normalise(val);
                weighted.add(RowFactory.create(r.getString(0), Vectors.sparse(vec.size(), idx, val), r.getInt(2)));
            }
            assigned = weighted;
        }
        for (Row r : assigned) {
            SparseVector v = ((Vector) r.get(1)).toSparse();
            double[] row = c[r.getInt(2)];
            for (int j = 0; j < v.indices().length; j++) {
                row[v.indices()[j]] += v.values()[j];
            }
        }
        for (double[] row : c) {
            normalise(row);
        }
        Map<String, Integer> clusterOf = new HashMap<>();
        Map<String, Double> scoreOf = new HashMap<>();
        for (Row r : assigned) {
            SparseVector v = ((Vector) r.get(1)).toSparse();
            int best = r.getInt(2);
            double dot = new Vectorizer.Sparse(v.indices(), v.values()).dot(c[best]);
            clusterOf.put(r.getString(0), best);
            scoreOf.put(r.getString(0), dot);
        }
        return new Fit(vec, c, clusterOf, scoreOf, n, sizes, hits);
    }

    static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        if (s > 0) {
            double n = Math.sqrt(s);
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s k=%d", params.method(), params.k());
    }
}
