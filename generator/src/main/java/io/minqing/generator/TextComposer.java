package io.minqing.generator;

import java.util.Map;

/**
 * Composes Chinese titles, descriptions and resolution notes from parts: openers, complaint cores with
 * synonym slots, places, durations, requests, closers; adds colloquial variants (电瓶车/电驴/小电驴, 飞线/私拉电线)
 * and, now and then, the typos real records have. All choices come from the case's own {@link Rng}.
 */
final class TextComposer {

    /** Where the case is: fills {xq} (小区/村), {b} (楼号), {u} (单元), {bn} (building number). */
    record Place(String xq, String building, String unit, int buildingNo) {
    }

    private static final Map<String, String[]> SLOTS = Map.ofEntries(
            Map.entry("wjv", a("私搭乱建", "违章搭建", "乱搭乱建", "搭违建", "私自加盖", "搞违建")),
            Map.entry("shed", a("彩钢棚", "小棚子", "简易房", "铁皮房", "阳光房")),
            Map.entry("mat", a("彩钢瓦", "砖头", "铁皮", "石棉瓦")),
            Map.entry("ev", a("电动车", "电动车", "电动车", "电瓶车", "电瓶车", "电驴", "小电驴", "电动自行车", "电车")),
            Map.entry("flyw", a("飞线充电", "私拉电线", "拉电线", "拉插线板", "私拉乱接电线", "飞线")),
            Map.entry("floor", a("一楼", "二楼", "三楼", "楼上")),
            Map.entry("lou", a("楼道", "楼道", "楼梯间", "一楼楼道", "单元门口", "楼道口")),
            Map.entry("spot", a("西门口", "大门口", "菜场旁边", "小区后门", "篮球场边", "{b}旁边")),
            Map.entry("trash", a("建筑垃圾", "装修垃圾", "生活垃圾", "烂菜叶", "旧家具")),
            Map.entry("days", a("三四天", "一个星期", "好几天", "半个月")),
            Map.entry("dur", a("已经一个多月了", "好几天了", "很长时间了", "反映过好几次了", "从上个月到现在", "两三年了一直没解决")),
            Map.entry("span", a("好几天", "一个多月", "半个月", "两个多星期", "好长时间")),
            Map.entry("nb", a("楼上", "隔壁", "楼下", "对门", "隔壁邻居")),
            Map.entry("tm", a("每天晚上", "一到晚上", "周末", "天天", "一大早")),
            Map.entry("zombie", a("僵尸车", "破面包车", "报废车", "旧三轮车")),
            Map.entry("road", a("洞山西路", "国庆西路", "大通路", "舜耕路", "九龙岗老街", "淮舜路")),
            Map.entry("site", a("旁边的空地", "拆迁后的空地", "闲置地块", "老厂房空地")),
            Map.entry("reason", a("楼道堆物", "占车位", "漏水", "噪音", "装修")),
            Map.entry("goods", a("米面油", "蔬菜", "生活用品", "口罩和消毒液", "奶粉")),
            Map.entry("med", a("降压药", "胰岛素", "降糖药", "速效救心丸")),
            Map.entry("goods2", a("奶粉尿不湿", "学习资料", "换洗衣服")),
            Map.entry("age", a("六十多", "七十", "七十多", "八十", "八十多")),
            Map.entry("disease", a("高血压", "糖尿病", "心脏病", "慢性病")),
            Map.entry("drain", a("地漏", "卫生间", "厨房")),
            Map.entry("trash2", a("油污", "剩饭菜", "建筑垃圾")),
            Map.entry("obs", a("私家车", "摊位", "杂物", "三轮车")));

    private static final String[] OPENERS = a("", "", "", "您好，", "你好，", "社区领导好，", "我是{xq}的居民，", "我住在{xq}{b}，",
            "反映个问题：", "麻烦问一下，", "我要投诉，", "网格员你好，", "向社区反映一下，", "请问，");
    private static final String[] DIARY_OPENERS = a("网格员走访发现：", "入户走访时居民反映，", "民情日志：", "巡查发现", "党员走访了解到，",
            "走访{xq}时发现，", "楼栋长反映：");
    private static final String[] DURATIONS = a("已经一个多月了", "好几天了", "这个问题存在很久了", "天天都这样", "反映过好几次了",
            "从上个月到现在", "最近一周");
    private static final String[] GENERIC_REQUESTS = a("希望社区尽快处理。", "请有关部门管一管。", "麻烦社区协调一下。", "希望能给个说法。",
            "请尽快派人来看看。", "望早日解决。");
    private static final String[] CLOSERS = a("", "", "", "谢谢！", "谢谢社区。", "辛苦了。", "盼回复。");
    private static final String[] DIARY_CLOSERS = a("已登记，需协调处理。", "已记录。", "拟派件处理。", "");
    private static final String[] PHONE_SENTENCES = a("联系电话{phone}。", "有事打我电话{phone}。", "我手机号{phone}，麻烦回个电话。",
            "电话：{phone3}。", "请回电{phone}。");
    private static final String[][] TYPOS = {
            {"楼道", "楼到"}, {"已经", "以经"}, {"反映", "反应"}, {"安装", "按装"}, {"充电", "冲电"}, {"垃圾", "拉圾"},
            {"麻烦", "麻凡"}, {"希望", "希忘"}, {"再", "在"}, {"的", "滴"}, {"问题", "问提"}, {"小区", "小曲"}};

    static final String[] UNRESOLVED_NOTES = a("受客观条件限制，暂无法解决，已向居民做好解释。", "涉及产权纠纷，已引导通过法律途径解决。",
            "已上报街道，等待统一规划。", "多次协调未果，已向居民说明情况。");
    static final String[] WITHDRAWN_NOTES = a("居民来电表示问题已自行解决，申请撤回。", "诉求人撤回。", "居民表示不需要处理了。");
    static final String[] IN_PROGRESS_NOTES = a("正在办理中。", "已派件，快递员正在处理。", "已联系相关单位，等待回复。");

