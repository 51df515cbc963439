package io.minqing.transform.topics;

import io.minqing.contract.Errors;
import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of {@code minqing topics}, parsed once from {@link Settings} (command line &gt; environment &gt;
 * config file &gt; default). Keys (prefix {@code topics.}): k (a whole number, or {@code auto}: chosen by
 * {@link KChooser} among k-candidates), k-candidates, min-df, max-df-share, max-terms, max-iter, seed, lsa-dims,
 * over-cluster, over-cluster-max,
 * fit-max-cases, taxonomy-min-share, refit-min-similarity, window-months, min-months, month-alpha, min-count, ratio,
 * cusum-h, quiet-months, cluster-false-alarms, district-baseline-months, cache-unit.
 */
public record TopicsConfig(Lake lake, boolean refit, Path taxonomyFile, TopicFitter.Params fit, int fitMaxCases,
                           double taxonomyMinShare, double refitMinSimilarity, RecurringDetector.Params detector,
                           int districtBaselineMonths, List<Integer> kCandidates, CacheUnit cacheUnit) {

    /**
     * topics.cache-unit: the staged cases the embedded engine reads, caches and keeps together (docs/topics.md,
     * "Reusing unchanged months"): a month, a calendar year, or (auto, the default) a month when the staged months are
     * large and a year when they are small, where per-month reads and files would cost more than the work they save.
     */
    public enum CacheUnit { AUTO, MONTH, YEAR }

    /** The k grid the criterion chooses from when topics.k is not set (docs/topics.md, "Choosing k"). */
    public static final String DEFAULT_K_CANDIDATES = "10,15,20,25,30,35,40";

    public TopicsConfig {
        kCandidates = List.copyOf(kCandidates);
    }

    /** True when k is chosen by the criterion ({@link KChooser}) rather than set by the user (topics.k / -k). */
    public boolean chooseK() {
        return !kCandidates.isEmpty();
    }

    public static final List<String> KEYS = List.of("topics.");

    public static TopicsConfig from(Settings s, Path lake, boolean refit, Path taxonomyFile) {
        List<Integer> grid = kCandidates(s);
        boolean auto = s.get("topics.k").map(v -> v.strip().equalsIgnoreCase("auto")).orElse(true);
        int k = auto ? grid.get(0) : s.positiveInt("topics.k", grid.get(0));
        if (k < 2) {
            throw Errors.invalidConfig("topics.k", k, "It must be at least 2 (or 'auto').");
        }
        TopicFitter.Params fit = new TopicFitter.Params(TopicFitter.Method.KMEANS, k, s.positiveInt("topics.min-df", 3),
                s.fraction("topics.max-df-share", 0.3), s.positiveInt("topics.max-terms", 8000),
                s.positiveInt("topics.max-iter", 50), s.positiveInt("topics.seed", 20210831), lsaDims(s),
                s.positiveInt("topics.over-cluster", TopicFitter.DEFAULT_OVER_CLUSTER),
                s.positiveInt("topics.over-cluster-max", TopicFitter.DEFAULT_OVER_CLUSTER_MAX));
        int window = s.positiveInt("topics.window-months", 6);
        int minMonths = s.positiveInt("topics.min-months", 3);
        if (minMonths > window) {
            throw Errors.invalidConfig("topics.min-months", minMonths,
                    "It must not exceed topics.window-months (" + window + "): a topic cannot recur in more months than the window holds.");
        }
        RecurringDetector.Params det = new RecurringDetector.Params(window, minMonths, s.fraction("topics.month-alpha", 0.05),
                s.positiveInt("topics.min-count", 3), s.positiveDouble("topics.ratio", 1.5, "times the expected count"),
                s.positiveDouble("topics.cusum-h", 7.0, "log-likelihood units"), s.positiveInt("topics.quiet-months", 2),
                s.positiveDouble("topics.cluster-false-alarms", RecurringDetector.DEFAULT_CLUSTER_FALSE_ALARMS,
                        "expected chance cluster flags a month, district-wide"));
        return new TopicsConfig(new Lake(lake), refit, taxonomyFile, fit, s.positiveInt("topics.fit-max-cases", 200_000),
                s.fraction("topics.taxonomy-min-share", 0.5), s.fraction("topics.refit-min-similarity", 0.5), det,
                s.positiveInt("topics.district-baseline-months", 6), auto ? grid : List.of(), cacheUnit(s));
    }

    static CacheUnit cacheUnit(Settings s) {
        String v = s.string("topics.cache-unit", "auto").strip();
        for (CacheUnit u : CacheUnit.values()) {
            if (u.name().equalsIgnoreCase(v)) {
                return u;
            }
        }
        throw Errors.invalidConfig("topics.cache-unit", v, "It must be auto, month or year.");
    }

    /** topics.k-candidates: comma-separated whole numbers ≥ 2, sorted and deduplicated. */
    static List<Integer> kCandidates(Settings s) {
        String raw = s.string("topics.k-candidates", DEFAULT_K_CANDIDATES);
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String p : raw.split(",")) {
            int v;
            try {
                v = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw Errors.invalidConfig("topics.k-candidates", raw, "It must be whole numbers separated by commas, e.g. "
                        + DEFAULT_K_CANDIDATES + ".");
            }
            if (v < 2) {
                throw Errors.invalidConfig("topics.k-candidates", raw, "Each candidate must be a whole number of at least 2, e.g. "
                        + DEFAULT_K_CANDIDATES + ".");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** topics.lsa-dims: 0 (or "off") clusters the TF-IDF vectors; n clusters their LSA projection to n dimensions. */
    static int lsaDims(Settings s) {
        String v = s.string("topics.lsa-dims", Integer.toString(DEFAULT_LSA_DIMS)).strip();
        if (v.equalsIgnoreCase("off") || v.equals("0")) {
            return 0;
        }
        return s.positiveInt("topics.lsa-dims", DEFAULT_LSA_DIMS);
    }

    /** See docs/topics.md (measured on the Teddy Cup labels over 10 seeds). */
    static final int DEFAULT_LSA_DIMS = 0;

    public static TopicsConfig defaults(Path lake) {
        return from(Settings.empty(), lake, false, null);
    }

    public TopicsConfig withRefit(boolean r) {
        return new TopicsConfig(lake, r, taxonomyFile, fit, fitMaxCases, taxonomyMinShare, refitMinSimilarity, detector,
                districtBaselineMonths, kCandidates, cacheUnit);
    }

    public TopicsConfig withTaxonomy(Path file) {
        return new TopicsConfig(lake, refit, file, fit, fitMaxCases, taxonomyMinShare, refitMinSimilarity, detector,
                districtBaselineMonths, kCandidates, cacheUnit);
    }

    public TopicsConfig withFit(TopicFitter.Params f) {
        return new TopicsConfig(lake, refit, taxonomyFile, f, fitMaxCases, taxonomyMinShare, refitMinSimilarity, detector,
                districtBaselineMonths, kCandidates, cacheUnit);
    }

    /** The same configuration with k set by the user (no criterion). */
    public TopicsConfig withK(int k) {
        return new TopicsConfig(lake, refit, taxonomyFile, fit.withK(k), fitMaxCases, taxonomyMinShare, refitMinSimilarity, detector,
                districtBaselineMonths, List.of(), cacheUnit);
    }

    /** The same configuration with the given cache unit. */
    public TopicsConfig withCacheUnit(CacheUnit u) {
        return new TopicsConfig(lake, refit, taxonomyFile, fit, fitMaxCases, taxonomyMinShare, refitMinSimilarity, detector,
                districtBaselineMonths, kCandidates, u);
    }

    public Path modelDir() {
        return lake.models().resolve("topics");
    }
}
