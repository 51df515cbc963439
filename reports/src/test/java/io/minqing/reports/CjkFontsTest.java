package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CjkFontsTest {

    /** Renders one string black on white and returns the pixels. */
    private static int[] render(String family, String text) {
        BufferedImage img = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 80, 40);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setFont(new Font(family, Font.PLAIN, 28));
        g.drawString(text, 4, 32);
        g.dispose();
        return img.getRGB(0, 0, 80, 40, null, 0, 80);
    }

    private static int inked(int[] px) {
        int n = 0;
        for (int p : px) {
            if ((p & 0xFFFFFF) != 0xFFFFFF) {
                n++;
            }
        }
        return n;
    }

    @Test
    void boxGlyphFontDrawsDifferentCharactersIdentically() {
        // The control: DejaVu Sans (always installed here) has no CJK glyphs, so 社 and 区 both come out as the same
        // missing-glyph box. This proves the pixel comparison below can tell boxes from real glyphs.
        assertFalse(CjkFonts.canDisplayChinese("DejaVu Sans"));
        int[] she = render("DejaVu Sans", "社");
        int[] qu = render("DejaVu Sans", "区");
        assertTrue(inked(she) > 0, "the box is drawn");
        assertEquals(java.util.Arrays.hashCode(she), java.util.Arrays.hashCode(qu), "boxes look the same");
    }

    @Test
    void chosenFontDrawsRealChineseGlyphs() {
        String family = CjkFonts.family();
        assertTrue(CjkFonts.PREFERRED.contains(family), family);
        assertTrue(CjkFonts.canDisplayChinese(family));
        int[] she = render(family, "社");
        int[] qu = render(family, "区");
        assertTrue(inked(she) > 30 && inked(qu) > 30, "both characters leave ink");
        int differing = 0;
        for (int i = 0; i < she.length; i++) {
            if (she[i] != qu[i]) {
                differing++;
            }
        }
        // two different real glyphs differ in many pixels; two boxes differ in none
        assertTrue(differing > 50, "社 and 区 differ in only " + differing + " pixels: boxes?");
    }

    @Test
    void chartPngShowsChineseAsGlyphsNotBoxes() throws Exception {
        // The same chart rendered twice with two different community names in one label: if the font drew boxes the
        // two PNGs would be identical pixel for pixel (same box for every character).
        Pack.CommunityRow a = FixtureRows.row("居南社区", 0.80, true);
        Pack.CommunityRow b = FixtureRows.row("远望社区", 0.80, true);
        byte[] pa = ChartFiles.png(Charts.ranking(java.util.List.of(a), null), 320, 160);
        byte[] pb = ChartFiles.png(Charts.ranking(java.util.List.of(b), null), 320, 160);
        BufferedImage ia = ImageIO.read(new ByteArrayInputStream(pa));
        BufferedImage ib = ImageIO.read(new ByteArrayInputStream(pb));
        assertEquals(320 * ChartFiles.SCALE, ia.getWidth());
        int differing = 0;
        for (int y = 0; y < ia.getHeight(); y++) {
            for (int x = 0; x < ia.getWidth(); x++) {
                if (ia.getRGB(x, y) != ib.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertNotEquals(0, differing, "居南 and 远望 rendered identically: the chart font draws boxes");
    }

    @Test
    void noCjkFontFailsNamingThePackage() {
        MinqingException e = assertThrows(MinqingException.class, () -> CjkFonts.choose(Set.of("DejaVu Sans", "Dialog")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("No installed font can draw Chinese, so the PNG charts would show boxes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("run scripts/ensure-report-deps.sh as root, or 'apt-get install -y fonts-wqy-microhei'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Installed families: DejaVu Sans, Dialog."), e.getMessage());
    }
}
