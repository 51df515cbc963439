package io.minqing.reports;

import io.minqing.reports.Pack.ChannelCount;
import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.Funnel;
import io.minqing.reports.Pack.FunnelDot;
import io.minqing.reports.Pack.FunnelLimit;
import io.minqing.reports.Pack.KmPoint;
import io.minqing.reports.Pack.TopicCell;
import io.minqing.reports.Pack.TopicRow;
import io.minqing.reports.Pack.TrendPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.time.YearMonth;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The pack's charts, built from {@link Pack} values only (no metric is computed here). Each method returns a themed
 * {@link JFreeChart}; {@link ChartFiles} writes it as PNG (slides, Word) and SVG (inline in the HTML).
 */
public final class Charts {

    public static final String SERIES_RANKED = "参与排名";
    public static final String SERIES_UNRANKED = "件数不足，不排名";
    public static final String SERIES_COMMUNITIES = "社区";
    public static final String SERIES_TARGET = "全区水平";
    public static final String SERIES_L95_LO = "95%控制限";
    public static final String SERIES_L95_HI = "95%控制限(上)";
    public static final String SERIES_L998_LO = "99.8%控制限";
    public static final String SERIES_L998_HI = "99.8%控制限(上)";
    public static final String SERIES_DISTRICT = "全区";
    public static final String SERIES_LOW = "显著偏低";
    public static final String SERIES_HIGH = "显著偏高";

    private static final NumberFormat PCT = new DecimalFormat("0%");

    private Charts() {
    }

    // ---------------------------------------------------------------------------------------------------- ranking

