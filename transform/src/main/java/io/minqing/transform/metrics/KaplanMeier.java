package io.minqing.transform.metrics;

import java.util.Arrays;

/**
 * The Kaplan–Meier estimate of time to resolution: S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), where dᵢ
 * cases closed at tᵢ and nᵢ cases were still observed (age ≥ tᵢ; a case censored at tᵢ is at risk at tᵢ).
 * Quantiles follow R {@code survival}: the p-quantile is the smallest event time with S(t) ≤ 1 − p, and when S
 * equals 1 − p exactly on a flat stretch, the midpoint between that event time and the next.
 */
public final class KaplanMeier {

    private final double[] times;   // all ages, ascending
    private final boolean[] events; // aligned with times
    private final int n;
    private final double[] eventTimes; // distinct event times
    private final double[] surv;       // S just after each event time
    private final int steps;

    /**
     * @param times  ages (closed: time to closure; open: time observed), sorted ascending; only the first n are used
     * @param events true where the age is a closure, aligned with times
     */
    public KaplanMeier(double[] times, boolean[] events, int n) {
        this.times = times;
        this.events = events;
        this.n = n;
        double[] et = new double[n];
        double[] sv = new double[n];
        int k = 0;
        double s = 1;
        int atRisk = n;
        int i = 0;
        while (i < n) {
            double t = times[i];
            int d = 0;
            int c = 0;
            while (i < n && times[i] == t) {
                if (events[i]) {
                    d++;
                } else {
                    c++;
                }
                i++;
            }
            if (d > 0) {
                s *= 1 - (double) d / atRisk;
                et[k] = t;
                sv[k] = s;
                k++;
            }
            atRisk -= d + c;
        }
        this.eventTimes = Arrays.copyOf(et, k);
        this.surv = Arrays.copyOf(sv, k);
        this.steps = k;
    }

    /** Convenience for tests: sorts (time, event) pairs first. */
    public static KaplanMeier of(double[] times, boolean[] events) {
        Integer[] idx = new Integer[times.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(times[a], times[b]));
        double[] t = new double[times.length];
        boolean[] e = new boolean[times.length];
        for (int i = 0; i < idx.length; i++) {
            t[i] = times[idx[i]];
            e[i] = events[idx[i]];
        }
        return new KaplanMeier(t, e, t.length);
    }

    /** The p-quantile of the time to closure (p = 0.5: median), or null when S never falls to 1 − p. */
    public Double quantile(double p) {
        double target = 1 - p;
        double tol = Math.sqrt(Math.ulp(1.0));
        for (int k = 0; k < steps; k++) {
            if (Math.abs(surv[k] - target) < tol) {
                return k + 1 < steps ? (eventTimes[k] + eventTimes[k + 1]) / 2 : eventTimes[k];
            }
            if (surv[k] < target) {
                return eventTimes[k];
            }
        }
        return null;
    }

    /** S(t): the estimated share still open t hours after receipt (right-continuous step function). */
    public double survival(double t) {
        int k = Arrays.binarySearch(eventTimes, 0, steps, t);
        int last = k >= 0 ? k : -k - 2;
        return last < 0 ? 1.0 : surv[last];
    }

    /** Number of cases with age ≥ t. */
    public long atRisk(double t) {
        return n - countBelow(t, false);
    }

    /** Closures with time ≤ t. */
    public long eventsBy(double t) {
        long c = 0;
        for (int i = 0; i < n && times[i] <= t; i++) {
            if (events[i]) {
                c++;
            }
        }
        return c;
    }

    /** Censored ages ≤ t. */
    public long censoredBy(double t) {
        long c = 0;
        for (int i = 0; i < n && times[i] <= t; i++) {
            if (!events[i]) {
                c++;
            }
        }
        return c;
    }

    private int countBelow(double t, boolean inclusive) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (inclusive ? times[mid] <= t : times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** events and censored counts by t in one binary search each: {eventsBy, censoredBy}. */
    long[] countsBy(double t, long[] cumEvents) {
        int upto = countBelow(t, true);
        long e = upto == 0 ? 0 : cumEvents[upto - 1];
        return new long[] {e, upto - e};
    }

    /** Cumulative event counts aligned with times, for {@link #countsBy}. */
    long[] cumulativeEvents() {
        long[] c = new long[n];
        long acc = 0;
        for (int i = 0; i < n; i++) {
            if (events[i]) {
                acc++;
            }
            c[i] = acc;
        }
        return c;
    }
}
