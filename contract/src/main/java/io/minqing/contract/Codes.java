package io.minqing.contract;

/** The coded values of the contract. Codes are stored; Chinese labels are shown. */
public final class Codes {

    private Codes() {
    }

    /** 收件渠道 — how a request reached the community. */
    public enum Channel implements Coded {
        HOTLINE("热线电话"),
        EMAIL("电子邮箱"),
        QQ_GROUP("QQ群"),
        WECHAT_GROUP("微信群"),
        DIARY("民情日志/走访"),
        CONTACT_CARD("联系卡"),
        MAILBOX("民情信箱"),
        MEETING("恳谈会/碰头会"),
        WEB("网上留言"),
        OTHER("其他");

        private final String zh;

        Channel(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 办理时限类别 — which time limit applies. */
    public enum Priority implements Coded {
        URGENT("紧急"),
        NORMAL("一般"),
        COMPLEX("复杂");

        private final String zh;

        Priority(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 办理状态 — where the case stands in the source at export time. */
    public enum Status implements Coded {
        RECEIVED("已收件"),
        DISPATCHED("已派件"),
        RESOLVED("已办结"),
        UNRESOLVED("未解决"),
        WITHDRAWN("已撤回"),
        DUPLICATE("重复件");

        private final String zh;

        Status(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 快递员类型 — who handled the case. */
    public enum HandlerType implements Coded {
        INSERVICE_PARTY_MEMBER("在职党员"),
        RETIRED_PARTY_MEMBER("退休党员"),
        PARTY_VOLUNTEER("党员志愿者"),
        COMMUNITY_VOLUNTEER("社区志愿者"),
        COMMUNITY_STAFF("社区工作人员"),
        GRID_WORKER("网格员"),
        OTHER("其他");

        private final String zh;

        HandlerType(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 办理层级 — the level the case was settled at. */
    public enum EscalationLevel implements Coded {
        COMMUNITY("社区"),
        STREET("街道"),
        DISTRICT("区");

        private final String zh;

        EscalationLevel(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 测评方式. */
    public enum SurveyMethod implements Coded {
        PHONE("电话回访"),
        VISIT("上门回访"),
        ONLINE("网上测评"),
        PAPER("纸质测评");

        private final String zh;

        SurveyMethod(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /** 满意度. */
    public enum Satisfaction implements Coded {
        SATISFIED("满意"),
        BASICALLY_SATISFIED("基本满意"),
        DISSATISFIED("不满意");

        private final String zh;

        Satisfaction(String zh) {
            this.zh = zh;
        }

        @Override
        public String zh() {
            return zh;
        }
    }

    /**
     * 拒收原因 — why ingest rejected an input row (table {@code rejects}). Checked in this order; the first that applies
     * is recorded. docs/ingest.md says how to fix each.
     */
    public enum RejectReason implements Coded {
        BAD_ENCODING("编码错误"),
        MALFORMED_RECORD("格式损坏"),
        TOO_MANY_COLUMNS("列数过多"),
        TOO_FEW_COLUMNS("列数不足"),
        FORMULA_CELL("公式无缓存值"),
        MISSING_REQUIRED("必填项缺失"),
        UNPARSEABLE_TIME("时间无法解析"),
        IMPLAUSIBLE_DATE("日期过早"),
        IMPLAUSIBLE_TIME("时间不合理"),
        UNKNOWN_COMMUNITY("未知社区"),
        UNKNOWN_CHANNEL("未知渠道"),
        UNKNOWN_VALUE("未知取值"),
        TIME_ORDER("时间顺序错误"),
        DUPLICATE_KEY("重复件号");

        private final String zh;

        RejectReason(String zh) {
            this.zh = zh;
        }

        /** Reason codes keep the upper-case names the issue, the messages and docs/ingest.md use. */
        @Override
        public String code() {
            return name();
        }

        @Override
        public String zh() {
            return zh;
        }
    }
}
