package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Flags topics that keep coming back or suddenly rise, one cell at a time. A cell is a topic in a community, in a
 * residential estate (小区) of a community, or in the whole district ({@link #DISTRICT}). Its monthly counts y<sub>t</sub>
 * are compared with expected counts e<sub>t</sub> (built by the caller, see docs/topics.md):
 * <ul>
 *   <li><b>elevated month</b>: y ≥ minCount, y ≥ ratio·e and the (quasi-)Poisson upper tail P(X ≥ y | e) &lt; monthAlpha;</li>
 *   <li><b>recurring</b>: at least m elevated months among the last n (the window ends at the as-of month);</li>
 *   <li><b>rising</b>: a Poisson CUSUM for a doubling of the rate, restarted at the window start,
 *       S = max(0, S + (y·ln 2 − e)/φ), reaches h;</li>
 *   <li><b>cluster</b> (estate cells only): a one-month cluster at one 小区 — y ≥ minCount, y ≥ ratio·e and the
 *       binomial upper tail of y among the estate's n cases that month, at the topic's share elsewhere, is below the
 *       cell's Bonferroni level A / m (m estate × topic cells tested that month, A the expected false cluster flags
 *       a month district-wide that the district accepts); such a month also counts as elevated;</li>
 *   <li><b>flagged</b> (live, a 每月一题 candidate): a rule holds and the as-of month is elevated, or the month before
 *       was and this month is still at or above expectation;</li>
 *   <li><b>stopped</b>: a rule holds within the window but the last {@code quietMonths} months are not elevated.</li>
 * </ul>
 */
public final class RecurringDetector {

    /** The community name of district-wide rows. */
    public static final String DISTRICT = "全区";

    /** The default A: expected false cluster flags a month, district-wide, under the null (docs/topics.md). */
    public static final double DEFAULT_CLUSTER_FALSE_ALARMS = 0.2;

    /**
     * @param clusterFalseAlarms A: the expected number of chance cluster flags a month district-wide the district
     *                           accepts; every estate × topic cell tested in a month gets the level A / m
     */
    public record Params(int windowMonths, int minMonths, double monthAlpha, int minCount, double ratio, double cusumH,
                         int quietMonths, double clusterFalseAlarms) {
        public Params {
            if (minMonths > windowMonths) {
                throw new IllegalArgumentException("min months " + minMonths + " > window " + windowMonths);
            }
        }

        public Params(int windowMonths, int minMonths, double monthAlpha, int minCount, double ratio, double cusumH, int quietMonths) {
            this(windowMonths, minMonths, monthAlpha, minCount, ratio, cusumH, quietMonths, DEFAULT_CLUSTER_FALSE_ALARMS);
        }

        public static Params defaults() {
            return new Params(6, 3, 0.05, 3, 1.5, 7.0, 2, DEFAULT_CLUSTER_FALSE_ALARMS);
        }
    }

    /**
     * A cell's series over all months of the data (expected may be NaN where no baseline exists). {@code dispersion}
     * φ ≥ 1 scales counts and expectations to a quasi-Poisson (y/φ, e/φ): real complaint counts vary more than
     * Poisson (repeat callers, busy weeks), and φ is estimated from the district's own data (see TopicSeries).
     */
    public record Series(String community, String place, int topicId, long[] counts, double[] expected, double dispersion,
                         Cluster cluster) {
        public Series(String community, String place, int topicId, long[] counts, double[] expected) {
            this(community, place, topicId, counts, expected, 1.0, null);
        }

        public Series(String community, String place, int topicId, long[] counts, double[] expected, double dispersion) {
            this(community, place, topicId, counts, expected, dispersion, null);
        }
    }

    /**
     * The one-month cluster test of an estate cell, month by month: {@code total} the estate's cases of all topics,
     * {@code share} the topic's share among the cases of the other communities (with half a case added, so it is never
     * 0), {@code alpha} the Bonferroni level A / m of the month (NaN: not tested).
     */
    public record Cluster(long[] total, double[] share, double[] alpha) {
    }

    /** One detector row (the mart row without labels and example cases). */
    public record Signal(int asOfIndex, String community, String place, int topicId, String rule, boolean flagged,
                         boolean stopped, Integer stoppedSinceIndex, int windowStart, int monthsElevated,
                         List<Integer> elevatedMonths, long currentCount, double expectedCount, double poissonP,
                         double cusum, int firstMonthIndex, Double clusterP, Double clusterAlpha) {
    }

    private final Params p;

    public RecurringDetector(Params p) {
        this.p = p;
    }

    public Params params() {
        return p;
    }

    /** P(X ≥ y) for X ~ Poisson(e); 1 for y ≤ 0; 0 when e = 0 and y &gt; 0. */
    public static double poissonUpper(long y, double e) {
        if (y <= 0) {
            return 1;
        }
        if (!(e > 0)) {
            return 0;
        }
        return Gamma.regularizedGammaP(y, e);
    }

    public boolean elevated(long y, double e) {
        return elevated(y, e, 1.0);
    }

    /** Quasi-Poisson upper tail: the Poisson tail of y/φ with mean e/φ (continuous in y/φ via the incomplete gamma). */
    public static double quasiPoissonUpper(long y, double e, double phi) {
        if (phi <= 1) {
            return poissonUpper(y, e);
        }
        if (y <= 0) {
            return 1;
        }
        if (!(e > 0)) {
            return 0;
        }
        return Gamma.regularizedGammaP(y / phi, e / phi);
    }

    /**
     * P(X ≥ y) for X ~ Binomial(n, q), as the regularised incomplete beta I<sub>q</sub>(y, n − y + 1); with dispersion
     * φ &gt; 1 the quasi-binomial I<sub>q</sub>(y/φ, (n − y)/φ + 1). 1 for y ≤ 0; 0 for y &gt; n.
     */
    public static double binomialUpper(long y, long n, double q, double phi) {
        if (y <= 0) {
            return 1;
        }
        if (y > n || !(q > 0)) {
            return 0;
        }
        if (q >= 1) {
            return 1;
        }
        double f = Math.max(1, phi);
        return Beta.regularizedBeta(q, y / f, (n - y) / f + 1);
    }

    /**
     * The exact chance that the cluster test flags one estate × topic cell under its null (the estate's n cases fall on
     * the topic with probability q each, independently: Binomial(n, q)): P(X ≥ y*), y* the smallest count that passes
     * the test (at least minCount and ratio·n·q, tail below alpha with dispersion φ); 0 when no count up to n passes.
     * Summed over a month's cells this is the expected number of chance cluster flags, at most A by Bonferroni.
     */
    public double clusterChance(long n, double q, double alpha, double phi) {
        long y = Math.max(p.minCount(), (long) Math.ceil(p.ratio() * n * q));
        while (y <= n && !(binomialUpper(y, n, q, phi) < alpha)) {
            y++;
        }
        return y > n ? 0 : binomialUpper(y, n, q, 1);
    }

    /** The cluster test of month t (false when the series has none or the month is not tested). */
    boolean cluster(Series s, int t) {
        Cluster c = s.cluster();
        if (c == null || Double.isNaN(c.alpha()[t])) {
            return false;
        }
        long y = s.counts()[t];
        double e = c.total()[t] * c.share()[t];
        return y >= p.minCount() && y >= p.ratio() * e && binomialUpper(y, c.total()[t], c.share()[t], s.dispersion()) < c.alpha()[t];
    }

    public boolean elevated(long y, double e, double phi) {
        return !Double.isNaN(e) && y >= p.minCount() && y >= p.ratio() * e && quasiPoissonUpper(y, e, phi) < p.monthAlpha();
    }

    /** Every as-of month at which a rule holds for this cell. */
    public List<Signal> detect(Series s) {
        int months = s.counts().length;
        boolean[] elev = new boolean[months];
        boolean[] cluster = new boolean[months];
        for (int t = 0; t < months; t++) {
            cluster[t] = cluster(s, t);
            elev[t] = cluster[t] || elevated(s.counts()[t], s.expected()[t], s.dispersion());
        }
        List<Signal> out = new ArrayList<>();
        for (int t = 0; t < months; t++) {
            int start = Math.max(0, t - p.windowMonths() + 1);
            double cusum = 0;
            List<Integer> elevated = new ArrayList<>();
            for (int u = start; u <= t; u++) {
                double e = s.expected()[u];
                if (!Double.isNaN(e)) {
                    cusum = Math.max(0, cusum + (s.counts()[u] * Math.log(2) - e) / Math.max(1, s.dispersion()));
                }
                if (elev[u]) {
                    elevated.add(u);
                }
            }
            boolean recurring = elevated.size() >= p.minMonths();
            boolean rising = cusum >= p.cusumH();
            if (!recurring && !rising && !cluster[t]) {
                continue;
            }
            double et = s.expected()[t];
            long yt = s.counts()[t];
            boolean live = elev[t] || t - 1 >= start && elev[t - 1] && !Double.isNaN(et) && yt >= et;
            int quietStart = t + 1;
            while (quietStart - 1 >= start && !elev[quietStart - 1]) {
                quietStart--;
            }
            int quiet = t + 1 - quietStart;
            boolean stopped = !live && quiet >= p.quietMonths() && !elevated.isEmpty();
            int first = elevated.isEmpty() ? start : elevated.get(0);
            String rule = recurring && rising ? "both" : recurring ? "recurring" : rising ? "rising" : "cluster";
            Cluster c = s.cluster();
            boolean tested = c != null && !Double.isNaN(c.alpha()[t]);
            out.add(new Signal(t, s.community(), s.place(), s.topicId(), rule, live, stopped, stopped ? quietStart : null,
                    start, elevated.size(), List.copyOf(elevated), yt, Double.isNaN(et) ? 0 : et,
                    Double.isNaN(et) ? 1 : quasiPoissonUpper(yt, et, s.dispersion()), cusum, first,
                    tested ? binomialUpper(yt, c.total()[t], c.share()[t], s.dispersion()) : null, tested ? c.alpha()[t] : null));
        }
        return out;
    }
}
