package io.minqing.generator;

import io.minqing.contract.Codes.Channel;
import io.minqing.contract.Codes.EscalationLevel;
import io.minqing.contract.Codes.HandlerType;
import io.minqing.contract.Codes.Priority;
import io.minqing.contract.Codes.Satisfaction;
import io.minqing.contract.Codes.Status;
import io.minqing.contract.Codes.SurveyMethod;
import io.minqing.generator.District.Community;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes one case (and its survey, if it has one) from (seed, community, month, index) alone: how it was received,
 * what it is about, who handled it, how long each stage took (lognormal, by community, theme, priority and
 * escalation), where it stood at the as-of cut-off, and how satisfied the resident was.
 */
final class CaseFactory {

    /** Time limits by priority, hours (urgent, normal, complex): recorded as 办理时限 where the office records one. */
    static final double[] LIMIT_HOURS = {24, 72, 168};

    private static final Channel[] CHANNELS = Channel.values();
    private static final double[] CHANNEL_WEIGHTS = {16, 2, 6, 22, 22, 8, 4, 6, 9, 5};
    private static final double[] ON_SPOT_BY_CHANNEL = {0.06, 0.02, 0.08, 0.08, 0.30, 0.10, 0.03, 0.20, 0.03, 0.10};
    private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
            .split("");
    private static final String[] GIVEN = ("建国 秀英 桂兰 志强 海燕 玉梅 德华 春生 红霞 国庆 凤英 卫东 丽娟 永胜 小军 金花 文明 淑珍 "
            + "明亮 家乐 晓燕 刚 伟 敏 静 磊 洋 勇 艳 杰 娟 涛 超 芳 霞 平 军 华 英").split(" ");
    private static final String[] HONORIFICS = {"女士", "先生", "阿姨", "大爷", "师傅", "大姐"};
    private static final HandlerType[] HANDLER_TYPES = HandlerType.values();
    private static final double[] HANDLER_TYPE_WEIGHTS = {20, 22, 12, 12, 20, 12, 2};
    private static final String[][] COMMENTS = {
            {"处理及时，谢谢社区", "网格员很负责", "办得快，满意", "态度很好", "问题解决了，感谢"},
            {"还行吧", "基本解决了", "希望以后快一点", "态度还可以"},
            {"拖得太久了", "问题根本没解决", "打了好几次电话才来", "敷衍了事", "没人联系我"}};
    private static final String[][] GENERAL_COMMENTS = {
            {"社区工作人员态度好", "小区环境比以前好多了", "网格员经常来走访，挺好"},
            {"希望多组织活动", "希望多关心老年人", "总体还行"},
            {"停车还是难", "反映的问题很少有回音", "小区环境太差了"}};

    /** A 快递员 of a community. */
    record Handler(String name, HandlerType type) {
    }

    /** What a case is drawn from in its community-month: the ordinary themes and the stories active there. */
    record CellMix(Theme[] themes, Story[] stories, double[] weights) {
    }

    /** A generated case and its survey (null when it has none). */
    record Made(SyntheticCase c, SyntheticSurvey survey) {
    }

    private final long seed;
    private final LocalDateTime asOf;
    private final List<List<Handler>> handlers;

