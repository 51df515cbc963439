package io.minqing.transform.metrics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.util.FastMath;

/**
 * The small statistics of the metric marts, pure Java (Commons Math for the distributions): Wilson intervals,
 * exact type-7 quantiles, the beta-binomial empirical-Bayes prior, Spiegelhalter's funnel limits and the mid-p test
 * that flags a unit against the funnel's target.
 * Formulas and sources are in docs/metrics.md.
 */
public final class Stats {

    /** z of a two-sided 95% interval, as Commons Math computes it (≈ 1.959964). */
    public static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);
    /** z of a two-sided 99.8% interval (≈ 3.090232). */
    public static final double Z998 = new NormalDistribution().inverseCumulativeProbability(0.999);

    private Stats() {
    }

    /** num / den, or null when den is 0. */
    public static Double rate(double num, long den) {
        return den == 0 ? null : num / den;
    }

    /**
     * Wilson score interval of num successes in den trials at the given z; {@code null} when den = 0. num may be
     * non-integer (the weighted 满意率 numerator). Same formula as Commons Math's {@code WilsonScoreInterval}.
     */
    public static double[] wilson(double num, long den, double z) {
        if (den == 0) {
            return null;
        }
        double n = den;
        double p = num / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * The p-quantile of the first {@code n} values of {@code sorted} (ascending) by linear interpolation between
     * order statistics (R type 7, DuckDB quantile_cont, Spark percentile): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
     * Null when n = 0.
     */
    public static Double quantile7(double[] sorted, int n, double p) {
        if (n == 0) {
            return null;
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A beta prior Beta(alpha, beta) for the rates of k units, fitted by the method of moments of the beta-binomial:
     * p̄ = Σx/Σn, S = Σnᵢ(pᵢ − p̄)², ρ = (S/(p̄(1−p̄)) − (k−1)) / (N − Σnᵢ²/N − (k−1)) clamped to [1e-6, 0.999],
     * alpha + beta = 1/ρ − 1. Null (no shrinkage) when fewer than 3 units have n &gt; 0, p̄ is 0 or 1, or ρ cannot be
     * estimated.
     */
    public static double[] betaPrior(double[] x, long[] n) {
        int k = 0;
        double sx = 0;
        double sn = 0;
        double sn2 = 0;
        for (int i = 0; i < x.length; i++) {
            if (n[i] > 0) {
                k++;
                sx += x[i];
                sn += n[i];
                sn2 += (double) n[i] * n[i];
            }
        }
        if (k < 3) {
            return null;
        }
        double pbar = sx / sn;
        if (pbar <= 0 || pbar >= 1) {
            return null;
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            if (n[i] > 0) {
                double d = x[i] / n[i] - pbar;
                s += n[i] * d * d;
            }
        }
        double denom = sn - sn2 / sn - (k - 1);
        if (denom <= 0) {
            return null;
        }
        double rho = (s / (pbar * (1 - pbar)) - (k - 1)) / denom;
        rho = Math.min(0.999, Math.max(1e-6, rho));
        double m = 1 / rho - 1;
        return new double[] {pbar * m, (1 - pbar) * m};
    }

    /** Funnel limits of one rate in one month (Spiegelhalter 2005). */
    public record Funnel(double target, double phi, double tau2, boolean overdispersed, int units) {

        /** {lo95, hi95, lo998, hi998} at denominator n, clipped to 0–1. */
        public double[] limits(long n) {
            if (overdispersed) {
                double se = Math.sqrt(target * (1 - target) / n + tau2);
                return new double[] {clip(target - Z95 * se), clip(target + Z95 * se),
                        clip(target - Z998 * se), clip(target + Z998 * se)};
            }
            return new double[] {exactLimit(n, target, 0.025), exactLimit(n, target, 0.975),
                    exactLimit(n, target, 0.001), exactLimit(n, target, 0.999)};
        }

        /**
         * high_998, high_95, in_control, low_95 or low_998 for a rate y at denominator n, decided by the exact test on
         * the unit's own count x = y·n against the target ({@link #midP}), not by comparing y with the interpolated
         * limits: two-sided mid-p &lt; 0.05 (one tail &lt; 0.025) is a 95% flag, &lt; 0.002 (one tail &lt; 0.001) a 99.8% one.
         * The count is binomial(n, θ) when the funnel is not overdispersed; with overdispersion it is beta-binomial with
         * the same mean θ and between-unit variance τ² (ρ = τ²/(θ(1−θ))), the random-effects model behind the τ²
         * limits. The limits are still what the chart draws; near a limit the two can disagree (docs/metrics.md).
         */
        public String zone(double y, long n) {
            if (n <= 0 || target <= 0 || target >= 1) {
                return "in_control";
            }
            double[] p = midP(y * n, n, target, overdispersed ? tau2 / (target * (1 - target)) : 0);
            if (p[1] < 0.001) {
                return "high_998";
            }
            if (p[0] < 0.001) {
                return "low_998";
            }
            if (p[1] < 0.025) {
                return "high_95";
            }
            if (p[0] < 0.025) {
                return "low_95";
            }
            return "in_control";
        }
    }

    /**
     * One-sided mid-p values {lower, upper} of x successes in n trials against the rate θ: lower = P(X &lt; x) + ½P(X = x),
     * upper = P(X &gt; x) + ½P(X = x) (they sum to 1; the two-sided mid-p is 2·min). X is binomial(n, θ) when ρ = 0,
     * otherwise beta-binomial with mean θ and intra-class correlation ρ (α + β = 1/ρ − 1, ρ clamped to ≤ 0.999).
     * A non-integer x (the weighted 满意率 numerator) interpolates linearly between the mid-p values of ⌊x⌋ and ⌈x⌉;
     * x within 1e-9 of a whole number is taken as that number. Each tail is summed from its own end (no 1 − F).
     */
    public static double[] midP(double x, long n, double theta, double rho) {
        if (n > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("n too large for the exact test: " + n);
        }
        int m = (int) n;
        double[] f = pmf(m, theta, rho);
        double xr = Math.rint(x);
        double xs = Math.abs(x - xr) < 1e-9 ? xr : Math.max(0, Math.min(m, x));
        int k0 = (int) Math.floor(xs);
        double t = xs - k0;
        double[] a = midPAt(f, k0);
        if (t == 0 || k0 >= m) {
            return a;
        }
        double[] b = midPAt(f, k0 + 1);
        return new double[] {(1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]};
    }

    private static double[] midPAt(double[] f, int k) {
        double lo = 0;
        for (int j = 0; j < k; j++) {
            lo += f[j];
        }
        double hi = 0;
        for (int j = f.length - 1; j > k; j--) {
            hi += f[j];
        }
        return new double[] {lo + 0.5 * f[k], hi + 0.5 * f[k]};
    }

    /**
     * P(X = k), k = 0..n, binomial (ρ = 0) or beta-binomial with mean θ and intra-class correlation ρ.
     *
     * <p>The beta-binomial log pmf is walked from k = 0 by its term ratio, f(k+1)/f(k) = (n−k)(k+α) / ((k+1)(n−k−1+β)),
     * with log f(0) = ln B(α, n+β) − ln B(α, β), and the running sum of the log ratios is compensated (Neumaier), so
     * the error stays near one rounding of each ratio: O(n) logs per pmf. (It used to take ln C(n, k) from Commons
     * Math's sums of logs, O(n²) per pmf: minutes at 10M cases, where a community-month has ~30,000 cases, and no
     * more exact: those sums lose about √k ulps of their partial sums.) StatsTest compares it with exact arithmetic.
     */
    static double[] pmf(int n, double theta, double rho) {
        double[] f = new double[n + 1];
        if (rho <= 0) {
            BinomialDistribution b = new BinomialDistribution(null, n, theta);
            for (int k = 0; k <= n; k++) {
                f[k] = b.probability(k);
            }
            return f;
        }
        double s = 1 / Math.min(0.999, rho) - 1;
        double a = theta * s;
        double b = (1 - theta) * s;
        double sum = Beta.logBeta(a, n + b) - Beta.logBeta(a, b);
        double comp = 0;
        f[0] = Math.exp(sum);
        for (int k = 0; k < n; k++) {
            double t = FastMath.log((n - k) * (k + a)) - FastMath.log((k + 1) * (n - k - 1 + b));
            double u = sum + t;
            comp += Math.abs(sum) >= Math.abs(t) ? (sum - u) + t : (t - u) + sum;
            sum = u;
            f[k + 1] = Math.exp(sum + comp);
        }
        return f;
    }

    /**
     * The funnel of a rate over units with numerators x and denominators n (only n &gt; 0 count). Target θ = Σx/Σn;
     * z-scores winsorised at their 10th/90th percentiles give φ = Σz²/k; overdispersion is warranted when
     * kφ &gt; χ²(k−1) 95th percentile, and then τ² = max(0, (kφ − (k−1)) / (Σw − Σw²/Σw)), w = n/(θ(1−θ)).
     * Null when no unit has n &gt; 0.
     */
    public static Funnel funnel(double[] x, long[] n) {
        int k = 0;
        double sx = 0;
        double sn = 0;
        for (int i = 0; i < x.length; i++) {
            if (n[i] > 0) {
                k++;
                sx += x[i];
                sn += n[i];
            }
        }
        if (k == 0) {
            return null;
        }
        double theta = sx / sn;
        if (theta <= 0 || theta >= 1 || k < 2) {
            return new Funnel(theta, 0, 0, false, k);
        }
        double v = theta * (1 - theta);
        double[] z = new double[k];
        double[] w = new double[k];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (n[i] > 0) {
                z[j] = (x[i] / n[i] - theta) / Math.sqrt(v / n[i]);
                w[j] = n[i] / v;
                j++;
            }
        }
        Dispersion d = dispersion(z, w, 0.1);
        return new Funnel(theta, d.phi(), d.tau2(), d.overdispersed(), k);
    }

    /** The overdispersion of k z-scores: φ, whether it is warranted (kφ &gt; χ²(k−1) 95th percentile) and τ². */
    public record Dispersion(double phi, boolean overdispersed, double tau2) {
    }

    /**
     * Spiegelhalter's overdispersion step on any scale (docs/metrics.md): the z-scores winsorised at their q and 1−q
     * percentiles give φ = Σz²/k; it is warranted when kφ &gt; the 95th percentile of χ²(k−1), and then the
     * DerSimonian–Laird additive between-unit variance τ² = max(0, (kφ − (k−1)) / (Σw − Σw²/Σw)), where wᵢ = 1/sᵢ²
     * are the inverse within-unit variances on the scale of z. τ² = 0 when not warranted. Needs k ≥ 2.
     */
    public static Dispersion dispersion(double[] z, double[] w, double q) {
        int k = z.length;
        double phi = 0;
        for (double zi : winsorise(z, q)) {
            phi += zi * zi;
        }
        phi /= k;
        double crit = new ChiSquaredDistribution(k - 1).inverseCumulativeProbability(0.95);
        boolean over = k * phi > crit;
        double tau2 = 0;
        if (over) {
            double sw = 0;
            double sw2 = 0;
            for (double wi : w) {
                sw += wi;
                sw2 += wi * wi;
            }
            tau2 = Math.max(0, (k * phi - (k - 1)) / (sw - sw2 / sw));
        }
        return new Dispersion(phi, over, tau2);
    }

    /**
     * Values below the q-quantile set to it and above the (1−q)-quantile set to it; the quantiles are the
     * order statistics at ⌊qk⌋ and k−1−⌊qk⌋ (with k = 15, q = 0.1: the lowest and highest value are pulled in).
     */
    static double[] winsorise(double[] z, double q) {
        double[] s = z.clone();
        Arrays.sort(s);
        int cut = (int) Math.floor(q * s.length);
        double lo = s[cut];
        double hi = s[s.length - 1 - cut];
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.min(hi, Math.max(lo, z[i]));
        }
        return out;
    }

    /**
     * Exact binomial control limit with interpolation (Spiegelhalter 2005, appendix): r_p = smallest r with
     * F(r) ≥ p, α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), limit = (r_p − α) / n.
     */
    public static double exactLimit(long n, double theta, double p) {
        if (theta <= 0 || theta >= 1) {
            return theta;
        }
        BinomialDistribution b = new BinomialDistribution(null, (int) n, theta);
        int r = b.inverseCumulativeProbability(p);
        double fr = b.cumulativeProbability(r);
        double fr1 = r == 0 ? 0 : b.cumulativeProbability(r - 1);
        double alpha = fr - fr1 == 0 ? 0 : (fr - p) / (fr - fr1);
        return clip((r - alpha) / n);
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
