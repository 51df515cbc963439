package io.minqing.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG: cost against input size on log-log axes — wall seconds, CPU seconds (less disturbed by other work on a
 * shared machine) and peak memory — one line per
 * stage and engine: a colour per stage, solid for minqing (default engine), dotted with diamonds for minqing on Spark,
 * dashed with hollow markers for its DuckDB counterpart, dash-dotted with hollow triangles for the DuckDB ingest doing
 * the same per-row work ({@code duckdb-work}).
 */
public final class CostChart {

    static final String FONT = "WenQuanYi Micro Hei";

    /** One colour per stage, in pipeline order (colour-blind-safe Okabe–Ito palette). */
    static final Map<String, Color> STAGE_COLOURS = new LinkedHashMap<>();

    static {
        STAGE_COLOURS.put("generate", new Color(0x999999));
        STAGE_COLOURS.put("ingest", new Color(0x0072B2));
        STAGE_COLOURS.put("metrics", new Color(0xD55E00));
        STAGE_COLOURS.put("topics", new Color(0x009E73));
        STAGE_COLOURS.put("report", new Color(0xCC79A7));
        STAGE_COLOURS.put("export", new Color(0xE69F00));
    }

    private CostChart() {
    }

    /** Redraws the chart from one or more bench.csv files: {@code CostChart OUT.png IN.csv [IN.csv …]}. */
    public static void main(String[] args) throws IOException {
        List<Measurement> rows = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            rows.addAll(Results.readCsv(Path.of(args[i])).rows());
        }
        write(rows, Path.of(args[0]));
        System.out.print(new Results(rows).table());
    }

    public static void write(List<Measurement> rows, Path png) throws IOException {
        Font base = new Font(FONT, Font.PLAIN, 13);
        LogAxis x = logAxis("cases (input size)", base);
        double minN = rows.stream().mapToDouble(Measurement::cases).min().orElse(1e4);
        double maxN = rows.stream().mapToDouble(Measurement::cases).max().orElse(1e7);
        double[] range = sizeRange(minN, maxN);
        x.setRange(range[0], range[1]);
        x.setNumberFormatOverride(new SizeFormat());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(28);
        combined.add(panel(rows, Measurement::wallSeconds, "wall time (s)", base, true), 1);
        combined.add(panel(rows, Measurement::cpuSeconds, "CPU time (s)", base, false), 1);
        combined.add(panel(rows, Measurement::maxRssMb, "peak memory (MB)", base, false), 1);
        JFreeChart chart = new JFreeChart(null, base, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 28));
        chart.addSubtitle(new TextTitle("minqing bench — cost of each stage against input size (log–log)",
                new Font(FONT, Font.BOLD, 17)));
        chart.addSubtitle(new TextTitle("each stage its own process; dots = minqing (embedded engine), diamonds = minqing --engine spark, hollow squares = hand-written DuckDB, "
                + "hollow triangles = DuckDB ingest doing the same per-row work",
                new Font(FONT, Font.PLAIN, 12)));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(base);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 1200);
    }

    /**
     * The cases axis: half a size either side, so the first and last points are not on the frame; ticks at whole
     * decades, so when that holds fewer than two powers of ten (one size) the axis spans the decades around it
     * instead, one more on a side where the size sits on a decade (a single 10M run in the middle of 1M–100M, not
     * on the frame's left edge).
     */
    static double[] sizeRange(double minN, double maxN) {
        if (Math.floor(Math.log10(maxN * 2)) - Math.ceil(Math.log10(minN / 2)) >= 1) {
            return new double[] {minN / 2, maxN * 2};
        }
        double[] d = decades(minN, maxN);
        if (minN <= d[0] * 1.0001) {
            d[0] /= 10;
        }
        if (maxN >= d[1] / 1.0001) {
            d[1] *= 10;
        }
        return new double[] {d[0] / 1.15, d[1] * 1.15};
    }

    /**
     * The whole decades around [min, max], so a log axis always shows at least two labelled powers of ten:
     * (3.8, 184) → (1, 1000); (250, 250) → (100, 1000); (100, 1000) → (100, 1000).
     */
    static double[] decades(double min, double max) {
        double lo = Math.pow(10, Math.floor(Math.log10(min) + 1e-9));
        double hi = Math.pow(10, Math.ceil(Math.log10(max) - 1e-9));
        return new double[] {lo, hi > lo ? hi : lo * 10};
    }

    /** Case counts as people say them: 10k, 100k, 1M, 10M (other values plainly). */
    static final class SizeFormat extends java.text.NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("format only");
        }

        static String label(double v) {
            if (v >= 1e6 && Math.abs(v / 1e6 - Math.rint(v / 1e6)) < 1e-9) {
                return (long) Math.rint(v / 1e6) + "M";
            }
            if (v >= 1e3 && Math.abs(v / 1e3 - Math.rint(v / 1e3)) < 1e-9) {
                return (long) Math.rint(v / 1e3) + "k";
            }
            return new java.text.DecimalFormat("#,##0.###").format(v);
        }
    }

    private static LogAxis logAxis(String label, Font base) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-3);
        a.setLabelFont(base);
        a.setTickLabelFont(base.deriveFont(12f));
        a.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        a.setMinorTickMarksVisible(true);
        a.setTickUnit(new NumberTickUnit(1));
        return a;
    }

    private static XYPlot panel(List<Measurement> rows, ToDoubleFunction<Measurement> y, String label, Font base, boolean inLegend) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDefaultSeriesVisibleInLegend(inLegend);
        int i = 0;
        for (String stage : STAGE_COLOURS.keySet()) {
            for (String engine : List.of(Measurement.MINQING, Measurement.MINQING_SPARK, Measurement.DUCKDB, Measurement.DUCKDB_WORK)) {
                XYSeries s = new XYSeries(stage + " · " + switch (engine) {
                    case Measurement.DUCKDB -> "DuckDB";
                    case Measurement.DUCKDB_WORK -> "DuckDB, same work";
                    case Measurement.MINQING_SPARK -> "minqing (Spark)";
                    default -> "minqing";
                });
                for (Measurement m : rows) {
                    double v = y.applyAsDouble(m);
                    if (m.stage().equals(stage) && m.engine().equals(engine) && m.ok() && v > 0 && !Double.isNaN(v)) {
                        s.add(m.cases(), v);
                    }
                }
                if (s.getItemCount() == 0) {
                    continue;
                }
                data.addSeries(s);
                // solid with filled dots: minqing's default engine; dotted with diamonds: minqing on Spark;
                // dashed with hollow squares: the hand-written DuckDB baseline
                // dash-dotted with hollow triangles: the DuckDB ingest doing the same per-row work
                boolean work = engine.equals(Measurement.DUCKDB_WORK);
                boolean duck = engine.equals(Measurement.DUCKDB) || work;
                boolean spark = engine.equals(Measurement.MINQING_SPARK);
                r.setSeriesPaint(i, STAGE_COLOURS.get(stage));
                r.setSeriesStroke(i, work ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {9f, 4f, 2f, 4f}, 0f)
                        : duck ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                        : spark ? new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {1.5f, 4f}, 0f)
                        : new BasicStroke(2.6f));
                r.setSeriesShape(i, work ? new java.awt.geom.Path2D.Double(new java.awt.Polygon(new int[] {0, 5, -5}, new int[] {-5, 4, 4}, 3))
                        : duck ? new Rectangle2D.Double(-4, -4, 8, 8)
                        : spark ? new java.awt.geom.Path2D.Double(new java.awt.Polygon(new int[] {0, 5, 0, -5}, new int[] {-5, 0, 5, 0}, 4))
                        : new Ellipse2D.Double(-4.5, -4.5, 9, 9));
                r.setSeriesShapesFilled(i, !duck);
                r.setUseFillPaint(true);
                r.setSeriesFillPaint(i, duck ? Color.WHITE : STAGE_COLOURS.get(stage));
                i++;
            }
        }
        LogAxis yAxis = logAxis(label, base);
        double[] values = rows.stream().filter(Measurement::ok).mapToDouble(y).filter(v -> v > 0 && !Double.isNaN(v)).toArray();
        if (values.length > 0) {
            double[] range = decades(java.util.Arrays.stream(values).min().getAsDouble(), java.util.Arrays.stream(values).max().getAsDouble());
            yAxis.setRange(range[0] / 1.15, range[1] * 1.15); // a little room, so the end labels are not cut
        }
        XYPlot plot = new XYPlot(data, null, yAxis, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeMinorGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }
}