    private TextComposer() {
    }

    /**
     * Which complaint core the case is about. Titles and notes are listed in the same order as the cores, so the
     * title (mostly) and the resolution note match what the resident described.
     */
    static int coreIndex(Theme t, Story story, Rng r) {
        return r.nextInt(cores(t, story).length);
    }

    static String title(Theme t, Story story, int core, Rng r, Place p) {
        String[] titles = story == Stories.GARDEN ? GARDEN_TITLES : story == Stories.EBIKE ? EBIKE_STORY_TITLES : t.titles;
        String template = core < titles.length && r.chance(0.8) ? titles[core] : r.pick(titles);
        return render(template, r, p, null);
    }

    static String description(Theme t, Story story, int core, boolean proactive, Rng r, Place p, String phoneInText) {
        StringBuilder sb = new StringBuilder();
        sb.append(render(r.pick(proactive ? DIARY_OPENERS : OPENERS), r, p, phoneInText));
        String[] cores = cores(t, story);
        sb.append(render(cores[core], r, p, phoneInText));
        if (r.chance(0.15)) {
            int other = r.nextInt(cores.length);
            if (other != core) {
                sb.append('，').append(render(cores[other], r, p, phoneInText));
            }
        }
        if (r.chance(0.25)) {
            sb.append('，').append(r.pick(DURATIONS));
        }
        sb.append('。');
        if (proactive) {
            sb.append(render(r.pick(DIARY_CLOSERS), r, p, phoneInText));
        } else {
            if (r.chance(0.7)) {
                sb.append(render(r.chance(0.6) ? r.pick(t.requests) : r.pick(GENERIC_REQUESTS), r, p, phoneInText));
            }
            if (phoneInText != null) {
                sb.append(render(r.pick(PHONE_SENTENCES), r, p, phoneInText));
            }
            sb.append(r.pick(CLOSERS));
        }
        String s = sb.toString();
        return r.chance(0.07) ? typo(s, r) : s;
    }

    private static String[] cores(Theme t, Story story) {
        if (story == Stories.GARDEN) {
            return GARDEN_CORES;
        }
        if (story == Stories.EBIKE) {
            return EBIKE_STORY_CORES;
        }
        return t.cores;
    }

    private static final String[] GARDEN_CORES = a("{xq}附近没有跳广场舞的地方，大家只能在马路边跳，很危险",
            "远望新村老人多，想找个地方下棋晒太阳都没有", "希望社区利用国庆西路{site}建个小游园", "孩子放学没地方玩，能不能建个休闲场地",
            "晚上跳广场舞只能挤在停车场，和车抢地方", "能不能在{xq}旁边弄个休闲广场，装点健身器材");
    private static final String[] EBIKE_STORY_CORES = a("{b}{u}有住户把{ev}推进{lou}充电，晚上一充就是一夜",
            "有人从{floor}窗户{flyw}给{ev}充电，电线就挂在{lou}外面", "{lou}里停了好几辆{ev}，堵住了消防通道，进出都不方便",
            "瀚城花园没有充电桩，大家只能{flyw}，太危险了", "{b}楼道里{ev}充电的插线板拖了一地", "晚上{lou}全是{ev}，充电器嗡嗡响，怕起火");

    static String note(Theme t, Story story, int core, Rng r, Place p) {
        if (story == Stories.GARDEN) {
            return r.pick(GARDEN_NOTES);
        }
        String template = core < t.notes.length ? t.notes[core] : r.pick(t.notes);
        return render(template, r, p, null);
    }

    private static final String[] GARDEN_TITLES = a("没有跳广场舞的地方", "希望建个休闲广场", "申请建设游园", "孩子没有休闲场地",
            "广场舞场地问题", "希望建个休闲广场");
    private static final String[] GARDEN_NOTES = a("已记录居民诉求，已上报街道争取建设街头游园。", "已协调附近单位开放空地供居民临时活动。",
            "已将诉求纳入社区年度民生项目计划。");
    private static final String[] EBIKE_STORY_TITLES = a("楼道{ev}充电有安全隐患", "有人{flyw}给{ev}充电", "{ev}停在楼道里",
            "要求安装充电桩", "楼道插线板充电", "楼道{ev}充电怕起火");

    static String render(String template, Rng r, Place p, String phone) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            if (ch != '{') {
                out.append(ch);
                i++;
                continue;
            }
            int end = template.indexOf('}', i);
            String key = template.substring(i + 1, end);
            out.append(slot(key, r, p, phone));
            i = end + 1;
        }
        return out.toString();
    }

    private static String slot(String key, Rng r, Place p, String phone) {
        switch (key) {
            case "xq":
                return p.xq();
            case "b":
                return p.building();
            case "u":
                return p.unit();
            case "bn":
                return Integer.toString(p.buildingNo());
            case "phone":
                return phone;
            case "phone3":
                return phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
            default:
                String[] options = SLOTS.get(key);
                if (options == null) {
                    throw new IllegalStateException("Unknown text slot {" + key + "}");
                }
                return render(r.pick(options), r, p, phone);
        }
    }

    static String typo(String s, Rng r) {
        int start = r.nextInt(TYPOS.length);
        for (int k = 0; k < TYPOS.length; k++) {
            String[] t = TYPOS[(start + k) % TYPOS.length];
            int at = s.indexOf(t[0]);
            if (at >= 0) {
                return s.substring(0, at) + t[1] + s.substring(at + t[0].length());
            }
        }
        return s;
    }

    private static String[] a(String... s) {
        return s;
    }
}
