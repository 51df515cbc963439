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
}
