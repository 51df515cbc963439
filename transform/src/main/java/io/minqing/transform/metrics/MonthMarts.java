package io.minqing.transform.metrics;

import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * {@code community_month}, {@code district_month}, {@code km_curve} and {@code funnel_month}. The per-case work
 * (counts, exact percentiles, Kaplan–Meier) is the month pass ({@link MonthPass}), one small row per community × month;
 * the statistics across communities (shrinkage, funnel limits, rank simulation, change) run here, engine-neutral.
 */
public final class MonthMarts {

    /** The rows of the four marts, in schema column order and sorted. */
    public record Output(List<MartRow> community, List<MartRow> district, List<MartRow> km, List<MartRow> funnel) {
    }

    /**
     * The survey answers of one community in one month (by their own survey window), as FactsSql.surveyCounts
     * names them: all answers, general ones (no case), resolved and asked about resolution, and each satisfaction level.
     */
    public record SurveyCount(String month, String community, long n, long general, long resNum, long resDen,
                              long satisfied, long basic, long dissatisfied) {

        /** From a row of FactsSql's survey counts (columns m, community and the aliases of FactsSql.surveyCounts), by name. */
        public static SurveyCount of(java.util.function.Function<String, Object> column) {
            return new SurveyCount((String) column.apply("m"), (String) column.apply("community"),
                    num(column, "n"), num(column, "general"), num(column, "res_num"), num(column, "res_den"),
                    num(column, "satisfied"), num(column, "basic"), num(column, "dissatisfied"));
        }

        /** A count; null (DuckDB's count_if over a group whose values are all null) is 0, as Spark counts it. */
        private static long num(java.util.function.Function<String, Object> column, String name) {
            Object v = column.apply(name);
            return v == null ? 0L : ((Number) v).longValue();
        }
    }

    private static final Map<String, Integer> COUNTER_INDEX = index(MonthPass.COMMUNITY_COUNTS);

