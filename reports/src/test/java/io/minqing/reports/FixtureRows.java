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

    static CommunityRow row(String community, double composite, boolean ranked) {
        return new CommunityRow(community, "大通街道", 20, rate(18, 20), rate(15, 20), rate(17, 20), rate(14, 18),
                rate(16, 18), composite, composite - 0.1, composite + 0.05, ranked ? 1 : null, ranked ? 1 : null,
                ranked ? 3 : null, ranked, null, null, 2, 1, 30.0, 80.0, 32.0, 90.0, 5);
    }
}
