package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The funnel against published examples: the normal control limits against PHEindicatormethods' published test
 * output ({@link #reproducesPheIndicatorMethodsProportionLimits}), and the overdispersion step against FunnelPlotR.
 * Source of the latter: the FunnelPlotR package (Chris Mainey, github.com/nhs-r-community/FunnelPlotR),
 * {@code tests/testthat/test-classes_methods.R}: six units with observed 100, 150, 180, 80, 120, 225 and expected
 * 108, 112, 165, 95, 100, 220 events give {@code round(phi(a), 6) == 2.948033}. FunnelPlotR's default there
 * (data_type "SR", sr_method "SHMI", {@code R/od_adjustment.R}) takes z = √E·ln(O/E) on the log scale, within-unit
 * s = 1/√E, trims 10% at each end (with 6 units nothing is trimmed: a unit is dropped only in the outer tenth of
 * ranks) and φ = Σz²/k ({@code phi_func}). We feed the same z-scores and weights 1/s² = E to
 * {@link Stats#dispersion}, the step our proportion funnels run on binomial z-scores (docs/metrics.md, "Funnel
 * limits"): the published φ must come out.
 */
class FunnelReferenceTest {

    static final double[] OBSERVED = {100, 150, 180, 80, 120, 225};
    static final double[] EXPECTED = {108, 112, 165, 95, 100, 220};

    @Test
    void reproducesFunnelPlotRPhiOnItsTestData() {
        double[] z = new double[6];
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) {
            z[i] = Math.sqrt(EXPECTED[i]) * Math.log(OBSERVED[i] / EXPECTED[i]);
            w[i] = EXPECTED[i]; // 1 / s², s = 1/√E
        }
        // z = −0.79980, 3.09168, 1.11768, −1.67499, 1.82322, 0.33333; our winsorising at 10% of k = 6 moves
        // ⌊0.6⌋ = 0 values, like FunnelPlotR's trimming here
        Stats.Dispersion d = Stats.dispersion(z, w, 0.1);
        assertEquals(2.948033, Math.round(d.phi() * 1e6) / 1e6, 0.0, "FunnelPlotR test-classes_methods.R: phi 2.948033");
        // kφ = 17.688 > χ²(5) 95th percentile 11.0705 → the adjustment is warranted
        assertTrue(d.overdispersed());
        // τ² by FunnelPlotR's tau_func (the same DerSimonian–Laird formula, by hand): ΣE = 800,
        // ΣE² = 108² + 112² + 165² + 95² + 100² + 220² = 118858, ΣE − ΣE²/ΣE = 800 − 148.57225 = 651.42775,
        // τ² = (6·2.9480332 − 5) / 651.42775 = 12.688199 / 651.42775 = 0.0194775
        assertEquals(0.0194775, d.tau2(), 5e-8);
    }

    @Test
    void proportionsUseTheBinomialZOfThe2005Paper() {
        // Spiegelhalter 2005 §6 for a proportion: zᵢ = (yᵢ − θ) / √(θ(1−θ)/nᵢ), θ = Σx/Σn, weights wᵢ = nᵢ/(θ(1−θ)).
        // Units 30/100, 50/100, 70/100, 50/100: θ = 200/400 = 0.5, s = 0.05, z = −4, 0, 4, 0; k = 4 winsorises nothing;
        // φ = 32/4 = 8, kφ = 32 > χ²(3) 7.8147; w = 400 each, Σw = 1600, Σw²/Σw = 400, τ² = (32 − 3)/1200 = 0.0241667
        Stats.Funnel f = Stats.funnel(new double[] {30, 50, 70, 50}, new long[] {100, 100, 100, 100});
        Stats.Dispersion d = Stats.dispersion(new double[] {-4, 0, 4, 0}, new double[] {400, 400, 400, 400}, 0.1);
        assertEquals(8.0, f.phi(), 1e-12);
        assertEquals(8.0, d.phi(), 1e-12);
        assertEquals(29.0 / 1200, f.tau2(), 1e-12);
        assertEquals(f.tau2(), d.tau2(), 1e-15);
        // the limit at n = 100: 0.5 ± 1.959964·√(0.0025 + 0.0241667) = 0.5 ± 1.959964·0.1632993 = 0.5 ± 0.3200608 = 0.1799392 / 0.8200608
        assertEquals(0.5 - Stats.Z95 * Math.sqrt(0.0025 + 29.0 / 1200), f.limits(100)[0], 1e-12);
        assertEquals(0.1799392, f.limits(100)[0], 1e-7);
        assertEquals("in_control", f.zone(0.7, 100));
    }

    /**
     * Published control limits of a proportion funnel: PHEindicatormethods (UK Health Security Agency, formerly Public
     * Health England), github.com/ukhsa-collaboration/PHEindicatormethods, {@code tests/testthat/testdata_funnel_prop_outputs.csv}
     * (commit 63894a99), the expected output of {@code phe_funnels()} for the PCT data in
     * {@code testdata_funnel_prop_inputs.csv}. Columns Population, Lower2s0025limit, Upper2s0025limit, Lower3s0001limit,
     * Upper3s0001limit, Baseline, in percent; Baseline (Σx/Σn of the inputs) is 80.642448 on every row.
     *
     * <p>Same method as our adjusted branch with τ² = 0. PHE's {@code sigma_adjustment} (R/Funnels.R) writes the limit
     * as a root of a quadratic (the "Wilson score" form of the Fingertips guidance). With q = z², first = θ(n/q + 1),
     * last = 1/q + 1/n, the root's square-root term reduces to (n + q)/√q · √(θ(1−θ)/n), so the limit
     * (first ± that)/last/n = θ ± √q·√(θ(1−θ)/n) = θ ± z·√(θ(1−θ)/n), clipped to 0–100 %. That is
     * {@link Stats.Funnel#limits} when overdispersed with τ² = 0, so we feed exactly that; no separate reference formula
     * is needed. Our *unadjusted* limits (exact binomial, see {@link Stats#exactLimit}) are a different method and are
     * checked by hand in {@code StatsTest}.
     *
     * <p>Precision: the limits are printed to 6 decimals of a percent (±5e-7) and so is the baseline θ we feed in
     * (±5e-7 percentage points, which moves every limit by the same amount), so we allow 1e-6 percentage points.
     */
    @Test
    void reproducesPheIndicatorMethodsProportionLimits() {
        double theta = 0.80642448;
        Stats.Funnel f = new Stats.Funnel(theta, 0, 0, true, 0);
        // rows of the CSV: population, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 % (percent)
        double[][] published = {
            // s = √(θ(100 − θ)/n) in percentage points, √(80.642448·19.357552) = √1561.0405 = 39.510004;
            // n = 1: s = 39.510004, 1.959964·s = 77.438184 → 3.204264 and 158.08 → 100;
            //        3.090232·s = 122.095089 → −41.45 → 0 and 202.74 → 100
            {1, 3.204264, 100, 0, 100},
            // n = 20: s = 39.510004/√20 = 8.834705; ±17.315704 → 63.326744 / 97.958152; −27.301292 → 53.341156;
            //         +27.301292 → 107.94 → 100
            {20, 63.326743, 97.958152, 53.341156, 100},
            // n = 41: s = 6.170426; ±12.093813 → 68.548635 / 92.736261; ±19.068049 → 61.574399 / 99.710497
            {41, 68.548635, 92.73626, 61.574398, 99.710497},
            // n = 102: s = 3.912073; ±7.667523 → 72.974925 / 88.309971; ±12.089215 → 68.553233 / 92.731663
            {102, 72.974925, 88.309971, 68.553233, 92.731663},
            // n = 1008: s = 1.244448; ±2.439074 → 78.203374 / 83.081522; ±3.845634 → 76.796814 / 84.488082
            {1008, 78.203374, 83.081521, 76.796814, 84.488082},
            // n = 110000: s = 0.1191271; ±0.2334849 → 80.408963 / 80.875933; ±0.3681305 → 80.274318 / 81.010579
            {110000, 80.408963, 80.875933, 80.274317, 81.010578},
        };
        for (double[] row : published) {
            double[] l = f.limits((long) row[0]);
            for (int i = 0; i < 4; i++) {
                assertEquals(row[i + 1], 100 * l[i], 1e-6, "PHE testdata_funnel_prop_outputs.csv, population " + (long) row[0]
                        + ", column " + (i + 1));
            }
        }
        // The inputs file, tests/testthat/testdata_funnel_prop_inputs.csv (commit 3352ce5d), carries the significance PHE's
        // phe_funnel_significance() must give each PCT (asserted in its testFunnels.R); our zones agree. z = (y − θ)/√(θ(1−θ)/n):
        // West Norfolk PCT 26789.238/33012 = 0.8115, z = 0.0050755/0.0021746 = 2.334, between 1.96 and 3.09 → High (0.025)
        assertEquals("high_95", f.zone(26789.238 / 33012, 33012));
        // North Devon PCT 30277.5312/37828 = 0.8004, z = −0.0060245/0.0020314 = −2.966 → Low (0.025)
        assertEquals("low_95", f.zone(30277.5312 / 37828, 37828));
        // New Forest PCT 35078.488/41980 = 0.8356, z = 15.13 → High (0.001); Norwich PCT 24803.6256/31824 = 0.7794,
        // z = −12.20 → Low (0.001); South Gloucestershire PCT 50050.7443/61921 = 0.8083, z = 1.181 → Not significant
        assertEquals("high_998", f.zone(35078.488 / 41980, 41980));
        assertEquals("low_998", f.zone(24803.6256 / 31824, 31824));
        assertEquals("in_control", f.zone(50050.7443 / 61921, 61921));
    }
}
