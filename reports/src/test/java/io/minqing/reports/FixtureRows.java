package io.minqing.reports;

import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.Rate;

/** Small hand-made Pack rows for chart and format tests. */
final class FixtureRows {

    private FixtureRows() {
    }

    static Rate rate(long num, long den) {
        return new Rate(num, den, den == 0 ? null : (double) num / den, null, null);
    }

    static CommunityRow row(String community, double score, boolean ranked) {
        return new CommunityRow(community, "大通街道", 20, 0.1, rate(18, 20), rate(15, 20), rate(17, 20), rate(14, 18),
                rate(16, 18), score, 0.01, score, score - 0.1, score + 0.05, ranked, ranked ? null : "below_min_volume",
                ranked ? 1 : null, ranked ? 1 : null, ranked ? 3 : null, null, 3, 2, 1, 1, 30.0, 80.0, 32.0, 90.0, 5, 0.25,
                36, java.util.List.of("in_control", "in_control", "in_control", "in_control"), null,
                java.util.Collections.nCopies(4, new Pack.Compared(null, null, null)));
    }
}
