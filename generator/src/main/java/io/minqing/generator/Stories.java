package io.minqing.generator;

import io.minqing.generator.District.Community;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The planted stories and how many extra cases each brings to a community in a month (before scaling with
 * {@code --cases}). The numbers are expectations; the cell's actual cases are drawn around them.
 */
final class Stories {

    private Stories() {
    }

    static final YearMonth EBIKE_START = YearMonth.of(2020, 3);
    static final YearMonth EBIKE_FIX = YearMonth.of(2021, 4);
    static final YearMonth JUREN_START = YearMonth.of(2020, 1);
    static final YearMonth JUREN_FIX = YearMonth.of(2020, 11);
    static final YearMonth GARDEN_START = YearMonth.of(2020, 5);
    static final YearMonth GARDEN_FIX = YearMonth.of(2021, 3);
    static final String EBIKE_COMMUNITY = "瀚城社区";
    static final String EBIKE_ADDRESS = "瀚城花园";
    static final String JUREN_COMMUNITY = "居仁社区";
    static final String JUREN_ADDRESS = "居仁村二区";
    static final String GARDEN_COMMUNITY = "远望社区";
    static final String GARDEN_ADDRESS = "远望新村";

    static final Story EBIKE = new Story("ebike_hancheng", "topic_trend", EBIKE_COMMUNITY, Theme.EBIKE_CHARGING, EBIKE_ADDRESS,
            EBIKE_START, YearMonth.of(2021, 6), EBIKE_FIX, "小区集中充电桩安装到位（2021年4月）",
            months(YearMonth.of(2020, 9), YearMonth.of(2021, 3)),
            "电动车楼道停放/飞线充电 cases in 瀚城社区 rise from about 3 extra a month (2020-03) by 2 a month to about 27 "
                    + "(2021-03); the charging piles go in in 2021-04 and from 2021-05 the community has fewer than 6 e-bike "
                    + "cases a month (the 3 months before the fix hold at least 4 times as many as the 3 months after)");
    static final Story JUREN = new Story("illegal_building_juren", "topic_trend", JUREN_COMMUNITY, Theme.JUREN_BUILDING,
            JUREN_ADDRESS, JUREN_START, JUREN_FIX, JUREN_FIX, "控违拆除专项行动拆除居仁村二区违建（2020年11月）",
            months(JUREN_START, YearMonth.of(2020, 10)),
            "违章搭建 at the same address 居仁村二区 recurs every month (about 6 a month) from 2020-01 to 2020-10; after 控违拆除 "
                    + "in 2020-11 no more planted cases (the address is not used by other illegal-building cases)");
    static final Story GARDEN = new Story("leisure_garden_yuanwang", "topic_trend", GARDEN_COMMUNITY, Theme.LEISURE, GARDEN_ADDRESS,
            GARDEN_START, GARDEN_FIX, GARDEN_FIX, "国庆西路街头游园建成开放（2021年3月）",
            months(GARDEN_START, YearMonth.of(2021, 2)),
            "requests for 广场舞/休闲场地/游园 (文化设施与游园) in 远望社区 rise from about 5 to 14 extra a month (2020-05 to "
                    + "2021-02) and stop after the street garden opens in 2021-03; the community's ordinary leisure requests also "
                    + "fall to a third (the months before the fix hold at least 3 times as many a month as the months after)");
    static final Story PANDEMIC = new Story("pandemic_errands", "seasonal", null, Theme.PANDEMIC, null,
            YearMonth.of(2020, 2), YearMonth.of(2020, 4), null, null, months(YearMonth.of(2020, 2), YearMonth.of(2020, 3)),
            "疫情期间代购与隔离服务 in every community: about 30% extra cases in 2020-02, 20% in 2020-03, 6% in 2020-04, none before "
                    + "or after; mostly urgent, settled within hours");
    static final Story HEATING = new Story("heating_season", "seasonal", null, Theme.HEATING, null,
            YearMonth.of(2020, 1), YearMonth.of(2021, 2), null, null, List.of(),
            "供暖/取暖 cases only from November to February (5%, 8%, 9%, 4% extra of a community's ordinary volume), none "
                    + "March to October; detectors should see the same months flagged each winter");
    static final Story MOSQUITO = new Story("mosquito_summer", "seasonal", null, Theme.MOSQUITO, null,
            YearMonth.of(2020, 6), YearMonth.of(2021, 8), null, null, List.of(),
            "蚊虫消杀 cases only in June–August (4%, 7%, 6% extra of a community's ordinary volume)");
    static final Story VACCINE = new Story("vaccine_2021", "seasonal", null, Theme.VACCINE, null,
            YearMonth.of(2021, 1), YearMonth.of(2021, 8), null, null, months(YearMonth.of(2021, 3), YearMonth.of(2021, 6)),
            "新冠疫苗接种咨询 only in 2021, peaking April–May (12% extra), mostly answered on the spot");
    static final Story SLOW_DISPATCH = new Story("slow_dispatch", "community_trait", District.SLOW_DISPATCH, null, null,
            null, null, null, null, List.of(),
            "新庄社区's median hours from 收件 to 派件 is about 25–30 (other communities 2–5), in every month and topic");
    static final Story LOW_SATISFACTION = new Story("low_satisfaction", "community_trait", District.LOW_SATISFACTION, null, null,
            null, null, null, null, List.of(),
            "上窑社区's share of answered surveys that are 满意 or 基本满意 is clearly below the others (about 78% against "
                    + "93–97%), and its 不满意 share is about four times the district's");