    CaseFactory(long seed, LocalDateTime asOf) {
        this.seed = seed;
        this.asOf = asOf;
        List<List<Handler>> pools = new ArrayList<>();
        for (Community c : District.COMMUNITIES) {
            int size = Math.max(6, c.baseMonthly() / 5);
            List<Handler> pool = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                Rng r = Rng.of(seed, 0x4841L, c.index(), k);
                pool.add(new Handler(personName(r), HANDLER_TYPES[r.weighted(HANDLER_TYPE_WEIGHTS)]));
            }
            pools.add(List.copyOf(pool));
        }
        this.handlers = List.copyOf(pools);
    }

    /** The themes and stories a case of community {@code c} in month {@code m} is drawn from, with weights. */
    static CellMix mix(Community c, YearMonth m, double baseCount) {
        Theme[] all = Theme.values();
        List<Theme> themes = new ArrayList<>();
        List<Story> stories = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        for (Theme t : all) {
            total += t.weight;
        }
        for (Theme t : all) {
            if (t.weight <= 0) {
                continue;
            }
            double w = baseCount * t.weight / total;
            if (t == Theme.EBIKE_CHARGING && c.name().equals(Stories.EBIKE_COMMUNITY) && !m.isBefore(Stories.EBIKE_FIX)) {
                w *= 0.3; // the charging piles fixed most of it
            }
            if (t == Theme.LEISURE && c.name().equals(Stories.GARDEN_COMMUNITY) && m.isAfter(Stories.GARDEN_FIX)) {
                w *= 0.3; // the street garden answers most leisure requests
            }
            themes.add(t);
            stories.add(null);
            weights.add(w);
        }
        for (Story s : Stories.CASE_STORIES) {
            double e = Stories.extra(s, m, c);
            if (e > 0) {
                themes.add(s.theme());
                stories.add(s);
                weights.add(e);
            }
        }
        double[] w = new double[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        return new CellMix(themes.toArray(new Theme[0]), stories.toArray(new Story[0]), w);
    }

    Made make(Community c, YearMonth month, int index, String caseId, String previousCaseId, LocalDateTime received,
              CellMix mix) {
        Rng r = Rng.of(seed, 0x4341L, c.index(), month.getYear() * 12L + month.getMonthValue(), index);
        int pick = r.weighted(mix.weights());
        Theme theme = mix.themes()[pick];
        Story story = mix.stories()[pick];
        int hour = received.getHour();

        // 收件: channel (民情日志 rounds only in working hours), proactive
        double[] cw = CHANNEL_WEIGHTS.clone();
        boolean rural = !c.street().equals("大通街道");
        if (rural) {
            cw[Channel.DIARY.ordinal()] *= 1.5;
            cw[Channel.MEETING.ordinal()] *= 1.5;
            cw[Channel.WEB.ordinal()] *= 0.5;
            cw[Channel.EMAIL.ordinal()] *= 0.5;
        }
        if (hour < 8 || hour >= 18) {
            cw[Channel.DIARY.ordinal()] = 0;
            cw[Channel.MEETING.ordinal()] = 0;
            cw[Channel.MAILBOX.ordinal()] = 0;
        }
        Channel channel = CHANNELS[r.weighted(cw)];
        boolean proactive = channel == Channel.DIARY || (channel == Channel.OTHER && r.chance(0.3));

        // where and who
        TextComposer.Place place = place(c, theme, story, r);
        String contact = null;
        String phone = null;
        if (!proactive || r.chance(0.4)) {
            contact = r.chance(0.7) ? r.pick(SURNAMES) + r.pick(HONORIFICS) : personName(r);
            phone = channel == Channel.EMAIL && r.chance(0.5) ? null : mobile(r);
        }
        String phoneInText = !proactive && r.chance(0.08) ? (phone != null && r.chance(0.7) ? phone : mobile(r)) : null;
        int core = TextComposer.coreIndex(theme, story, r);
        String title = r.chance(0.05) ? null : TextComposer.title(theme, story, core, r, place);
        String description = TextComposer.description(theme, story, core, proactive, r, place, phoneInText);
        String address = r.chance(0.08) ? null : place.xq() + place.building() + place.unit();
        String category = category(theme, r);
        String grid = "第" + (1 + r.nextInt(c.grids())) + "网格";

        Priority priority = Priority.values()[r.weighted(theme.priorityWeights)];
        double limit = LIMIT_HOURS[priority.ordinal()];
        double dueShare = c.index() <= 2 ? 0.95 : c.index() % 3 == 0 ? 0.3 : 0.6;
        LocalDateTime due = r.chance(dueShare) ? received.plusHours((long) limit) : null;

        // 派件 or settled on the spot
        boolean onSpot = r.chance(Math.min(0.9, ON_SPOT_BY_CHANNEL[channel.ordinal()] * theme.onSpotFactor));
        EscalationLevel escalation = EscalationLevel.COMMUNITY;
        List<String> departments = List.of();
        if (!onSpot && r.chance(theme.escalateProbability * (priority == Priority.COMPLEX ? 1.5 : 1.0))) {
            escalation = r.chance(0.85) ? EscalationLevel.STREET : EscalationLevel.DISTRICT;
            departments = departments(theme, r);
        }
        List<Handler> pool = handlers.get(c.index());
        Handler handler = pool.get(r.nextInt(pool.size()));
        if (onSpot) {
            for (int k = 0; k < 6 && handler.type() != HandlerType.GRID_WORKER && handler.type() != HandlerType.COMMUNITY_STAFF; k++) {
                handler = pool.get(r.nextInt(pool.size()));
            }
        }
        double priorityDispatch = priority == Priority.URGENT ? 0.35 : priority == Priority.COMPLEX ? 1.3 : 1.0;
        double dispatchHours = onSpot ? 0 : r.lognormal(c.dispatchHours() * priorityDispatch, 0.9);
        if (!onSpot && r.chance(0.03)) {
            dispatchHours *= r.lognormal(20, 0.6); // 挂起: waits for the resident's confirmation or a suitable handler
        }
        double priorityResolve = priority == Priority.URGENT ? 0.3 : priority == Priority.COMPLEX ? 2.2 : 1.0;
        double escalationResolve = escalation == EscalationLevel.STREET ? 2.5 : escalation == EscalationLevel.DISTRICT ? 4.0 : 1.0;
        double handleHours = onSpot ? r.lognormal(0.7, 0.6)
                : r.lognormal(theme.resolveHours * priorityResolve * escalationResolve * c.resolveFactor(), 0.75);
        double feedbackHours = r.lognormal(3, 1.0);
        boolean hasFeedback = r.chance(0.94);

        // the outcome as it would be if nothing were cut off
        double u = r.uniform();
        Status fate = u < 0.015 ? Status.WITHDRAWN : u < 0.025 ? Status.DUPLICATE : u < 0.055 ? Status.UNRESOLVED : Status.RESOLVED;
        if (onSpot && fate == Status.UNRESOLVED) {
            fate = Status.RESOLVED;
        }
        LocalDateTime dispatched = onSpot ? null : plusHours(received, dispatchHours);
        LocalDateTime resolved = plusHours(received, dispatchHours + handleHours);
        LocalDateTime feedback = hasFeedback ? plusHours(resolved, feedbackHours) : null;
        Status status;
        String note;
        if (fate == Status.WITHDRAWN || fate == Status.DUPLICATE) {
            LocalDateTime closedAt = plusHours(received, r.lognormal(fate == Status.DUPLICATE ? 2 : 20, 0.8));
            if (closedAt.isAfter(asOf)) {
                return open(c, caseId, grid, channel, proactive, category, title, description, address, contact, phone,
                        received, null, due, priority, Status.RECEIVED, null, null, EscalationLevel.COMMUNITY, List.of(),
                        theme, story, r);
            }
            note = fate == Status.WITHDRAWN ? r.pick(TextComposer.WITHDRAWN_NOTES)
                    : "与" + (previousCaseId == null ? "前件" : previousCaseId) + "反映问题相同，合并办理。";
            return new Made(new SyntheticCase(caseId, c.street(), c.name(), grid, channel, proactive, category, title, description,
                    address, contact, phone, received, null, null, null, due, priority, fate, null, null,
                    EscalationLevel.COMMUNITY, List.of(), note, closedAt, theme, storyId(story)), null);
        }
        if (dispatched != null && dispatched.isAfter(asOf)) {
            return open(c, caseId, grid, channel, proactive, category, title, description, address, contact, phone, received,
                    null, due, priority, Status.RECEIVED, null, null, EscalationLevel.COMMUNITY, List.of(), theme, story, r);
        }
        if (resolved.isAfter(asOf)) {
            if (onSpot) {
                return open(c, caseId, grid, channel, proactive, category, title, description, address, contact, phone,
                        received, null, due, priority, Status.RECEIVED, null, null, EscalationLevel.COMMUNITY, List.of(),
                        theme, story, r);
            }
            return open(c, caseId, grid, channel, proactive, category, title, description, address, contact, phone, received,
                    dispatched, due, priority, Status.DISPATCHED, handler.name(), handler.type(), escalation, departments,
                    theme, story, r);
        }
        if (feedback != null && feedback.isAfter(asOf)) {
            feedback = null;
        }
        status = fate;
        TextComposer.Place notePlace = place;
        if (fate == Status.UNRESOLVED) {
            note = r.pick(TextComposer.UNRESOLVED_NOTES);
        } else {
            note = storyNote(story, theme, core, month, r, notePlace);
            if (onSpot && r.chance(0.6)) {
                note = "即事即办：" + note;
            } else if (escalation != EscalationLevel.COMMUNITY) {
                note = "已上报" + (escalation == EscalationLevel.STREET ? "街道" : "区里") + "，协调" + String.join("、", departments)
                        + "处理。" + note;
            }
        }
        LocalDateTime updated = latest(received, dispatched, resolved, feedback);
        updated = min(plusHours(updated, r.uniform() * 0.5), asOf);
        SyntheticCase sc = new SyntheticCase(caseId, c.street(), c.name(), grid, channel, proactive, category, title, description,
                address, contact, phone, received, dispatched, resolved, feedback, due, priority, status, handler.name(),
                handler.type(), escalation, departments, note, updated, theme, storyId(story));
        return new Made(sc, survey(c, sc, dispatchHours + handleHours, limit, onSpot, r));
    }

    private Made open(Community c, String caseId, String grid, Channel channel, boolean proactive, String category, String title,
                      String description, String address, String contact, String phone, LocalDateTime received,
                      LocalDateTime dispatched, LocalDateTime due, Priority priority, Status status, String handlerName,
                      HandlerType handlerType, EscalationLevel escalation, List<String> departments, Theme theme, Story story,
                      Rng r) {
        String note = status == Status.DISPATCHED && r.chance(0.5) ? r.pick(TextComposer.IN_PROGRESS_NOTES) : null;
        LocalDateTime updated = dispatched != null ? dispatched : received;
        return new Made(new SyntheticCase(caseId, c.street(), c.name(), grid, channel, proactive, category, title, description,
                address, contact, phone, received, dispatched, null, null, due, priority, status, handlerName, handlerType,
                escalation, departments, note, updated, theme, storyId(story)), null);
    }

    private SyntheticSurvey survey(Community c, SyntheticCase sc, double totalHours, double limitHours, boolean onSpot, Rng r) {
        if (!r.chance(sc.status() == Status.UNRESOLVED ? 0.7 : 0.85)) {
            return null;
        }
        LocalDateTime base = sc.feedbackAt() != null ? sc.feedbackAt() : sc.resolvedAt();
        LocalDateTime at = plusHours(base, r.lognormal(30, 0.8));
        if (at.isAfter(asOf)) {
            return null; // not surveyed yet at the cut-off
        }
        SurveyMethod method = sc.phone() == null ? (r.chance(0.8) ? SurveyMethod.VISIT : SurveyMethod.PAPER)
                : SurveyMethod.values()[r.weighted(new double[] {60, 20, 15, 5})];
        boolean unresolved = sc.status() == Status.UNRESOLVED;
        double score = 3.3 + c.satisfaction()
                - 0.6 * Math.max(0, Math.log(totalHours / limitHours))
                + (onSpot ? 0.3 : 0)
                - (unresolved ? 2.2 : 0)
                - (sc.escalation() != EscalationLevel.COMMUNITY ? 0.4 : 0);
        Satisfaction sat = verdict(score, r);
        Boolean contacted = r.chance(0.03) ? null : r.chance(onSpot ? 0.99 : 0.95);
        Boolean resolvedAnswer;
        if (sat == null) {
            resolvedAnswer = r.chance(0.5) ? null : !unresolved && r.chance(0.9);
        } else if (sat == Satisfaction.DISSATISFIED) {
            resolvedAnswer = !unresolved && r.chance(0.4);
        } else {
            resolvedAnswer = unresolved ? r.chance(0.1) : r.chance(0.96);
        }
        String comment = sat != null && r.chance(0.35) ? r.pick(COMMENTS[sat.ordinal()]) : null;
        return new SyntheticSurvey(null, sc.caseId(), c.name(), at, method, contacted, resolvedAnswer, sat, comment, sc.phone());
    }

    /** A survey not tied to a case (社区满意度走访). */
    SyntheticSurvey generalSurvey(Community c, LocalDateTime at, Rng r) {
        SurveyMethod method = r.chance(0.6) ? SurveyMethod.VISIT : r.chance(0.5) ? SurveyMethod.PAPER : SurveyMethod.PHONE;
        Satisfaction sat = verdict(3.0 + c.satisfaction(), r);
        String comment = sat != null && r.chance(0.5) ? r.pick(GENERAL_COMMENTS[sat.ordinal()]) : null;
        return new SyntheticSurvey(null, null, c.name(), at, method, null, null, sat, comment,
                method == SurveyMethod.PHONE ? mobile(r) : null);
    }

    /** 不满意 with probability 1/(1+e^score); else 满意 with probability 1/(1+e^-(score-1)); 5% not answered. */
    private static Satisfaction verdict(double score, Rng r) {
        if (r.chance(0.05)) {
            return null;
        }
        if (r.chance(1 / (1 + Math.exp(score)))) {
            return Satisfaction.DISSATISFIED;
        }
        return r.chance(1 / (1 + Math.exp(-(score - 1)))) ? Satisfaction.SATISFIED : Satisfaction.BASICALLY_SATISFIED;
    }

    private static String storyNote(Story story, Theme theme, int core, YearMonth month, Rng r, TextComposer.Place p) {
        boolean afterEbikeFix = theme == Theme.EBIKE_CHARGING && p.xq().equals(Stories.EBIKE_ADDRESS)
                && !month.isBefore(Stories.EBIKE_FIX);
        if (afterEbikeFix || (story == Stories.EBIKE && r.chance(0.15) && month.isAfter(Stories.EBIKE_FIX.minusMonths(3)))) {
            return afterEbikeFix ? "小区集中充电桩已安装到位，已引导居民集中充电，楼道电动车已清理。"
                    : "已上报街道协调铁塔公司、供电部门选址建设集中充电桩，楼道电动车已劝离。";
        }
        if (story == Stories.JUREN && month.equals(Stories.JUREN_FIX)) {
            return "已纳入街道控违拆违专项行动，居仁村二区违建已全部拆除。";
        }
        if (story == Stories.GARDEN && month.equals(Stories.GARDEN_FIX)) {
            return "国庆西路街头游园已建成开放，已告知居民。";
        }
        return TextComposer.note(theme, story, core, r, p);
    }

    private static TextComposer.Place place(Community c, Theme theme, Story story, Rng r) {
        String xq;
        if (story != null && story.address() != null) {
            xq = story.address();
        } else {
            xq = c.places().get(r.nextInt(c.places().size()));
            if (theme.family == TopicFamily.ILLEGAL_BUILDING && xq.equals(Stories.JUREN_ADDRESS)) {
                xq = c.places().get(0); // 居仁村二区 belongs to its story
            }
        }
        int no = 1 + r.nextInt(xq.endsWith("村") || xq.endsWith("组") || xq.endsWith("老街") ? 60 : 24);
        boolean village = xq.endsWith("村") || xq.endsWith("组") || xq.endsWith("老街");
        String building;
        String unit;
        if (village) {
            building = no + "号";
            unit = "";
        } else {
            String[] suffix = {"号楼", "号楼", "栋", "幢"};
            building = no + r.pick(suffix);
            unit = r.chance(0.7) ? (1 + r.nextInt(4)) + "单元" : "";
        }
        return new TextComposer.Place(xq, building, unit, no);
    }

    private static String category(Theme theme, Rng r) {
        double u = r.uniform();
        if (u < 0.08) {
            return null;
        }
        if (u < 0.14) {
            Theme other = Theme.values()[r.nextInt(Theme.values().length)];
            return r.pick(other.categories);
        }
        return r.pick(theme.categories);
    }

    private static List<String> departments(Theme theme, Rng r) {
        String first = r.pick(theme.departments);
        if (theme.departments.length > 1 && r.chance(0.3)) {
            String second = r.pick(theme.departments);
            if (!second.equals(first)) {
                return List.of(first, second);
            }
        }
        return List.of(first);
    }

    static String personName(Rng r) {
        return r.pick(SURNAMES) + r.pick(GIVEN);
    }

    static String mobile(Rng r) {
        String[] prefixes = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                "157", "158", "159", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199"};
        StringBuilder sb = new StringBuilder(11).append(r.pick(prefixes));
        for (int i = 0; i < 8; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private static String storyId(Story s) {
        return s == null ? null : s.id();
    }

    static LocalDateTime plusHours(LocalDateTime t, double hours) {
        return t.plusSeconds(Math.round(hours * 3600));
    }

    private static LocalDateTime latest(LocalDateTime... ts) {
        LocalDateTime best = null;
        for (LocalDateTime t : ts) {
            if (t != null && (best == null || t.isAfter(best))) {
                best = t;
            }
        }
        return best;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? b : a;
    }
}
