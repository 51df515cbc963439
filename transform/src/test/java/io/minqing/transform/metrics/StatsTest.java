package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void wilsonEqualsCommonsMath() {
        WilsonScoreInterval ref = new WilsonScoreInterval();
        for (int n = 1; n <= 60; n++) {
            for (int x = 0; x <= n; x++) {
                ConfidenceInterval ci = ref.createInterval(n, x, 0.95);
                double[] w = Stats.wilson(x, n, Stats.Z95);
                assertEquals(ci.getLowerBound(), w[0], 1e-12, "lower " + x + "/" + n);
                assertEquals(ci.getUpperBound(), w[1], 1e-12, "upper " + x + "/" + n);
            }
        }
        assertNull(Stats.wilson(0, 0, Stats.Z95), "no interval without a denominator");
    }

    @Test
    void wilsonByHand() {
        // 8 of 10, z = 1.959964: z² = 3.841459; centre = (0.8 + 3.841459/20) / (1 + 0.3841459) = 0.9920730/1.3841459 = 0.7167409
        // half = 1.959964/1.3841459 · √(0.016 + 3.841459/400) = 1.4160101 · √0.02560365 = 1.4160101 · 0.1600114 = 0.2265777
        double[] w = Stats.wilson(8, 10, Stats.Z95);
        assertEquals(0.7167409 - 0.2265777, w[0], 1.5e-6);
        assertEquals(0.7167409 + 0.2265777, w[1], 1.5e-6);
    }

    @Test
    void quantileType7ByHand() {
        double[] x = {1, 2, 4, 10};
        // median: h = 3·0.5 = 1.5 → 2 + 0.5·(4 − 2) = 3; p90: h = 2.7 → 4 + 0.7·(10 − 4) = 8.2 (R quantile(c(1,2,4,10), .9) = 8.2)
        assertEquals(3.0, Stats.quantile7(x, 4, 0.5), 1e-12);
        assertEquals(8.2, Stats.quantile7(x, 4, 0.9), 1e-12);
        assertEquals(7.0, Stats.quantile7(new double[] {7}, 1, 0.9), 0.0, "one value is every quantile");
        assertNull(Stats.quantile7(new double[0], 0, 0.5));
    }

    /** R: survfit(Surv(time, status) ~ x, data = aml) → Maintained median 31, Nonmaintained median 23. */
    @Test
    void kaplanMeierReproducesRSurvivalOnAml() {
        double[] mt = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161};
        boolean[] me = {true, true, false, true, true, false, true, true, false, true, false};
        KaplanMeier maintained = KaplanMeier.of(mt, me);
        assertEquals(31.0, maintained.quantile(0.5));
        // S(31) = 10/11 · 9/10 · 7/8 · 6/7 · 4/5 = 15120/30800 = 0.490909 (R prints 0.491)
        assertEquals(15120.0 / 30800, maintained.survival(31), 1e-12);
        assertEquals(15120.0 / 30800, maintained.survival(33.9), 1e-12, "flat until the next event");
        // S(13) = 10/11 · 9/10 = 0.818182: the censored 13+ is still at risk at 13
        assertEquals(9.0 / 11, maintained.survival(13), 1e-12);
        // P90 needs S ≤ 0.1; after 48: S = 0.4909 · 3/4 · 1/2 = 0.184091 → never reached → null
        assertNull(maintained.quantile(0.9));

        double[] nt = {5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45};
        boolean[] ne = {true, true, true, true, true, false, true, true, true, true, true, true};
        KaplanMeier non = KaplanMeier.of(nt, ne);
        assertEquals(23.0, non.quantile(0.5));
        // S(23) = 10/12 · 8/10 · 7/8 · 5/6 = 2800/5760 = 0.486111 (R: 0.486)
        assertEquals(2800.0 / 5760, non.survival(23), 1e-12);
        // at risk at 16: 12 − 5 = 7; events by 16: 5; censored by 16: 1
        assertEquals(7, non.atRisk(16));
        assertEquals(5, non.eventsBy(16));
        assertEquals(1, non.censoredBy(16));
        // S falls: 27 → .486·4/5 = .388889, 30 → .291667, 33 → .194444, 43 → .097222 ≤ 0.1 → P90 = 43
        assertEquals(43.0, non.quantile(0.9));
    }

    @Test
    void kaplanMeierMedianOnAFlatHalfIsTheMidpointLikeR() {
        // survfit(Surv(1:4) ~ 1): S(2) = 0.5 exactly, median = (2 + 3) / 2 = 2.5
        KaplanMeier km = KaplanMeier.of(new double[] {1, 2, 3, 4}, new boolean[] {true, true, true, true});
        assertEquals(2.5, km.quantile(0.5));
        // with every case open, S stays 1 and there is no median
        assertNull(KaplanMeier.of(new double[] {5, 6}, new boolean[] {false, false}).quantile(0.5));
    }

    @Test
    void exactBinomialFunnelLimitByHand() {
        // Spiegelhalter 2005 appendix, n = 10, θ = 0.5, p = 0.975: F(7) = 968/1024, F(8) = 1013/1024 ≥ 0.975 → r = 8,
        // α = (1013/1024 − 0.975)/(45/1024) = 14.6/45 = 0.324444, limit = (8 − 0.324444)/10 = 0.7675556
        assertEquals((8 - 14.6 / 45) / 10, Stats.exactLimit(10, 0.5, 0.975), 1e-12);
        // p = 0.025: F(1) = 11/1024 < 0.025 ≤ F(2) = 56/1024 → r = 2, α = (56 − 25.6)/45 = 0.675556, limit = 0.1324444
        assertEquals((2 - 30.4 / 45) / 10, Stats.exactLimit(10, 0.5, 0.025), 1e-12);
        // for large n the exact limit approaches θ ± z·√(θ(1−θ)/n): n = 10000, θ = 0.8 → 0.8 + 1.959964·0.004 = 0.8078399
        assertEquals(0.8 + Stats.Z95 * 0.004, Stats.exactLimit(10000, 0.8, 0.975), 1.5e-4);
    }

    @Test
    void exactBinomialLimitsAtN20ByHand() {
        // Bin(20, 0.5): P(y = k) = C(20, k)/2²⁰, 2²⁰ = 1048576. C(20, k) for k = 0..20: 1, 20, 190, 1140, 4845, 15504,
        // 38760, 77520, 125970, 167960, 184756, then mirrored. Cumulative counts 2²⁰·F(k): F(0) 1, F(1) 21, F(2) 211,
        // F(3) 1351, F(4) 6196, F(5) 21700, F(6) 60460, F(7) 137980, F(8) 263950, F(9) 431910, F(10) 616666,
        // F(11) 784626, F(12) 910596, F(13) 988116, F(14) 1026876, F(15) 1042380, F(16) 1047225, F(17) 1048365.
        // p = 0.975: p·2²⁰ = 1022361.6; F(13) = 988116 < 1022361.6 ≤ F(14) = 1026876 → r = 14,
        // α = (1026876 − 1022361.6)/(1026876 − 988116) = 4514.4/38760 = 0.1164706, limit = (14 − 0.1164706)/20 = 0.6941765
        assertEquals((14 - 4514.4 / 38760) / 20, Stats.exactLimit(20, 0.5, 0.975), 1e-12);
        assertEquals(0.6941765, Stats.exactLimit(20, 0.5, 0.975), 5e-8);
        // p = 0.025: p·2²⁰ = 26214.4; F(5) = 21700 < 26214.4 ≤ F(6) = 60460 → r = 6,
        // α = (60460 − 26214.4)/(60460 − 21700) = 34245.6/38760 = 0.8835294, limit = (6 − 0.8835294)/20 = 0.2558235
        assertEquals((6 - 34245.6 / 38760) / 20, Stats.exactLimit(20, 0.5, 0.025), 1e-12);
        assertEquals(0.2558235, Stats.exactLimit(20, 0.5, 0.025), 5e-8);
        // p = 0.999: p·2²⁰ = 1047527.424; F(16) = 1047225 < 1047527.424 ≤ F(17) = 1048365 → r = 17,
        // α = (1048365 − 1047527.424)/1140 = 837.576/1140 = 0.7347158, limit = (17 − 0.7347158)/20 = 0.8132642
        assertEquals((17 - 837.576 / 1140) / 20, Stats.exactLimit(20, 0.5, 0.999), 1e-12);
        assertEquals(0.8132642, Stats.exactLimit(20, 0.5, 0.999), 5e-8);
        // p = 0.001: p·2²⁰ = 1048.576; F(2) = 211 < 1048.576 ≤ F(3) = 1351 → r = 3,
        // α = (1351 − 1048.576)/1140 = 302.424/1140 = 0.2652842, limit = (3 − 0.2652842)/20 = 0.1367358
        assertEquals((3 - 302.424 / 1140) / 20, Stats.exactLimit(20, 0.5, 0.001), 1e-12);
        assertEquals(0.1367358, Stats.exactLimit(20, 0.5, 0.001), 5e-8);
        // The interpolation spreads F's jump at r over (r − 1, r], so even for the symmetric θ = 0.5 the limits sit
        // lower than a mirror image would: 0.5 − 0.2558235 = 0.2441765 below, 0.6941765 − 0.5 = 0.1941765 above.
        // A funnel that is not overdispersed hands out exactly these four limits, in the order lo95, hi95, lo998, hi998.
        Stats.Funnel f = new Stats.Funnel(0.5, 0, 0, false, 3);
        double[] l = f.limits(20);
        assertEquals(0.2558235, l[0], 5e-8);
        assertEquals(0.6941765, l[1], 5e-8);
        assertEquals(0.1367358, l[2], 5e-8);
        assertEquals(0.8132642, l[3], 5e-8);
    }

    @Test
    void funnelWithoutOverdispersionUsesExactLimits() {
        // three units at exactly the pooled rate 0.5: z = 0, φ = 0, no overdispersion
        Stats.Funnel f = Stats.funnel(new double[] {5, 10, 20}, new long[] {10, 20, 40});
        assertEquals(0.5, f.target(), 1e-12);
        assertEquals(0.0, f.phi(), 1e-12);
        assertFalse(f.overdispersed());
        assertEquals((8 - 14.6 / 45) / 10, f.limits(10)[1], 1e-12);
        assertEquals("in_control", f.zone(0.7, 10));
        // 0.8 lies above the interpolated 95% limit 0.7676, but the flag is the exact test on the count (mid-p):
        // binomial(10, 0.5) pmf ×1024 = 1, 10, 45, 120, 210, 252, 210, 120, 45, 10, 1. 8/10: upper mid-p =
        // (10 + 1 + 45/2)/1024 = 33.5/1024 = 0.0327 ≥ 0.025 → not significant; 9/10: (1 + 10/2)/1024 = 0.00586 → high_95;
        // 10/10: (1/2)/1024 = 0.000488 < 0.001 → high_998
        assertEquals("in_control", f.zone(0.8, 10), "above the drawn 95% limit, but two-sided mid-p 0.065");
        assertEquals("high_95", f.zone(0.9, 10));
        assertEquals("high_998", f.zone(1.0, 10));
    }

    @Test
    void eightOfEightAtTheDistrictsNinetyPointSixIsNotSignificant() {
        // 舜耕社区 8/8 解决率 against the district's 0.906: P(X = 8) = 0.906⁸ = e^(8·ln 0.906) = e^(8·(−0.0987163))
        // = e^(−0.789730) = 0.453968; no count lies above 8, so upper mid-p = ½·0.453968 = 0.226984 and
        // lower = 1 − 0.226984 = 0.773016; two-sided mid-p = 0.454 — 8/8 happens 45% of the time at 90.6%
        double[] p = Stats.midP(8, 8, 0.906, 0);
        assertEquals(0.226984, p[1], 1e-6);
        assertEquals(0.773016, p[0], 1e-6);
        Stats.Funnel f = new Stats.Funnel(0.906, 0, 0, false, 15);
        assertEquals("in_control", f.zone(1.0, 8));
        // the interpolated 99.8% limit at n = 8 is below 1, which is why comparing the rate with it flagged 100%
        assertTrue(f.limits(8)[3] < 1.0, "hi998 at n = 8: " + f.limits(8)[3]);
    }

    @Test
    void twentyOfFortyTwoAtNinetyFivePointEightIsSignificantlyLow() {
        // 新庄社区 响应率 20/42 against 0.958: P(X = 20) = C(42,20)·0.958²⁰·0.042²² = 513791607420 · 0.4239456 · 5.146173e-31
        // = 1.120938e-19; P(X = 19) = P(20)·(20/23)·(0.042/0.958) = 1.120938e-19 · 0.0381225 = 4.27334e-21, and the lower
        // terms shrink by about that ratio again, so P(X < 20) ≈ 4.27334e-21 / (1 − 0.04) ≈ 4.44e-21; lower mid-p =
        // 4.44e-21 + ½·1.120938e-19 = 6.05e-20, far below 0.001 → low_998 (two-sided mid-p ≈ 1.2e-19)
        double[] p = Stats.midP(20, 42, 0.958, 0);
        assertEquals(6.05e-20, p[0], 0.01e-20);
        Stats.Funnel f = new Stats.Funnel(0.958, 0, 0, false, 15);
        assertEquals("low_998", f.zone(20.0 / 42, 42));
    }

    @Test
    void midPBetaBinomialAndWeightedCountsByHand() {
        // ρ = 1/3 at θ = 0.5: α + β = 1/ρ − 1 = 2, α = β = 1, a uniform prior, so the beta-binomial on n = 2 is uniform:
        // P(0) = P(1) = P(2) = 1/3; 2/2: upper mid-p = ½·1/3 = 1/6, lower = 1/3 + 1/3 + 1/6 = 5/6
        double[] p = Stats.midP(2, 2, 0.5, 1.0 / 3);
        assertEquals(1.0 / 6, p[1], 1e-12);
        assertEquals(5.0 / 6, p[0], 1e-12);
        // binomial(2, 0.5) = 1/4, 1/2, 1/4: lower mid-p at 1 = 1/4 + 1/4 = 0.5, at 2 = 3/4 + 1/8 = 0.875;
        // a weighted count 1.5 lies half-way: 0.6875 (and upper 1 − 0.6875 = 0.3125)
        double[] w = Stats.midP(1.5, 2, 0.5, 0);
        assertEquals(0.6875, w[0], 1e-12);
        assertEquals(0.3125, w[1], 1e-12);
        // an overdispersed funnel tests with the beta-binomial: θ = 0.5, τ² = 0.25/3 gives ρ = τ²/(θ(1−θ)) = 1/3,
        // so 2/2 has upper mid-p 1/6 (not significant), where the plain binomial gives ½·1/4 = 0.125 (not either)
        Stats.Funnel od = new Stats.Funnel(0.5, 5, 0.25 / 3, true, 10);
        assertEquals("in_control", od.zone(1.0, 2));
        // the district with n = 1000 at 0.9 and τ² = 0.0009 (sd 3 points between communities): 850/1000 is 5 points
        // below; binomially z = −0.05/0.009487 = −5.3 (low_998), but against the between-community spread
        // √(0.00009 + 0.0009) = 0.0315 it is −1.59: not significant
        assertEquals("low_998", new Stats.Funnel(0.9, 0, 0, false, 10).zone(0.85, 1000));
        assertEquals("in_control", new Stats.Funnel(0.9, 3, 0.0009, true, 10).zone(0.85, 1000));
    }

    @Test
    void funnelAdditiveOverdispersionByHand() {
        // 4 units of n = 100 with 20, 40, 60, 80 successes: θ = 200/400 = 0.5, s = √(0.25/100) = 0.05,
        // z = −6, −2, 2, 6; winsorising at 10% of k = 4 cuts ⌊0.4⌋ = 0 values, so φ = (36+4+4+36)/4 = 20.
        // kφ = 80 > χ²(3) 95% = 7.815 → overdispersed. w = 100/0.25 = 400 each: Σw = 1600, Σw² = 640000,
        // τ² = (80 − 3)/(1600 − 640000/1600) = 77/1200 = 0.0641667; at n = 100 the 95% limit is
        // 0.5 + 1.959964·√(0.0025 + 0.0641667) = 0.5 + 1.959964·0.2581989 = 1.006 → clipped to 1; at n = 100 lower: 0.
        Stats.Funnel f = Stats.funnel(new double[] {20, 40, 60, 80}, new long[] {100, 100, 100, 100});
        assertEquals(20.0, f.phi(), 1e-12);
        assertTrue(f.overdispersed());
        assertEquals(77.0 / 1200, f.tau2(), 1e-12);
        assertEquals(1.0, f.limits(100)[1], 0.0);
        // the 99.8% lower limit at n = 1e6: 0.5 − 3.090232·√(0.25e-6 + 0.0641667) = 0.5 − 3.090232·0.2533113 = −0.2828 → 0
        assertEquals(0.0, f.limits(1_000_000)[2], 0.0);
        // a made-up mild case: tau2 feeds the limits exactly: θ ± z·√(θ(1−θ)/n + τ²)
        double se = Math.sqrt(0.25 / 400 + 77.0 / 1200);
        assertEquals(Math.max(0, 0.5 - Stats.Z95 * se), f.limits(400)[0], 1e-12);
    }

    @Test
    void winsorisingPullsInTheExtremes() {
        // k = 10, q = 0.1 → cut = 1: the lowest value becomes the 2nd lowest, the highest the 2nd highest
        double[] z = {-9, -1, 0, 0, 0, 0, 0, 0, 1, 9};
        double[] w = Stats.winsorise(z, 0.1);
        assertEquals(-1, w[0]);
        assertEquals(1, w[9]);
    }

    @Test
    void betaPriorByMethodOfMoments() {
        // units 2/10, 5/10, 8/10: p̄ = 15/30 = 0.5; S = 10·(0.09 + 0 + 0.09) = 1.8; S/(p̄(1−p̄)) = 7.2;
        // N = 30, Σn²/N = 300/30 = 10; ρ = (7.2 − 2)/(30 − 10 − 2) = 5.2/18 = 0.288889; α+β = 1/ρ − 1 = 2.461538;
        // α = β = 1.230769. Shrunk 2/10: (2 + 1.230769)/(10 + 2.461538) = 0.259259.
        double[] p = Stats.betaPrior(new double[] {2, 5, 8}, new long[] {10, 10, 10});
        assertEquals(1.230769, p[0], 1e-6);
        assertEquals(1.230769, p[1], 1e-6);
        assertEquals(0.259259, (2 + p[0]) / (10 + p[0] + p[1]), 1e-6);
        // no spread beyond binomial noise → ρ clamped to 1e-6, prior strength ~1e6: everything at p̄
        double[] flat = Stats.betaPrior(new double[] {5, 5, 5}, new long[] {10, 10, 10});
        assertEquals(0.5, (5 + flat[0]) / (10 + flat[0] + flat[1]), 1e-9);
        assertEquals(1e6 - 1, flat[0] + flat[1], 1e-3);
        assertNull(Stats.betaPrior(new double[] {1, 2}, new long[] {3, 4}), "fewer than 3 units: no prior");
    }

    @Test
    void betaBinomialPmfAndMidPMatchExactArithmeticForEveryK() {
        // reference: the textbook pmf C(n,k)·B(k+α, n−k+β)/B(α, β) = C(n,k)·Π_{i<k}(α+i)·Π_{i<n−k}(β+i) / Π_{i<n}(α+β+i),
        // in BigDecimal at 60 digits from the same double α, β (α + β = 1/ρ − 1, α = θ(α + β)); every k of the pmf, and
        // both mid-p tails at every k (every 7th at n = 2500)
        MathContext mc = new MathContext(60);
        for (int n : new int[] {0, 1, 2, 7, 66, 300, 1031, 2500}) {
            for (double[] tr : new double[][] {{0.5, 1.0 / 3}, {0.906, 0.01}, {0.2, 0.0005}, {0.97, 0.999}, {0.03, 0.2}}) {
                double theta = tr[0];
                double s = 1 / Math.min(0.999, tr[1]) - 1;
                BigDecimal a = new BigDecimal(theta * s);
                BigDecimal b = new BigDecimal((1 - theta) * s);
                BigDecimal[] ref = new BigDecimal[n + 1];
                BigDecimal v = BigDecimal.ONE;
                for (int i = 0; i < n; i++) {
                    v = v.multiply(b.add(BigDecimal.valueOf(i)), mc).divide(a.add(b).add(BigDecimal.valueOf(i)), mc);
                }
                ref[0] = v; // Π(β+i)/Π(α+β+i), then each next term by exact ratios of the same products
                for (int k = 0; k < n; k++) {
                    ref[k + 1] = ref[k].multiply(BigDecimal.valueOf(n - k).multiply(a.add(BigDecimal.valueOf(k))), mc)
                            .divide(BigDecimal.valueOf(k + 1).multiply(b.add(BigDecimal.valueOf(n - k - 1))), mc);
                }
                double[] f = Stats.pmf(n, theta, tr[1]);
                assertEquals(n + 1, f.length);
                String at = "n=" + n + " θ=" + theta + " ρ=" + tr[1];
                for (int k = 0; k <= n; k++) {
                    double want = ref[k].doubleValue();
                    assertEquals(want, f[k], Math.max(1e-12 * want, Double.MIN_NORMAL), at + " k=" + k);
                }
                BigDecimal[] below = new BigDecimal[n + 2];
                below[0] = BigDecimal.ZERO;
                for (int k = 0; k <= n; k++) {
                    below[k + 1] = below[k].add(ref[k], mc);
                }
                BigDecimal[] above = new BigDecimal[n + 2];
                above[n + 1] = BigDecimal.ZERO;
                for (int k = n; k >= 0; k--) {
                    above[k] = above[k + 1].add(ref[k], mc);
                }
                for (int k = 0; k <= n; k += n > 1100 ? 7 : 1) { // each midP is a whole pmf: every 7th k at n = 2500
                    BigDecimal half = ref[k].divide(BigDecimal.valueOf(2), mc);
                    double lo = below[k].add(half, mc).doubleValue();
                    double hi = above[k + 1].add(half, mc).doubleValue();
                    double[] p = Stats.midP(k, n, theta, tr[1]);
                    assertEquals(lo, p[0], Math.max(1e-12 * lo, Double.MIN_NORMAL), at + " lower mid-p at k=" + k);
                    assertEquals(hi, p[1], Math.max(1e-12 * hi, Double.MIN_NORMAL), at + " upper mid-p at k=" + k);
                }
            }
        }
    }
}
