package io.minqing.generator;

import java.util.Locale;

/** The topic families of the sample district (the ground truth the topics stage is evaluated against). */
enum TopicFamily {
    ILLEGAL_BUILDING("违章搭建"),
    EBIKE("电动车停放与充电"),
    SANITATION("环境卫生"),
    PROPERTY("物业服务"),
    NOISE("噪音扰民"),
    PARKING("停车"),
    WATER_HEATING("供水供暖"),
    GREENERY("绿化"),
    LEISURE("文化设施与游园"),
    NEIGHBOUR("邻里纠纷"),
    PANDEMIC("疫情期间代购与隔离服务"),
    VACCINE("疫苗接种咨询"),
    ELDERLY("养老服务"),
    ROAD_LIGHT("道路与路灯"),
    SEWER("下水道堵塞"),
    PETS("宠物扰民"),
    FIRE_SAFETY("消防安全"),
    POLICY("政策咨询与证明办理");

    private final String zh;

    TopicFamily(String zh) {
        this.zh = zh;
    }

    String zh() {
        return zh;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
