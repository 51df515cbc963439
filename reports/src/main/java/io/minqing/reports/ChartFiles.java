package io.minqing.reports;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders a chart at a logical size (CSS pixels) as a PNG at {@link #SCALE}× for slides and Word, and as an SVG
 * element (no fixed size, a viewBox) to inline in the HTML. Chinese stays real text in the SVG; the font stack lets
 * the reader's system choose a CJK font.
 */
public final class ChartFiles {

    /** Slide size: 960×540 logical pixels drawn at 2× = 1920×1080. */
    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    public static final int SCALE = 2;

    private ChartFiles() {
    }

    public static byte[] png(JFreeChart chart, int width, int height) {
        BufferedImage img = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(SCALE, SCALE);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An {@code <svg>} element with a viewBox and no fixed size; {@code id} keeps the clip ids unique in a page. */
    public static String svg(JFreeChart chart, int width, int height, String id) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "_");
        g.setFontFunction(family -> CjkFonts.CSS_STACK);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
    }

    /** Writes {@code charts/<name>.png} and {@code charts/<name>.svg}; returns the SVG element for inlining. */
    public static String write(JFreeChart chart, Path chartsDir, String name, int width, int height) {
        return write(chart, chartsDir, name, width, height, width, height);
    }

    /**
     * As {@link #write(JFreeChart, Path, String, int, int)}, with the inline SVG laid out at its own size (a chart in
     * a half-width column is laid out smaller so that its text stays readable when the browser scales it down).
     */
    public static String write(JFreeChart chart, Path chartsDir, String name, int width, int height, int svgWidth,
                               int svgHeight) {
        try {
            Files.createDirectories(chartsDir);
            Files.write(chartsDir.resolve(name + ".png"), png(chart, width, height));
            String id = "c_" + name.replaceAll("[^A-Za-z0-9_]", "_");
            String file = svg(chart, width, height, id);
            Files.writeString(chartsDir.resolve(name + ".svg"),
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + file.replaceFirst("<svg ",
                            "<svg width=\"" + width + "\" height=\"" + height + "\" "),
                    StandardCharsets.UTF_8);
            return svgWidth == width && svgHeight == height ? file : svg(chart, svgWidth, svgHeight, id);
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(chartsDir.resolve(name + ".png"), e);
        }
    }
}
