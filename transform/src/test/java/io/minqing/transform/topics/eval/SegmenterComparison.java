package io.minqing.transform.topics.eval;

import io.minqing.contract.spark.Sessions;
import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.HanlpSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.TextPrep;
import io.minqing.transform.topics.TopicFitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The evidence for the segmenter and clustering choice (docs/topics.md): on the 494 labelled Teddy Cup messages,
 * (1) which complaint words each segmenter keeps whole out of the box, (2) segmentation speed, (3) NMI/ARI/purity
 * of the same TF-IDF + k-means pipeline with each segmenter, (4) k-means vs bisecting k-means vs LDA.
 * Run: {@code mvn -B -q -pl transform -am -Ptopics-eval verify -DskipTests -Dtopics.main=io.minqing.transform.topics.eval.SegmenterComparison}
 */
public final class SegmenterComparison {

    /** Sentences in the style of 民情件 with the complaint word each should keep whole. */
    static final String[][] WORDS = {
            {"小区电动车充电桩不够用，居民私拉电线充电存在安全隐患", "充电桩"},
            {"楼道里有人飞线给电瓶车充电", "飞线"},
            {"三楼住户在楼顶违建一间房", "违建"},
            {"居民私拉电线给电动车充电", "私拉"},
            {"一楼住户乱搭乱建占用公共绿地", "乱搭乱建"},
            {"电动车停在楼道堵塞消防通道", "楼道"},
            {"广场舞音响声音太大噪音扰民", "扰民"},
            {"垃圾清运不及时，垃圾桶满了没人管", "垃圾桶"},
            {"化粪池堵塞污水外溢", "化粪池"},
            {"冬天暖气不热供暖不达标", "暖气"},
            {"物业费年年涨服务没提高", "物业费"},
            {"夏天蚊虫多希望消杀", "蚊虫"},
            {"独居老人需要上门服务", "独居老人"},
            {"隔离期间请网格员帮忙代购生活物资", "代购"},
            {"流浪狗在小区里乱窜咬人", "流浪狗"},
            {"路灯坏了晚上出行不安全", "路灯"},
    };

