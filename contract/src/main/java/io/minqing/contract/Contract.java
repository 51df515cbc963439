package io.minqing.contract;

import static io.minqing.contract.Column.coded;
import static io.minqing.contract.Column.optional;
import static io.minqing.contract.Column.required;
import static io.minqing.contract.ColumnType.BOOLEAN;
import static io.minqing.contract.ColumnType.LONG;
import static io.minqing.contract.ColumnType.STRING;
import static io.minqing.contract.ColumnType.STRING_LIST;
import static io.minqing.contract.ColumnType.TIMESTAMP;

import java.time.ZoneId;
import java.util.List;

/**
 * The canonical data contract of staged data: {@link #CASES} (民情件) and {@link #SURVEYS} (满意度测评).
 * Every ingest profile maps its source onto these; transform reads only these. {@code docs/data-contract.md}
 * documents the same tables, and {@code ContractDocumentTest} fails when the two drift apart.
 */
public final class Contract {

    /** All times in the contract are local wall-clock times of this zone, stored without a zone. */
    public static final ZoneId DISTRICT_ZONE = ZoneId.of("Asia/Shanghai");

    public static final TableSchema CASES = new TableSchema("cases", "one row per case (民情件) per source", List.of(
            required("case_id", "件号", STRING, "Identifier of the case in its source system; unique together with source."),
            required("source", "来源", STRING, "Name of the ingest profile / source system the case came from (sample-district, teddycup2020c, nyc311, open311 …)."),
            optional("street", "街道", STRING, "Sub-district (街道) the community belongs to."),
            required("community", "社区", STRING, "Canonical community name from the profile's community list (居南社区 …)."),
            optional("grid", "网格", STRING, "Grid (网格) within the community, as recorded."),
            coded("channel", "收件渠道", false, "How the request was received (收件).", Codes.Channel.class),
            required("is_proactive", "主动发现", BOOLEAN, "True when workers found the problem on their rounds (民情日志/走访) rather than a resident raising it."),
            optional("category", "类别", STRING, "Category as recorded by the source, unmapped."),
            optional("title", "标题", STRING, "Short title or subject; phone and ID numbers masked."),
            optional("description", "诉求内容", STRING, "What the resident asked for, free text; phone and ID numbers masked."),
            optional("address", "地址", STRING, "Where the problem is (小区, 楼号, 单元); phone and ID numbers masked."),
            optional("resident_key", "居民标识", STRING, "Keyed pseudonym (HMAC-SHA256) of the resident's phone number or name; never the raw value."),
            required("received_at", "收件时间", TIMESTAMP, "When the request was received (收件)."),
            optional("dispatched_at", "派件时间", TIMESTAMP, "When it was dispatched to a handler (派件); null when settled on the spot or not yet dispatched."),
            optional("resolved_at", "办结时间", TIMESTAMP, "When the handler closed it (办结); null while open."),
            optional("feedback_at", "反馈时间", TIMESTAMP, "When the result was fed back to the resident (反馈)."),
            optional("due_at", "办理时限", TIMESTAMP, "Deadline recorded by the source; null when the source records none (transform then applies the configured limit by priority)."),
            coded("priority", "紧急程度", false, "Which time limit class applies; normal when the source does not say.", Codes.Priority.class),
            coded("status", "办理状态", false, "State in the source at export time.", Codes.Status.class),
            optional("handler_key", "快递员标识", STRING, "Keyed pseudonym of the handler (快递员); never the raw name."),
            coded("handler_type", "快递员类型", true, "Kind of handler.", Codes.HandlerType.class),
            coded("escalation_level", "办理层级", false, "Level the case was settled at: community, or escalated to street or district.", Codes.EscalationLevel.class),
            required("departments", "协办单位", STRING_LIST, "Co-handling departments (城管, 派出所, 物业, 环卫, 供电, 铁塔公司 …); empty when none."),
            optional("resolution_note", "办理结果", STRING, "What was done, free text; phone and ID numbers masked."),
            optional("updated_at", "更新时间", TIMESTAMP, "Last change of the record in its source; among duplicates of (source, case_id) the latest is kept."),
            required("source_file", "来源文件", STRING, "File name (without folders) the row was read from; when two input files share a name, its path below the --input folder (东城街道/export.csv)."),
            required("source_row", "来源行号", LONG, "1-based line number (CSV, JSON Lines) or row number (XLSX, JSON array index + 1) in source_file."),
            required("received_month", "收件月份", STRING, "Month of received_at, yyyy-MM; the Parquet partition folder.")
    ), "received_month");

