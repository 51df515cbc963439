package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Settings;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranks and rank ranges on the driver, with units whose order is clear (large n) or not (small n). */
class RankingTest {

    static MonthMarts.Unit unit(String name, long n, double rate) {
        MonthMarts.Unit u = new MonthMarts.Unit();
        u.community = name;
        u.month = YearMonth.of(2021, 8);
        u.set("cases_count", n);
        u.set("response_num", Math.round(n * rate));
        u.set("response_den", n);
        u.set("on_time_num", Math.round(n * rate));
        u.resNum = Math.round(n * rate);
        u.resDen = n;
        u.satisfied = Math.round(n * rate);
        u.dissatisfied = n - u.satisfied;
        u.satNum = u.satisfied;
        return u;
    }

    @Test
    void clearlySeparatedCommunitiesHaveNarrowRanges() {
        MetricsConfig cfg = MetricsConfig.defaults();
        // 2000 cases each at 0.95, 0.80, 0.60: every posterior draw keeps the order → ranges [1,1], [2,2], [3,3]
        List<MonthMarts.Unit> m = new ArrayList<>(List.of(unit("乙", 2000, 0.80), unit("甲", 2000, 0.95), unit("丙", 2000, 0.60)));
        MonthMarts.acrossCommunities(m, cfg, YearMonth.of(2021, 8));
        assertEquals(1, m.get(1).rank);
        assertEquals(2, m.get(0).rank);
        assertEquals(3, m.get(2).rank);
        for (MonthMarts.Unit u : m) {
            assertEquals(u.rank, u.rankLo);
            assertEquals(u.rank, u.rankHi);
        }
        // such spread between only three units is overdispersion: z ≈ 18.1, 1.8, −19.9 (θ = 0.78333, s = 0.009213),
        // φ ≈ 242, τ² ≈ (3·242 − 2)/(3w − w) with w = 2000/0.16972 = 11784 → ≈ 0.0307 (sd 0.175): the random-effects
        // limits (θ ± 1.96·0.175) hold all three, which is the paper's point — the differences are what this between-
        // community variation produces; the ranks still order them
        Stats.Funnel f = Stats.funnel(new double[] {1600, 1900, 1200}, new long[] {2000, 2000, 2000});
        assertTrue(f.overdispersed());
        assertEquals(0.0307, f.tau2(), 5e-4);
        assertEquals("in_control", m.get(1).zone[0]);
        assertEquals("in_control", m.get(2).zone[0]);
    }

    @Test
    void smallCommunitiesAreShownNotRankedAndCloseOnesOverlap() {
        MetricsConfig cfg = MetricsConfig.from(Settings.ofMap(Map.of("ranking.simulations", "400")));
        List<MonthMarts.Unit> m = new ArrayList<>(List.of(unit("甲", 20, 0.90), unit("乙", 20, 0.85), unit("丙", 10, 1.0),
                unit("丁", 30, 0.88)));
        MonthMarts.acrossCommunities(m, cfg, YearMonth.of(2021, 8));
        MonthMarts.Unit small = m.get(2);
        assertEquals("below_min_volume", small.unrankedReason);
        assertNull(small.rank);
        assertTrue(small.compositeEb != null && small.compositeEb < 1.0, "shrunk below its raw 100%");
        // three ranked communities within a few points of each other at n = 20–30: the ranges overlap
        for (MonthMarts.Unit u : List.of(m.get(0), m.get(1), m.get(3))) {
            assertEquals(3, u.rankedCount);
            assertTrue(u.rankLo <= u.rank && u.rank <= u.rankHi);
            assertTrue(u.rankHi - u.rankLo >= 1, u.community + " " + u.rankLo + "–" + u.rankHi);
        }
    }
}
