package io.minqing.generator;

import io.minqing.generator.District.Community;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * How many cases each community receives in each month: an ordinary volume (community size × season × slow growth
 * of the service × noise) plus the planted stories' extra cases. With {@code --cases N} every cell is scaled so the
 * total is exactly N (cumulative rounding), keeping the shape. 15 × months numbers: small, whatever N is.
 */
final class Plan {

    /** One community-month. {@code mix} holds the unscaled expectations the cell's cases are drawn from. */
    record Cell(YearMonth month, Community community, int count, CaseFactory.CellMix mix) {
    }

    private static final double[] SEASON = {0.95, 0.85, 1.0, 1.0, 1.05, 1.1, 1.15, 1.1, 1.0, 0.9, 0.95, 0.95};

    private final List<Cell> cells;
    private final long total;

    private Plan(List<Cell> cells, long total) {
        this.cells = cells;
        this.total = total;
    }

    List<Cell> cells() {
        return cells;
    }

    long total() {
        return total;
    }

    static Plan of(long seed, YearMonth from, YearMonth to, Long targetCases) {
        List<YearMonth> months = Stories.months(from, to);
        int n = months.size() * District.COMMUNITIES.size();
        CaseFactory.CellMix[] mixes = new CaseFactory.CellMix[n];
        int[] natural = new int[n];
        int k = 0;
        for (YearMonth m : months) {
            long sinceStart = YearMonth.of(2020, 1).until(m, java.time.temporal.ChronoUnit.MONTHS);
            double trend = 1 + 0.009 * sinceStart;
            double lockdown = m.equals(YearMonth.of(2020, 2)) ? 0.75 : 1.0;
            for (Community c : District.COMMUNITIES) {
                Rng r = Rng.of(seed, 0x504CL, c.index(), m.getYear() * 12L + m.getMonthValue());
                double base = c.baseMonthly() * SEASON[m.getMonthValue() - 1] * trend * lockdown * Math.exp(0.18 * r.gaussian());
                CaseFactory.CellMix mix = CaseFactory.mix(c, m, base);
                double sum = 0;
                for (double w : mix.weights()) {
                    sum += w;
                }
                mixes[k] = mix;
                natural[k] = (int) Math.max(1, Math.round(sum));
                k++;
            }
        }
        long naturalTotal = 0;
        for (int x : natural) {
            naturalTotal += x;
        }
        long target = targetCases == null ? naturalTotal : targetCases;
        List<Cell> cells = new ArrayList<>(n);
        long cumNatural = 0;
        long assigned = 0;
        k = 0;
        for (YearMonth m : months) {
            for (Community c : District.COMMUNITIES) {
                cumNatural += natural[k];
                long upTo = targetCases == null ? cumNatural
                        : Math.round((double) cumNatural * target / naturalTotal);
                int count = (int) (upTo - assigned);
                assigned = upTo;
                cells.add(new Cell(m, c, count, mixes[k]));
                k++;
            }
        }
        return new Plan(List.copyOf(cells), assigned);
    }
}