    public static final TableSchema SURVEYS = new TableSchema("surveys", "one row per satisfaction survey (满意度测评) per source", List.of(
            required("survey_id", "测评编号", STRING, "Identifier of the survey in its source; unique together with source."),
            optional("case_id", "件号", STRING, "The case surveyed; null for general surveys not tied to a case."),
            required("source", "来源", STRING, "Ingest profile / source system."),
            required("community", "社区", STRING, "Canonical community name."),
            required("surveyed_at", "测评时间", TIMESTAMP, "When the survey was taken."),
            coded("method", "测评方式", false, "How the survey was taken.", Codes.SurveyMethod.class),
            optional("is_contacted", "是否联系", BOOLEAN, "Resident confirms the handler contacted them; null when not asked."),
            optional("is_resolved", "是否解决", BOOLEAN, "Resident says the problem was solved; null when not answered."),
            coded("satisfaction", "满意度", true, "Resident's verdict; null when not answered (not a valid survey for 满意率).", Codes.Satisfaction.class),
            optional("comment", "意见", STRING, "Free-text comment; phone and ID numbers masked."),
            required("source_file", "来源文件", STRING, "File name the row was read from."),
            required("source_row", "来源行号", LONG, "1-based line or row number in source_file."),
            required("surveyed_month", "测评月份", STRING, "Month of surveyed_at, yyyy-MM; the Parquet partition folder.")
    ), "surveyed_month");

    /**
     * Input rows ingest could not stage, one row each, with the reason. The same table is written twice, under
     * {@code rejects/cases/} and {@code rejects/surveys/}, partitioned by source; each source file's rejects are one
     * Parquet file, replaced when that file is ingested again.
     */
    public static final TableSchema REJECTS = new TableSchema("rejects", "one row per rejected input row", List.of(
            required("source_file", "来源文件", STRING, "File name (without folders) the row was read from, or its path below the --input folder when names repeat; XLSX rows as file.xlsx!Sheet."),
            required("source_row", "来源行号", LONG, "1-based line (CSV, JSON Lines), row (XLSX) or array position (JSON) where the record starts."),
            coded("reason", "拒收原因", false, "Why the row was not staged; the first failed check in this order.", Codes.RejectReason.class),
            optional("column_name", "列名", STRING, "Source column (header) the problem is in; null when it concerns the whole record."),
            optional("value", "取值", STRING, "The offending value as read; phone and ID numbers masked."),
            required("message", "说明", STRING, "What is wrong and how to fix it in the source export."),
            optional("case_id", "件号", STRING, "The record's key (件号 / 测评编号) when it could be read."),
            required("raw_record", "原始记录", STRING, "The record as read (CSV line, XLSX cells, JSON fields); personal columns and phone/ID numbers masked."),
            required("source", "来源", STRING, "Ingest profile / source system; the Parquet partition folder.")
    ), "source");

    /** The staged tables, in the order they are documented. */
    public static final List<TableSchema> STAGED = List.of(CASES, SURVEYS);

    /** Every table of the staged layer documented in docs/data-contract.md: the staged tables and the rejects. */
    public static final List<TableSchema> STAGED_LAYER = List.of(CASES, SURVEYS, REJECTS);

    private Contract() {
    }
}
