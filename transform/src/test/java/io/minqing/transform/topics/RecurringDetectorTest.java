package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecurringDetectorTest {

    // the defaults except h = 5 (the shipped default is 7, docs/topics.md), to keep the hand arithmetic short
    private final RecurringDetector det = new RecurringDetector(new RecurringDetector.Params(6, 3, 0.05, 3, 1.5, 5.0, 2));

    @Test
    void poissonUpperTailMatchesTheHandSum() {
        // P(X >= 3 | 1) = 1 − e^−1 (1 + 1 + 1/2) = 1 − 2.5·0.367879 = 0.080301
        assertEquals(0.080301, RecurringDetector.poissonUpper(3, 1.0), 1e-6);
        // P(X >= 1 | 2) = 1 − e^−2 = 0.864665
        assertEquals(0.864665, RecurringDetector.poissonUpper(1, 2.0), 1e-6);
        assertEquals(1.0, RecurringDetector.poissonUpper(0, 2.0));
        assertEquals(0.0, RecurringDetector.poissonUpper(2, 0.0));
    }

    @Test
    void elevatedNeedsCountRatioAndSignificance() {
        // e = 1: y = 4 → P = 1 − e^−1 (1 + 1 + .5 + 1/6) = 0.018988 < 0.05, 4 ≥ 1.5 → elevated
        assertTrue(det.elevated(4, 1.0));
        // y = 3 → P = 0.080 ≥ 0.05 → not elevated
        assertFalse(det.elevated(3, 1.0));
        // e = 0.5, y = 2: below the minimum count 3
        assertFalse(det.elevated(2, 0.5));
        // e = 100, y = 130: P(X ≥ 130 | 100) ≈ 0.0023 but 130 < 1.5·100 → not elevated (the ratio guard)
        assertFalse(det.elevated(130, 100.0));
    }

    @Test
    void recurringFlagsWhileLiveAndStopsAfterTheFix() {
        // expected 1 a month; counts 4 in months 0,1,2,3 (elevated), then 0, 0 (fixed)
        long[] y = {4, 4, 4, 4, 0, 0};
        double[] e = {1, 1, 1, 1, 1, 1};
        List<RecurringDetector.Signal> s = det.detect(new RecurringDetector.Series("c", null, 1, y, e));
        // CUSUM (ln 2 = 0.693147): each elevated month adds 4·0.693147 − 1 = 1.772589:
        // month 0: 1.77 and 1 elevated month, month 1: 3.55 and 2 → no rule holds yet;
        // month 2: 5.317766 ≥ 5 → rising, and 3 elevated months → recurring: rule "both"
        assertEquals(List.of(2, 3, 4, 5), s.stream().map(RecurringDetector.Signal::asOfIndex).toList());
        assertEquals("both", s.get(0).rule());
        assertEquals(5.317766, s.get(0).cusum(), 1e-6);
        assertTrue(s.get(0).flagged());
        assertTrue(s.get(1).flagged());
        // month 4: y = 0 < e → not live; CUSUM 7.090355 − 1 = 6.090355; quiet run of 1 month < 2 → neither flagged nor stopped
        assertEquals(6.090355, s.get(2).cusum(), 1e-6);
        assertFalse(s.get(2).flagged());
        assertFalse(s.get(2).stopped());
        // month 5: two quiet months → stopped since month 4
        assertFalse(s.get(3).flagged());
        assertTrue(s.get(3).stopped());
        assertEquals(4, s.get(3).stoppedSinceIndex());
        assertEquals(List.of(0, 1, 2, 3), s.get(3).elevatedMonths());
    }

    @Test
    void month1RisingAloneNeedsAStrongJump() {
        // e = 1, y = 9: CUSUM = 9·0.693147 − 1 = 5.238 ≥ 5 → rising and live in the first month
        List<RecurringDetector.Signal> s = det.detect(new RecurringDetector.Series("c", "p", 2, new long[] {9}, new double[] {1}));
        assertEquals(1, s.size());
        assertEquals("rising", s.get(0).rule());
        assertTrue(s.get(0).flagged());
        // y = 8: 8·0.693147 − 1 = 4.545 < 5 → no row
        assertTrue(det.detect(new RecurringDetector.Series("c", "p", 2, new long[] {8}, new double[] {1})).isEmpty());
    }

    @Test
    void binomialUpperTailMatchesTheHandSum() {
        // P(X >= 3 | Bin(4, 1/2)) = (C(4,3) + C(4,4)) / 16 = 5/16
        assertEquals(0.3125, RecurringDetector.binomialUpper(3, 4, 0.5, 1), 1e-12);
        // P(X >= 3 | Bin(10, 0.1)) = 1 − (0.9^10 + 10·0.1·0.9^9 + 45·0.01·0.9^8) = 1 − 0.9298091736
        assertEquals(0.0701908264, RecurringDetector.binomialUpper(3, 10, 0.1, 1), 1e-9);
        assertEquals(1.0, RecurringDetector.binomialUpper(0, 10, 0.1, 1));
        assertEquals(0.0, RecurringDetector.binomialUpper(11, 10, 0.1, 1));
    }

    /** An estate with 20 cases in the month, the topic at 2 % of the cases elsewhere (e = 0.4), 1,000 cells tested. */
    private static RecurringDetector.Series estate(long y) {
        return new RecurringDetector.Series("c", "p", 2, new long[] {y}, new double[] {0.4}, 1.0,
                new RecurringDetector.Cluster(new long[] {20}, new double[] {0.02}, new double[] {0.2 / 1000}));
    }

    @Test
    void aClusterAtOneEstateIsFlaggedInItsFirstMonth() {
        // P(X >= 5 | Bin(20, 0.02)) = 1 − (0.667608 + 0.272493 + 0.052830 + 0.006469 + 0.000561) = 3.859e-5 < 0.2/1000:
        // a cluster; the CUSUM (5·0.693147 − 0.4 = 3.07) and one elevated month hold no other rule → rule "cluster", live
        List<RecurringDetector.Signal> s = det.detect(estate(5));
        assertEquals(1, s.size());
        assertEquals("cluster", s.get(0).rule());
        assertTrue(s.get(0).flagged());
        assertEquals(3.8590903e-5, s.get(0).clusterP(), 1e-11);
        assertEquals(2e-4, s.get(0).clusterAlpha(), 1e-15);
        // 4 cases: P = 1 − 0.999400 = 5.997e-4 ≥ 2e-4 → no cluster, and no other rule → no row
        assertTrue(det.detect(estate(4)).isEmpty());
    }

    @Test
    void theClusterTestsChanceOfAFalseFlagIsTheTailAtTheFirstPassingCount() {
        // Bin(20, 0.02) at level 2e-4: 3 cases (P = 0.007069) and 4 (5.997e-4) do not pass, 5 (3.859e-5) does,
        // so under the null the cell is flagged with probability P(X >= 5) = 3.859e-5
        assertEquals(3.8590903e-5, det.clusterChance(20, 0.02, 2e-4, 1), 1e-11);
        // with 4 cases at the estate, 3 of them already pass: P(X >= 3 | Bin(4, 0.02)) = 4·0.02³·0.98 + 0.02⁴ = 3.152e-5
        assertEquals(3.152e-5, det.clusterChance(4, 0.02, 2e-4, 1), 1e-12);
        // with 2 cases the minimum count of 3 cannot be reached → never flagged
        assertEquals(0.0, det.clusterChance(2, 0.02, 2e-4, 1));
    }
}