    /**
     * The ranking score (综合得分, empirical-Bayes shrunk) per community with its 95% interval as whiskers, best at the
     * top. Communities not ranked (too few cases) are drawn grey in their own series ("件数不足，不排名") — shown, not
     * hidden. The dashed line is the district's composite score.
     */
    public static JFreeChart ranking(List<CommunityRow> rows, Double districtComposite) {
        List<CommunityRow> sorted = new ArrayList<>(rows.stream().filter(r -> r.rankScore() != null).toList());
        if (sorted.isEmpty()) {
            return null; // no community has a score (e.g. no surveys): no empty chart
        }
        // best at the top: the horizontal plot draws x = 0 at the bottom, so sort ascending
        sorted.sort(Comparator.comparing(CommunityRow::rankScore).thenComparing(CommunityRow::community, Comparator.reverseOrder()));
        YIntervalSeries ranked = new YIntervalSeries(SERIES_RANKED);
        YIntervalSeries unranked = new YIntervalSeries(SERIES_UNRANKED);
        String[] labels = new String[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            CommunityRow r = sorted.get(i);
            labels[i] = r.community() + (r.ranked() ? "" : "※");
            double lo = r.rankScoreLo() == null ? r.rankScore() : r.rankScoreLo();
            double hi = r.rankScoreHi() == null ? r.rankScore() : r.rankScoreHi();
            (r.ranked() ? ranked : unranked).add(i, r.rankScore(), lo, hi);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(ranked);
        data.addSeries(unranked);
        SymbolAxis communities = new SymbolAxis(null, labels);
        communities.setGridBandsVisible(false);
        NumberAxis score = new NumberAxis("综合得分（收缩估计，线段为95%区间）");
        double min = districtComposite == null ? 1 : districtComposite;
        double max = districtComposite == null ? 0 : districtComposite;
        for (CommunityRow row : sorted) {
            min = Math.min(min, row.rankScoreLo() == null ? row.rankScore() : row.rankScoreLo());
            max = Math.max(max, row.rankScoreHi() == null ? row.rankScore() : row.rankScoreHi());
        }
        rateAxis(score, min, max); // whole-percent ticks: close scores never read "92%, 92%, 92%"
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setCapLength(6);
        r.setErrorStroke(new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, communities, score, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        r.setSeriesPaint(0, ChartTheme.PRIMARY);
        r.setSeriesPaint(1, ChartTheme.MUTED);
        r.setErrorPaint(null); // whiskers in the series colour
        r.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setSeriesShape(1, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setDefaultLinesVisible(false);
        plot.setDomainGridlinesVisible(false);
        r.setSeriesVisibleInLegend(1, unranked.getItemCount() > 0);
        if (districtComposite != null) {
            ValueMarker m = marker(districtComposite, "全区 " + Fmt.pct(districtComposite));
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(m);
        }
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------- funnel

    /**
     * Funnel plot: each community's rate against its denominator, the district level and the 95% / 99.8% control limits
     * over the mart's grid of denominators (funnel_month). Communities the exact test flags (the mart's funnel zone) are
     * named, red when low and green when high. Null when no community has a denominator: no empty chart.
     */
    public static JFreeChart funnel(Funnel f, String rateName, String denominatorName) {
        if (f.dots().stream().noneMatch(d -> d.denominator() > 0 && d.rate() != null)) {
            return null;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries dots = new XYSeries(SERIES_COMMUNITIES, false, true);
        XYSeries target = new XYSeries(SERIES_TARGET, false, true);
        XYSeries lo95 = new XYSeries(SERIES_L95_LO, false, true);
        XYSeries hi95 = new XYSeries(SERIES_L95_HI, false, true);
        XYSeries lo998 = new XYSeries(SERIES_L998_LO, false, true);
        XYSeries hi998 = new XYSeries(SERIES_L998_HI, false, true);
        List<FunnelDot> shown = f.dots().stream().filter(d -> d.denominator() > 0 && d.rate() != null)
                .sorted(Comparator.comparingLong(FunnelDot::denominator).thenComparing(FunnelDot::community)).toList();
        long maxDen = shown.stream().mapToLong(FunnelDot::denominator).max().orElse(1);
        long minDen = shown.stream().mapToLong(FunnelDot::denominator).min().orElse(1);
        for (FunnelDot d : shown) {
            dots.add(d.denominator(), d.rate());
        }
        for (FunnelLimit l : f.limits()) {
            if (l.denominator() < Math.max(1, minDen / 2) || l.denominator() > maxDen * 1.15 + 1) {
                continue; // draw the limits over the communities' range (from half the smallest to just past the largest)
            }
            target.add(l.denominator(), l.target());
            lo95.add(l.denominator(), l.lo95());
            hi95.add(l.denominator(), l.hi95());
            lo998.add(l.denominator(), l.lo998());
            hi998.add(l.denominator(), l.hi998());
        }
        // the flagged communities again, on top in red / green (the exact test's flag, not the position to the limits)
        XYSeries low = new XYSeries(SERIES_LOW, false, true);
        XYSeries high = new XYSeries(SERIES_HIGH, false, true);
        for (FunnelDot d : shown) {
            if (d.zone() != null && !d.zone().equals("in_control")) {
                (d.zone().startsWith("low") ? low : high).add(d.denominator(), d.rate());
            }
        }
        for (XYSeries s : List.of(dots, target, lo95, hi95, lo998, hi998, low, high)) {
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis(denominatorName);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis(rateName);
        y.setNumberFormatOverride(PCT);
        // the y axis spans the communities and the 99.8% limits at their denominators (the limits of tiny n, far below,
        // are clipped rather than squeezing the dots into a thin band); a rate never exceeds 100%
        double lo = 1;
        for (int i = 0; i < dots.getItemCount(); i++) {
            lo = Math.min(lo, dots.getY(i).doubleValue());
        }
        for (int i = 0; i < lo998.getItemCount(); i++) {
            if (lo998.getX(i).doubleValue() >= minDen) {
                lo = Math.min(lo, lo998.getY(i).doubleValue());
            }
        }
        double hi = 0;
        for (int i = 0; i < dots.getItemCount(); i++) {
            hi = Math.max(hi, dots.getY(i).doubleValue());
        }
        for (int i = 0; i < hi998.getItemCount(); i++) {
            if (hi998.getX(i).doubleValue() >= minDen) {
                hi = Math.max(hi, hi998.getY(i).doubleValue());
            }
        }
        rateAxis(y, lo, hi);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setSeriesPaint(0, ChartTheme.PRIMARY);
        r.setSeriesPaint(1, ChartTheme.TEXT);
        r.setSeriesStroke(1, ChartTheme.THIN);
        r.setSeriesPaint(2, ChartTheme.MUTED);
        r.setSeriesPaint(3, ChartTheme.MUTED);
        r.setSeriesStroke(2, ChartTheme.DASHED);
        r.setSeriesStroke(3, ChartTheme.DASHED);
        r.setSeriesPaint(4, ChartTheme.ACCENT);
        r.setSeriesPaint(5, ChartTheme.ACCENT);
        r.setSeriesStroke(4, ChartTheme.DOTTED);
        r.setSeriesStroke(5, ChartTheme.DOTTED);
        for (int i = 1; i < 6; i++) {
            r.setSeriesShapesVisible(i, false);
            r.setSeriesLinesVisible(i, true);
        }
        // the upper and lower limit of a pair share one legend entry
        r.setSeriesVisibleInLegend(3, false);
        r.setSeriesVisibleInLegend(5, false);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD); // flagged dots on top
        for (int i = 6; i < 8; i++) {
            r.setSeriesLinesVisible(i, false);
            r.setSeriesShapesVisible(i, true);
            r.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
            r.setSeriesPaint(i, i == 6 ? ChartTheme.ACCENT : ChartTheme.GOOD);
            r.setSeriesVisibleInLegend(i, data.getSeries(i).getItemCount() > 0);
        }
        Font labelFont = CjkFonts.font(Font.PLAIN, 11f);
        // name the communities outside the 95% limits (the mart's funnel zone); the rest stay unlabelled
        for (FunnelDot d : shown) {
            if (d.zone() != null && !d.zone().equals("in_control")) {
                // names of dots near the right edge go to their left, so they are not cut off
                boolean right = d.denominator() > 0.75 * maxDen;
                XYTextAnnotation a = new XYTextAnnotation(right ? d.community() + " " : " " + d.community(), d.denominator(), d.rate());
                a.setFont(labelFont);
                a.setPaint(d.zone().startsWith("low") ? ChartTheme.ACCENT : ChartTheme.GOOD);
                a.setTextAnchor(right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
                plot.addAnnotation(a);
            }
        }
        return chart;
    }

    private static void addIf(XYSeries s, double x, Double y) {
        if (y != null) {
            s.add(x, y);
        }
    }

    // ---------------------------------------------------------------------------------------------------- KM

    /**
     * Kaplan–Meier curves (share still open vs days since receipt) per community. With {@code highlight} set, that
     * community is drawn in the main colour and the others light grey; without it, every community in grey except the
     * {@code emphasise} ones (e.g. the three slowest), which get palette colours.
     */
    public static JFreeChart km(List<KmPoint> points, String highlight, Set<String> emphasise) {
        if (points.isEmpty() || highlight != null && points.stream().noneMatch(p -> highlight.equals(p.community()))) {
            return null; // no case in the month (or none of this community's): no empty chart
        }
        Map<String, List<KmPoint>> by = points.stream().collect(Collectors.groupingBy(
                p -> p.community() == null ? SERIES_DISTRICT : p.community(), LinkedHashMap::new, Collectors.toList()));
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> order = new ArrayList<>(new TreeSet<>(by.keySet()));
        // draw the coloured curves last so they sit on top of the grey ones
        order.sort(Comparator.comparing((String c) -> c.equals(SERIES_DISTRICT) ? 2 : c.equals(highlight) || emphasise.contains(c) ? 1 : 0));
        for (String c : order) {
            // a step function: before each drop, a point at the new time with the previous level; drawn as one path
            XYSeries s = new XYSeries(c, false, true);
            Double level = null;
            for (KmPoint p : by.get(c)) {
                double day = p.hours() / 24.0;
                if (level != null && level != p.survival()) {
                    s.add(day, level);
                }
                s.add(day, p.survival());
                level = p.survival();
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("收件后天数");
        NumberAxis y = new NumberAxis("尚未办结的比例（虚线 50% 处即中位数）");
        y.setNumberFormatOverride(PCT);
        y.setRange(0, 1.02);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        int colour = 0;
        for (int i = 0; i < order.size(); i++) {
            String c = order.get(i);
            boolean strong = c.equals(highlight) || emphasise.contains(c);
            if (c.equals(SERIES_DISTRICT)) {
                r.setSeriesPaint(i, ChartTheme.TEXT);
                r.setSeriesStroke(i, ChartTheme.DASHED);
            } else if (strong) {
                r.setSeriesPaint(i, highlight != null ? ChartTheme.PRIMARY : ChartTheme.SERIES[(colour++) % ChartTheme.SERIES.length]);
                r.setSeriesStroke(i, ChartTheme.LINE);
            } else {
                r.setSeriesPaint(i, ChartTheme.LIGHT);
                r.setSeriesStroke(i, ChartTheme.THIN);
                r.setSeriesVisibleInLegend(i, false);
            }
        }
        // the 50% line: where a curve crosses it is the median time to resolution
        plot.addRangeMarker(new ValueMarker(0.5, ChartTheme.MUTED, ChartTheme.DASHED));
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------- trends

    /** The four rates and 综合得分 over the months of {@code trend}; null when no month has any of them. */
    public static JFreeChart rateTrend(List<TrendPoint> trend) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (TrendPoint p : trend) {
            String m = p.category();
            addIf(data, p.response(), "响应率", m);
            addIf(data, p.onTime(), "按期办结率", m);
            addIf(data, p.resolution(), "解决率", m);
            addIf(data, p.satisfaction(), "满意率", m);
            addIf(data, p.composite(), "综合得分", m);
        }
        if (data.getRowCount() == 0) {
            return null;
        }
        JFreeChart chart = partialNote(lineChart(data, "比例"), trend);
        LineAndShapeRenderer r = (LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
        int composite = data.getRowIndex("综合得分");
        if (composite >= 0) {
            r.setSeriesPaint(composite, ChartTheme.TEXT);
            r.setSeriesStroke(composite, new BasicStroke(3.2f));
        }
        return chart;
    }

    /** One metric of a community against the district over the months: the community page's trend. */
    public static JFreeChart compareTrend(String community, List<TrendPoint> own, List<TrendPoint> district,
                                          Function<TrendPoint, Double> metric, String metricName) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, TrendPoint> d = new HashMap<>();
        for (TrendPoint p : district) {
            d.put(p.month().toString(), p);
        }
        for (TrendPoint p : own) {
            String m = p.category();
            addIf(data, metric.apply(p), community, m);
            TrendPoint dp = d.get(p.month().toString());
            if (dp != null) {
                addIf(data, metric.apply(dp), SERIES_DISTRICT, m);
            }
        }
        if (data.getRowIndex(community) < 0) {
            return null; // the community never has this metric in the period: no chart
        }
        JFreeChart chart = partialNote(lineChart(data, metricName), own);
        LineAndShapeRenderer r = (LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
        r.setSeriesPaint(0, ChartTheme.PRIMARY);
        r.setSeriesPaint(1, ChartTheme.MUTED);
        r.setSeriesStroke(1, ChartTheme.DASHED);
        return chart;
    }

    /** 主动发现占比: the share of cases workers found themselves, per month; null when no month has cases. */
    public static JFreeChart proactiveShare(List<TrendPoint> trend) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (TrendPoint p : trend) {
            addIf(data, p.proactiveShare(), "主动发现占比", p.category());
        }
        if (data.getRowCount() == 0) {
            return null;
        }
        JFreeChart chart = partialNote(lineChart(data, "主动发现件占收件量"), trend);
        chart.getCategoryPlot().getRenderer().setSeriesPaint(0, ChartTheme.GOOD);
        chart.removeLegend();
        return chart;
    }

    private static JFreeChart lineChart(DefaultCategoryDataset data, String valueAxis) {
        CategoryAxis months = new MonthAxis();
        months.setLowerMargin(0.01);
        months.setUpperMargin(0.01);
        NumberAxis y = new NumberAxis(valueAxis);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < data.getRowCount(); row++) {
            for (int col = 0; col < data.getColumnCount(); col++) {
                Number v = data.getValue(row, col);
                if (v != null) {
                    min = Math.min(min, v.doubleValue());
                    max = Math.max(max, v.doubleValue());
                }
            }
        }
        rateAxis(y, min, max);
        LineAndShapeRenderer r = new LineAndShapeRenderer(true, true);
        r.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
        CategoryPlot plot = new CategoryPlot(data, months, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesStroke(i, ChartTheme.LINE);
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setDomainGridlinesVisible(false);
        return chart;
    }

    private static void addIf(DefaultCategoryDataset d, Double v, String series, String category) {
        if (v != null) {
            d.addValue(v, series, category);
        }
    }

    // ---------------------------------------------------------------------------------------------------- channels

    /** 渠道构成: district cases per channel per month, as stacked shares (the dataset holds the counts). */
    public static JFreeChart channelMix(List<ChannelCount> counts) {
        if (counts.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // series in a fixed order: biggest channel over the whole period first
        Map<String, Long> totals = new HashMap<>();
        for (ChannelCount c : counts) {
            totals.merge(c.label(), c.cases(), Long::sum);
        }
        List<String> series = totals.keySet().stream()
                .sorted(Comparator.comparing((String s) -> -totals.get(s)).thenComparing(s -> s)).toList();
        Set<String> months = new TreeSet<>();
        counts.forEach(c -> months.add(c.month().toString()));
        for (String s : series) {
            for (String m : months) {
                data.addValue(0, s, m);
            }
        }
        for (ChannelCount c : counts) {
            data.setValue(data.getValue(c.label(), c.month().toString()).longValue() + c.cases(), c.label(),
                    c.month().toString());
        }
        CategoryAxis x = new MonthAxis();
        NumberAxis y = new NumberAxis("占当月收件量");
        y.setNumberFormatOverride(PCT);
        y.setRange(0, 1);
        StackedBarRenderer r = new StackedBarRenderer(true);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        ChartTheme.flatBars(r);
        r.setItemMargin(0);
        x.setCategoryMargin(0.25);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, ChartTheme.SERIES[i % ChartTheme.SERIES.length]);
        }
        plot.setDomainGridlinesVisible(false);
        return chart;
    }

    // ---------------------------------------------------------------------------------------------------- heat map

    /**
     * 社区 × 主题 heat map of this month's case counts: rows are communities, columns the {@code topics} in the given
     * order. The dataset's x is the topic index, y the community index, z the count.
     */
    public static JFreeChart heatMap(List<String> communities, List<TopicRow> topics, List<TopicCell> cells) {
        Map<Integer, Integer> col = new HashMap<>();
        for (int i = 0; i < topics.size(); i++) {
            col.put(topics.get(i).topicId(), i);
        }
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < communities.size(); i++) {
            row.put(communities.get(i), communities.size() - 1 - i); // first community at the top
        }
        int n = topics.size() * communities.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] zs = new double[n];
        for (int c = 0; c < topics.size(); c++) {
            for (int k = 0; k < communities.size(); k++) {
                xs[c * communities.size() + k] = c;
                ys[c * communities.size() + k] = k;
            }
        }
        long max = 1;
        for (TopicCell cell : cells) {
            Integer c = col.get(cell.topicId());
            Integer k = row.get(cell.community());
            if (c != null && k != null) {
                zs[c * communities.size() + k] = cell.cases();
                max = Math.max(max, cell.cases());
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("件数", new double[][] {xs, ys, zs});
        String[] topicLabels = topics.stream().map(TopicRow::label).toArray(String[]::new);
        String[] communityLabels = new String[communities.size()];
        for (int i = 0; i < communities.size(); i++) {
            communityLabels[communities.size() - 1 - i] = communities.get(i);
        }
        SymbolAxis x = new SymbolAxis(null, topicLabels);
        x.setVerticalTickLabels(true);
        x.setGridBandsVisible(false);
        SymbolAxis y = new SymbolAxis(null, communityLabels);
        y.setGridBandsVisible(false);
        XYBlockRenderer r = new XYBlockRenderer();
        LookupPaintScale scale = heatScale(max);
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        ChartTheme.apply(chart);
        // the count in each cell, so a slide can be read without the colour scale
        Font cellFont = CjkFonts.font(Font.PLAIN, topics.size() > 10 || communities.size() > 12 ? 10f : 12f);
        for (int i = 0; i < n; i++) {
            if (zs[i] > 0) {
                XYTextAnnotation a = new XYTextAnnotation(Long.toString((long) zs[i]), xs[i], ys[i]);
                a.setFont(cellFont);
                a.setPaint(zs[i] / max > 0.5 ? Color.WHITE : ChartTheme.TEXT);
                plot.addAnnotation(a);
            }
        }
        NumberAxis scaleAxis = new NumberAxis("件数");
        scaleAxis.setRange(0, max);
        scaleAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(20, 10, 20, 4));
        legend.setStripWidth(12);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        scaleAxis.setTickLabelFont(CjkFonts.font(Font.PLAIN, 11f));
        scaleAxis.setLabelFont(CjkFonts.font(Font.PLAIN, 12f));
        return chart;
    }

    /** White for 0, then eight steps from pale to dark blue up to {@code max}. */
    static LookupPaintScale heatScale(long max) {
        LookupPaintScale s = new LookupPaintScale(0, Math.max(1, max) + 1e-9, Color.WHITE);
        Color lo = new Color(0xDEEBF7);
        Color hi = new Color(0x08306B);
        s.add(0, new Color(0xF7F9FB));
        int steps = 8;
        for (int i = 0; i < steps; i++) {
            double from = 0.5 + (Math.max(1, max) - 0.5) * i / steps;
            double t = steps == 1 ? 1 : (double) i / (steps - 1);
            s.add(from, mix(lo, hi, t));
        }
        return s;
    }

    static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /**
     * An honest percentage axis for values between {@code min} and {@code max} (fractions): whole-percent ticks at a
     * step that gives 4–10 ticks, the range padded to the next tick below and a little above, never below 0% and
     * with no tick above 100% (a rate cannot exceed it). A flat series (all values equal, e.g. 0%) gets a range
     * around it rather than ticks that repeat the same rounded label or read "−0%".
     */
    static void rateAxis(NumberAxis y, double min, double max) {
        if (!(min <= max)) { // no value at all
            min = 0;
            max = 1;
        }
        if (max - min < 0.04) { // widen a flat or nearly flat series to 4 points, inside 0–100%
            double pad = (0.04 - (max - min)) / 2;
            min -= pad;
            max += pad;
            if (max > 1) {
                min -= max - 1;
                max = 1;
            }
            if (min < 0) {
                max -= min;
                min = 0;
            }
        }
        double span = max - min;
        double step = 0.01;
        for (double s : new double[] {0.01, 0.02, 0.05, 0.1, 0.2, 0.25}) {
            step = s;
            if (span / s <= 8) {
                break;
            }
        }
        double lo = Math.max(0, Math.floor((min - step * 0.3) / step + 1e-9) * step);
        double hi = Math.ceil((max + step * 0.3) / step - 1e-9) * step;
        lo = Math.round(lo * 1e6) / 1e6; // 12 · 0.05 is 0.6000000000000001, which would hide the 60% tick
        hi = Math.round(hi * 1e6) / 1e6;
        if (hi > 1) {
            hi = 1 + step * 0.3; // room for dots at 100% without a 10x% tick
        }
        y.setRange(lo, hi);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(step, new DecimalFormat("0%")));
    }

    /** Marks a chart whose months include the running one ("*" after the month on the axis). */
    private static JFreeChart partialNote(JFreeChart chart, List<TrendPoint> trend) {
        boolean shown = !(chart.getPlot() instanceof CategoryPlot cp)
                || cp.getDataset().getColumnKeys().stream().anyMatch(k -> k.toString().endsWith("*"));
        if (shown && trend.stream().anyMatch(p -> !p.complete())) {
            TextTitle t = new TextTitle("* 进行中的月份，临时数", CjkFonts.font(Font.PLAIN, 11f));
            t.setPaint(new Color(0x7A4B00));
            t.setPosition(RectangleEdge.BOTTOM);
            chart.addSubtitle(t);
        }
        return chart;
    }

    /**
     * One rate of a community over the months with its Wilson 95% interval as a band, against the district's rate
     * (dashed): the community page's trend. Months without a denominator leave a gap. Null when the community never
     * has the rate in the period.
     */
    public static JFreeChart rateTrendWithInterval(String community, List<TrendPoint> own, List<TrendPoint> district,
                                                   int rateIndex, String rateName) {
        Map<YearMonth, TrendPoint> d = new HashMap<>();
        for (TrendPoint p : district) {
            d.put(p.month(), p);
        }
        List<TrendPoint> months = own.isEmpty() ? district : own;
        String[] labels = new String[months.size()];
        YIntervalSeries band = new YIntervalSeries(community + "（阴影为95%区间）");
        YIntervalSeries whole = new YIntervalSeries(SERIES_DISTRICT);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < months.size(); i++) {
            TrendPoint p = months.get(i);
            labels[i] = MonthAxis.shortLabel(p.month().toString(), i == 0) + (p.complete() ? "" : "*");
            Pack.Rate r = p.rates().get(rateIndex);
            if (r.value() != null) {
                double lo = r.lo() == null ? r.value() : r.lo();
                double hi = r.hi() == null ? r.value() : r.hi();
                band.add(i, r.value(), lo, hi);
                min = Math.min(min, lo);
                max = Math.max(max, hi);
            }
            TrendPoint dp = d.get(p.month());
            Pack.Rate dr = dp == null ? null : dp.rates().get(rateIndex);
            if (dr != null && dr.value() != null) {
                whole.add(i, dr.value(), dr.value(), dr.value());
                min = Math.min(min, dr.value());
                max = Math.max(max, dr.value());
            }
        }
        if (band.getItemCount() == 0) {
            return null;
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(band);
        data.addSeries(whole);
        SymbolAxis x = new SymbolAxis(null, labels);
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(rateName);
        rateAxis(y, min, max);
        org.jfree.chart.renderer.xy.DeviationRenderer r = new org.jfree.chart.renderer.xy.DeviationRenderer(true, true);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartTheme.apply(chart);
        r.setSeriesPaint(0, ChartTheme.PRIMARY);
        r.setSeriesFillPaint(0, new Color(0x1F5FA8));
        r.setAlpha(0.18f);
        r.setSeriesStroke(0, ChartTheme.LINE);
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(1, ChartTheme.MUTED);
        r.setSeriesFillPaint(1, ChartTheme.MUTED);
        r.setSeriesStroke(1, ChartTheme.DASHED);
        r.setSeriesShapesVisible(1, false);
        plot.setDomainGridlinesVisible(false);
        return partialNote(chart, months);
    }

    private static ValueMarker marker(double value, String label) {
        ValueMarker m = new ValueMarker(value, ChartTheme.MUTED, ChartTheme.DASHED);
        m.setLabel(label);
        m.setLabelFont(CjkFonts.font(Font.PLAIN, 11f));
        m.setLabelPaint(new Color(0x55606E));
        m.setLabelBackgroundColor(Color.WHITE);
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return m;
    }

    /** A chart titled for slides: title plus a grey subtitle (source and month). */
    public static JFreeChart titled(JFreeChart chart, String title, String subtitle) {
        chart.setTitle(new TextTitle(title, CjkFonts.font(Font.BOLD, 18f)));
        if (subtitle != null) {
            TextTitle sub = new TextTitle(subtitle, CjkFonts.font(Font.PLAIN, 12f));
            sub.setPaint(new Color(0x55606E));
            chart.addSubtitle(0, sub);
        }
        return chart;
    }

    /**
     * A month axis with short horizontal labels: "8月", with the year where it starts or changes ("21年1月"), so twelve
     * months fit without rotation (rotated text would become glyph outlines in the SVG). Categories stay yyyy-MM.
     */
    static final class MonthAxis extends CategoryAxis {
        private static final long serialVersionUID = 1L;

        MonthAxis() {
            super(null);
            // "20年9月" may be a little wider than its category in a half-width chart; the neighbours are short
            setMaximumCategoryLabelWidthRatio(1.8f);
            setMaximumCategoryLabelLines(1);
        }

        static String shortLabel(String yyyyMM, boolean withYear) {
            if (!yyyyMM.matches("\\d{4}-\\d{2}\\*?")) {
                return yyyyMM;
            }
            int month = Integer.parseInt(yyyyMM.substring(5, 7));
            return (withYear || month == 1 ? yyyyMM.substring(2, 4) + "年" : "") + month + "月" + yyyyMM.substring(7);
        }

        @Override
        protected org.jfree.chart.text.TextBlock createLabel(Comparable category, float width, RectangleEdge edge,
                                                             java.awt.Graphics2D g2) {
            boolean first = getPlot() instanceof CategoryPlot p && p.getCategories() != null && !p.getCategories().isEmpty()
                    && p.getCategories().get(0).equals(category);
            return super.createLabel(shortLabel(category.toString(), first), width, edge, g2);
        }
    }
}
