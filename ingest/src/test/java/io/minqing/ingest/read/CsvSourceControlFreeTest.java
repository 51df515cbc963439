package io.minqing.ingest.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The line check that lets the mapper skip looking for control characters value by value: it must say "maybe" for
 * every line holding one (C0 but tab, DEL, C1 U+0080–U+009F), and may only say "none" when there is none.
 */
class CsvSourceControlFreeTest {

    private static boolean free(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return CsvSource.controlFree(b, 2, b.length - 4);
    }

    @Test
    void plainTextTabsAndCjkAreFree() {
        assertTrue(free("C1,居南社区,楼道堆物,2021-03-01 09:00:00"));
        assertTrue(free("a\tb"));
        assertTrue(free(""));
        assertTrue(free("全角１３８　空格"));
    }

    @Test
    void everyControlIsCaught() {
        assertFalse(free("a\u0000b"));
        assertFalse(free("a\u001Bb"));
        assertFalse(free("a\rb"));
        assertFalse(free("a\u007Fb"));
        assertFalse(free("噪音\u0085扰民")); // C1: bytes C2 85
        assertFalse(free("\u009F"));
    }

    @Test
    void latin1SupplementIsConservativelyChecked() {
        assertFalse(free("a·b")); // U+00B7 (C2 B7) is no control, but shares the lead byte; the mapper then looks
    }

    @Test
    void recordsCarryTheCheckAndValuesStayAsRead() {
        String csv = "id,text\nA,楼道·堆物\nB,噪音\u0085扰民\nC,\"两行\n文本\"\n";
        CsvSource s = new CsvSource("t.csv", () -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "UTF-8");
        SourceRecord a = s.next();
        SourceRecord b = s.next();
        SourceRecord c = s.next();
        assertFalse(a.controlFree());
        assertEquals("楼道·堆物", a.fields().get("text"));
        assertFalse(b.controlFree());
        assertEquals("噪音\u0085扰民", b.fields().get("text")); // the reader keeps it; the mapper strips and counts it
        assertTrue(c.controlFree());
        assertEquals("两行\n文本", c.fields().get("text"));
        assertFalse(s.hasNext());
    }
}
