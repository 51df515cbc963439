package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fits topic clusters in plain Java (no Spark): spherical k-means on TF-IDF, so both engines fit the same model from
 * the same cases. Input: the segmented cases, in key order (the caller sorts). The vocabulary is the
 * {@code maxTerms} most frequent words with document frequency ≥ minDf and ≤ maxDfShare of the cases (ties by term),
 * plus each word over maxDfShare that at least minDf cases with no other vocabulary word hold (a dominant complaint);
 * vectors are {@link Vectorizer} TF-IDF, L2-normalised. A case is assigned to the centre with the highest cosine (ties
 * to the lower cluster index); a centre is the L2-normalised sum of its members; an emptied cluster keeps its centre.
 * Starts: with a taxonomy, one start from one centre per taxonomy entry (the mean of the cases that hit that entry's
 * seed words most) completed k-means++-style; without, three seeded k-means++ starts at f·k clusters
 * ({@link Params#overCluster()}, 5 by default, when f·k is at most {@link Params#overClusterMax()}, 35) and the one
 * with the highest total cosine wins, its clusters merged to k by average linkage and refined by Lloyd iterations at
 * k (else the three starts run at k directly). Everything is seeded by {@link Params#seed()}, so a fit is reproducible bit for bit.
 */
public final class TopicFitter {

    /** Kept as a parameter for the saved configuration and the eval code; spherical k-means is the one method. */
    public enum Method { KMEANS }

    /**
     * @param lsaDims     0: cluster the TF-IDF vectors; else cluster their {@link Lsa} projection to this many dimensions
     * @param overCluster without a taxonomy start: 1 runs k-means at k; f &gt; 1 runs it at f·k clusters, merges those
     *                    to k by average linkage (mean cosine between their cases) and runs Lloyd iterations at k from
     *                    the merged centres
     * @param overClusterMax the most fine clusters: when f·k exceeds it, k-means runs at k directly (at large k the
     *                    merging was level on the Teddy Cup labels and cost 5–10 times the fit)
     */
    public record Params(Method method, int k, int minDf, double maxDfShare, int maxTerms, int maxIter, long seed, int lsaDims,
                         int overCluster, int overClusterMax) {
        public Params {
            if (k < 2) {
                throw new IllegalArgumentException("k must be at least 2: " + k);
            }
            if (lsaDims < 0) {
                throw new IllegalArgumentException("lsaDims must not be negative: " + lsaDims);
            }
            if (overCluster < 1) {
                throw new IllegalArgumentException("overCluster must be at least 1: " + overCluster);
            }
        }

        public Params(Method method, int k, int minDf, double maxDfShare, int maxTerms, int maxIter, long seed, int lsaDims,
                      int overCluster) {
            this(method, k, minDf, maxDfShare, maxTerms, maxIter, seed, lsaDims, overCluster, DEFAULT_OVER_CLUSTER_MAX);
        }

        public Params(Method method, int k, int minDf, double maxDfShare, int maxTerms, int maxIter, long seed, int lsaDims) {
            this(method, k, minDf, maxDfShare, maxTerms, maxIter, seed, lsaDims, DEFAULT_OVER_CLUSTER);
        }

        public Params(Method method, int k, int minDf, double maxDfShare, int maxTerms, int maxIter, long seed) {
            this(method, k, minDf, maxDfShare, maxTerms, maxIter, seed, 0);
        }

        public Params withLsa(int dims) {
            return new Params(method, k, minDf, maxDfShare, maxTerms, maxIter, seed, dims, overCluster, overClusterMax);
        }

        public Params withSeed(long s) {
            return new Params(method, k, minDf, maxDfShare, maxTerms, maxIter, s, lsaDims, overCluster, overClusterMax);
        }

        public Params withOverCluster(int f) {
            return new Params(method, k, minDf, maxDfShare, maxTerms, maxIter, seed, lsaDims, f, overClusterMax);
        }

        public Params withK(int newK) {
            return new Params(method, newK, minDf, maxDfShare, maxTerms, maxIter, seed, lsaDims, overCluster, overClusterMax);
        }
    }

    /** topics.over-cluster's default (see docs/topics.md, measured on the Teddy Cup labels over 10 seeds). */
    public static final int DEFAULT_OVER_CLUSTER = 5;

    /**
     * topics.over-cluster-max's default: over-clustering applies up to k = 7 (35 fine clusters), where it was measured to
     * help; the automatic k (10 and up) fits as before.
     */
    public static final int DEFAULT_OVER_CLUSTER_MAX = 35;

    /**
     * Fitted clusters: the vocabulary, one centroid per cluster, and each input key's cluster and cosine.
     * {@code seedHits[cluster][entry]}: the cluster's cases with at least one of the entry's seed words;
     * {@code wordHits[cluster][entry][j]}: the cluster's cases with the entry's j-th seed word that is in the vocabulary
     * (what {@link TaxonomyMatch} tests); {@code seeding}: each taxonomy entry's support and whether it seeded a centre;
     * {@code kChoice}: k and how it was set.
     */
    public record Fit(Vectorizer vectorizer, double[][] centroids, Map<String, Integer> clusterOf,
                      Map<String, Double> scoreOf, long documents, int[] sizes, int[][] seedHits, int[][][] wordHits,
                      List<TaxonomyMatch.Support> seeding, KChooser.Choice kChoice) {
    }

    private final Params params;

    public TopicFitter(Params params) {
        this.params = params;
    }

    public Fit fit(List<Doc> docs) {
        return fit(docs, List.of());
    }

    /**
     * @param docs     the cases to fit on, in key order
     * @param seedSets per taxonomy entry its seed words; {@link Fit#seedHits()}[cluster][entry] counts the cluster's
     *                 cases that contain at least one of them
     */
    public Fit fit(List<Doc> docs, List<? extends java.util.Collection<String>> seedSets) {
        return fit(docs, seedSets, List.of());
    }

    /**
     * @param kGrid empty: fit {@link Params#k()} clusters; else choose k among these by {@link KChooser} (no smaller
     *              than the number of taxonomy entries with support, when some candidate allows that) and fit that many
     */
    public Fit fit(List<Doc> docs, List<? extends java.util.Collection<String>> seedSets, List<Integer> kGrid) {
        long n = docs.size();
        Vectorizer vec = vocabulary(docs);
        List<String> keys = new ArrayList<>();
        List<Vectorizer.Sparse> xs = new ArrayList<>();
        for (Doc d : docs) {
            Vectorizer.Sparse s = vec.vector(d.titleWords(), d.descriptionWords());
            if (!s.isEmpty()) {
                keys.add(d.key());
                xs.add(s);
            }
        }
        int[][] seedIdx = seedIndices(vec, seedSets);
        List<TaxonomyMatch.Support> support = TaxonomyMatch.support(xs, seedIdx, seedSets);
        KChooser.Choice choice = kGrid.isEmpty() ? KChooser.Choice.user(params.k())
                : KChooser.choose(xs, vec.size(), params, kGrid, (int) support.stream().filter(TaxonomyMatch.Support::supported).count());
        if (choice.k() != params.k()) {
            return new TopicFitter(params.withK(choice.k())).fitVectors(vec, keys, xs, n, seedIdx, support, choice);
        }
        return fitVectors(vec, keys, xs, n, seedIdx, support, choice);
    }

    private Fit fitVectors(Vectorizer vec, List<String> keys, List<Vectorizer.Sparse> xs, long n, int[][] seedIdx,
                           List<TaxonomyMatch.Support> support, KChooser.Choice choice) {
        if (xs.size() < params.k()) {
            throw new IllegalStateException("only " + xs.size() + " cases have a word of the vocabulary, fewer than k = " + params.k());
        }
        support = TaxonomyMatch.seedable(support, params.k());
        // the space k-means runs in: the TF-IDF vectors, or their LSA projection (the centroids saved in the model are
        // always in term space, the normalised sums of the members' TF-IDF vectors, so assignment needs no projection)
        boolean lsa = params.lsaDims() > 0 && params.lsaDims() < Math.min(vec.size(), xs.size());
        List<Vectorizer.Sparse> space = lsa ? Lsa.project(xs, vec.size(), params.lsaDims(), params.seed()) : xs;
        int dims = lsa ? space.get(0).indices().length : vec.size();
        List<double[]> seeded = seededCentres(xs, space, dims, seedIdx, support);
        int fine = params.k() * params.overCluster();
        int[] best;
        if (seeded.isEmpty() && fine > params.k() && fine <= params.overClusterMax() && fine <= space.size()) {
            // over-cluster, merge the fine clusters by average linkage, then Lloyd at k from the merged centres
            int[] groups = bestOfStarts(space, List.of(), dims, fine, 3);
            int[] merged = mergeAverageLink(space, dims, groups, fine, params.k());
            best = lloyd(space, normalisedSums(space, dims, merged, params.k()));
        } else {
            best = bestOfStarts(space, seeded, dims, params.k(), seeded.isEmpty() ? 3 : 1);
        }
        return centroids(vec, keys, xs, best, n, seedIdx, support, choice);
    }

    /** k-means from {@code starts} k-means++ starts (completing {@code seeded}); the start with the highest total cosine wins. */
    private int[] bestOfStarts(List<Vectorizer.Sparse> space, List<double[]> seeded, int dims, int k, int starts) {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int start = 0; start < starts; start++) {
            List<double[]> init = plusPlus(space, new ArrayList<>(seeded), dims, k, params.seed() + start);
            double[][] c = init.toArray(double[][]::new);
            int[] assign = lloyd(space, c);
            double total = 0;
            for (int i = 0; i < space.size(); i++) {
                total += space.get(i).dot(c[assign[i]]);
            }
            if (total > bestScore) {
                bestScore = total;
                best = assign;
            }
        }
        return best;
    }

    /** Per cluster the sum of its members' vectors (dense, {@code dims} long). */
    private static double[][] sums(List<Vectorizer.Sparse> xs, int dims, int[] assign, int k) {
        double[][] s = new double[k][dims];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int j = 0; j < x.indices().length; j++) {
                s[assign[i]][x.indices()[j]] += x.values()[j];
            }
        }
        return s;
    }

    private static double[][] normalisedSums(List<Vectorizer.Sparse> xs, int dims, int[] assign, int k) {
        double[][] s = sums(xs, dims, assign, k);
        for (double[] row : s) {
            normalise(row);
        }
        return s;
    }

    /**
     * Merges {@code fine} clusters down to {@code k} by average linkage: repeatedly the two clusters whose cases have the
     * highest mean cosine across the pair (the dot product of their vector sums over the product of their sizes) become
     * one; ties go to the lowest pair of indices. Returns each case's merged cluster, numbered 0..k−1 in order of first
     * appearance among the cases.
     */
    static int[] mergeAverageLink(List<Vectorizer.Sparse> xs, int dims, int[] assign, int fine, int k) {
        double[][] s = sums(xs, dims, assign, fine);
        double[][] g = new double[fine][fine];
        for (int a = 0; a < fine; a++) {
            for (int b = a; b < fine; b++) {
                double dot = 0;
                for (int j = 0; j < dims; j++) {
                    dot += s[a][j] * s[b][j];
                }
                g[a][b] = dot;
                g[b][a] = dot;
            }
        }
        double[] n = new double[fine];
        for (int a : assign) {
            n[a]++;
        }
        int[] group = new int[fine];
        int live = 0;
        for (int a = 0; a < fine; a++) {
            group[a] = a;
            live += n[a] > 0 ? 1 : 0;
        }
        while (live > k) {
            int ba = -1;
            int bb = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < fine; a++) {
                for (int b = a + 1; n[a] > 0 && b < fine; b++) {
                    if (n[b] > 0 && g[a][b] / (n[a] * n[b]) > best) {
                        best = g[a][b] / (n[a] * n[b]);
                        ba = a;
                        bb = b;
                    }
                }
            }
            double self = g[ba][ba] + 2 * g[ba][bb] + g[bb][bb];
            for (int x = 0; x < fine; x++) {
                g[ba][x] += g[bb][x];
                g[x][ba] = g[ba][x];
            }
            g[ba][ba] = self;
            n[ba] += n[bb];
            n[bb] = 0;
            for (int a = 0; a < fine; a++) {
                if (group[a] == bb) {
                    group[a] = ba;
                }
            }
            live--;
        }
        int[] number = new int[fine];
        Arrays.fill(number, -1);
        int next = 0;
        int[] out = new int[assign.length];
        for (int i = 0; i < assign.length; i++) {
            int gr = group[assign[i]];
            if (number[gr] < 0) {
                number[gr] = next++;
            }
            out[i] = number[gr];
        }
        return out;
    }

    /** A case's words, title and description, each once (document frequency counts a word once a case). */
    private static java.util.Set<String> distinctWords(Doc d) {
        java.util.Set<String> words = new java.util.HashSet<>(d.titleWords());
        words.addAll(d.descriptionWords());
        return words;
    }

    Vectorizer vocabulary(List<Doc> docs) {
        long n = docs.size();
        Map<String, Integer> df = new HashMap<>();
        for (Doc d : docs) {
            for (String w : distinctWords(d)) {
                df.merge(w, 1, Integer::sum);
            }
        }
        double max = Math.max(params.minDf(), params.maxDfShare() * n);
        Comparator<Map.Entry<String, Integer>> byDf = Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        List<Map.Entry<String, Integer>> kept = new ArrayList<>(df.entrySet().stream()
                .filter(e -> e.getValue() >= params.minDf() && e.getValue() <= max)
                .sorted(byDf).limit(params.maxTerms()).toList());
        // The share cap drops words common to most complaints (问题, 反映 …), but when one complaint dominates the
        // corpus its own words pass the cap too, and its cases would have no word left: NYC's "Loud Music/Party",
        // 38 % of the samples, all fell to 未归类. So a word over the cap comes back when at least minDf cases would
        // otherwise have no vocabulary word at all and have it.
        java.util.Set<String> inVocabulary = new java.util.HashSet<>();
        kept.forEach(e -> inVocabulary.add(e.getKey()));
        Map<String, Integer> stranded = new HashMap<>();
        for (Doc d : docs) {
            if (d.titleWords().stream().noneMatch(inVocabulary::contains) && d.descriptionWords().stream().noneMatch(inVocabulary::contains)) {
                for (String w : distinctWords(d)) {
                    if (df.get(w) > max) {
                        stranded.merge(w, 1, Integer::sum);
                    }
                }
            }
        }
        stranded.forEach((w, cases) -> {
            if (cases >= params.minDf()) {
                kept.add(Map.entry(w, df.get(w)));
            }
        });
        kept.sort(byDf);
        if (kept.isEmpty()) {
            throw new IllegalStateException("no word occurs in at least " + params.minDf() + " of " + n + " cases");
        }
        List<String> terms = new ArrayList<>();
        double[] idf = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            terms.add(kept.get(i).getKey());
            idf[i] = Vectorizer.idf(n, kept.get(i).getValue());
        }
        return new Vectorizer(terms, idf);
    }

    private static int[][] seedIndices(Vectorizer vec, List<? extends java.util.Collection<String>> seedSets) {
        int[][] seedIdx = new int[seedSets.size()][];
        for (int e = 0; e < seedSets.size(); e++) {
            seedIdx[e] = seedSets.get(e).stream().map(vec::indexOf).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue)
                    .sorted().toArray();
        }
        return seedIdx;
    }

    /**
     * One centre per taxonomy entry chosen to seed ({@link TaxonomyMatch#seedable}: enough support in the corpus, at most
     * k, the best supported first): the normalised mean of the cases whose words hit it most.
     */
    private List<double[]> seededCentres(List<Vectorizer.Sparse> xs, List<Vectorizer.Sparse> space, int dims, int[][] seedIdx,
                                         List<TaxonomyMatch.Support> support) {
        double[][] sums = new double[seedIdx.length][dims];
        int[] members = new int[seedIdx.length];
        for (int i = 0; i < xs.size(); i++) {
            int best = TaxonomyMatch.bestEntry(xs.get(i), seedIdx);
            if (best >= 0) {
                members[best]++;
                Vectorizer.Sparse z = space.get(i);
                for (int j = 0; j < z.indices().length; j++) {
                    sums[best][z.indices()[j]] += z.values()[j];
                }
            }
        }
        List<double[]> centres = new ArrayList<>();
        for (int e = 0; e < sums.length && centres.size() < params.k(); e++) {
            if (members[e] > 0 && support.get(e).seeded()) {
                normalise(sums[e]);
                centres.add(sums[e]);
            }
        }
        return centres;
    }

    /** Adds centres k-means++-style (a case far from every centre by cosine is likely picked) until there are k. */
    static List<double[]> plusPlus(List<Vectorizer.Sparse> xs, List<double[]> centres, int dims, int k, long seed) {
        Random rnd = new Random(seed);
        if (centres.isEmpty()) {
            centres.add(dense(xs.get(rnd.nextInt(xs.size())), dims));
        }
        double[] nearest = new double[xs.size()];
        Arrays.fill(nearest, Double.NEGATIVE_INFINITY);
        int done = 0;
        double[] far = new double[xs.size()];
        while (centres.size() < k) {
            // each case's distance on every core (each depends on that case only), then their total in case order
            int from = done;
            java.util.stream.IntStream.range(0, xs.size()).parallel().forEach(i -> {
                for (int c = from; c < centres.size(); c++) {
                    nearest[i] = Math.max(nearest[i], xs.get(i).dot(centres.get(c)));
                }
                double best = Math.max(0, nearest[i]);
                far[i] = (1 - best) * (1 - best);
            });
            double total = 0;
            for (int i = 0; i < xs.size(); i++) {
                total += far[i];
            }
            done = centres.size();
            double pick = rnd.nextDouble() * total;
            int chosen = 0;
            for (double acc = far[0]; acc < pick && chosen < xs.size() - 1; acc += far[++chosen]) {
                // walk to the chosen case
            }
            centres.add(dense(xs.get(chosen), dims));
        }
        return centres;
    }

    private static double[] dense(Vectorizer.Sparse x, int dims) {
        double[] d = new double[dims];
        for (int j = 0; j < x.indices().length; j++) {
            d[x.indices()[j]] = x.values()[j];
        }
        return d;
    }

    /** Lloyd iterations on the sphere; {@code c} is updated in place. Returns each case's cluster. */
    private int[] lloyd(List<Vectorizer.Sparse> xs, double[][] c) {
        int k = c.length;
        int[] assign = new int[xs.size()];
        Arrays.fill(assign, -1);
        int[] next = new int[xs.size()];
        for (int iter = 0; iter < params.maxIter(); iter++) {
            boolean changed = false;
            double[][] centres = c;
            // each case's nearest centre on every core (each depends on that case and the centres only)
            java.util.stream.IntStream.range(0, xs.size()).parallel().forEach(i -> next[i] = nearest(xs.get(i), centres));
            for (int i = 0; i < xs.size(); i++) {
                if (next[i] != assign[i]) {
                    assign[i] = next[i];
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[k][c[0].length];
            int[] counts = new int[k];
            for (int i = 0; i < xs.size(); i++) {
                Vectorizer.Sparse x = xs.get(i);
                counts[assign[i]]++;
                for (int j = 0; j < x.indices().length; j++) {
                    sums[assign[i]][x.indices()[j]] += x.values()[j];
                }
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] > 0) {
                    normalise(sums[j]);
                    c[j] = sums[j];
                }
            }
        }
        return assign;
    }

    static int nearest(Vectorizer.Sparse x, double[][] c) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c.length; j++) {
            double d = x.dot(c[j]);
            if (d > bestDot) {
                bestDot = d;
                best = j;
            }
        }
        return best;
    }

    private Fit centroids(Vectorizer vec, List<String> keys, List<Vectorizer.Sparse> xs, int[] assign, long n, int[][] seedIdx,
                          List<TaxonomyMatch.Support> support, KChooser.Choice choice) {
        int k = params.k();
        int[] sizes = new int[k];
        int[][] hits = new int[k][seedIdx.length];
        int[][][] wordHits = new int[k][seedIdx.length][];
        for (int[][] row : wordHits) {
            for (int e = 0; e < seedIdx.length; e++) {
                row[e] = new int[seedIdx[e].length];
            }
        }
        double[][] c = new double[k][vec.size()];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse v = xs.get(i);
            int cl = assign[i];
            sizes[cl]++;
            for (int e = 0; e < seedIdx.length; e++) {
                boolean any = false;
                for (int j = 0; j < seedIdx[e].length; j++) {
                    if (Arrays.binarySearch(v.indices(), seedIdx[e][j]) >= 0) {
                        wordHits[cl][e][j]++;
                        any = true;
                    }
                }
                if (any) {
                    hits[cl][e]++;
                }
            }
            for (int j = 0; j < v.indices().length; j++) {
                c[cl][v.indices()[j]] += v.values()[j];
            }
        }
        for (double[] row : c) {
            normalise(row);
        }
        Map<String, Integer> clusterOf = new HashMap<>();
        Map<String, Double> scoreOf = new HashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            clusterOf.put(keys.get(i), assign[i]);
            scoreOf.put(keys.get(i), xs.get(i).dot(c[assign[i]]));
        }
        return new Fit(vec, c, clusterOf, scoreOf, n, sizes, hits, wordHits, support, choice);
    }

    /** The vocabulary this fitter would build from the docs (for the eval code). */
    public Vectorizer vocabularyOf(List<Doc> docs) {
        return vocabulary(docs);
    }

    /** One seeded k-means++ start and its Lloyd iterations on {@code xs} (what {@link KChooser} compares across seeds). */
    int[] cluster(List<Vectorizer.Sparse> xs, int dims) {
        double[][] c = plusPlus(xs, new ArrayList<>(), dims, params.k(), params.seed()).toArray(double[][]::new);
        return lloyd(xs, c);
    }

    /** The docs sorted by key (the order a fit sees them in, whatever order an engine read them in). */
    public static List<Doc> inKeyOrder(List<Doc> docs) {
        List<Doc> out = new ArrayList<>(docs);
        out.sort(Comparator.comparing(Doc::key));
        return out;
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
