package io.minqing.reports;

import io.minqing.reports.Pack.Quality;
import io.minqing.reports.Pack.QualityLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the ingest data-quality summary {@code lake/quality/ingest-summary.json} (fields in docs/ingest.md) with
 * DuckDB's JSON functions, so missing optional fields read as null instead of failing. Counts are shown as written.
 */
public final class QualityReader {

    /** Chinese names of the ingest reject reasons; an unknown code is shown as the code. */
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("MISSING_REQUIRED", "缺少必填项"), Map.entry("UNPARSEABLE_TIME", "时间无法解析"),
            Map.entry("TIME_ORDER", "时间先后矛盾（办结早于收件等）"), Map.entry("UNKNOWN_COMMUNITY", "未知社区"),
            Map.entry("UNKNOWN_CHANNEL", "未知渠道"), Map.entry("DUPLICATE_KEY", "重复件号"),
            Map.entry("BAD_ENCODING", "编码错误"), Map.entry("TOO_MANY_COLUMNS", "列数过多"),
            Map.entry("TOO_FEW_COLUMNS", "列数不足"), Map.entry("UNKNOWN_VALUE", "未知取值"),
            Map.entry("FUTURE_TIME", "时间在未来"), Map.entry("BAD_VALUE", "取值无效"),
            Map.entry("IMPLAUSIBLE_DATE", "日期早于合理下限（如 ingest.earliest-date 之前）"),
            Map.entry("IMPLAUSIBLE_TIME", "时间不合理（晚于导入日期等）"), Map.entry("FORMULA_CELL", "公式无缓存值"),
            Map.entry("MALFORMED_RECORD", "格式损坏（引号不匹配等）"));

    static final Map<String, String> STAGES = Map.of("dispatched_at", "派件时间", "resolved_at", "办结时间",
            "feedback_at", "反馈时间", "due_at", "办理时限", "updated_at", "更新时间");

    private QualityReader() {
    }

    public static Quality read(Connection db, Path file) {
        if (!Files.isRegularFile(file)) {
            return Quality.missing("没有找到数据质量摘要 " + file + "：请用 minqing ingest 导入数据后再生成报告。");
        }
        String f = file.toString();
        try {
            String c = "(SELECT content AS c FROM read_text(?))";
            List<QualityLine> totals = new ArrayList<>();
            String note;
            try (PreparedStatement ps = db.prepareStatement("SELECT c->>'$.source', c->>'$.profile', c->>'$.as_of', "
                    + "TRY_CAST(c->>'$.totals.read' AS BIGINT), TRY_CAST(c->>'$.totals.staged' AS BIGINT), "
                    + "TRY_CAST(c->>'$.totals.rejected' AS BIGINT), c->>'$.cases.received_from', c->>'$.cases.received_to', "
                    + "c->>'$.reject_threshold' FROM " + c)) {
                ps.setString(1, f);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    note = "来源 " + nz(rs.getString(1)) + "（导入配置 " + nz(rs.getString(2)) + "），导入时间 " + nz(rs.getString(3))
                            + "；收件时间范围 " + nz(rs.getString(7)) + " 至 " + nz(rs.getString(8)) + "；单个文件拒收比例上限 "
                            + pct(rs.getString(9)) + "。读入 = 入库 + 拒收，被拒收的行连同原因保存在 lake/rejects/。";
                    totals.add(new QualityLine("全部文件", lng(rs, 4), lng(rs, 5), lng(rs, 6), null));
                }
            }
            for (Map.Entry<String, String> s : STAGES.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                try (PreparedStatement ps = db.prepareStatement("SELECT TRY_CAST(c->>'$.cases.missing_by_stage." + s.getKey()
                        + ".missing' AS BIGINT), TRY_CAST(c->>'$.cases.missing_by_stage." + s.getKey() + ".of' AS BIGINT), "
                        + "TRY_CAST(c->>'$.cases.missing_by_stage." + s.getKey() + ".share' AS DOUBLE) FROM " + c)) {
                    ps.setString(1, f);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getObject(1) != null) {
                            totals.add(new QualityLine("缺少" + s.getValue(), null, null, null, "入库件中缺少" + s.getValue()
                                    + "：" + rs.getLong(1) + " / " + rs.getLong(2) + "（" + Fmt.pct(rs.getObject(3) == null ? null : rs.getDouble(3)) + "）"));
                        }
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT coalesce(TRY_CAST(c->>'$.unspecified_place' AS BIGINT), "
                    + "TRY_CAST(c->>'$.normalisations.\"default:community\"' AS BIGINT)), "
                    + "(SELECT sum(TRY_CAST(json_extract_string(c, '$.normalisations.\"' || k || '\"') AS BIGINT)) "
                    + " FROM (SELECT unnest(json_keys(c, '$.normalisations')) AS k) WHERE k LIKE 'control_characters_removed:%'), "
                    + "array_to_string(CAST(c->'$.missing_headers' AS VARCHAR[]), '；') FROM " + c)) {
                ps.setString(1, f);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long unspecified = rs.getObject(1) == null ? 0 : rs.getLong(1);
                        totals.add(new QualityLine("地点未注明", null, unspecified, null, "没有社区/地点（社区列为空或找不到）的件归入「"
                                + "未注明」（或导入配置声明的默认地点），照常入库：" + unspecified + " 件"));
                        if (rs.getObject(2) != null && rs.getLong(2) > 0) {
                            totals.add(new QualityLine("去除控制字符", null, null, null, "含控制字符（NUL、ESC 等）的取值 " + rs.getLong(2)
                                    + " 个，已去除后入库"));
                        }
                        String missing = rs.getString(3);
                        if (missing != null && !missing.isBlank()) {
                            totals.add(new QualityLine("缺少的列", null, null, null, "导入配置映射、但文件中没有的列（其取值为空）："
                                    + missing));
                        }
                    }
                }
            }
            List<QualityLine> files = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT x->>'$.file', x->>'$.table', x->>'$.encoding', "
                    + "TRY_CAST(x->>'$.read' AS BIGINT), TRY_CAST(x->>'$.staged' AS BIGINT), TRY_CAST(x->>'$.rejected' AS BIGINT), "
                    + "x->'$.rejects_by_reason', x->>'$.warning', array_to_string(CAST(x->'$.missing_headers' AS VARCHAR[]), '、') "
                    + "FROM (SELECT unnest(CAST(c->'$.files[*]' AS JSON[])) AS x FROM " + c + ")")) {
                ps.setString(1, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String detail = nz(rs.getString(2)) + "，编码 " + nz(rs.getString(3)) + reasonsOf(rs.getString(7))
                                + (rs.getString(8) == null ? "" : "；" + rs.getString(8))
                                + (rs.getString(9) == null || rs.getString(9).isBlank() ? "" : "；缺少列 " + rs.getString(9));
                        files.add(new QualityLine(rs.getString(1), lng(rs, 4), lng(rs, 5), lng(rs, 6), detail));
                    }
                }
            }
            List<QualityLine> reasons = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT k, TRY_CAST(json_extract_string(c, '$.rejects_by_reason.\"' || k || '\"') AS BIGINT) "
                    + "FROM (SELECT c, unnest(json_keys(c, '$.rejects_by_reason')) AS k FROM " + c + ") ORDER BY 2 DESC, 1")) {
                ps.setString(1, f);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String code = rs.getString(1);
                        reasons.add(new QualityLine(code, null, null, lng(rs, 2), REASONS.getOrDefault(code, "")));
                    }
                }
            }
            return new Quality(true, note, totals, files, reasons);
        } catch (SQLException e) {
            throw ReportErrors.unreadableQualitySummary(file, e.getMessage());
        }
    }

    private static String reasonsOf(String json) {
        if (json == null || json.isBlank() || json.equals("{}")) {
            return "";
        }
        return "；拒收原因 " + json.replaceAll("[{}\"]", "").replace(":", " ").replace(",", "，");
    }

    private static Long lng(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : ((Number) o).longValue();
    }

    private static String nz(String s) {
        return s == null ? Fmt.NONE : s;
    }

    private static String pct(String fraction) {
        try {
            return fraction == null ? Fmt.NONE : Fmt.pct(Double.valueOf(fraction));
        } catch (NumberFormatException e) {
            return fraction;
        }
    }
}
