package io.minqing.transform.topics;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Monthly topic counts per community and estate, aggregated from case_topics by either engine and then held in memory
 * (communities × estates × topics × months is small), with the top cases of every cell as evidence. Builds
 * topic_community_month and the detector's series and rows (plain Java, so both engines write the same marts).
 */
final class TopicSeries {

    /** Cell key: community, place (null = none recorded), topic. */
    record Key(String community, String place, int topicId) {
    }

    record Example(String caseId, double score) {
    }

    private final List<String> months;
    private final Map<String, Integer> monthIndex = new HashMap<>();
    private final Map<Integer, String> labels;
    /** (community, place, topic) → counts by month index. */
    private final Map<Key, long[]> cells = new TreeMap<>(Comparator.comparing(Key::community)
            .thenComparing(Key::place, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingInt(Key::topicId));
    private final Map<Key, Map<Integer, List<Example>>> examples = new HashMap<>();

    private TopicSeries(List<String> months, Map<Integer, String> labels) {
        this.months = months;
        this.labels = labels;
        for (int i = 0; i < months.size(); i++) {
            monthIndex.put(months.get(i), i);
        }
    }

    /** Cases of one (community, place, topic, month) cell. */
    record Count(String community, String place, int topicId, String month, long n) {
    }

    /** One of the (up to 5) highest-scoring cases of a (community, place, topic, month) cell. */
    record Top(String community, String place, int topicId, String month, String caseId, double score) {
    }

    static TopicSeries of(List<Count> counts, List<Top> top, TopicModel model) {
        TreeSet<String> seen = new TreeSet<>();
        counts.forEach(r -> seen.add(r.month()));
        List<String> months = new ArrayList<>();
        if (!seen.isEmpty()) {
            for (YearMonth m = YearMonth.parse(seen.first()); !m.isAfter(YearMonth.parse(seen.last())); m = m.plusMonths(1)) {
                months.add(m.toString());
            }
        }
        Map<Integer, String> labels = new TreeMap<>();
        labels.put(TopicModel.UNASSIGNED_ID, TopicModel.UNASSIGNED_LABEL);
        model.topics().forEach(t -> labels.put(t.id(), t.label()));
        TopicSeries s = new TopicSeries(months, labels);
        for (Count r : counts) {
            Key k = new Key(r.community(), r.place(), r.topicId());
            s.cells.computeIfAbsent(k, x -> new long[months.size()])[s.monthIndex.get(r.month())] += r.n();
        }
        for (Top r : top) {
            Key k = new Key(r.community(), r.place(), r.topicId());
            s.examples.computeIfAbsent(k, x -> new HashMap<>()).computeIfAbsent(s.monthIndex.get(r.month()), x -> new ArrayList<>())
                    .add(new Example(r.caseId(), r.score()));
        }
        return s;
    }

    String latestMonth() {
        return months.isEmpty() ? null : months.get(months.size() - 1);
    }

    List<String> months() {
        return months;
    }

    // ------------------------------------------------------------ aggregates

    private Map<Key, long[]> byCommunity() {
        Map<Key, long[]> out = new TreeMap<>(Comparator.comparing(Key::community).thenComparingInt(Key::topicId));
        cells.forEach((k, v) -> add(out.computeIfAbsent(new Key(k.community(), null, k.topicId()), x -> new long[months.size()]), v));
        return out;
    }

    private static void add(long[] into, long[] v) {
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }

    private Map<String, long[]> totals(java.util.function.Function<Key, String> by) {
        Map<String, long[]> out = new TreeMap<>();
        cells.forEach((k, v) -> add(out.computeIfAbsent(by.apply(k), x -> new long[months.size()]), v));
        return out;
    }

    private long[] district() {
        long[] d = new long[months.size()];
        cells.values().forEach(v -> add(d, v));
        return d;
    }

    private Map<Integer, long[]> districtByTopic() {
        Map<Integer, long[]> out = new TreeMap<>();
        cells.forEach((k, v) -> add(out.computeIfAbsent(k.topicId(), x -> new long[months.size()]), v));
        return out;
    }

    // ------------------------------------------------------------ topic_community_month

    /** topic_community_month rows in the mart's column order. */
    List<Object[]> topicCommunityMonth() {
        Map<Key, long[]> comm = byCommunity();
        Map<String, long[]> commTotal = totals(Key::community);
        long[] dist = district();
        Map<Integer, long[]> distTopic = districtByTopic();
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> c : commTotal.entrySet()) {
            for (int t = 0; t < months.size(); t++) {
                long total = c.getValue()[t];
                if (total == 0) {
                    continue;
                }
                for (Map.Entry<Integer, String> topic : labels.entrySet()) {
                    long[] series = comm.get(new Key(c.getKey(), null, topic.getKey()));
                    long[] dt = distTopic.get(topic.getKey());
                    if (topic.getKey() == TopicModel.UNASSIGNED_ID && dt == null) {
                        continue;
                    }
                    long y = series == null ? 0 : series[t];
                    Long prev = t >= 1 ? (series == null ? 0L : series[t - 1]) : null;
                    Double prev3 = t >= 3 ? (series == null ? 0.0 : (series[t - 1] + series[t - 2] + series[t - 3]) / 3.0) : null;
                    long d = dt == null ? 0 : dt[t];
                    rows.add(TopicsCore.row(c.getKey(), months.get(t), topic.getKey(), topic.getValue(), y, total,
                            (double) y / total, prev, prev == null ? null : y - prev, prev3, prev3 == null ? null : y - prev3,
                            d, dist[t] == 0 ? 0.0 : (double) d / dist[t]));
                }
            }
        }
        return rows;
    }

