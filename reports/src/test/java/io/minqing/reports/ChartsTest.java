package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.reports.Pack.ChannelCount;
import io.minqing.reports.Pack.Funnel;
import io.minqing.reports.Pack.FunnelDot;
import io.minqing.reports.Pack.FunnelLimit;
import io.minqing.reports.Pack.KmPoint;
import io.minqing.reports.Pack.TopicCell;
import io.minqing.reports.Pack.TopicRow;
import io.minqing.reports.Pack.TrendPoint;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

/** The charts' datasets hold exactly the values given (charts compute nothing). */
class ChartsTest {

    @Test
    void rankingPutsRankedAndUnrankedInTheirOwnSeriesBestOnTop() {
        JFreeChart c = Charts.ranking(List.of(FixtureRows.row("A社区", 0.70, true), FixtureRows.row("B社区", 0.90, true),
                FixtureRows.row("C社区", 0.80, false)), 0.82);
        XYPlot plot = c.getXYPlot();
        YIntervalSeriesCollection d = (YIntervalSeriesCollection) plot.getDataset();
        assertEquals(Charts.SERIES_RANKED, d.getSeriesKey(0));
        assertEquals(Charts.SERIES_UNRANKED, d.getSeriesKey(1));
        // ascending by score, so the best is drawn at the top: A (0.70) at 0, C (0.80) at 1, B (0.90) at 2
        assertEquals(2, d.getItemCount(0));
        assertEquals(0.0, d.getXValue(0, 0));
        assertEquals(0.70, d.getYValue(0, 0), 1e-12);
        assertEquals(0.60, d.getStartYValue(0, 0), 1e-12);    // score − 0.1 in FixtureRows
        assertEquals(0.75, d.getEndYValue(0, 0), 1e-12);      // score + 0.05
        assertEquals(2.0, d.getXValue(0, 1));
        assertEquals(1, d.getItemCount(1));
        assertEquals(1.0, d.getXValue(1, 0));
        SymbolAxis axis = (SymbolAxis) plot.getDomainAxis();
        assertEquals(List.of("A社区", "C社区※", "B社区"), List.of(axis.getSymbols()));
        assertEquals(0.82, plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next() instanceof org.jfree.chart.plot.ValueMarker m ? m.getValue() : -1, 1e-12);
    }

