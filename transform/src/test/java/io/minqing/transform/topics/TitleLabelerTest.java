package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** One typical case: its title words and its description words. */
    private static List<List<String>> c(List<String> title, String... description) {
        return List.of(title, List.of(description));
    }

    @Test
    void aFragmentIsTheRunAroundTheStrongestTermsThatIsBothCommonAndCentral() {
        // strongest terms 工资, 退休, 发放; weights 工资 0.5, 退休 0.3, 发放 0.2, others 0.1 or none (要求, 按时: 0)
        Map<String, Double> w = Map.of("工资", 0.5, "退休", 0.3, "发放", 0.2, "偏低", 0.1, "调整", 0.1, "拖欠", 0.1);
        List<List<List<String>>> cases = List.of(
                c(List.of(), "退休", "工资", "偏低"),
                c(List.of(), "退休", "工资", "调整"),
                c(List.of(), "要求", "退休", "工资"),
                c(List.of(), "拖欠", "工资", "发放"),
                c(List.of(), "工资", "发放"),
                c(List.of(), "按时", "工资", "发放"));
        // 退休工资 in cases 1–3: 3 × (0.3 + 0.5) = 2.4; 工资发放 in cases 4–6: 3 × (0.5 + 0.2) = 2.1; every other run
        // (退休工资偏低, 工资偏低, 要求退休, 拖欠工资, 按时工资发放 …) is in fewer than 3 cases → 退休工资
        assertEquals("退休工资", TitleLabeler.fragment(cases, w, List.of("工资", "退休", "发放", "偏低")));
        // with 发放 heavier (0.5): 工资发放 scores 3 × 1.0 = 3.0 > 2.4 → 工资发放
        Map<String, Double> w2 = new java.util.HashMap<>(w);
        w2.put("发放", 0.5);
        assertEquals("工资发放", TitleLabeler.fragment(cases, w2, List.of("工资", "退休", "发放")));
    }

    @Test
    void aFragmentCountsACaseOnceWhetherItsTitleOrItsDescriptionCarriesTheRun() {
        Map<String, Double> w = Map.of("电梯", 0.6, "故障", 0.4, "困人", 0.3);
        // 电梯故障: case 1 (title and description: once), case 2 (description), case 3 (title) → 3 cases, 3 × 1.0 = 3.0;
        // 故障困人 / 电梯故障困人: cases 1 and 2 only → too few
        List<List<List<String>>> cases = List.of(
                c(List.of("电梯", "故障"), "电梯", "故障", "困人"),
                c(List.of(), "电梯", "故障", "困人"),
                c(List.of("电梯", "故障"), "物业", "不管"));
        assertEquals("电梯故障", TitleLabeler.fragment(cases, w, List.of("电梯", "故障", "困人")));
    }

    @Test
    void aFragmentTieGoesToTheLongerRunAndEnglishWordsAreJoinedWithASpace() {
        // 夜间 has no weight: 施工噪音 and 夜间施工噪音 both score 3 × (0.6 + 0.4) = 3.0 → the longer; 夜间施工 3 × 0.6 = 1.8
        Map<String, Double> w = Map.of("施工", 0.6, "噪音", 0.4);
        List<List<List<String>>> cases = List.of(c(List.of(), "夜间", "施工", "噪音"), c(List.of(), "夜间", "施工", "噪音"),
                c(List.of(), "夜间", "施工", "噪音"));
        assertEquals("夜间施工噪音", TitleLabeler.fragment(cases, w, List.of("施工", "噪音")));
        List<List<List<String>>> heat = List.of(c(List.of(), "no", "hot", "water"), c(List.of("no", "hot", "water")),
                c(List.of(), "no", "hot", "water", "apartment"));
        // "no" has no weight: hot water and no hot water both 3 × 0.9 → the longer
        assertEquals("no hot water", TitleLabeler.fragment(heat, Map.of("hot", 0.4, "water", 0.5), List.of("water", "hot")));
    }

    @Test
    void noFragmentWithoutTheStrongestTermsOrEnoughCasesOrTheRightLength() {
        // 噪音扰民 is in 3 cases but none of the 3 strongest terms (路灯, 不亮, 维修) is in it
        List<List<List<String>>> noise = List.of(c(List.of(), "噪音", "扰民"), c(List.of(), "噪音", "扰民"), c(List.of(), "噪音", "扰民"));
        assertNull(TitleLabeler.fragment(noise, Map.of("噪音", 1.0), List.of("路灯", "不亮", "维修", "噪音")));
        // 路灯不亮 in only 2 cases
        List<List<List<String>>> lights = List.of(c(List.of(), "路灯", "不亮"), c(List.of(), "路灯", "不亮"), c(List.of(), "路灯"));
        assertNull(TitleLabeler.fragment(lights, Map.of("路灯", 1.0), List.of("路灯", "不亮")));
        // 车司机 is 3 characters (fewer than 4); a run of one word repeated (车车) is no phrase; no text at all → null
        List<List<List<String>>> taxi = List.of(c(List.of(), "车", "司机"), c(List.of(), "车", "司机"), c(List.of("车", "车", "司机")));
        assertNull(TitleLabeler.fragment(taxi, Map.of("车", 1.0, "司机", 1.0), List.of("车", "司机")));
        assertNull(TitleLabeler.fragment(List.of(c(List.of()), c(List.of())), Map.of(), List.of()));
    }
}
