package io.minqing.transform.topics;

import io.minqing.transform.topics.eval.TeddyCup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Feature, reduction and clustering variants on the Teddy Cup messages, many per seed in one JVM: fitted on all
 * 10,437 messages, scored on the 494 labelled (NMI of the fit's own clusters, and NMI after reassigning every case to
 * the nearest term-space centroid, as the saved model does). Research code (test scope); the winners are then
 * measured through the product path by {@code SeedsEval}.
 * Run: {@code java -cp ... io.minqing.transform.topics.ClusterExperiments} with -Dcache=FILE -Dseeds=10 -Dks=7,30
 * -Dvariants=a,b,... -Dtitles=true,false.
 */
public final class ClusterExperiments {

    record Msg(String id, String label, String title, String detail, List<String> titleWords, List<String> detailWords) {
    }

    private ClusterExperiments() {
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(System.getProperty("minqing.real.data", "/work/shared/data/real"));
        List<Msg> msgs = messages(real, Path.of(System.getProperty("cache", "/tmp/topics-quality/teddy.tsv")));
        int[] seedList = System.getProperty("seedList") != null
                ? Arrays.stream(System.getProperty("seedList").split(",")).mapToInt(Integer::parseInt).toArray()
                : IntStream.rangeClosed(1, Integer.getInteger("seeds", 10)).toArray();
        int seeds = seedList.length;
        int[] ks = Arrays.stream(System.getProperty("ks", "7,30").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] variants = System.getProperty("variants", "base").split(",");
        String[] titlesOpt = System.getProperty("titles", "true").split(",");
        int threads = Integer.getInteger("threads", 2);
        System.out.printf(Locale.ROOT, "# %d messages, %d labelled, seeds %s, ks %s, variants %s%n", msgs.size(),
                msgs.stream().filter(m -> m.label() != null).count(), Arrays.toString(seedList), Arrays.toString(ks), Arrays.toString(variants));
        for (String t : titlesOpt) {
            boolean titles = Boolean.parseBoolean(t);
            for (int k : ks) {
                Map<String, double[][]> res = new java.util.LinkedHashMap<>();
                for (String v : variants) {
                    res.put(v, new double[5][seeds]);
                }
                java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
                pool.submit(() -> IntStream.range(0, seeds).parallel().forEach(si -> {
                    int seed = seedList[si];
                    for (String v : variants) {
                        long t0 = System.nanoTime();
                        double[] q = run(msgs, titles, k, seed, v);
                        double[][] r = res.get(v);
                        for (int i = 0; i < 4; i++) {
                            r[i][si] = q[i];
                        }
                        r[4][si] = (System.nanoTime() - t0) / 1e9;
                        System.out.printf(Locale.ROOT, "  titles=%s k=%d seed=%d %-28s NMI %.3f (reassigned %.3f) ARI %.3f purity %.3f  %.1f s%n",
                                titles, k, seed, v, q[0], q[3], q[1], q[2], r[4][si]);
                    }
                })).get();
                pool.shutdown();
                System.out.printf(Locale.ROOT, "%n| titles | k | variant | NMI | ARI | purity | ΔNMI ± se | NMI reassigned | Δ reassigned ± se | s |%n|---|---|---|---|---|---|---|---|---|---|%n");
                double[][] first = res.get(variants[0]);
                for (String v : variants) {
                    double[][] r = res.get(v);
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | %s | %.3f ± %.3f | %s | %.1f |%n",
                            titles ? "yes" : "no", k, v, mean(r[0]), sd(r[0]), mean(r[1]), sd(r[1]), mean(r[2]), sd(r[2]),
                            delta(r[0], first[0]), mean(r[3]), sd(r[3]), delta(r[3], first[3]), mean(r[4]));
                }
                System.out.println();
            }
        }
    }

    static String delta(double[] a, double[] b) {
        if (a == b) {
            return "—";
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return String.format(Locale.ROOT, "%+.3f ± %.3f", mean(d), sd(d) / Math.sqrt(d.length));
    }

    static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / Math.max(1, x.length - 1));
    }

    // ---- data

    static List<Msg> messages(Path real, Path cache) throws Exception {
        List<Msg> out = new ArrayList<>();
        if (Files.isRegularFile(cache)) {
            for (String line : Files.readAllLines(cache)) {
                String[] f = line.split("\t", -1);
                out.add(new Msg(f[0], f[1].isEmpty() ? null : f[1], f[2], f[3], words(f[4]), words(f[5])));
            }
            return out;
        }
        Segmenter seg = new HanlpSegmenter();
        TextPrep prep = new TextPrep();
        List<String> lines = new ArrayList<>();
        for (TeddyCup.Message m : TeddyCup.labelledAndFull(real)) {
            String t = prep.clean(m.subject(), null, null).replaceAll("\\s+", " ");
            String d = prep.clean(m.detail(), null, null).replaceAll("\\s+", " ");
            Msg x = new Msg(m.id(), m.label(), t, d, seg.words(t), seg.words(d));
            out.add(x);
            lines.add(x.id() + "\t" + (x.label() == null ? "" : x.label()) + "\t" + t + "\t" + d + "\t" + String.join(" ", x.titleWords())
                    + "\t" + String.join(" ", x.detailWords()));
        }
        Files.createDirectories(cache.getParent());
        Files.write(cache, lines);
        return out;
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    /** Chinese character bigrams within runs of Han characters (a run of one character gives that character). */
    static List<String> bigrams(String text) {
        List<String> out = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            if (Character.UnicodeScript.of(cps[i]) != Character.UnicodeScript.HAN) {
                i++;
                continue;
            }
            int j = i;
            while (j < cps.length && Character.UnicodeScript.of(cps[j]) == Character.UnicodeScript.HAN) {
                j++;
            }
            if (j - i == 1) {
                out.add(new String(cps, i, 1));
            }
            for (int a = i; a + 1 < j; a++) {
                out.add("~" + new String(cps, a, 2));
            }
            i = j;
        }
        return out;
    }

    // ---- features (cached per feature set and titles)

    record Space(List<String> keys, List<Vectorizer.Sparse> xs, int dims, Map<String, Integer> row) {
    }

    static final Map<String, Space> SPACES = new ConcurrentHashMap<>();

    /** feats: words | bigrams | both; minDf, maxShare, maxTerms as TopicFitter. */
    static Space space(List<Msg> msgs, boolean titles, String feats, int minDf, double maxShare, int maxTerms, boolean idfPlus) {
        return space(msgs, titles, feats, minDf, maxShare, maxTerms, idfPlus, false);
    }

    /**
     * bm25: instead of (1 + ln tf)·idf, the Okapi BM25 term weight tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen))·idf
     * (k1 = 1.2, b = 0.75, len = the case's vocabulary words with the title counted twice), then L2-normalised.
     */
    static Space space(List<Msg> msgs, boolean titles, String feats, int minDf, double maxShare, int maxTerms, boolean idfPlus,
                       boolean bm25) {
        String key = titles + "|" + feats + "|" + minDf + "|" + maxShare + "|" + maxTerms + "|" + idfPlus + "|" + bm25;
        return SPACES.computeIfAbsent(key, x -> {
            List<Doc> docs = new ArrayList<>();
            for (Msg m : msgs) {
                List<String> t = new ArrayList<>();
                List<String> d = new ArrayList<>();
                if (!feats.equals("bigrams")) {
                    t.addAll(m.titleWords());
                    d.addAll(m.detailWords());
                }
                if (!feats.equals("words")) {
                    t.addAll(bigrams(m.title()));
                    d.addAll(bigrams(m.detail()));
                }
                docs.add(new Doc(m.id(), "", m.id(), "", null, "", titles ? t : List.of(), d, ""));
            }
            docs = TopicFitter.inKeyOrder(docs);
            TopicFitter.Params p = new TopicFitter.Params(TopicFitter.Method.KMEANS, 7, minDf, maxShare, maxTerms, 50, 1);
            Vectorizer vec0 = new TopicFitter(p).vocabulary(docs);
            double[] idf = vec0.idf();
            if (idfPlus) {
                for (int i = 0; i < idf.length; i++) {
                    idf[i] += 1;
                }
            }
            Vectorizer vec = new Vectorizer(vec0.terms(), idf);
            List<String> keys = new ArrayList<>();
            List<Vectorizer.Sparse> xs = new ArrayList<>();
            Map<String, Integer> row = new HashMap<>();
            double avgLen = 0;
            for (Doc d : docs) {
                for (double c : vec.counts(d.titleWords(), d.descriptionWords()).values()) {
                    avgLen += c;
                }
            }
            avgLen /= docs.size();
            for (Doc d : docs) {
                Vectorizer.Sparse s = vec.vector(d.titleWords(), d.descriptionWords());
                if (bm25) {
                    Vectorizer.Sparse c = vec.counts(d.titleWords(), d.descriptionWords());
                    double len = Arrays.stream(c.values()).sum();
                    double[] v = new double[c.values().length];
                    double nn = 0;
                    for (int a = 0; a < v.length; a++) {
                        double tf = c.values()[a];
                        v[a] = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avgLen)) * idf[c.indices()[a]];
                        nn += v[a] * v[a];
                    }
                    nn = Math.sqrt(nn);
                    for (int a = 0; a < v.length && nn > 0; a++) {
                        v[a] /= nn;
                    }
                    s = new Vectorizer.Sparse(c.indices(), v);
                }
                if (!s.isEmpty()) {
                    row.put(d.key(), keys.size());
                    keys.add(d.key());
                    xs.add(s);
                }
            }
            System.out.printf(Locale.ROOT, "  space %s: %d terms, %d docs%n", key, vec.size(), xs.size());
            return new Space(keys, xs, vec.size(), row);
        });
    }

    // ---- one variant

    /**
     * Variant syntax: tokens joined by '+': feature set (words|bigrams|both), df=MIN, share=MAX, terms=N, lsa=D,
     * starts=N, over=K' (over-cluster then merge), link=avg|ward|cent, refine (Lloyd at k after merging).
     */
    static final Map<String, List<Vectorizer.Sparse>> EXPANDED = new ConcurrentHashMap<>();

    static List<Vectorizer.Sparse> expanded(Space sp, double alpha, int m) {
        return EXPANDED.computeIfAbsent(System.identityHashCode(sp) + "|" + alpha + "|" + m,
                x -> ClusterAlternatives.expand(sp.xs(), sp.dims(), m, alpha));
    }

    static double[] run(List<Msg> msgs, boolean titles, int k, int seed, String variant) {
        String feats = "words";
        int minDf = 3;
        double share = 0.3;
        int terms = 8000;
        int lsa = 0;
        int pow = Lsa.POWER_ITERATIONS;
        int starts = 3;
        int over = 0;
        String link = "avg";
        boolean refine = false;
        boolean idfPlus = false;
        int spec = 0;
        boolean specBin = false;
        int specIt = 300;
        boolean nmf = false;
        int nmfIt = 200;
        int ent = 0;
        double entP = 1;
        int entRounds = 1;
        boolean tref = false;
        int specE = 0;
        int cons = 0;
        int consK = 5;
        boolean bm25 = false;
        double exp = 0;
        int expM = 10;
        for (String tok : variant.split("\\+")) {
            String[] kv = tok.split("=");
            switch (kv[0]) {
                case "base", "words" -> { }
                case "bigrams", "both" -> feats = kv[0];
                case "df" -> minDf = Integer.parseInt(kv[1]);
                case "share" -> share = Double.parseDouble(kv[1]);
                case "terms" -> terms = Integer.parseInt(kv[1]);
                case "lsa" -> lsa = Integer.parseInt(kv[1]);
                case "pow" -> pow = Integer.parseInt(kv[1]);
                case "starts" -> starts = Integer.parseInt(kv[1]);
                case "over" -> over = kv[1].startsWith("x") ? k * Integer.parseInt(kv[1].substring(1)) : Integer.parseInt(kv[1]);
                case "link" -> link = kv[1];
                case "refine" -> refine = true;
                case "idfplus" -> idfPlus = true;
                case "spec" -> spec = Integer.parseInt(kv[1]);
                case "specbin" -> specBin = true;
                case "specit" -> specIt = Integer.parseInt(kv[1]);
                case "nmf" -> nmf = true;
                case "nmfit" -> nmfIt = Integer.parseInt(kv[1]);
                case "ent" -> ent = kv[1].startsWith("x") ? k * Integer.parseInt(kv[1].substring(1)) : Integer.parseInt(kv[1]);
                case "entp" -> entP = Double.parseDouble(kv[1]);
                case "entr" -> entRounds = Integer.parseInt(kv[1]);
                case "tref" -> tref = true;
                case "spece" -> specE = Integer.parseInt(kv[1]);
                case "cons" -> cons = Integer.parseInt(kv[1]);
                case "consk" -> consK = Integer.parseInt(kv[1]);
                case "bm25" -> bm25 = true;
                case "exp" -> exp = Double.parseDouble(kv[1]);
                case "expm" -> expM = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown variant token " + tok);
            }
        }
        Space sp = space(msgs, titles, feats, minDf, share, terms, idfPlus, bm25);
        // the term space the saved model assigns in: the TF-IDF rows, or (ent) the rows reweighted by term entropy
        List<Vectorizer.Sparse> termXs = exp > 0 ? expanded(sp, exp, expM) : sp.xs();
        for (int r = 0; r < entRounds && ent > 0; r++) {
            int[] fineA = bestKmeans(termXs, sp.dims(), ent, seed + 100 * r, 1);
            termXs = ClusterAlternatives.reweight(sp.xs(), ClusterAlternatives.entropyWeights(sp.xs(), sp.dims(), fineA, ent, entP));
        }
        List<Vectorizer.Sparse> space = lsa > 0 ? Lsa.project(termXs, sp.dims(), lsa, seed, pow) : termXs;
        int dims = lsa > 0 ? lsa : sp.dims();
        if (cons > 0) {
            space = ClusterAlternatives.coAssociation(space, dims, consK * k, cons, seed);
            dims = consK * k * cons;
        }
        int[] assign;
        if (spec > 0) {
            assign = ClusterAlternatives.spectral(space, dims, k, Math.max(k, specE), spec, specBin, specIt, seed);
        } else if (nmf) {
            assign = ClusterAlternatives.nmf(space, dims, k, nmfIt, starts, seed);
        } else if (over > k) {
            int[] fine = bestKmeans(space, dims, over, seed, starts);
            assign = merge(space, dims, fine, over, k, link);
            if (refine) {
                double[][] c = centres(space, dims, assign, k);
                assign = lloyd(space, c, 50);
            }
        } else {
            assign = bestKmeans(space, dims, k, seed, starts);
        }
        if (tref) {
            assign = lloyd(termXs, centres(termXs, sp.dims(), assign, k), 50);
        }
        // reassign in term space, as the saved model does
        double[][] tc = centres(termXs, sp.dims(), assign, k);
        List<String> labels = new ArrayList<>();
        List<Integer> own = new ArrayList<>();
        List<Integer> re = new ArrayList<>();
        for (Msg m : msgs) {
            if (m.label() == null) {
                continue;
            }
            labels.add(m.label());
            Integer r = sp.row().get(m.id());
            own.add(r == null ? -1 : assign[r]);
            re.add(r == null ? -1 : TopicFitter.nearest(termXs.get(r), tc));
        }
        ClusterQuality.Scores q = ClusterQuality.score(labels, own);
        return new double[] {q.nmi(), q.ari(), q.purity(), ClusterQuality.score(labels, re).nmi()};
    }

    static int[] bestKmeans(List<Vectorizer.Sparse> xs, int dims, int k, long seed, int starts) {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < starts; s++) {
            double[][] c = plusPlus(xs, dims, k, seed + s);
            int[] a = lloyd(xs, c, 50);
            double total = 0;
            for (int i = 0; i < xs.size(); i++) {
                total += xs.get(i).dot(c[a[i]]);
            }
            if (total > bestScore) {
                bestScore = total;
                best = a;
            }
        }
        return best;
    }

    /** The product's k-means++ start ({@link TopicFitter}), as an array. */
    static double[][] plusPlus(List<Vectorizer.Sparse> xs, int dims, int k, long seed) {
        return TopicFitter.plusPlus(xs, new ArrayList<>(), dims, k, seed).toArray(double[][]::new);
    }

    static double[] dense(Vectorizer.Sparse x, int dims) {
        double[] d = new double[dims];
        for (int j = 0; j < x.indices().length; j++) {
            d[x.indices()[j]] = x.values()[j];
        }
        return d;
    }

    static int[] lloyd(List<Vectorizer.Sparse> xs, double[][] c, int maxIter) {
        int k = c.length;
        int[] assign = new int[xs.size()];
        Arrays.fill(assign, -1);
        for (int iter = 0; iter < maxIter; iter++) {
            boolean changed = false;
            for (int i = 0; i < xs.size(); i++) {
                int b = TopicFitter.nearest(xs.get(i), c);
                if (b != assign[i]) {
                    assign[i] = b;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            double[][] nc = centres(xs, c[0].length, assign, k);
            for (int j = 0; j < k; j++) {
                if (norm(nc[j]) > 0) {
                    c[j] = nc[j];
                }
            }
        }
        return assign;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double[][] sums(List<Vectorizer.Sparse> xs, int dims, int[] assign, int k) {
        double[][] s = new double[k][dims];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int j = 0; j < x.indices().length; j++) {
                s[assign[i]][x.indices()[j]] += x.values()[j];
            }
        }
        return s;
    }

    static double[][] centres(List<Vectorizer.Sparse> xs, int dims, int[] assign, int k) {
        double[][] s = sums(xs, dims, assign, k);
        for (double[] r : s) {
            TopicFitter.normalise(r);
        }
        return s;
    }

    /** Agglomerates the k' fine clusters to k: avg (UPGMA on cosine), ward, or cent (cosine of centroids). */
    static int[] merge(List<Vectorizer.Sparse> xs, int dims, int[] fine, int kFine, int k, String link) {
        double[][] s = sums(xs, dims, fine, kFine);
        double[][] g = new double[kFine][kFine];
        for (int a = 0; a < kFine; a++) {
            for (int b = a; b < kFine; b++) {
                g[a][b] = dot(s[a], s[b]);
                g[b][a] = g[a][b];
            }
        }
        double[] n = new double[kFine];
        for (int a : fine) {
            n[a]++;
        }
        if (link.equals("spec")) {
            return ClusterAlternatives.spectralMerge(g, n, fine, k, 1);
        }
        int[] group = new int[kFine];
        boolean[] alive = new boolean[kFine];
        int live = 0;
        for (int i = 0; i < kFine; i++) {
            group[i] = i;
            alive[i] = n[i] > 0;
            live += alive[i] ? 1 : 0;
        }
        while (live > k) {
            int ba = -1;
            int bb = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < kFine; a++) {
                if (!alive[a]) {
                    continue;
                }
                for (int b = a + 1; b < kFine; b++) {
                    if (!alive[b]) {
                        continue;
                    }
                    double v = switch (link) {
                        case "avg" -> g[a][b] / (n[a] * n[b]);
                        case "cent" -> g[a][b] / Math.sqrt(g[a][a] * g[b][b]);
                        case "ward" -> -(n[a] * n[b] / (n[a] + n[b]))
                                * (g[a][a] / (n[a] * n[a]) + g[b][b] / (n[b] * n[b]) - 2 * g[a][b] / (n[a] * n[b]));
                        default -> throw new IllegalArgumentException(link);
                    };
                    if (v > best) {
                        best = v;
                        ba = a;
                        bb = b;
                    }
                }
            }
            double self = g[ba][ba] + 2 * g[ba][bb] + g[bb][bb];
            for (int x = 0; x < kFine; x++) {
                g[ba][x] += g[bb][x];
                g[x][ba] = g[ba][x];
            }
            g[ba][ba] = self;
            n[ba] += n[bb];
            alive[bb] = false;
            for (int i = 0; i < kFine; i++) {
                if (group[i] == bb) {
                    group[i] = ba;
                }
            }
            live--;
        }
        int[] dense = new int[kFine];
        Arrays.fill(dense, -1);
        int next = 0;
        int[] out = new int[fine.length];
        for (int i = 0; i < fine.length; i++) {
            int gr = group[fine[i]];
            if (dense[gr] < 0) {
                dense[gr] = next++;
            }
            out[i] = dense[gr];
        }
        return out;
    }

    static double wardCost(double[] sa, int na, double[] sb, int nb) {
        double d = 0;
        for (int j = 0; j < sa.length; j++) {
            double x = sa[j] / na - sb[j] / nb;
            d += x * x;
        }
        return (double) na * nb / (na + nb) * d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
