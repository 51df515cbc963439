package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The funnel's overdispersion step against a published example. Source: the FunnelPlotR package (Chris Mainey,
 * github.com/nhs-r-community/FunnelPlotR), {@code tests/testthat/test-classes_methods.R}: six units with observed
 * 100, 150, 180, 80, 120, 225 and expected 108, 112, 165, 95, 100, 220 events give
 * {@code round(phi(a), 6) == 2.948033}. FunnelPlotR's default there (data_type "SR", sr_method "SHMI",
 * {@code R/od_adjustment.R}) takes z = √E·ln(O/E) on the log scale, within-unit s = 1/√E, trims 10% at each end
 * (with 6 units nothing is trimmed: a unit is dropped only in the outer tenth of ranks) and φ = Σz²/k
 * ({@code phi_func}). We feed the same z-scores and weights 1/s² = E to {@link Stats#dispersion}, the step our
 * proportion funnels run on binomial z-scores (docs/metrics.md, "Funnel limits"): the published φ must come out.
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
}
