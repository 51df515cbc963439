package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * When a taxonomy entry really matches a set of cases — a fitted cluster (to name it) or the corpus (to seed a centre
 * from it). One seed word is not enough: a construction cluster whose cases all say 施工 is not 噪音扰民 just because
 * 施工 is one of that entry's seed words. The test is over several seed words:
 * <ul>
 *   <li><b>breadth</b>: the entry's second most frequent seed word occurs in at least {@link #MIN_SECOND_SHARE} of the
 *       cases (so at least two distinct seed words carry the match); waived only for an entry that lists a single seed
 *       word, where the district said that one word is the topic;</li>
 *   <li><b>naming</b> a cluster: breadth among the cluster's cases, and at least {@code topics.taxonomy-min-share}
 *       (0.5) of them contain some seed word of the entry (the entry with the highest share wins);</li>
 *   <li><b>seeding</b> a centre: the entry is the best-hit entry (most distinct seed words; ties to the earlier entry)
 *       of at least {@link #minSupport} cases, with breadth among those cases. At most k entries seed, the best
 *       supported first; the others are listed as skipped in the model (model.properties).</li>
 * </ul>
 * Thresholds chosen on data, see docs/topics.md ("Taxonomy").
 */
public final class TaxonomyMatch {

    /** Share of the cases the second most frequent seed word must reach (breadth). */
    public static final double MIN_SECOND_SHARE = 0.05;
    /** Share of the cases with text an entry must be the best match of to seed a centre. */
    public static final double MIN_SUPPORT_SHARE = 0.005;
    /** … and at least this many cases. */
    public static final int MIN_SUPPORT_CASES = 5;

    private TaxonomyMatch() {
    }

    /**
     * An entry's support in the corpus: {@code cases} whose best entry it is, whether their seed words are broad
     * enough, whether the entry is supported (both), and whether it seeded a centre in the fit.
     */
    public record Support(int cases, int minCases, boolean broad, boolean seeded) {
        public boolean supported() {
            return cases >= minCases && broad;
        }

        Support seeding(boolean s) {
            return new Support(cases, minCases, broad, s);
        }

        /** Why an entry did not seed, for the model file. */
        public String reason() {
            if (seeded) {
                return "seeded";
            }
            if (cases < minCases) {
                return "support " + cases + " < " + minCases + " cases";
            }
            if (!broad) {
                return "one seed word carries the match";
            }
            return "more supported entries than k";
        }
    }

    /** Breadth: the second most frequent seed word is in at least {@link #MIN_SECOND_SHARE} of {@code cases}. */
    public static boolean broad(int[] wordHits, int cases, int listedSeeds) {
        if (cases <= 0) {
            return false;
        }
        if (listedSeeds <= 1) {
            return true;
        }
        int[] h = wordHits.clone();
        Arrays.sort(h);
        int second = h.length >= 2 ? h[h.length - 2] : 0;
        return second >= MIN_SECOND_SHARE * cases;
    }

    /** The minimum support of an entry in a corpus of {@code n} cases with text. */
    public static int minSupport(long n) {
        return (int) Math.max(MIN_SUPPORT_CASES, Math.ceil(MIN_SUPPORT_SHARE * n));
    }

    /** The entry whose seed words (vocabulary indices, sorted) a case hits most, ties to the earlier entry; -1 if none. */
    static int bestEntry(Vectorizer.Sparse x, int[][] seedIdx) {
        int best = -1;
        int bestHits = 0;
        for (int e = 0; e < seedIdx.length; e++) {
            int hits = 0;
            for (int term : seedIdx[e]) {
                if (Arrays.binarySearch(x.indices(), term) >= 0) {
                    hits++;
                }
            }
            if (hits > bestHits) {
                bestHits = hits;
                best = e;
            }
        }
        return best;
    }

    /** Each entry's support among the vectors (before the fit decides which seed). */
    static List<Support> support(List<Vectorizer.Sparse> xs, int[][] seedIdx, List<? extends Collection<String>> seedSets) {
        int[] cases = new int[seedIdx.length];
        int[][] words = new int[seedIdx.length][];
        for (int e = 0; e < seedIdx.length; e++) {
            words[e] = new int[seedIdx[e].length];
        }
        for (Vectorizer.Sparse x : xs) {
            int e = bestEntry(x, seedIdx);
            if (e < 0) {
                continue;
            }
            cases[e]++;
            for (int j = 0; j < seedIdx[e].length; j++) {
                if (Arrays.binarySearch(x.indices(), seedIdx[e][j]) >= 0) {
                    words[e][j]++;
                }
            }
        }
        int min = minSupport(xs.size());
        List<Support> out = new ArrayList<>();
        for (int e = 0; e < seedIdx.length; e++) {
            out.add(new Support(cases[e], min, broad(words[e], cases[e], seedSets.get(e).size()), false));
        }
        return out;
    }

    /** Marks which supported entries seed a centre: at most k, the most supported first (ties to the earlier entry). */
    static List<Support> seedable(List<Support> support, int k) {
        List<Integer> order = new ArrayList<>();
        for (int e = 0; e < support.size(); e++) {
            if (support.get(e).supported()) {
                order.add(e);
            }
        }
        order.sort(Comparator.comparingInt((Integer e) -> -support.get(e).cases()).thenComparingInt(e -> e));
        boolean[] seed = new boolean[support.size()];
        order.stream().limit(k).forEach(e -> seed[e] = true);
        List<Support> out = new ArrayList<>();
        for (int e = 0; e < support.size(); e++) {
            out.add(support.get(e).seeding(seed[e]));
        }
        return out;
    }

    /**
     * The taxonomy entry that names a cluster, or -1: among the entries with breadth in the cluster, the one whose seed
     * words occur in the largest share of its cases, if that share is at least {@code minShare}.
     */
    public static int nameOf(TopicFitter.Fit fit, int cluster, Taxonomy taxonomy, double minShare) {
        int size = fit.sizes()[cluster];
        if (size == 0) {
            return -1;
        }
        int out = -1;
        double best = 0;
        for (int e = 0; e < taxonomy.entries().size(); e++) {
            double share = (double) fit.seedHits()[cluster][e] / size;
            if (share >= minShare && share > best
                    && broad(fit.wordHits()[cluster][e], size, taxonomy.entries().get(e).seeds().size())) {
                best = share;
                out = e;
            }
        }
        return out;
    }
}