    private SegmenterComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "../shared/data/real"));
        List<TeddyCup.Message> msgs = TeddyCup.labelled(real);
        System.out.printf(Locale.ROOT, "Teddy Cup sample/附件2: %d labelled messages%n%n", msgs.size());
        OtherSegmenters.Smartcn smart = new OtherSegmenters.Smartcn();
        OtherSegmenters.Jieba jieba = new OtherSegmenters.Jieba();
        OtherSegmenters.HanlpPlain hanPlain = new OtherSegmenters.HanlpPlain();
        // (1) out of the box, before HanLP's domain dictionary is loaded (it is global to the JVM)
        System.out.println("| complaint word | smartcn | jieba | HanLP |");
        System.out.println("|---|---|---|---|");
        int[] kept = new int[3];
        for (String[] w : WORDS) {
            List<List<String>> segs = List.of(smart.raw(w[0]), jieba.raw(w[0]), hanPlain.raw(w[0]));
            StringBuilder sb = new StringBuilder("| " + w[1]);
            for (int i = 0; i < 3; i++) {
                boolean ok = segs.get(i).contains(w[1]);
                kept[i] += ok ? 1 : 0;
                sb.append(" | ").append(ok ? "kept" : String.join("/", around(segs.get(i), w[1])));
            }
            System.out.println(sb.append(" |"));
        }
        System.out.printf(Locale.ROOT, "| **kept whole** | %d/%d | %d/%d | %d/%d |%n%n", kept[0], WORDS.length, kept[1],
                WORDS.length, kept[2], WORDS.length);

        List<Segmenter> segmenters = List.of(smart, jieba, hanPlain, new HanlpSegmenter());
        SparkSession spark = Sessions.getOrCreate("topics-eval", "local[2]");
        spark.sparkContext().setLogLevel("WARN");
        TextPrep prep = new TextPrep();
        System.out.println("| segmenter | messages/s | chars/s | NMI | ARI | purity | vocabulary |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Segmenter s : segmenters) {
            // warm up, then time
            for (int i = 0; i < 50; i++) {
                s.words(msgs.get(i).detail());
            }
            long chars = 0;
            long t0 = System.nanoTime();
            List<Row> rows = new ArrayList<>();
            for (TeddyCup.Message m : msgs) {
                String title = prep.clean(m.subject(), null, null);
                String desc = prep.clean(m.detail(), null, null);
                chars += m.subject().length() + m.detail().length();
                rows.add(RowFactory.create(m.id(), s.words(title), s.words(desc)));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Dataset<Row> words = spark.createDataFrame(rows, schema());
            double[] q = quality(words, msgs, new TopicFitter.Params(TopicFitter.Method.KMEANS, 7, 2, 0.5, 5000, 50, 1L));
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.3f | %.3f | %.3f | %d |%n", s.name(), msgs.size() / secs,
                    chars / secs, q[0], q[1], q[2], (int) q[3]);
        }
        System.out.println();

        // (4) clustering methods with the chosen segmenter
        Segmenter han = new HanlpSegmenter();
        List<Row> rows = new ArrayList<>();
        for (TeddyCup.Message m : msgs) {
            rows.add(RowFactory.create(m.id(), han.words(prep.clean(m.subject(), null, null)),
                    han.words(prep.clean(m.detail(), null, null))));
        }
        Dataset<Row> words = spark.createDataFrame(rows, schema()).cache();
        System.out.println("| method | k | NMI | ARI | purity | fit s |");
        System.out.println("|---|---|---|---|---|---|");
        for (TopicFitter.Method method : TopicFitter.Method.values()) {
            for (int k : new int[] {7, 10, 14}) {
                long t0 = System.nanoTime();
                double[] q = quality(words, msgs, new TopicFitter.Params(method, k, 2, 0.5, 5000, 50, 1L));
                System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f |%n", method, k, q[0], q[1], q[2],
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        spark.stop();
    }

    /** Rows of (key, title_words, description_words) as docs in key order (the fit is plain Java, no Spark). */
    static List<io.minqing.transform.topics.Doc> docs(Dataset<Row> words) {
        return io.minqing.transform.topics.TopicFitter.inKeyOrder(words.collectAsList().stream()
                .map(r -> new io.minqing.transform.topics.Doc(r.getString(0), "", r.getString(0), "", null, "", r.getList(1), r.getList(2), ""))
                .toList());
    }

    static StructType schema() {
        return new StructType().add("key", DataTypes.StringType)
                .add("title_words", DataTypes.createArrayType(DataTypes.StringType))
                .add("description_words", DataTypes.createArrayType(DataTypes.StringType));
    }

    /** NMI, ARI, purity (mean of seeds 1..3) and vocabulary size; a message without any known word is its own cluster -1. */
    static double[] quality(Dataset<Row> words, List<TeddyCup.Message> msgs, TopicFitter.Params p) {
        double[] sum = new double[4];
        int seeds = 3;
        for (long seed = 1; seed <= seeds; seed++) {
            TopicFitter.Params ps = new TopicFitter.Params(p.method(), p.k(), p.minDf(), p.maxDfShare(), p.maxTerms(), p.maxIter(), seed);
            TopicFitter.Fit fit = new TopicFitter(ps).fit(docs(words));
            List<String> labels = msgs.stream().map(TeddyCup.Message::label).toList();
            Function<String, Integer> cl = id -> fit.clusterOf().getOrDefault(id, -1);
            List<Integer> clusters = msgs.stream().map(m -> cl.apply(m.id())).toList();
            ClusterQuality.Scores s = ClusterQuality.score(labels, clusters);
            sum[0] += s.nmi();
            sum[1] += s.ari();
            sum[2] += s.purity();
            sum[3] += fit.vectorizer().size();
        }
        for (int i = 0; i < 4; i++) {
            sum[i] /= seeds;
        }
        return sum;
    }

    private static List<String> around(List<String> seg, String word) {
        List<String> out = new ArrayList<>();
        for (String t : seg) {
            if (word.contains(t) || t.contains(word)) {
                out.add(t);
            }
        }
        return out.isEmpty() ? List.of("—") : out;
    }
}