    /** Stories that bring extra cases, in the fixed order used for drawing. */
    static final List<Story> CASE_STORIES = List.of(EBIKE, JUREN, GARDEN, PANDEMIC, HEATING, MOSQUITO, VACCINE);
    static final List<Story> ALL = List.of(EBIKE, JUREN, GARDEN, PANDEMIC, HEATING, MOSQUITO, VACCINE, SLOW_DISPATCH,
            LOW_SATISFACTION);

    /** Expected extra cases story {@code s} brings to community {@code c} in month {@code m}. */
    static double extra(Story s, YearMonth m, Community c) {
        int moy = m.getMonthValue();
        double base = c.baseMonthly();
        switch (s.id()) {
            case "ebike_hancheng": {
                if (!c.name().equals(EBIKE_COMMUNITY) || m.isBefore(EBIKE_START)) {
                    return 0;
                }
                if (m.isBefore(EBIKE_FIX)) {
                    long k = EBIKE_START.until(m, java.time.temporal.ChronoUnit.MONTHS);
                    return 3 + 2.0 * k;
                }
                if (m.equals(EBIKE_FIX)) {
                    return 10;
                }
                return m.equals(EBIKE_FIX.plusMonths(1)) ? 3 : m.equals(EBIKE_FIX.plusMonths(2)) ? 1 : 0;
            }
            case "illegal_building_juren":
                if (!c.name().equals(JUREN_COMMUNITY) || m.isBefore(JUREN_START) || m.isAfter(JUREN_FIX)) {
                    return 0;
                }
                return m.equals(JUREN_FIX) ? 3 : 5 + (moy % 3);
            case "leisure_garden_yuanwang":
                if (!c.name().equals(GARDEN_COMMUNITY) || m.isBefore(GARDEN_START) || m.isAfter(GARDEN_FIX)) {
                    return 0;
                }
                return m.equals(GARDEN_FIX) ? 2 : 5 + 1.0 * GARDEN_START.until(m, java.time.temporal.ChronoUnit.MONTHS);
            case "pandemic_errands":
                if (m.equals(YearMonth.of(2020, 2))) {
                    return 0.30 * base;
                }
                if (m.equals(YearMonth.of(2020, 3))) {
                    return 0.20 * base;
                }
                return m.equals(YearMonth.of(2020, 4)) ? 0.06 * base : 0;
            case "heating_season":
                return base * (moy == 11 ? 0.05 : moy == 12 ? 0.08 : moy == 1 ? 0.09 : moy == 2 ? 0.04 : 0);
            case "mosquito_summer":
                return base * (moy == 6 ? 0.04 : moy == 7 ? 0.07 : moy == 8 ? 0.06 : 0);
            case "vaccine_2021": {
                if (m.getYear() != 2021) {
                    return 0;
                }
                double[] byMonth = {0.02, 0.03, 0.08, 0.12, 0.12, 0.08, 0.05, 0.04, 0.03, 0.02, 0.02, 0.02};
                return base * byMonth[moy - 1];
            }
            default:
                return 0;
        }
    }

    /** Months from {@code a} to {@code b} inclusive. */
    static List<YearMonth> months(YearMonth a, YearMonth b) {
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth m = a; !m.isAfter(b); m = m.plusMonths(1)) {
            out.add(m);
        }
        return List.copyOf(out);
    }
}
