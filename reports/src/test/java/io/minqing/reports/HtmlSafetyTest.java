package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HtmlSafetyTest {

    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
                Html.esc("<script>alert('x')</script> & \"q\""));
        assertEquals("", Html.esc(null));
        assertEquals("a b", Html.esc("a\u0000b"), "control characters become blanks");
    }

    @Test
    void freeTextIsMaskedAgainBeforeEscaping() {
        // PiiMasker: mobile 138****5678, ID 340402********1234, landline 0554-****567
        assertEquals("联系138****5678 身份证340402********1234 座机0554-****567 &lt;b&gt;",
                Html.text("联系13812345678 身份证340402199001011234 座机0554-1234567 <b>"));
        assertEquals("联系138****5678…", Html.shorten("联系 13812345678 的居民反映楼道堆物", 14).replace(" ", ""));
    }

    @Test
    void communityNamesBecomeSafeFileNames() {
        assertEquals("居南社区", Html.safeFileName("居南社区"));
        assertEquals("a_b_c", Html.safeFileName("a/b\\c"));
        assertEquals("社区", Html.safeFileName("../社区"));
        assertEquals("x_y", Html.safeFileName("x\u0000<>:\"|?*y"));
        assertEquals("_CON", Html.safeFileName("con".toUpperCase()));
        assertEquals("community", Html.safeFileName("..."));
        assertEquals(60, Html.safeFileName("社".repeat(100)).length());
        assertFalse(Html.safeFileName("a b.html").contains("."));
        assertEquals("%E5%B1%85%E5%8D%97%E7%A4%BE%E5%8C%BA.html", Html.href("居南社区.html"));
    }

    @Test
    void numbersFormatHalfUp() {
        assertEquals("81.1%", Fmt.pct(30.0 / 37));   // 0.810810…
        assertEquals("82.6%", Fmt.pct(0.8255));       // 82.55 → half up
        assertEquals("—", Fmt.pct(null));
        assertEquals("+2.5", Fmt.pp(0.025));
        assertEquals("−1.2", Fmt.pp(-0.012));
        assertEquals("±0.0", Fmt.pp(0.00001));
        assertEquals("+25.0%", Fmt.rel(0.25));
        assertEquals("2.5天", Fmt.hours(60.0));
        assertEquals("1.3天", Fmt.hours(30.0));         // 1.25 → half up
        assertEquals("1,010", Fmt.count(1010));
        assertEquals("'=1+1", CsvTables.defuse("=1+1"));
        assertEquals(-3L, CsvTables.defuse(-3L));
    }
}
