package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The two layout helpers of {@link HtmlReport}, on hand-made input. */
class HtmlLayoutTest {

    @Test
    void readableWidthIsTheViewBoxWidthScaledSoTheSmallestTextIsNinePixels() {
        // smallest text 11 px in a 960-wide viewBox: 960 × 9 / 11 = 785.45… → 786 px
        String svg = "<svg viewBox='0.0 0.0 960.0 540.0'><text style='font-size: 13px'>a</text>"
                + "<text style='font-size: 11px'>b</text></svg>";
        assertEquals(786, HtmlReport.readableWidth(svg));
        // 560 wide, 12 px: 560 × 9 / 12 = 420 exactly
        assertEquals(420, HtmlReport.readableWidth("<svg viewBox='0 0 560 420'><text style='font-size:12px'>c</text></svg>"));
        assertEquals(0, HtmlReport.readableWidth("<svg viewBox='0 0 560 420'></svg>"), "no text, no minimum");
    }

    @Test
    void tablesGoInScrollBoxesAndShortOnesAreKeptWhole() {
        String shortTable = "<table><tr><td>1</td></tr></table>";
        StringBuilder rows = new StringBuilder("<table class=\"long\">");
        for (int i = 0; i < HtmlReport.KEEP_ROWS + 1; i++) {
            rows.append("<tr><td>").append(i).append("</td></tr>");
        }
        String longTable = rows.append("</table>").toString();
        assertEquals("<p>x</p><div class=\"scroll keep\">" + shortTable + "</div><h3>y</h3><div class=\"scroll\">" + longTable + "</div>",
                HtmlReport.scrollTables("<p>x</p>" + shortTable + "<h3>y</h3>" + longTable));
        assertEquals("<p>no tables</p>", HtmlReport.scrollTables("<p>no tables</p>"));
    }
}