    static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        return Map.copyOf(m);
    }

    private static final String[] RATES = {"response", "on_time", "resolution", "satisfaction"};

    private MonthMarts() {
    }

    /** One unit (a community, or the district) in one month: the counts and what is derived from them. */
    static final class Unit {
        String community;
        String street;
        YearMonth month;
        /** The month pass's counters, by name (MonthPass.COMMUNITY); read with {@link #c}. */
        final long[] n = new long[MonthPass.COMMUNITY_COUNTS.size()];
        long backlog;
        long backlogOverdue;
        long surveys;
        long general;
        long resNum;
        long resDen;
        long satisfied;
        long basic;
        long dissatisfied;
        double satNum;
        GroupStats.Summary stats;
        // derived across units
        final Double[] eb = new Double[4];
        final String[] zone = new String[4];
        Double compositeEb;
        Double compositeLo;
        Double compositeHi;
        boolean ranked;
        String unrankedReason;
        Integer rank;
        Integer rankLo;
        Integer rankHi;
        int rankedCount;

        /** The counter of that name (see MonthPass.COMMUNITY). */
        long c(String name) {
            Integer i = COUNTER_INDEX.get(name);
            if (i == null) {
                throw new IllegalArgumentException("No month-pass counter " + name);
            }
            return n[i];
        }

        void set(String name, long value) {
            c(name);
            n[COUNTER_INDEX.get(name)] = value;
        }

        long cases() {
            return c("cases_count");
        }

        long onTimeDen() {
            return c("on_time_num") + c("closed_late_count") + c("open_overdue_count");
        }

        double num(int r) {
            return switch (r) {
                case 0 -> c("response_num");
                case 1 -> c("on_time_num");
                case 2 -> resNum;
                default -> satNum;
            };
        }

        long den(int r) {
            return switch (r) {
                case 0 -> c("response_den");
                case 1 -> onTimeDen();
                case 2 -> resDen;
                default -> satisfied + basic + dissatisfied;
            };
        }

        Double rate(int r) {
            return Stats.rate(num(r), den(r));
        }

        Double composite(MetricsConfig cfg) {
            Double a = rate(0);
            Double b = rate(2);
            Double c = rate(3);
            return a == null || b == null || c == null ? null
                    : cfg.wResponse() * a + cfg.wResolution() * b + cfg.wSatisfaction() * c;
        }

        void addCounts(Unit u) {
            for (int i = 0; i < n.length; i++) {
                n[i] += u.n[i];
            }
            backlog += u.backlog;
            backlogOverdue += u.backlogOverdue;
            surveys += u.surveys;
            general += u.general;
            resNum += u.resNum;
            resDen += u.resDen;
            satisfied += u.satisfied;
            basic += u.basic;
            dissatisfied += u.dissatisfied;
            satNum += u.satNum;
        }
    }

    /** The marts from a {@link MonthPass} and the survey counts by month and community. */
    public static Output build(MonthPass.Result pass, List<SurveyCount> surveyCounts, MetricsConfig cfg, LocalDateTime asOf) {
        // the street of a community: the first by name among its cases' streets (a community belongs to one street)
        Map<String, String> streetOf = new HashMap<>();
        for (MonthPass.PassRow r : pass.community()) {
            String st = r.street();
            streetOf.merge(r.k2(), st == null ? "" : st, (x, y) -> x.isEmpty() ? y : (y.isEmpty() || x.compareTo(y) <= 0 ? x : y));
        }
        streetOf.replaceAll((k, v) -> v.isEmpty() ? null : v);
        // statistics exist only for groups with counted cases (a month of only withdrawn cases has none)
        List<MonthPass.PassRow> stats = new ArrayList<>();
        for (MonthPass.PassRow r : pass.community()) {
            if (r.count("cases_count") > 0) {
                stats.add(r);
            }
        }
        stats.addAll(pass.district());
        return assemble(pass.community(), surveyCounts, stats, streetOf, cfg, asOf);
    }

    static Output assemble(List<MonthPass.PassRow> counts, List<SurveyCount> surveyCounts, List<MonthPass.PassRow> stats,
                           Map<String, String> streetOf, MetricsConfig cfg, LocalDateTime asOf) {
        int cut = cfg.cutDay();
        YearMonth last = Windows.monthOf(asOf, cut);
        TreeSet<String> communities = new TreeSet<>();
        TreeSet<YearMonth> months = new TreeSet<>();
        counts.forEach(r -> {
            communities.add(r.k2());
            months.add(YearMonth.parse(r.month()));
        });
        surveyCounts.forEach(r -> {
            communities.add(r.community());
            months.add(YearMonth.parse(r.month()));
        });
        List<YearMonth> grid = new ArrayList<>();
        if (!months.isEmpty()) {
            for (YearMonth m = months.first(); !m.isAfter(last); m = m.plusMonths(1)) {
                grid.add(m);
            }
        }
        // community -> month -> unit
        Map<String, TreeMap<YearMonth, Unit>> units = new TreeMap<>();
        for (String c : communities) {
            TreeMap<YearMonth, Unit> byMonth = new TreeMap<>();
            for (YearMonth m : grid) {
                Unit u = new Unit();
                u.community = c;
                u.street = streetOf.get(c);
                u.month = m;
                byMonth.put(m, u);
            }
            units.put(c, byMonth);
        }
        for (MonthPass.PassRow r : counts) {
            Unit u = units.get(r.k2()).get(YearMonth.parse(r.month()));
            for (String name : MonthPass.COMMUNITY_COUNTS) {
                u.set(name, r.count(name));
            }
        }
        for (SurveyCount r : surveyCounts) {
            Unit u = units.get(r.community()).get(YearMonth.parse(r.month()));
            if (u == null) {
                continue; // a survey after the last month cannot happen (surveyed_at <= as-of)
            }
            u.surveys = r.n();
            u.general = r.general();
            u.resNum = r.resNum();
            u.resDen = r.resDen();
            u.satisfied = r.satisfied();
            u.basic = r.basic();
            u.dissatisfied = r.dissatisfied();
            u.satNum = u.satisfied + cfg.basicWeight() * u.basic;
        }
        // backlog: cumulative received − cumulative closed; overdue backlog: cumulative entries − exits
        Map<String, Map<YearMonth, long[]>> flow = new HashMap<>();
        for (MonthPass.PassRow r : stats) {
            if (r.level() != 2) {
                continue;
            }
            String[] fm = r.stats().flowMonths();
            long[] fc = r.stats().flowCounts();
            Map<YearMonth, long[]> byMonth = flow.computeIfAbsent(r.k2(), x -> new HashMap<>());
            for (int i = 0; i < fm.length; i++) {
                long[] f = byMonth.computeIfAbsent(YearMonth.parse(fm[i]), x -> new long[3]);
                for (int j = 0; j < 3; j++) {
                    f[j] += fc[3 * i + j];
                }
            }
        }
        for (var e : units.entrySet()) {
            long recv = 0;
            long closedCum = 0;
            long odCum = 0;
            Map<YearMonth, long[]> f = flow.getOrDefault(e.getKey(), Map.of());
            for (Unit u : e.getValue().values()) {
                long[] x = f.getOrDefault(u.month, new long[3]);
                recv += u.cases();
                closedCum += x[0];
                odCum += x[1] - x[2];
                u.backlog = recv - closedCum;
                u.backlogOverdue = odCum;
            }
        }
        Map<String, GroupStats.Summary> statsByKey = new HashMap<>();
        for (MonthPass.PassRow r : stats) {
            statsByKey.put(r.level() + "|" + r.month() + "|" + r.k2(), r.stats());
        }
        // district units
        TreeMap<YearMonth, Unit> district = new TreeMap<>();
        for (YearMonth m : grid) {
            Unit d = new Unit();
            d.month = m;
            for (TreeMap<YearMonth, Unit> byMonth : units.values()) {
                d.addCounts(byMonth.get(m));
            }
            d.stats = statsByKey.get("1|" + m + "|null");
            district.put(m, d);
        }
        for (TreeMap<YearMonth, Unit> byMonth : units.values()) {
            for (Unit u : byMonth.values()) {
                u.stats = statsByKey.get("2|" + u.month + "|" + u.community);
            }
        }
        // months are independent here (each its own units, priors and seeded draws), so they run on all cores; the
        // funnel rows keep the month order
        List<List<Unit>> unitsByMonth = new ArrayList<>();
        for (YearMonth m : grid) {
            unitsByMonth.add(units.values().stream().map(b -> b.get(m)).toList());
        }
        List<MartRow> funnelRows = new ArrayList<>();
        java.util.stream.IntStream.range(0, grid.size()).parallel()
                .mapToObj(i -> acrossCommunities(unitsByMonth.get(i), cfg, grid.get(i)))
                .toList().forEach(funnelRows::addAll);
        LocalDateTime asOfAt = asOf;
        List<MartRow> communityRows = new ArrayList<>();
        for (YearMonth m : grid) {
            for (TreeMap<YearMonth, Unit> byMonth : units.values()) {
                communityRows.add(toRow(MetricMarts.COMMUNITY_MONTH, byMonth.get(m), byMonth, cfg, asOfAt, true));
            }
        }
        List<MartRow> districtRows = new ArrayList<>();
        for (Unit d : district.values()) {
            districtRows.add(toRow(MetricMarts.DISTRICT_MONTH, d, district, cfg, asOfAt, false));
        }
        List<MartRow> km = new ArrayList<>();
        for (YearMonth m : grid) {
            addKm(km, "district", null, m, district.get(m).stats);
            for (TreeMap<YearMonth, Unit> byMonth : units.values()) {
                Unit u = byMonth.get(m);
                addKm(km, "community", u.community, m, u.stats);
            }
        }
        return new Output(communityRows, districtRows, km, funnelRows);
    }

    private static void addKm(List<MartRow> out, String level, String community, YearMonth m, GroupStats.Summary s) {
        if (s == null) {
            return;
        }
        for (int g = 0; g < GroupStats.GRID.length; g++) {
            Map<String, Object> v = new HashMap<>();
            v.put("level", level);
            v.put("community", community);
            v.put("assessment_month", m.toString());
            v.put("time_hours", GroupStats.GRID[g]);
            v.put("survival", s.kmSurvival()[g]);
            v.put("at_risk", s.kmAtRisk()[g]);
            v.put("events", s.kmEvents()[g]);
            v.put("censored", s.kmCensored()[g]);
            out.add(MartRow.of(MetricMarts.KM_CURVE, v));
        }
    }

    /** Shrinkage, funnel zones, composite intervals and ranks of the communities of one month; returns funnel rows. */
    static List<MartRow> acrossCommunities(List<Unit> month, MetricsConfig cfg, YearMonth m) {
        List<MartRow> funnelRows = new ArrayList<>();
        int k = month.size();
        double[][] prior = new double[4][];
        for (int r = 0; r < 4; r++) {
            double[] x = new double[k];
            long[] n = new long[k];
            long maxN = 0;
            for (int i = 0; i < k; i++) {
                x[i] = month.get(i).num(r);
                n[i] = month.get(i).den(r);
                maxN = Math.max(maxN, n[i]);
            }
            prior[r] = Stats.betaPrior(x, n);
            for (int i = 0; i < k; i++) {
                Unit u = month.get(i);
                if (n[i] > 0) {
                    u.eb[r] = prior[r] == null ? x[i] / n[i] : (x[i] + prior[r][0]) / (n[i] + prior[r][0] + prior[r][1]);
                }
            }
            Stats.Funnel f = Stats.funnel(x, n);
            if (f == null) {
                continue;
            }
            TreeSet<Long> ns = new TreeSet<>();
            for (long v = 1; v <= Math.min(50, maxN); v++) {
                ns.add(v);
            }
            for (double v = 50; v < maxN * 1.05; v *= 1.05) {
                ns.add((long) Math.ceil(v));
            }
            for (long v : n) {
                if (v > 0) {
                    ns.add(v);
                }
            }
            for (int i = 0; i < k; i++) {
                if (n[i] > 0) {
                    month.get(i).zone[r] = f.zone(x[i] / n[i], n[i]);
                }
            }
            String metric = MetricMarts.RANKED_RATES.get(r);
            for (long v : ns) {
                double[] l = f.limits(v);
                Map<String, Object> row = new HashMap<>();
                row.put("assessment_month", m.toString());
                row.put("metric", metric);
                row.put("den", v);
                row.put("target", f.target());
                row.put("lo95", l[0]);
                row.put("hi95", l[1]);
                row.put("lo998", l[2]);
                row.put("hi998", l[3]);
                row.put("phi", f.phi());
                row.put("tau2", f.tau2());
                row.put("is_overdispersed", f.overdispersed());
                row.put("units_count", f.units());
                funnelRows.add(MartRow.of(MetricMarts.FUNNEL_MONTH, row));
            }
        }
        for (Unit u : month) {
            if (u.eb[0] != null && u.eb[2] != null && u.eb[3] != null) {
                u.compositeEb = cfg.wResponse() * u.eb[0] + cfg.wResolution() * u.eb[2] + cfg.wSatisfaction() * u.eb[3];
            }
        }
        rank(month, prior, cfg, m);
        return funnelRows;
    }

    private static Double score(Unit u, MetricsConfig cfg) {
        int r = MetricMarts.RANKED_RATES.indexOf(cfg.rankMetric());
        return r < 0 ? u.compositeEb : u.eb[r];
    }

    /** Ranks by the shrunk score; rank ranges and composite credible intervals from joint posterior draws. */
    static void rank(List<Unit> month, double[][] prior, MetricsConfig cfg, YearMonth m) {
        List<Unit> ranked = new ArrayList<>();
        for (Unit u : month) {
            if (u.cases() < cfg.minVolume()) {
                u.unrankedReason = "below_min_volume";
            } else if (score(u, cfg) == null) {
                u.unrankedReason = "missing_component";
            } else {
                u.ranked = true;
                ranked.add(u);
            }
        }
        Comparator<Unit> order = Comparator.comparing((Unit u) -> -score(u, cfg)).thenComparing(u -> u.community);
        ranked.sort(order);
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).rank = i + 1;
        }
        month.forEach(u -> u.rankedCount = ranked.size());
        // Joint posterior draws. Each community has its own generator, seeded by (ranking.seed, month, community), and
        // draws only the rates something reads: the three of the composite when it has a shrunk composite (its interval,
        // and its score when ranking by the composite), and the ranking rate when it is ranked by one rate. So a
        // community's interval does not move when another community appears or gains a survey, and a small export
        // (most communities unranked, many without a composite) does not draw thousands of values nobody reads.
        int s = cfg.simulations();
        long monthSeed = cfg.seed() * 31 + m.toString().hashCode();
        int k = month.size();
        int rankIdx = MetricMarts.RANKED_RATES.indexOf(cfg.rankMetric());
        BetaDistribution[][] post = new BetaDistribution[k][4];
        for (int i = 0; i < k; i++) {
            Unit u = month.get(i);
            boolean[] need = new boolean[4];
            if (u.compositeEb != null) {
                need[0] = need[2] = need[3] = true;
            }
            if (u.ranked && rankIdx >= 0) {
                need[rankIdx] = true;
            }
            RandomGenerator rng = null;
            for (int r = 0; r < 4; r++) {
                long n = u.den(r);
                if (need[r] && n > 0) {
                    if (rng == null) {
                        rng = new Well19937c(monthSeed * 31 + u.community.hashCode());
                    }
                    double a = prior[r] == null ? 1 : prior[r][0];
                    double b = prior[r] == null ? 1 : prior[r][1];
                    double x = u.num(r);
                    post[i][r] = new BetaDistribution(rng, x + a, n - x + b);
                }
            }
        }
        boolean anyComposite = month.stream().anyMatch(u -> u.compositeEb != null);
        if (ranked.isEmpty() && !anyComposite) {
            return;
        }
        // the ranked units in month order; each draw sorts only these (by score, then community)
        Integer[] rankedIdx = java.util.stream.IntStream.range(0, k).filter(i -> month.get(i).ranked).boxed().toArray(Integer[]::new);
        double[][] compositeDraws = new double[k][];
        int[][] rankDraws = new int[k][];
        for (int i = 0; i < k; i++) {
            compositeDraws[i] = month.get(i).compositeEb != null ? new double[s] : null;
            rankDraws[i] = month.get(i).ranked ? new int[s] : null;
        }
        double[] drawScore = new double[k];
        double[] v = new double[4];
        Comparator<Integer> byDraw = Comparator.comparing((Integer i) -> -drawScore[i]).thenComparing(i -> month.get(i).community);
        Integer[] order2 = new Integer[rankedIdx.length];
        for (int d = 0; d < s; d++) {
            for (int i = 0; i < k; i++) {
                if (compositeDraws[i] == null && rankDraws[i] == null) {
                    continue;
                }
                for (int r = 0; r < 4; r++) {
                    v[r] = post[i][r] != null ? post[i][r].sample() : 0.0;
                }
                if (compositeDraws[i] != null) {
                    compositeDraws[i][d] = cfg.wResponse() * v[0] + cfg.wResolution() * v[2] + cfg.wSatisfaction() * v[3];
                }
                if (rankDraws[i] != null) {
                    drawScore[i] = rankIdx < 0 ? compositeDraws[i][d] : v[rankIdx];
                }
            }
            if (rankedIdx.length == 0) {
                continue;
            }
            System.arraycopy(rankedIdx, 0, order2, 0, rankedIdx.length);
            Arrays.sort(order2, byDraw);
            int pos = 0;
            for (Integer i : order2) {
                rankDraws[i][d] = ++pos;
            }
        }
        for (int i = 0; i < k; i++) {
            Unit u = month.get(i);
            if (u.compositeEb != null) {
                double[] c = compositeDraws[i].clone();
                Arrays.sort(c);
                u.compositeLo = c[lowIndex(s)];
                u.compositeHi = c[highIndex(s)];
            }
            if (u.ranked) {
                int[] rk = rankDraws[i].clone();
                Arrays.sort(rk);
                u.rankLo = rk[lowIndex(s)];
                u.rankHi = rk[highIndex(s)];
            }
        }
    }

    /** Index of the 2.5th percentile (inverse empirical CDF) among s sorted draws. */
    static int lowIndex(int s) {
        return Math.max(0, (int) Math.ceil(0.025 * s) - 1);
    }

    static int highIndex(int s) {
        return Math.max(0, (int) Math.ceil(0.975 * s) - 1);
    }

    private static Double diff(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    private static MartRow toRow(TableSchema schema, Unit u, TreeMap<YearMonth, Unit> series, MetricsConfig cfg,
                             LocalDateTime asOf, boolean community) {
        Map<String, Object> v = new LinkedHashMap<>();
        int cut = cfg.cutDay();
        v.put("assessment_month", u.month.toString());
        v.put("street", u.street);
        v.put("community", u.community);
        LocalDateTime start = Windows.start(u.month, cut);
        LocalDateTime end = Windows.end(u.month, cut);
        v.put("window_start_at", start);
        v.put("window_end_at", end);
        v.put("as_of_at", asOf);
        v.put("is_month_complete", !end.isAfter(asOf));
        // every counter of the month pass whose name is a column of the mart, as counted
        for (String name : MonthPass.COMMUNITY_COUNTS) {
            if (schema.columnNames().contains(name)) {
                v.put(name, u.c(name));
            }
        }
        long cases = u.cases();
        long proactive = u.c("proactive_count");
        v.put("reactive_count", cases - proactive);
        v.put("proactive_share", Stats.rate(proactive, cases));
        v.put("backlog_count", u.backlog);
        v.put("backlog_overdue_count", u.backlogOverdue);
        putRate(v, "response", u, 0, true);
        putRate(v, "on_time", u, 1, false);
        long closed = u.c("closure_num");
        v.put("closure_den", cases);
        v.put("closure_rate", Stats.rate(closed, cases));
        double[] w = Stats.wilson(closed, cases, Stats.Z95);
        v.put("closure_rate_lo", w == null ? null : w[0]);
        v.put("closure_rate_hi", w == null ? null : w[1]);
        v.put("surveys_count", u.surveys);
        v.put("surveys_general_count", u.general);
        putRate(v, "resolution", u, 2, true);
        v.put("satisfied_count", u.satisfied);
        v.put("basically_satisfied_count", u.basic);
        v.put("dissatisfied_count", u.dissatisfied);
        putRate(v, "satisfaction", u, 3, false);
        v.put("composite_score", u.composite(cfg));
        v.put("composite_score_eb", u.compositeEb);
        v.put("composite_score_eb_lo", u.compositeLo);
        v.put("composite_score_eb_hi", u.compositeHi);
        GroupStats.Summary s = u.stats;
        v.put("dispatch_hours_p50", s == null ? null : s.dispatchP50());
        v.put("dispatch_hours_p90", s == null ? null : s.dispatchP90());
        v.put("resolve_hours_p50", s == null ? null : s.resolveP50());
        v.put("resolve_hours_p90", s == null ? null : s.resolveP90());
        v.put("resolve_hours_km_p50", s == null ? null : s.kmP50());
        v.put("resolve_hours_km_p90", s == null ? null : s.kmP90());
        v.put("is_ranked", u.ranked);
        v.put("unranked_reason", u.unrankedReason);
        v.put("rank", u.rank);
        v.put("rank_lo", u.rankLo);
        v.put("rank_hi", u.rankHi);
        v.put("ranked_count", u.rankedCount);
        Unit prev = series.get(u.month.minusMonths(1));
        Unit year = series.get(u.month.minusYears(1));
        v.put("rank_prev", prev == null ? null : prev.rank);
        v.put("cases_mom", prev == null || prev.cases() == 0 ? null : (double) cases / prev.cases() - 1);
        v.put("cases_yoy", year == null || year.cases() == 0 ? null : (double) cases / year.cases() - 1);
        String[] names = {"response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate"};
        int[] idx = {0, 1, 2, 3};
        for (int i = 0; i < 4; i++) {
            v.put(names[i] + "_mom", prev == null ? null : diff(u.rate(idx[i]), prev.rate(idx[i])));
            v.put(names[i] + "_yoy", year == null ? null : diff(u.rate(idx[i]), year.rate(idx[i])));
        }
        v.put("composite_score_mom", prev == null ? null : diff(u.composite(cfg), prev.composite(cfg)));
        v.put("composite_score_yoy", year == null ? null : diff(u.composite(cfg), year.composite(cfg)));
        return MartRow.of(schema, v);
    }

    private static void putRate(Map<String, Object> v, String stem, Unit u, int r, boolean integerNum) {
        double num = u.num(r);
        long den = u.den(r);
        v.put(stem + "_num", integerNum || r != 3 ? (Object) (long) num : (Object) num);
        v.put(stem + "_den", den);
        v.put(stem + "_rate", Stats.rate(num, den));
        double[] w = Stats.wilson(num, den, Stats.Z95);
        v.put(stem + "_rate_lo", w == null ? null : w[0]);
        v.put(stem + "_rate_hi", w == null ? null : w[1]);
        v.put(stem + "_rate_eb", u.eb[r]);
        v.put(stem + "_funnel_zone", u.zone[r]);
    }
}
