package io.minqing.reports;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the font family the PNG charts draw Chinese with. AWT silently falls back to a font without CJK glyphs
 * (every character becomes a box), so the family is picked explicitly from a preference list and checked against
 * {@link #PROBE}; when none is installed the report stops with a message naming the package to install.
 */
public final class CjkFonts {

    /** Text every chart font must be able to draw: the words the charts use most. */
    public static final String PROBE = "社区民情满意率办结按期响应综合得分";

    /** Preferred families, best first: WenQuanYi Micro Hei is what scripts/ensure-report-deps.sh installs. */
    public static final List<String> PREFERRED = List.of(
            "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
            "Source Han Sans CN", "Microsoft YaHei", "PingFang SC", "Droid Sans Fallback", "AR PL UMing CN");

    /**
     * CSS font stack for SVG and HTML: the same family first, then what Windows/macOS readers have. The names are in
     * double quotes because JFreeSVG writes the style attribute in single quotes: single-quoted names ended the
     * attribute early, so browsers dropped the chart's font sizes and weights and drew every label at the page's size.
     */
    public static final String CSS_STACK = "\"WenQuanYi Micro Hei\",\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Microsoft YaHei\","
            + "\"PingFang SC\",\"Hiragino Sans GB\",\"Source Han Sans SC\",sans-serif";

    private static volatile String chosen;

    private CjkFonts() {
    }

    /** The family to draw charts with; throws {@link ReportErrors#noCjkFont} when no installed font draws Chinese. */
    public static String family() {
        String f = chosen;
        if (f == null) {
            Set<String> installed = new TreeSet<>(List.of(
                    GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
            f = choose(installed);
            chosen = f;
        }
        return f;
    }

    /** The first preferred family that is installed and draws every character of {@link #PROBE}. */
    static String choose(Set<String> installed) {
        for (String family : PREFERRED) {
            if (installed.contains(family) && canDisplayChinese(family)) {
                return family;
            }
        }
        throw ReportErrors.noCjkFont(installed);
    }

    /** True when {@code family} has real glyphs for every character of {@link #PROBE}. */
    public static boolean canDisplayChinese(String family) {
        Font font = new Font(family, Font.PLAIN, 12);
        // AWT hands back a substitute (Dialog) for an unknown family; that one cannot be trusted for CJK.
        return font.getFamily().equalsIgnoreCase(family) && font.canDisplayUpTo(PROBE) == -1;
    }

    public static Font font(int style, float size) {
        return new Font(family(), style, Math.round(size)).deriveFont(size);
    }
}
