package io.minqing.generator;

import java.util.List;

/**
 * 大通区 as the generator models it: 15 communities under 5 streets/towns (docs/sample-district.md).
 * Each community has its own size and habits: how many cases a month, how fast it dispatches and resolves,
 * how satisfied its residents are, and the 小区/村 its addresses name.
 */
final class District {

    private District() {
    }

    /**
     * @param code           short code used in case numbers (JN-202001-0001)
     * @param baseMonthly    cases in an ordinary month before seasonal and story effects
     * @param dispatchHours  median hours from 收件 to 派件
     * @param resolveFactor  multiplies every topic's median handling time
     * @param satisfaction   shift of the satisfaction score (0 = district norm, negative = less satisfied)
     * @param grids          number of grids (网格)
     * @param places         小区 / 村 names used in addresses
     */
    record Community(int index, String code, String name, String street, List<String> aliases, int baseMonthly,
                     double dispatchHours, double resolveFactor, double satisfaction, int grids, List<String> places,
                     List<String> typos) {
    }

    static final String DISTRICT = "大通区";

    /** The community that dispatches slowly (planted story slow_dispatch). */
    static final String SLOW_DISPATCH = "新庄社区";
    /** The community with low satisfaction (planted story low_satisfaction). */
    static final String LOW_SATISFACTION = "上窑社区";

    static final List<Community> COMMUNITIES = List.of(
            new Community(0, "JN", "居南社区", "大通街道", List.of("居南", "居南社区居委会"), 165, 3.0, 0.9, 0.2, 8,
                    List.of("居南小区", "大通新村", "居南花园", "洞山西路家属院", "矿务局宿舍"), List.of("居男社区", "居难社区")),
            new Community(1, "YW", "远望社区", "大通街道", List.of("远望"), 135, 2.5, 1.0, 0.1, 7,
                    List.of("远望小区", "远望新村", "国庆西路家属楼", "电厂宿舍"), List.of("远旺社区")),
            new Community(2, "HC", "瀚城社区", "大通街道", List.of("瀚城"), 150, 3.5, 1.1, 0.0, 8,
                    List.of("瀚城花园", "瀚城国际", "锦绣瀚城", "商贸城家属楼"), List.of("翰城社区", "瀚成社区")),
            new Community(3, "JR", "居仁社区", "大通街道", List.of("居仁", "居仁村"), 110, 4.0, 1.2, -0.1, 6,
                    List.of("居仁村一区", "居仁村二区", "居仁村三区", "居仁新村"), List.of("居人社区")),
            new Community(4, "MJ", "民建社区", "大通街道", List.of("民建"), 120, 2.0, 0.9, 0.3, 6,
                    List.of("民建小区", "民建新村", "建新花园", "机械厂宿舍"), List.of("明建社区")),
            new Community(5, "XH", "新华社区", "大通街道", List.of("新华"), 140, 3.0, 1.0, 0.1, 7,
                    List.of("新华小区", "新华苑", "新华村", "新华东路家属院"), List.of("新化社区")),
            new Community(6, "JLG", "九龙岗社区", "九龙岗镇", List.of("九龙岗"), 95, 5.0, 1.1, 0.0, 6,
                    List.of("九龙岗老街", "九龙岗新村", "东大窑", "九龙岗矿宿舍"), List.of("九龙港社区")),
            new Community(7, "HS", "淮舜社区", "九龙岗镇", List.of("淮舜"), 70, 4.0, 1.0, 0.2, 5,
                    List.of("淮舜小区", "淮舜花园", "淮舜新村", "淮舜村"), List.of("淮顺社区")),
            new Community(8, "DC", "东城社区", "九龙岗镇", List.of("东城"), 85, 3.5, 1.0, 0.1, 5,
                    List.of("东城小区", "东城花园", "东城村"), List.of("东成社区")),
            new Community(9, "LH", "洛河社区", "洛河镇", List.of("洛河"), 80, 4.5, 1.1, 0.0, 5,
                    List.of("洛河新村", "洛河电厂宿舍", "洛河老街", "洛河村"), List.of("落河社区")),
            new Community(10, "XZ", "新庄社区", "洛河镇", List.of("新庄"), 45, 30.0, 1.3, -0.2, 4,
                    List.of("新庄小区", "新庄孜村", "新庄老街"), List.of("新装社区")),
            new Community(11, "SY", "上窑社区", "上窑镇", List.of("上窑"), 60, 6.0, 1.4, -1.7, 4,
                    List.of("上窑老街", "上窑新村", "上窑安置小区"), List.of("上尧社区")),
            new Community(12, "YH", "窑河社区", "上窑镇", List.of("窑河"), 22, 5.0, 1.2, 0.0, 3,
                    List.of("窑河村", "窑河安置点", "河口组"), List.of("尧河社区")),
            new Community(13, "KD", "孔店社区", "孔店乡", List.of("孔店"), 35, 4.5, 1.1, 0.1, 3,
                    List.of("孔店老街", "孔店新村", "孔店村"), List.of("孔电社区")),
            new Community(14, "SG", "舜耕社区", "孔店乡", List.of("舜耕"), 11, 4.0, 1.0, 0.2, 2,
                    List.of("舜耕村", "舜耕安置小区", "舜耕山脚"), List.of("顺耕社区")));

    static final List<String> STREETS = List.of("大通街道", "九龙岗镇", "洛河镇", "上窑镇", "孔店乡");

    static Community byName(String name) {
        for (Community c : COMMUNITIES) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("No community " + name);
    }
}
