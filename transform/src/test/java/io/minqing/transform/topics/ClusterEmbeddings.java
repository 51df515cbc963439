package io.minqing.transform.topics;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Issue #14 research (test scope, not in the product): do sentence embeddings of the Teddy Cup messages cluster
 * closer to the 7 first-level classes than the TF-IDF term space? Each message's cleaned text (what the topics stage
 * segments: title + description with titles, the description alone without) is embedded by BAAI bge-small-zh-v1.5
 * (quantized ONNX, 512 dimensions, CLS pooling, L2-normalised; langchain4j cuts a text longer than 510 word pieces
 * into 510-piece parts and averages their embeddings weighted by length), optionally truncated to the first N
 * characters first. The vectors are cached under {@code -Ddir} (default /tmp/embed) so every seed reuses them.
 * They are clustered with {@link ClusterExperiments}' k-means (k-means++ starts, best of 3 by total cosine) and its
 * over-cluster/merge step, and scored by {@link ClusterQuality} on the 494 labelled messages, as
 * {@link ClusterExperiments} scores; the shipped term-space fit ({@code over=x5+refine} at k ≤ 7, plain k-means
 * above) runs on the same seeds for paired differences.
 * Compiled only with the Maven profile {@code topics-embed} (its model and onnxruntime are 131 MB of jars). Run:
 * {@code mvn -B -q -pl transform -am -Ptopics-embed,topics-eval verify -DskipTests
 * -Dtopics.main=io.minqing.transform.topics.ClusterEmbeddings -Dtopics.jvm="-Dseeds=10 -Dks=7 -Dtitles=true,false
 * -Dtruncs=0,256,128 -Dvariants=km,over=x5+refine -Dshipped=true"} (also -Dcache=FILE: ClusterExperiments' segmented
 * messages). Results: docs/topics.md, "A third round: sentence embeddings".
 */
public final class ClusterEmbeddings {

    static final int DIMS = 512;

