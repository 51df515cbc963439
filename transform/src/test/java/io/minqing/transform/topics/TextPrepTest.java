package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextPrepTest {

    @Test
    void placeIsTheEstateWithoutAdministrativePrefixOrBuilding() {
        assertEquals("瀚城花园", TextPrep.place("瀚城花园5栋2单元"));
        assertEquals("居仁村二区", TextPrep.place("居仁村二区12号楼3单元"));
        assertEquals("瀚城国际小区", TextPrep.place("大通区大通街道瀚城社区瀚城国际小区5栋2单元301室"));
        assertEquals("矿务局宿舍", TextPrep.place("矿务局宿舍4号楼2单元"));
        assertEquals("洞山西路家属院", TextPrep.place("洞山西路家属院8幢3单元"));
        assertNull(TextPrep.place(null));
        assertNull(TextPrep.place("  "));
        assertNull(TextPrep.place("5栋"));
    }

    @Test
    void cleaningMasksNumbersPlacesAndTheCommunity() {
        TextPrep prep = new TextPrep();
        String cleaned = prep.clean("我是瀚城社区瀚城花园5栋2单元的居民，电话138****5678，A3区楼道里电动车充电2次了",
                "瀚城花园5栋2单元", "瀚城社区");
        assertFalse(cleaned.contains("瀚城"), cleaned);
        assertFalse(cleaned.matches(".*[0-9A-Za-z*].*"), cleaned);
        assertTrue(cleaned.contains("电动车充电"), cleaned);
    }

    @Test
    void hanlpKeepsComplaintWordsAndDropsStopWordsNumbersAndNames() {
        HanlpSegmenter seg = new HanlpSegmenter();
        List<String> w = seg.words("您好，我想反映一下小区电动车充电桩不够用，居民私拉电线飞线充电，希望尽快解决违建问题");
        assertTrue(w.containsAll(List.of("电动车", "充电桩", "私拉电线", "飞线", "充电", "违建")), w.toString());
        for (String stop : List.of("您好", "反映", "小区", "居民", "希望", "问题", "尽快", "解决")) {
            assertFalse(w.contains(stop), stop + " in " + w);
        }
    }

    @Test
    void fullWidthDigitsAsterisksAndBuildingPartsGoWhateverTheirNeighbours() {
        TextPrep prep = new TextPrep();
        // full-width phone digits with a mask: one run of LATIN_DIGITS; 三栋 a building part; nothing else to remove
        assertEquals("电话 漏水", prep.clean("电话１３８****５６７８漏水", null, null));
        assertEquals("楼道灯坏了", prep.clean("三栋楼道灯坏了", null, null));
        assertEquals("没有数字的抱怨", prep.clean("没有数字的抱怨", null, null));
        // the memo gives what the parse gives, also for an address without an estate
        assertEquals(TextPrep.place("居仁村二区12号楼3单元"), prep.placeOf("居仁村二区12号楼3单元"));
        assertEquals("居仁村二区", prep.placeOf("居仁村二区12号楼3单元"));
        assertNull(prep.placeOf("5栋"));
        assertNull(prep.placeOf(null));
    }
}
