package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.List;
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
 *   <li><b>flagged</b> (live, a 每月一题 candidate): a rule holds and the as-of month is elevated, or the month before
 *       was and this month is still at or above expectation;</li>
 *   <li><b>stopped</b>: a rule holds within the window but the last {@code quietMonths} months are not elevated.</li>
 * </ul>
 */
public final class RecurringDetector {

    /** The community name of district-wide rows. */
    public static final String DISTRICT = "全区";

    public record Params(int windowMonths, int minMonths, double monthAlpha, int minCount, double ratio, double cusumH,
                         int quietMonths) {
        public Params {
            if (minMonths > windowMonths) {
                throw new IllegalArgumentException("min months " + minMonths + " > window " + windowMonths);
            }
        }

        public static Params defaults() {
            return new Params(6, 3, 0.05, 3, 1.5, 7.0, 2);
        }
    }

    /**
     * A cell's series over all months of the data (expected may be NaN where no baseline exists). {@code dispersion}
     * φ ≥ 1 scales counts and expectations to a quasi-Poisson (y/φ, e/φ): real complaint counts vary more than
     * Poisson (repeat callers, busy weeks), and φ is estimated from the district's own data (see TopicSeries).
     */
    public record Series(String community, String place, int topicId, long[] counts, double[] expected, double dispersion) {
        public Series(String community, String place, int topicId, long[] counts, double[] expected) {
            this(community, place, topicId, counts, expected, 1.0);
        }
    }

    /** One detector row (the mart row without labels and example cases). */
    public record Signal(int asOfIndex, String community, String place, int topicId, String rule, boolean flagged,
                         boolean stopped, Integer stoppedSinceIndex, int windowStart, int monthsElevated,
                         List<Integer> elevatedMonths, long currentCount, double expectedCount, double poissonP,
                         double cusum, int firstMonthIndex) {
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

    public boolean elevated(long y, double e, double phi) {
        return !Double.isNaN(e) && y >= p.minCount() && y >= p.ratio() * e && quasiPoissonUpper(y, e, phi) < p.monthAlpha();
    }

    /** Every as-of month at which a rule holds for this cell. */
    public List<Signal> detect(Series s) {
        int months = s.counts().length;
        boolean[] elev = new boolean[months];
        for (int t = 0; t < months; t++) {
            elev[t] = elevated(s.counts()[t], s.expected()[t], s.dispersion());
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
            if (!recurring && !rising) {
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
            String rule = recurring && rising ? "both" : recurring ? "recurring" : "rising";
            out.add(new Signal(t, s.community(), s.place(), s.topicId(), rule, live, stopped, stopped ? quietStart : null,
                    start, elevated.size(), List.copyOf(elevated), yt, Double.isNaN(et) ? 0 : et,
                    Double.isNaN(et) ? 1 : quasiPoissonUpper(yt, et, s.dispersion()), cusum, first));
        }
        return out;
    }
}