    // ------------------------------------------------------------ detection

    /** Detector rows with labels and example cases. */
    record Detection(List<RecurringDetector.Signal> signals, List<Object[]> mart, long flaggedInLatestMonth, Map<String, Double> dispersion,
                     Map<String, Double> clusterChanceByMonth) {

        /** The dispersion estimates for a progress line, 2 decimals: {community=1.93, place=1.41}. */
        String dispersionText() {
            return rounded(dispersion, "%.2f");
        }

        /** The chance cluster flags by month for a progress line, 3 decimals. */
        String clusterChanceText() {
            return rounded(clusterChanceByMonth, "%.3f");
        }

        private static String rounded(Map<String, Double> m, String format) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=')
                    .append(String.format(java.util.Locale.ROOT, format, v)));
            return b.append('}').toString();
        }

        /** Mean over the months of the expected chance cluster flags a month (exact, under the test's null). */
        double meanClusterChance() {
            return clusterChanceByMonth.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    /**
     * Community and estate cells: expected = the cell's cases of all topics that month × the topic's share among
     * the cases of the <em>other</em> communities that month. District cells: expected = district cases that month ×
     * the topic's district share over the previous {@code baselineMonths} months (none in the first month).
     */
    Detection detect(RecurringDetector detector, int baselineMonths) {
        int nm = months.size();
        long[] dist = district();
        Map<Integer, long[]> distTopic = districtByTopic();
        Map<String, long[]> commTotal = totals(Key::community);
        Map<String, long[]> placeTotal = totals(k -> k.community() + "\u001f" + k.place());
        Map<String, Map<Integer, long[]>> commTopic = new TreeMap<>();
        byCommunity().forEach((k, v) -> commTopic.computeIfAbsent(k.community(), x -> new TreeMap<>()).put(k.topicId(), v));

        List<RecurringDetector.Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, long[]>> c : commTopic.entrySet()) {
            long[] cTotal = commTotal.get(c.getKey());
            for (Map.Entry<Integer, long[]> topic : c.getValue().entrySet()) {
                if (topic.getKey() == TopicModel.UNASSIGNED_ID) {
                    continue;
                }
                double[] q = shareElsewhere(distTopic.get(topic.getKey()), dist, topic.getValue(), cTotal);
                series.add(new RecurringDetector.Series(c.getKey(), null, topic.getKey(), topic.getValue(), times(cTotal, q)));
            }
        }
        double[] alpha = clusterAlpha(placeTotal, detector.params());
        for (Map.Entry<Key, long[]> cell : cells.entrySet()) {
            Key k = cell.getKey();
            if (k.place() == null || k.topicId() == TopicModel.UNASSIGNED_ID) {
                continue;
            }
            long[] cTotal = commTotal.get(k.community());
            long[] here = commTopic.get(k.community()).get(k.topicId());
            double[] q = shareElsewhere(distTopic.get(k.topicId()), dist, here, cTotal);
            long[] pTotal = placeTotal.get(k.community() + "\u001f" + k.place());
            double[] cellAlpha = new double[nm];
            for (int t = 0; t < nm; t++) {
                cellAlpha[t] = pTotal[t] >= detector.params().minCount() ? alpha[t] : Double.NaN;
            }
            RecurringDetector.Cluster cluster = new RecurringDetector.Cluster(pTotal,
                    clusterShare(distTopic.get(k.topicId()), dist, here, cTotal), cellAlpha);
            series.add(new RecurringDetector.Series(k.community(), k.place(), k.topicId(), cell.getValue(), times(pTotal, q), 1.0, cluster));
        }
        for (Map.Entry<Integer, long[]> topic : distTopic.entrySet()) {
            if (topic.getKey() == TopicModel.UNASSIGNED_ID) {
                continue;
            }
            double[] e = new double[nm];
            for (int t = 0; t < nm; t++) {
                long y = 0;
                long n = 0;
                for (int u = Math.max(0, t - baselineMonths); u < t; u++) {
                    y += topic.getValue()[u];
                    n += dist[u];
                }
                e[t] = n == 0 ? Double.NaN : dist[t] * (y + 0.5) / (n + 1.0);
            }
            series.add(new RecurringDetector.Series(RecurringDetector.DISTRICT, null, topic.getKey(), topic.getValue(), e));
        }

        Map<String, Double> phi = dispersion(series);
        List<RecurringDetector.Signal> signals = new ArrayList<>();
        for (RecurringDetector.Series s : series) {
            double f = phi.get(level(s));
            signals.addAll(detector.detect(new RecurringDetector.Series(s.community(), s.place(), s.topicId(), s.counts(), s.expected(), f,
                    s.cluster())));
        }
        signals.sort(Comparator.comparingInt(RecurringDetector.Signal::asOfIndex).thenComparing(RecurringDetector.Signal::community)
                .thenComparing(RecurringDetector.Signal::place, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(RecurringDetector.Signal::topicId));
        List<Object[]> mart = new ArrayList<>();
        long flaggedLatest = 0;
        for (RecurringDetector.Signal s : signals) {
            long[] y = seriesOf(s, commTopic, distTopic);
            List<String> elevated = s.elevatedMonths().stream().map(months::get).toList();
            List<String> monthCounts = new ArrayList<>();
            for (int u = s.windowStart(); u <= s.asOfIndex(); u++) {
                monthCounts.add(months.get(u) + ":" + y[u]);
            }
            List<Integer> evidenceMonths = s.elevatedMonths().isEmpty()
                    ? java.util.stream.IntStream.rangeClosed(s.windowStart(), s.asOfIndex()).boxed().toList() : s.elevatedMonths();
            mart.add(TopicsCore.row(months.get(s.asOfIndex()), s.community(), s.place(), s.topicId(), labels.get(s.topicId()),
                    s.rule(), s.flagged(), s.stopped(), s.stoppedSinceIndex() == null ? null : months.get(s.stoppedSinceIndex()),
                    detector.params().windowMonths(), s.monthsElevated(), elevated, monthCounts, s.currentCount(),
                    round(s.expectedCount()), s.poissonP(), round(s.cusum()), detector.params().cusumH(),
                    months.get(s.firstMonthIndex()), examples(s, evidenceMonths), s.clusterP(), s.clusterAlpha()));
            if (s.flagged() && s.asOfIndex() == nm - 1) {
                flaggedLatest++;
            }
        }
        return new Detection(signals, mart, flaggedLatest, phi, clusterChance(detector, placeTotal, commTopic, commTotal, distTopic, dist,
                alpha, phi.get("place")));
    }

    static String level(RecurringDetector.Series s) {
        return s.community().equals(RecurringDetector.DISTRICT) ? "district" : s.place() == null ? "community" : "place";
    }

    /**
     * The dispersion φ of each level (community, place, district): the median of the squared Pearson residuals
     * (y − e)²/e over all cells and months with e ≥ 1, divided by 0.455 (the median of χ² with one degree of freedom,
     * so φ = 1 for Poisson counts). The median keeps planted or real stories from inflating it. Never below 1.
     */
    static Map<String, Double> dispersion(List<RecurringDetector.Series> series) {
        Map<String, List<Double>> r2 = new TreeMap<>();
        for (RecurringDetector.Series s : series) {
            for (int t = 0; t < s.counts().length; t++) {
                double e = s.expected()[t];
                if (e >= 1) {
                    double d = s.counts()[t] - e;
                    r2.computeIfAbsent(level(s), x -> new ArrayList<>()).add(d * d / e);
                }
            }
        }
        Map<String, Double> out = new TreeMap<>(Map.of("district", 1.0, "community", 1.0, "place", 1.0));
        r2.forEach((level, v) -> {
            v.sort(null);
            double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
            out.put(level, Math.max(1.0, median / 0.4549364));
        });
        return out;
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    private long[] seriesOf(RecurringDetector.Signal s, Map<String, Map<Integer, long[]>> commTopic, Map<Integer, long[]> distTopic) {
        if (s.community().equals(RecurringDetector.DISTRICT)) {
            return distTopic.get(s.topicId());
        }
        if (s.place() == null) {
            return commTopic.get(s.community()).get(s.topicId());
        }
        return cells.get(new Key(s.community(), s.place(), s.topicId()));
    }

    /** Up to 5 case ids of the cell in the given months, highest topic score first. */
    private List<String> examples(RecurringDetector.Signal s, List<Integer> inMonths) {
        List<Example> pool = new ArrayList<>();
        for (Map.Entry<Key, Map<Integer, List<Example>>> e : examples.entrySet()) {
            Key k = e.getKey();
            boolean match = k.topicId() == s.topicId()
                    && (s.community().equals(RecurringDetector.DISTRICT)
                    || k.community().equals(s.community()) && (s.place() == null || Objects.equals(k.place(), s.place())));
            if (!match) {
                continue;
            }
            for (int m : inMonths) {
                pool.addAll(e.getValue().getOrDefault(m, List.of()));
            }
        }
        pool.sort(Comparator.comparingDouble(Example::score).reversed().thenComparing(Example::caseId));
        return pool.stream().limit(5).map(Example::caseId).toList();
    }

    /**
     * The Bonferroni level of the estate cluster test, month by month: A / m, m = (estates with at least minCount cases
     * that month) × (topics). An estate with fewer cases cannot reach minCount cases of one topic, so it is not a test.
     * Summed over the m cells, the chance of a false cluster flag is at most A a month (NaN: no estate tested).
     */
    private double[] clusterAlpha(Map<String, long[]> placeTotal, RecurringDetector.Params p) {
        long topics = labels.keySet().stream().filter(id -> id != TopicModel.UNASSIGNED_ID).count();
        double[] alpha = new double[months.size()];
        for (int t = 0; t < alpha.length; t++) {
            long places = 0;
            for (Map.Entry<String, long[]> e : placeTotal.entrySet()) {
                if (!e.getKey().endsWith("\u001fnull") && e.getValue()[t] >= p.minCount()) {
                    places++;
                }
            }
            alpha[t] = places * topics == 0 ? Double.NaN : p.clusterFalseAlarms() / (places * topics);
        }
        return alpha;
    }

    /**
     * The topic's share among the cases outside this community each month, with half a case added to the topic and one
     * to the cases so it is never 0 (a topic nobody else raised that month is rare, not impossible); the whole
     * district's share when the community is the whole district.
     */
    static double[] clusterShare(long[] topicDistrict, long[] district, long[] topicHere, long[] totalHere) {
        double[] q = new double[district.length];
        for (int t = 0; t < district.length; t++) {
            long here = topicHere == null ? 0 : topicHere[t];
            long rest = district[t] - totalHere[t];
            q[t] = rest > 0 ? (topicDistrict[t] - here + 0.5) / (rest + 1.0) : (topicDistrict[t] + 0.5) / (district[t] + 1.0);
        }
        return q;
    }

    /**
     * The expected number of chance cluster flags in each month under the test's null: the sum over every estate and
     * topic tested that month of {@link RecurringDetector#clusterChance}. Bonferroni bounds it by A; this is the exact
     * value for the district's own estates and topic shares.
     */
    private Map<String, Double> clusterChance(RecurringDetector detector, Map<String, long[]> placeTotal,
                                              Map<String, Map<Integer, long[]>> commTopic, Map<String, long[]> commTotal,
                                              Map<Integer, long[]> distTopic, long[] dist, double[] alpha, double phi) {
        Map<String, Double> out = new TreeMap<>();
        long[] none = new long[months.size()];
        for (int t = 0; t < months.size(); t++) {
            double sum = 0;
            for (Map.Entry<String, long[]> e : placeTotal.entrySet()) {
                long n = e.getValue()[t];
                if (e.getKey().endsWith("\u001fnull") || n < detector.params().minCount()) {
                    continue;
                }
                String community = e.getKey().substring(0, e.getKey().indexOf('\u001f'));
                for (int topic : labels.keySet()) {
                    if (topic == TopicModel.UNASSIGNED_ID) {
                        continue;
                    }
                    long[] here = commTopic.getOrDefault(community, Map.of()).get(topic);
                    double q = clusterShare(distTopic.getOrDefault(topic, none), dist, here, commTotal.get(community))[t];
                    sum += detector.clusterChance(n, q, alpha[t], phi);
                }
            }
            out.put(months.get(t), sum);
        }
        return out;
    }

    /** Topic share among the cases outside this community each month (the whole district's when there are none). */
    private static double[] shareElsewhere(long[] topicDistrict, long[] district, long[] topicHere, long[] totalHere) {
        double[] q = new double[district.length];
        long allTopic = 0;
        long all = 0;
        for (int t = 0; t < district.length; t++) {
            allTopic += topicDistrict[t];
            all += district[t];
        }
        for (int t = 0; t < district.length; t++) {
            long here = topicHere == null ? 0 : topicHere[t];
            long rest = district[t] - totalHere[t];
            q[t] = rest > 0 ? (double) (topicDistrict[t] - here) / rest
                    : district[t] > 0 ? (double) topicDistrict[t] / district[t] : (double) allTopic / Math.max(1, all);
        }
        return q;
    }

    private static double[] times(long[] n, double[] q) {
        double[] e = new double[n.length];
        for (int t = 0; t < n.length; t++) {
            e[t] = n[t] * q[t];
        }
        return e;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TopicSeries(%d months, %d cells)", months.size(), cells.size());
    }
}
