package io.minqing.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleInsets;

/** One look for every chart: the CJK font, a quiet grid, and one palette shared with the HTML's CSS. */
public final class ChartTheme {

    /** Main colour (this month / the highlighted community). */
    public static final Color PRIMARY = new Color(0x1F5FA8);
    public static final Color ACCENT = new Color(0xC0392B);
    public static final Color GOOD = new Color(0x2E8B57);
    public static final Color MUTED = new Color(0x9AA3AD);
    public static final Color LIGHT = new Color(0xD5DAE0);
    public static final Color TEXT = new Color(0x222831);
    public static final Color GRID = new Color(0xE6E9ED);

    /** Categorical palette (Tableau 10, colour-blind safe order), for series without a meaning of their own. */
    public static final Color[] SERIES = {
            new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
            new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    public static final Stroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final Stroke THIN = new BasicStroke(1.2f);
    public static final Stroke DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    public static final Stroke DOTTED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {2f, 3f}, 0f);

    private ChartTheme() {
    }

    public static String hex(Color c) {
        return String.format("#%06X", c.getRGB() & 0xFFFFFF);
    }

    /** Applies fonts, colours and a light grid to {@code chart}; call after the plot and renderers are built. */
    public static JFreeChart apply(JFreeChart chart) {
        String family = CjkFonts.family();
        StandardChartTheme t = new StandardChartTheme("minqing");
        t.setExtraLargeFont(new Font(family, Font.BOLD, 20));
        t.setLargeFont(new Font(family, Font.BOLD, 15));
        t.setRegularFont(new Font(family, Font.PLAIN, 13));
        t.setSmallFont(new Font(family, Font.PLAIN, 11));
        t.setTitlePaint(TEXT);
        t.setSubtitlePaint(new Color(0x55606E));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(Color.WHITE);
        t.setDomainGridlinePaint(GRID);
        t.setRangeGridlinePaint(GRID);
        t.setAxisLabelPaint(new Color(0x55606E));
        t.setTickLabelPaint(TEXT);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setLegendItemPaint(TEXT);
        t.setItemLabelPaint(TEXT);
        t.setAxisOffset(RectangleInsets.ZERO_INSETS);
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        Paint[] paints = SERIES.clone();
        t.setDrawingSupplier(new DefaultDrawingSupplier(paints, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        t.apply(chart);
        chart.getPlot().setOutlineVisible(false);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    static void flatBars(BarRenderer r) {
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
    }
}
