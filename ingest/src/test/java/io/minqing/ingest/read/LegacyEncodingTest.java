package io.minqing.ingest.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CSV that is not UTF-8 is read in the code page its bytes show: GB18030 for Chinese, Windows-1252 for Western
 * European text, Windows-1251 for Cyrillic. Before, every such file was read as GB18030, and a Spanish export's
 * "vía pública" was staged as "v韆 p鷅lica" without a word of warning.
 */
class LegacyEncodingTest {

    private static byte[] csv(String charset, String... lines) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String l : lines) {
            b.writeBytes((l + "\n").getBytes(Charset.forName(charset)));
        }
        return b.toByteArray();
    }

    /** The encoding the reader chose, then each record's description. */
    private static List<String> read(byte[] bytes) {
        CsvSource src = new CsvSource("x.csv", () -> new ByteArrayInputStream(bytes), null);
        List<String> out = new ArrayList<>(List.of(src.encoding()));
        while (src.hasNext()) {
            SourceRecord r = src.next();
            out.add(r.problem() == null ? r.fields().get("description") : r.problem().reason().code());
        }
        return out;
    }

    @Test
    void westernEuropeanTextIsWindows1252() {
        // by hand: í, ú, é, ñ are one byte each in Windows-1252 (ED, FA, E9, F1), between ASCII letters: runs of one
        assertEquals(List.of("windows-1252", "Bache enorme en la vía pública", "Música alta después de medianoche", "Año nuevo, ruido"),
                read(csv("windows-1252", "case_id,description", "1,Bache enorme en la vía pública", "2,Música alta después de medianoche",
                        "3,\"Año nuevo, ruido\"")));
    }

    @Test
    void cyrillicTextIsWindows1251() {
        // every Cyrillic letter is one byte ≥ 0xC0 in Windows-1251: a word is a run of its length (5, 2, 7 …)
        assertEquals(List.of("windows-1251", "Мусор не вывозят уже неделю", "Яма на дороге"),
                read(csv("windows-1251", "case_id,description", "1,Мусор не вывозят уже неделю", "2,Яма на дороге")));
    }

    @Test
    void chineseTextStaysGb18030() {
        // two bytes a character, so even runs, short names too; 丂 (GBK 81 40: its second byte is '@') makes one odd
        // run of the ten (4, 8, 10, 4, 4; 1 and 2; 4, 4, 4 bytes), under the quarter that would mean a single-byte code page
        assertEquals(List.of("GB18030", "张三", "路灯不亮", "下水道堵塞", "李四", "王五", "丂字", "楼道 堆放 杂物"),
                read(csv("GBK", "case_id,description", "1,张三", "2,路灯不亮", "3,下水道堵塞", "4,李四", "5,王五", "6,丂字",
                        "7,楼道 堆放 杂物")));
    }
}
