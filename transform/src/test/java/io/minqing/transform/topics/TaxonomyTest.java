package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.testing.RepoPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

    @Test
    void parsesNamesAndSeedsWithChineseOrLatinSeparators() {
        Taxonomy t = Taxonomy.parse(Path.of("t.txt"), List.of("# comment", "", "电动车充电: 电动车, 充电，飞线、充电桩", "违章搭建：违建"));
        assertEquals(2, t.entries().size());
        assertEquals("电动车充电", t.entries().get(0).name());
        assertEquals(Set.of("电动车", "充电", "飞线", "充电桩"), t.entries().get(0).seeds());
        assertEquals(Set.of("违建"), t.entries().get(1).seeds());
    }

    @Test
    void badLinesNameFileLineAndFix() {
        MinqingException e = assertThrows(MinqingException.class,
                () -> Taxonomy.parse(Path.of("tax.txt"), List.of("电动车充电: 电动车", "违章搭建 违建")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid taxonomy file tax.txt line 2: '违章搭建 违建' — no ':' between the topic name and its seed words. "
                + "Each line is 'topic name: seed word, seed word, …' (see docs/topics.md).", e.getMessage());
        MinqingException dup = assertThrows(MinqingException.class,
                () -> Taxonomy.parse(Path.of("tax.txt"), List.of("停车: 车位", "停车: 挪车")));
        assertEquals("Invalid taxonomy file tax.txt line 2: '停车: 挪车' — the topic '停车' is listed twice; merge its seed "
                + "words into one line. Each line is 'topic name: seed word, seed word, …' (see docs/topics.md).", dup.getMessage());
    }

    @Test
    void theShippedSampleDistrictTaxonomyParses() {
        Taxonomy t = Taxonomy.read(RepoPaths.root().resolve("config/topics-taxonomy.txt"));
        assertEquals("电动车停放与充电", t.entries().get(1).name());
        assertEquals(true, t.entries().get(1).seeds().contains("充电桩"));
    }
}
