package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitleLabelerTest {

    private static TitleLabeler.Title t(String text, String... words) {
        return new TitleLabeler.Title(text, List.of(words));
    }

    @Test
    void theTitleMostTypicalCasesShareIsTheLabel() {
        // 10 typical cases: 僵尸车长期占位 ×4 (40 % ≥ 20 % and ≥ 3), 小区停车难 ×2, 4 different others
        List<TitleLabeler.Title> titles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            titles.add(t("僵尸车长期占位", "僵尸车", "长期", "占位"));
        }
        titles.add(t("小区停车难", "停车难"));
        titles.add(t("小区停车难", "停车难"));
        titles.add(t("路边乱停车", "路边", "乱停车"));
        titles.add(t("外来车辆占车位", "外来", "车辆", "占", "车位"));
        titles.add(t("", List.of().toArray(String[]::new)));
        titles.add(t("车辆乱停挡住出入", "车辆", "乱停", "挡住", "出入"));
        assertEquals("僵尸车长期占位", TitleLabeler.label(titles));
    }

    @Test
    void whenNoTitleRepeatsTheCommonestRunOfTitleWordsIsTheLabel() {
        // 5 different titles (none repeats); the run 电动车+充电 is in 3 of 5 (60 %), 楼道+电动车 in 2 → 电动车充电
        List<TitleLabeler.Title> titles = List.of(
                t("楼道电动车充电", "楼道", "电动车", "充电"),
                t("电动车充电隐患", "电动车", "充电", "隐患"),
                t("飞线电动车充电", "飞线", "电动车", "充电"),
                t("楼道电动车乱停", "楼道", "电动车", "乱停"),
                t("要求安装充电桩", "安装", "充电桩"));
        assertEquals("电动车充电", TitleLabeler.label(titles));
    }

    @Test
    void titlesThatAgreeOnNothingGiveNoLabel() {
        // every title and every run of words occurs once: fewer than 3 → null, the caller falls back to top terms
        assertNull(TitleLabeler.label(List.of(t("噪音扰民", "噪音", "扰民"), t("路灯不亮", "路灯", "不亮"), t("垃圾成堆", "垃圾", "成堆"))));
        // numbers and Latin letters are not part of a label: only the Chinese characters count
        assertEquals("第二针什么时候打", TitleLabeler.label(List.of(t("第二针什么时候打?"), t("第二针什么时候打"), t(" 第二针什么时候打 "))));
    }

    @Test
    void withoutTitlesACommonRunOfDescriptionWordsIsThePhrase() {
        // 5 descriptions; the run 夜间+施工 is in 3 of 5 (60 % ≥ 20 % and ≥ 3), 施工+噪音 in 2, 夜间+施工+噪音 in 2 → 夜间施工
        List<List<String>> d = List.of(
                List.of("工地", "夜间", "施工", "噪音"),
                List.of("夜间", "施工", "扰民"),
                List.of("夜间", "施工", "噪音", "严重"),
                List.of("渣土车", "噪音"),
                List.of());
        assertEquals("夜间施工", TitleLabeler.phrase(d));
        // English words are joined with a space
        assertEquals("hot water", TitleLabeler.phrase(List.of(List.of("no", "hot", "water"), List.of("hot", "water", "building"),
                List.of("hot", "water"))));
        assertNull(TitleLabeler.phrase(List.of(List.of("噪音", "扰民"), List.of("路灯", "不亮"))));
    }
}
