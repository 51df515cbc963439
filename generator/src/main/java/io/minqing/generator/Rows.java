package io.minqing.generator;

import io.minqing.contract.Coded;
import java.time.LocalDateTime;
import java.util.List;

/** The export columns (Chinese headers, docs/sample-district.md) and how a case or survey becomes a row of text. */
final class Rows {

    private Rows() {
    }

    static final List<String> CASE_HEADERS = List.of("件号", "街道", "社区", "网格", "收件渠道", "主动发现", "类别", "标题", "诉求内容", "地址",
            "联系人", "联系电话", "收件时间", "派件时间", "办结时间", "反馈时间", "办理时限", "紧急程度", "办理状态", "快递员", "快递员类型",
            "办理层级", "协办单位", "办理结果", "更新时间");
    static final List<String> SURVEY_HEADERS = List.of("测评编号", "件号", "社区", "测评时间", "测评方式", "是否联系", "是否解决", "满意度",
            "意见", "联系电话");
    static final List<String> TRUTH_HEADERS = List.of("case_id", "community", "received_month", "topic_family", "topic_family_zh",
            "theme", "story_id");

    // column positions used by the messy writer
    static final int C_ID = 0;
    static final int C_COMMUNITY = 2;
    static final int C_DESCRIPTION = 8;
    static final int C_RECEIVED = 12;
    static final int C_DISPATCHED = 13;
    static final int C_RESOLVED = 14;
    static final int C_FEEDBACK = 15;
    static final int C_DUE = 16;
    static final int C_STATUS = 18;
    static final int C_NOTE = 23;
    static final int C_UPDATED = 24;
    static final int S_COMMUNITY = 2;
    static final int S_SURVEYED = 3;

    static String[] caseValues(SyntheticCase c) {
        return new String[] {
                c.caseId(), c.street(), c.community(), c.grid(), c.channel().zh(), yesNo(c.proactive()), nz(c.category()),
                nz(c.title()), nz(c.description()), nz(c.address()), nz(c.contactName()), nz(c.phone()), time(c.receivedAt()),
                time(c.dispatchedAt()), time(c.resolvedAt()), time(c.feedbackAt()), time(c.dueAt()), c.priority().zh(),
                c.status().zh(), nz(c.handlerName()), zh(c.handlerType()), c.escalation().zh(), String.join("、", c.departments()),
                nz(c.resolutionNote()), time(c.updatedAt())};
    }

    static String[] surveyValues(SyntheticSurvey s) {
        return new String[] {
                s.surveyId(), nz(s.caseId()), s.community(), time(s.surveyedAt()), s.method().zh(),
                s.contacted() == null ? "" : yesNo(s.contacted()), s.resolved() == null ? "" : yesNo(s.resolved()),
                zh(s.satisfaction()), nz(s.comment()), nz(s.phone())};
    }

    static String[] truthValues(SyntheticCase c) {
        return new String[] {c.caseId(), c.community(), month(c.receivedAt()), c.theme().family.code(), c.theme().family.zh(),
                c.theme().code(), nz(c.storyId())};
    }

    static String yesNo(boolean b) {
        return b ? "是" : "否";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String zh(Coded c) {
        return c == null ? "" : c.zh();
    }

    static String month(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(7);
        pad(sb, t.getYear(), 4).append('-');
        return pad(sb, t.getMonthValue(), 2).toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss}, or empty for null; written by hand (millions of calls, no locale involved). */
    static String time(LocalDateTime t) {
        if (t == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(19);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append(' ');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        return pad(sb, t.getSecond(), 2).toString();
    }

    static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