    private ClusterEmbeddings() {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "/work/shared/data/real"));
        Path dir = Path.of(System.getProperty("dir", "/tmp/embed"));
        Files.createDirectories(dir);
        List<ClusterExperiments.Msg> msgs = ClusterExperiments.messages(real, Path.of(System.getProperty("cache", dir.resolve("teddy.tsv").toString())));
        int[] seedList = System.getProperty("seedList") != null
                ? Arrays.stream(System.getProperty("seedList").split(",")).mapToInt(Integer::parseInt).toArray()
                : IntStream.rangeClosed(1, Integer.getInteger("seeds", 10)).toArray();
        int[] ks = Arrays.stream(System.getProperty("ks", "7").split(",")).mapToInt(Integer::parseInt).toArray();
        int[] truncs = Arrays.stream(System.getProperty("truncs", "0").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] variants = System.getProperty("variants", "km,over=x5+refine").split(",");
        String[] titlesOpt = System.getProperty("titles", "true,false").split(",");
        boolean shipped = Boolean.parseBoolean(System.getProperty("shipped", "true"));
        boolean embedOnly = Boolean.getBoolean("embedOnly");
        int threads = Integer.getInteger("threads", 2);
        System.out.printf(Locale.ROOT, "# %d messages, %d labelled, seeds %s, ks %s, truncs %s, variants %s%n", msgs.size(),
                msgs.stream().filter(m -> m.label() != null).count(), Arrays.toString(seedList), Arrays.toString(ks),
                Arrays.toString(truncs), Arrays.toString(variants));
        for (String t : titlesOpt) {
            boolean titles = Boolean.parseBoolean(t);
            Map<Integer, List<Vectorizer.Sparse>> vecs = new LinkedHashMap<>();
            for (int tr : truncs) {
                vecs.put(tr, vectors(msgs, titles, tr, dir));
            }
            if (embedOnly) {
                continue;
            }
            for (int k : ks) {
                int seeds = seedList.length;
                // rows: shipped (term space), then each trunc × variant; columns: NMI as assigned, NMI fit's, ARI, purity, NMI term-reassigned, s
                List<String> names = new ArrayList<>();
                // the shipped fit: over-cluster/merge where it applies (5·k ≤ 35), plain k-means above
                String shippedVariant = 5 * k <= 35 ? "over=x5+refine" : "base";
                if (shipped) {
                    names.add("shipped TF-IDF " + shippedVariant);
                }
                for (int tr : truncs) {
                    for (String v : variants) {
                        names.add("emb" + (tr > 0 ? " trunc " + tr : "") + " " + v);
                    }
                }
                double[][][] res = new double[names.size()][6][seeds];
                java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
                pool.submit(() -> IntStream.range(0, seeds).parallel().forEach(si -> {
                    int seed = seedList[si];
                    int row = 0;
                    if (shipped) {
                        long t0 = System.nanoTime();
                        double[] q = ClusterExperiments.run(msgs, titles, k, seed, shippedVariant);
                        // ClusterExperiments: {NMI fit's, ARI, purity, NMI as assigned}
                        put(res[row++], si, new double[] {q[3], q[0], q[1], q[2], q[3], (System.nanoTime() - t0) / 1e9},
                                titles, k, seed, names.get(0));
                    }
                    for (int tr : truncs) {
                        for (String v : variants) {
                            long t0 = System.nanoTime();
                            double[] q = run(msgs, vecs.get(tr), titles, k, seed, v);
                            q[5] = (System.nanoTime() - t0) / 1e9;
                            put(res[row], si, q, titles, k, seed, names.get(row));
                            row++;
                        }
                    }
                })).get();
                pool.shutdown();
                System.out.printf(Locale.ROOT, "%n| titles | k | variant | seeds | NMI (as assigned) | NMI (fit's) | ARI | purity | ΔNMI ± SE vs shipped | NMI term-space reassigned | s per fit |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|%n");
                for (int r = 0; r < names.size(); r++) {
                    double[][] x = res[r];
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | %s | %.3f ± %.3f | %.1f |%n",
                            titles ? "yes" : "no", k, names.get(r), seeds, ClusterExperiments.mean(x[0]), ClusterExperiments.sd(x[0]),
                            ClusterExperiments.mean(x[1]), ClusterExperiments.sd(x[1]), ClusterExperiments.mean(x[2]), ClusterExperiments.sd(x[2]),
                            ClusterExperiments.mean(x[3]), ClusterExperiments.sd(x[3]),
                            shipped ? ClusterExperiments.delta(x[0], res[0][0]) : "—", ClusterExperiments.mean(x[4]), ClusterExperiments.sd(x[4]),
                            ClusterExperiments.mean(x[5]));
                }
                System.out.println();
            }
        }
    }

    private static void put(double[][] r, int si, double[] q, boolean titles, int k, int seed, String name) {
        for (int i = 0; i < 6; i++) {
            r[i][si] = q[i];
        }
        System.out.printf(Locale.ROOT, "  titles=%s k=%d seed=%d %-36s NMI %.3f (fit's %.3f, term-reassigned %.3f) ARI %.3f purity %.3f  %.1f s%n",
                titles, k, seed, name, q[0], q[1], q[4], q[2], q[3], q[5]);
        System.out.flush();
    }

    /** The text embedded: the cleaned title and description (or the description alone), cut to trunc characters if trunc > 0. */
    static String text(ClusterExperiments.Msg m, boolean titles, int trunc) {
        String s = titles && !m.title().isEmpty() ? m.title() + "。" + m.detail() : m.detail();
        s = s.strip();
        if (trunc > 0 && s.codePointCount(0, s.length()) > trunc) {
            s = s.substring(0, s.offsetByCodePoints(0, trunc));
        }
        return s;
    }

    /**
     * Every message's embedding as a dense "sparse" row (all 512 indices; null for an empty text), from the cache file
     * or computed now (one calling thread; onnxruntime's own intra-op threads) with its cost printed.
     */
    static List<Vectorizer.Sparse> vectors(List<ClusterExperiments.Msg> msgs, boolean titles, int trunc, Path dir) throws IOException {
        Path file = dir.resolve("bge-small-zh-q-" + (titles ? "titles" : "notitles") + "-t" + trunc + ".bin");
        float[][] v = new float[msgs.size()][];
        if (Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                if (n != msgs.size()) {
                    throw new IOException(file + ": " + n + " vectors for " + msgs.size() + " messages");
                }
                for (int i = 0; i < n; i++) {
                    int d = in.readInt();
                    if (d > 0) {
                        v[i] = new float[d];
                        for (int j = 0; j < d; j++) {
                            v[i][j] = in.readFloat();
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  vectors %s: read from %s%n", file.getFileName(), file);
        } else {
            EmbeddingModel model = new BgeSmallZhV15QuantizedEmbeddingModel();
            model.embed("预热"); // load and warm up outside the measured loop
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long chars = 0;
            long tokens = 0;
            int split = 0;
            int maxTokens = 0;
            int n = 0;
            for (int i = 0; i < msgs.size(); i++) {
                String s = text(msgs.get(i), titles, trunc);
                if (s.isBlank()) {
                    continue;
                }
                Response<Embedding> r = model.embed(s);
                v[i] = r.content().vector();
                int tk = r.tokenUsage() == null || r.tokenUsage().inputTokenCount() == null ? 0 : r.tokenUsage().inputTokenCount();
                tokens += tk;
                maxTokens = Math.max(maxTokens, tk);
                split += tk > 510 ? 1 : 0;
                chars += s.codePointCount(0, s.length());
                n++;
                if (n % 2000 == 0) {
                    System.out.printf(Locale.ROOT, "    %d embedded, %.1f ms CPU / message so far%n", n, (os.getProcessCpuTime() - cpu0) / 1e6 / n);
                }
            }
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "  vectors %s: %d texts, %.0f chars and %.0f word pieces on average (max %d; %d over 510, embedded in 510-piece parts), "
                            + "CPU %.1f s (%.2f ms / message), wall %.1f s (%.2f ms / message), load %s, VmHWM %s%n",
                    file.getFileName(), n, (double) chars / n, (double) tokens / n, maxTokens, split, cpu, 1000 * cpu / n, wall, 1000 * wall / n,
                    Files.readString(Path.of("/proc/loadavg")).strip(), vmHwm());
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(v.length);
                for (float[] x : v) {
                    out.writeInt(x == null ? 0 : x.length);
                    for (int j = 0; x != null && j < x.length; j++) {
                        out.writeFloat(x[j]);
                    }
                }
            }
        }
        List<Vectorizer.Sparse> xs = new ArrayList<>(v.length);
        for (float[] x : v) {
            xs.add(x == null ? null : row(x));
        }
        return xs;
    }

    /** An embedding as an L2-normalised row over all its dimensions. */
    static Vectorizer.Sparse row(float[] x) {
        int[] idx = new int[x.length];
        double[] val = new double[x.length];
        double nn = 0;
        for (int j = 0; j < x.length; j++) {
            idx[j] = j;
            val[j] = x[j];
            nn += val[j] * val[j];
        }
        nn = Math.sqrt(nn);
        for (int j = 0; j < x.length && nn > 0; j++) {
            val[j] /= nn;
        }
        return new Vectorizer.Sparse(idx, val);
    }

    static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst()
                    .map(l -> l.replaceAll("\\s+", " ")).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * One fit on the embeddings. Variant: km (best of 3 k-means++ starts by total cosine), or over=xN[+refine]
     * (k-means at N·k, average-link merge to k, Lloyd at k from the merged centres), as {@link ClusterExperiments#run}.
     * Returns {NMI as assigned (nearest embedding centroid of the final clusters), NMI of the fit's clusters, ARI,
     * purity, NMI after reassigning in the TF-IDF term space (as the shipped saved model would), 0}.
     */
    static double[] run(List<ClusterExperiments.Msg> msgs, List<Vectorizer.Sparse> all, boolean titles, int k, int seed, String variant) {
        int starts = 3;
        int over = 0;
        boolean refine = false;
        for (String tok : variant.split("\\+")) {
            String[] kv = tok.split("=");
            switch (kv[0]) {
                case "km" -> { }
                case "starts" -> starts = Integer.parseInt(kv[1]);
                case "over" -> over = kv[1].startsWith("x") ? k * Integer.parseInt(kv[1].substring(1)) : Integer.parseInt(kv[1]);
                case "refine" -> refine = true;
                default -> throw new IllegalArgumentException("unknown variant token " + tok);
            }
        }
        List<Vectorizer.Sparse> xs = new ArrayList<>();
        int[] rowOf = new int[msgs.size()];
        for (int i = 0; i < msgs.size(); i++) {
            rowOf[i] = all.get(i) == null ? -1 : xs.size();
            if (all.get(i) != null) {
                xs.add(all.get(i));
            }
        }
        int[] assign;
        if (over > k) {
            int[] fine = ClusterExperiments.bestKmeans(xs, DIMS, over, seed, starts);
            assign = ClusterExperiments.merge(xs, DIMS, fine, over, k, "avg");
            if (refine) {
                assign = ClusterExperiments.lloyd(xs, ClusterExperiments.centres(xs, DIMS, assign, k), 50);
            }
        } else {
            assign = ClusterExperiments.bestKmeans(xs, DIMS, k, seed, starts);
        }
        double[][] ec = ClusterExperiments.centres(xs, DIMS, assign, k);
        // the term space, to see whether the embedding clusters survive a term-space model's reassignment
        ClusterExperiments.Space sp = ClusterExperiments.space(msgs, titles, "words", 3, 0.3, 8000, false, false);
        int[] termAssign = new int[sp.xs().size()];
        for (int i = 0; i < msgs.size(); i++) {
            Integer r = sp.row().get(msgs.get(i).id());
            if (r != null) {
                termAssign[r] = rowOf[i] < 0 ? 0 : assign[rowOf[i]];
            }
        }
        double[][] tc = ClusterExperiments.centres(sp.xs(), sp.dims(), termAssign, k);
        List<String> labels = new ArrayList<>();
        List<Integer> own = new ArrayList<>();
        List<Integer> re = new ArrayList<>();
        List<Integer> term = new ArrayList<>();
        for (int i = 0; i < msgs.size(); i++) {
            ClusterExperiments.Msg m = msgs.get(i);
            if (m.label() == null) {
                continue;
            }
            labels.add(m.label());
            int r = rowOf[i];
            own.add(r < 0 ? -1 : assign[r]);
            re.add(r < 0 ? -1 : TopicFitter.nearest(xs.get(r), ec));
            Integer tr = sp.row().get(m.id());
            term.add(tr == null ? -1 : TopicFitter.nearest(sp.xs().get(tr), tc));
        }
        ClusterQuality.Scores q = ClusterQuality.score(labels, own);
        return new double[] {ClusterQuality.score(labels, re).nmi(), q.nmi(), q.ari(), q.purity(), ClusterQuality.score(labels, term).nmi(), 0};
    }
}