    @Test
    void funnelHoldsDotsTargetAndLimits() {
        Funnel f = new Funnel("resolution_rate", List.of(new FunnelDot("A", 10, 5, 0.5, "low_95"), new FunnelDot("B", 20, 16, 0.8, "in_control"),
                new FunnelDot("C", 0, 0, null, null)),
                List.of(new FunnelLimit(5, 0.8, 0.45, 1.0, 0.3, 1.0), new FunnelLimit(10, 0.8, 0.55, 1.0, 0.42, 1.0),
                        new FunnelLimit(20, 0.8, 0.62, 0.97, 0.52, 1.0), new FunnelLimit(200, 0.8, 0.74, 0.85, 0.71, 0.88)), false);
        XYDataset d = Charts.funnel(f, "解决率", "测评数").getXYPlot().getDataset();
        assertEquals(8, d.getSeriesCount());
        // A (low_95) is drawn again in the "显著偏低" series, nobody in "显著偏高"
        assertEquals(Charts.SERIES_LOW, d.getSeriesKey(6));
        assertEquals(1, d.getItemCount(6));
        assertEquals(10.0, d.getXValue(6, 0));
        assertEquals(0, d.getItemCount(7));
        assertEquals(Charts.SERIES_COMMUNITIES, d.getSeriesKey(0));
        assertEquals(2, d.getItemCount(0), "C has no denominator and is not drawn");
        assertEquals(10.0, d.getXValue(0, 0));
        assertEquals(0.5, d.getYValue(0, 0));
        // limits only up to just past the biggest community (20 · 1.15 + 1 = 24): the grid point 200 is left out
        assertEquals(3, d.getItemCount(2));
        assertEquals(0.55, d.getYValue(2, 1), 1e-12);          // lo95 at n = 10
        assertEquals(0.52, d.getYValue(4, 2), 1e-12);          // lo998 at n = 20
        assertEquals(0.8, d.getYValue(1, 0), 1e-12);           // target
        assertEquals(1, Charts.funnel(f, "解决率", "测评数").getXYPlot().getAnnotations().size(), "only A is named");
        // the axis: lowest value 0.30 (lo998 at n = 5 lies left of the smallest community, n = 10, and is ignored;
        // the lowest drawn at n ≥ 10 is 0.42), highest 1.0: span 0.58 → step 0.1, from 0.3 (⌊(0.42 − 0.03)/0.1⌋·0.1)
        // to 1.03 (room above 100%, no 110% tick)
        org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) Charts.funnel(f, "解决率", "测评数").getXYPlot().getRangeAxis();
        assertEquals(0.3, y.getLowerBound(), 1e-9);
        assertEquals(1.03, y.getUpperBound(), 1e-9);
        assertEquals(0.1, y.getTickUnit().getSize(), 1e-12);
        // no community with a denominator: no chart at all, rather than an empty one
        assertEquals(null, Charts.funnel(new Funnel("resolution_rate", List.of(new FunnelDot("C", 0, 0, null, null)), List.of(), false),
                "解决率", "测评数"));
    }

    @Test
    void percentAxesAreHonest() {
        // a flat 0% series (proactive share of a district with no proactive case): widened to 0–4% (not below 0),
        // step 0.01 (span 0.04/0.01 = 4 ticks); upper ⌈(0.04 + 0.003)/0.01⌉·0.01 = 0.05; never "−0%"
        org.jfree.chart.axis.NumberAxis y = new org.jfree.chart.axis.NumberAxis();
        Charts.rateAxis(y, 0, 0);
        assertEquals(0.0, y.getLowerBound(), 1e-12);
        assertEquals(0.05, y.getUpperBound(), 1e-9);
        assertEquals(0.01, y.getTickUnit().getSize(), 1e-12);
        // rates all at 100% (a running month's few surveys): widened to 96–100%, lower ⌊(0.96 − 0.003)/0.01⌋·0.01 = 0.95;
        // the ticks stop at 100% with room for the dots above (1 + 0.3·0.01), not "102%, 102%, 101%"
        Charts.rateAxis(y, 1.0, 1.0);
        assertEquals(0.95, y.getLowerBound(), 1e-9);
        assertEquals(1.003, y.getUpperBound(), 1e-9);
        assertEquals("100%", y.getTickUnit().valueToString(1.0));
        assertEquals("99%", y.getTickUnit().valueToString(0.99));
    }

    @Test
    void kmHasOneSeriesPerUnitInDaysWithTheDistrictDrawnLast() {
        List<KmPoint> pts = List.of(new KmPoint(null, 0, 1), new KmPoint(null, 48, 0.4), new KmPoint("甲", 0, 1),
                new KmPoint("甲", 24, 0.5), new KmPoint("乙", 0, 1), new KmPoint("乙", 72, 0.2));
        XYDataset d = Charts.km(pts, null, Set.of("甲")).getXYPlot().getDataset();
        assertEquals(List.of("乙", "甲", Charts.SERIES_DISTRICT), List.of(d.getSeriesKey(0), d.getSeriesKey(1), d.getSeriesKey(2)));
        // drawn as a step: (0 d, 1), (1 d, 1), (1 d, 0.5) — the drop at 24 h
        assertEquals(3, d.getItemCount(1));
        assertEquals(1.0, d.getXValue(1, 1), 1e-12);
        assertEquals(1.0, d.getYValue(1, 1), 1e-12);
        assertEquals(1.0, d.getXValue(1, 2), 1e-12);
        assertEquals(0.5, d.getYValue(1, 2), 1e-12);
        assertEquals(2.0, d.getXValue(2, 2), 1e-12);           // district 48 h = 2 days
        assertEquals(0.4, d.getYValue(2, 2), 1e-12);
    }

    @Test
    void trendAndChannelDatasets() {
        YearMonth m = YearMonth.of(2021, 8);
        List<TrendPoint> trend = List.of(new TrendPoint(m.minusMonths(1), 60, 0.8, 0.7, 0.6, 0.9, 0.75, 0.3, 50.0),
                new TrendPoint(m, 75, 0.85, null, 0.65, 0.88, 0.77, 0.33, 60.0));
        CategoryDataset t = Charts.rateTrend(trend).getCategoryPlot().getDataset();
        assertEquals(List.of("响应率", "按期办结率", "解决率", "满意率", "综合得分"), t.getRowKeys());
        assertEquals(List.of("2021-07", "2021-08"), t.getColumnKeys());
        assertEquals(0.65, t.getValue("解决率", "2021-08").doubleValue(), 1e-12);
        assertEquals(null, t.getValue("按期办结率", "2021-08"), "a null rate is a gap, not a zero");
        CategoryDataset c = Charts.channelMix(List.of(new ChannelCount(m, "hotline", "热线电话", 30),
                new ChannelCount(m, "diary", "民情日志/走访", 45), new ChannelCount(m.minusMonths(1), "hotline", "热线电话", 10)))
                .getCategoryPlot().getDataset();
        // series ordered by the total over the months: 民情日志 45, 热线 30 + 10 = 40
        assertEquals(List.of("民情日志/走访", "热线电话"), c.getRowKeys());
        assertEquals(10, c.getValue("热线电话", "2021-07").intValue());
        assertEquals(0, c.getValue("民情日志/走访", "2021-07").intValue());
        assertEquals(45, c.getValue("民情日志/走访", "2021-08").intValue());
    }

    @Test
    void monthLabelsAreShortAndCarryTheYearWhereItChanges() {
        assertEquals("20年9月", Charts.MonthAxis.shortLabel("2020-09", true));
        assertEquals("10月", Charts.MonthAxis.shortLabel("2020-10", false));
        assertEquals("21年1月", Charts.MonthAxis.shortLabel("2021-01", false));
        assertEquals("其他", Charts.MonthAxis.shortLabel("其他", false));
        assertEquals("9月*", Charts.MonthAxis.shortLabel("2021-09*", false), "the running month keeps its mark");
    }

    @Test
    void heatMapCellsLandOnTopicAndCommunity() {
        List<TopicRow> topics = List.of(new TopicRow(7, "电动车充电", List.of(), 5, 0.1, null), new TopicRow(3, "违建", List.of(), 2, 0.1, null));
        XYZDataset d = (XYZDataset) Charts.heatMap(List.of("甲", "乙"), topics,
                List.of(new TopicCell("甲", 7, 5, 0.5), new TopicCell("乙", 3, 2, 0.2))).getXYPlot().getDataset();
        assertEquals(4, d.getItemCount(0));
        // item index = topicColumn · communities + row; row 1 is the top (甲), row 0 乙
        assertEquals(5.0, d.getZValue(0, 0 * 2 + 1), 1e-12);   // 电动车充电 × 甲
        assertEquals(2.0, d.getZValue(0, 1 * 2 + 0), 1e-12);   // 违建 × 乙
        assertEquals(0.0, d.getZValue(0, 0 * 2 + 0), 1e-12);
        assertTrue(Charts.heatScale(5).getPaint(5) != Charts.heatScale(5).getPaint(0));
    }
}
