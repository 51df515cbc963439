package io.minqing.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second ingest counterpart ({@code duckdb-work}): DuckDB SQL as an analyst who knows DuckDB would write it to do
 * the per-row work minqing's ingest does on the sample district's clean exports ({@code cases.csv}, {@code
 * surveys.csv} from {@code minqing generate}, profile {@code sample-district}), so the bench shows how much of
 * ingest's ratio over a plain {@code COPY} is work the {@code COPY} skips. Per table, one
 * {@code CREATE TEMP TABLE … AS} reads the CSV (every column VARCHAR, the profile's null markers) and per row:
 * <ul>
 *   <li>parses the time columns with {@code try_strptime} against the profile's eight formats (in its order);</li>
 *   <li>maps the community through a join to the profile's communities and aliases (a {@code VALUES} list), the coded
 *       columns (channel with the profile's aliases, priority, status, handler type, level, method, satisfaction,
 *       yes/no) through {@code CASE} lists of codes and Chinese labels;</li>
 *   <li>pseudonymises residents and handlers as {@code 'r_'/'h_' || left(sha256(key || lower(value)), 16)}: DuckDB
 *       has no HMAC, so a keyed SHA-256 stands in for minqing's HMAC-SHA256 (the same kind of per-row cost, about
 *       half of HMAC's hashing);</li>
 *   <li>masks 18-digit ID numbers ({@code 340402********123X}) and mobile numbers ({@code 1[3-9]\d{9}}, also with a
 *       blank, dash or dot after the 3rd and 7th digit as the generator writes some of them → {@code 138****5678})
 *       with {@code regexp_replace} in every free-text column minqing masks (grid, category,
 *       title, description, address, departments, resolution note, survey comment; community and street come from
 *       the profile's list here);</li>
 *   <li>gives each row a reject reason with one {@code CASE} in minqing's order (MISSING_REQUIRED, UNPARSEABLE_TIME,
 *       IMPLAUSIBLE_DATE, IMPLAUSIBLE_TIME, UNKNOWN_COMMUNITY, UNKNOWN_CHANNEL, UNKNOWN_VALUE, TIME_ORDER) and a
 *       version number per key ({@code row_number() OVER (PARTITION BY key ORDER BY valid first, complete first,
 *       latest updated_at)}).</li>
 * </ul>
 * The table is stored in (month, key) order. Then the valid first versions go to month partitions sorted by key (one {@code COPY … WHERE month = … ORDER BY key}
 * per month, as minqing writes them: {@code PARTITION_BY} does not keep the order, see {@link #copyStagedMonth}),
 * everything else to one rejects Parquet per table (later versions as DUPLICATE_KEY).
 *
 * <p>What it does not do, relative to minqing: no line numbers ({@code source_row}) — so duplicates tied on
 * completeness and {@code updated_at} are broken arbitrarily, not by the later line; no encoding detection or
 * per-line BAD_ENCODING / malformed-record rejects (a broken file fails the whole query); no trimming or control
 * characters removed; no NFKC folding, and only the two masking forms above (minqing also masks +86 / 0086 prefixes,
 * full-width digits, other separators, 15-digit IDs, landlines and e-mail addresses); no redacted raw record
 * or column and message in rejects; no header aliases (the clean exports' header names are written in the SQL); no
 * per-file accounting, threshold or quality summary; no merge with already staged rows; no atomic moves, snapshots or
 * byte-identical reruns.
 */
public final class DuckWorkSql {

    /**
     * DuckDB's memory limit for this counterpart: the one minqing's ingest gives its own DuckDB
     * ({@code EmbeddedIngestJob.MEMORY_LIMIT}), so both work in the same budget and spill beyond it. DuckDB's default
     * (80 % of RAM) would keep the whole checked table in memory: over 6 GB at 10M cases.
     */
    static final String MEMORY_LIMIT = "1536MB";
    /** The profile's name, the staged {@code source}. */
    static final String SOURCE = "sample-district";
    /** The demo pseudonymisation key (the sample district's profile allows it; minqing uses it there too). */
    static final String KEY = "minqing-demo-key-not-secret";
    /** The profile's null markers. */
    static final String NULLS = "['', '无', '-', '—', 'NULL', 'null']";
    /** The profile's time formats, in its order, as strptime patterns (DuckDB's %m, %d, %H also read one digit). */
    static final List<String> TIME_FORMATS = List.of("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
            "%Y年%m月%d日 %H:%M", "%Y年%m月%d日", "%Y-%m-%d", "%Y/%m/%d");
    static final String EARLIEST = "2000-01-01";
    /** Where a case without a community is staged (the documented default place). */
    static final String UNSPECIFIED = "未注明";

    /** The profile's communities: name, street, aliases. */
    static final List<String[]> COMMUNITIES = List.of(
            new String[] {"居南社区", "大通街道", "居南", "居南社区居委会"}, new String[] {"远望社区", "大通街道", "远望"},
            new String[] {"瀚城社区", "大通街道", "瀚城"}, new String[] {"居仁社区", "大通街道", "居仁", "居仁村"},
            new String[] {"民建社区", "大通街道", "民建"}, new String[] {"新华社区", "大通街道", "新华"},
            new String[] {"九龙岗社区", "九龙岗镇", "九龙岗"}, new String[] {"淮舜社区", "九龙岗镇", "淮舜"},
            new String[] {"东城社区", "九龙岗镇", "东城"}, new String[] {"洛河社区", "洛河镇", "洛河"},
            new String[] {"新庄社区", "洛河镇", "新庄"}, new String[] {"上窑社区", "上窑镇", "上窑"},
            new String[] {"窑河社区", "上窑镇", "窑河"}, new String[] {"孔店社区", "孔店乡", "孔店"},
            new String[] {"舜耕社区", "孔店乡", "舜耕"});

    static final Map<String, String> CHANNEL = codes("hotline", "热线电话", "email", "电子邮箱", "qq_group", "QQ群", "wechat_group", "微信群",
            "diary", "民情日志/走访", "contact_card", "联系卡", "mailbox", "民情信箱", "meeting", "恳谈会/碰头会", "web", "网上留言", "other", "其他");
    static final Map<String, String> PRIORITY = codes("urgent", "紧急", "normal", "一般", "complex", "复杂");
    static final Map<String, String> STATUS = codes("received", "已收件", "dispatched", "已派件", "resolved", "已办结", "unresolved", "未解决",
            "withdrawn", "已撤回", "duplicate", "重复件");
    static final Map<String, String> HANDLER_TYPE = codes("inservice_party_member", "在职党员", "retired_party_member", "退休党员",
            "party_volunteer", "党员志愿者", "community_volunteer", "社区志愿者", "community_staff", "社区工作人员", "grid_worker", "网格员",
            "other", "其他");
    static final Map<String, String> LEVEL = codes("community", "社区", "street", "街道", "district", "区");
    static final Map<String, String> METHOD = codes("phone", "电话回访", "visit", "上门回访", "online", "网上测评", "paper", "纸质测评");
    static final Map<String, String> SATISFACTION = codes("satisfied", "满意", "basically_satisfied", "基本满意", "dissatisfied", "不满意");
    static final Map<String, String> YES_NO = new LinkedHashMap<>();

    static {
        // the profile's channel aliases
        String[] aliases = {"热线", "hotline", "电话", "hotline", "邮箱", "email", "电子邮件", "email", "QQ", "qq_group", "微信", "wechat_group",
            "民情日志", "diary", "走访", "diary", "信箱", "mailbox", "恳谈会", "meeting", "碰头会", "meeting", "网上", "web"};
        for (int i = 0; i < aliases.length; i += 2) {
            CHANNEL.put(aliases[i], aliases[i + 1]);
        }
        for (String t : List.of("是", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "True", "1", "有")) {
            YES_NO.put(t, "true");
        }
        for (String f : List.of("否", "N", "n", "no", "No", "NO", "false", "FALSE", "False", "0", "无")) {
            YES_NO.put(f, "false");
        }
    }

    private DuckWorkSql() {
    }

    /** code, label, code, label … → a map accepting both the code and the label. */
    private static Map<String, String> codes(String... codeLabel) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < codeLabel.length; i += 2) {
            m.put(codeLabel[i], codeLabel[i]);
            m.put(codeLabel[i + 1], codeLabel[i]);
        }
        return m;
    }

    static String q(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** {@code CASE col WHEN 'label' THEN 'code' … END} (null for an empty or unknown value). */
    static String mapped(String col, Map<String, String> values) {
        StringBuilder sb = new StringBuilder("CASE ").append(col);
        values.forEach((k, v) -> sb.append(" WHEN ").append(q(k)).append(" THEN ").append(v.equals("true") || v.equals("false") ? v : q(v)));
        return sb.append(" END").toString();
    }

    /** An unknown coded value: the source has one, the mapping gives none. */
    static String unknown(String col, String code) {
        return "(" + col + " IS NOT NULL AND " + code + " IS NULL)";
    }

    /** The time column parsed with the profile's formats; NULL when empty or when no format reads it. */
    static String time(String col) {
        StringBuilder f = new StringBuilder("[");
        for (String p : TIME_FORMATS) {
            f.append(f.length() > 1 ? ", " : "").append(q(p));
        }
        return "try_strptime(" + col + ", " + f.append("]") + ")";
    }

    /** ID numbers (18 digits, X last allowed), then mobile numbers, masked: what an analyst writes with regexp_replace. */
    static String mask(String col) {
        return "regexp_replace(regexp_replace(" + col + ", '\\b(\\d{6}) ?\\d{8} ?(\\d{3}[0-9Xx])\\b', '\\1********\\2', 'g'), "
                + "'\\b(1[3-9]\\d)[ .-]?\\d{4}[ .-]?(\\d{4})\\b', '\\1****\\2', 'g')";
    }

    /** A keyed SHA-256 pseudonym (DuckDB has no HMAC): prefix + 16 hex digits. */
    static String pseudonym(String prefix, String value) {
        return q(prefix) + " || left(sha256(" + q(KEY) + " || lower(" + value + ")), 16)";
    }

    /** The communities and their aliases (each name is its own alias) as a VALUES list: alias, name, street. */
    static String communities() {
        List<String> rows = new ArrayList<>();
        for (String[] c : COMMUNITIES) {
            for (int i = 0; i < c.length; i++) {
                if (i != 1) {
                    rows.add("(" + q(c[i]) + ", " + q(c[0]) + ", " + q(c[1]) + ")");
                }
            }
        }
        return "(VALUES " + String.join(", ", rows) + ") AS k(alias, name, street)";
    }

    static String readCsv(Path csv) {
        return "read_csv(" + DuckSql.lit(csv) + ", header = true, all_varchar = true, nullstr = " + NULLS + ")";
    }

    /** An event time outside [earliest, as-of]: IMPLAUSIBLE_DATE before, IMPLAUSIBLE_TIME after. */
    static String tooEarly(List<String> cols) {
        return "least(" + String.join(", ", cols) + ") < DATE '" + EARLIEST + "'";
    }

    static String tooLate(List<String> cols, LocalDate asOf) {
        return "greatest(" + String.join(", ", cols) + ") >= DATE '" + asOf.plusDays(1) + "'";
    }

    /** The cases, mapped, checked and versioned, as temp table {@code cases_checked}. */
    public static String casesChecked(Path csv, LocalDate asOf) {
        List<String> events = List.of("received_at", "dispatched_at", "resolved_at", "feedback_at", "updated_at");
        return "CREATE OR REPLACE TEMP TABLE cases_checked AS\n"
                + "WITH m AS (\n"
                + "  SELECT src.*, k.name AS k_name, k.street AS k_street,\n"
                + "    " + time("收件时间") + " AS received_at, " + time("派件时间") + " AS dispatched_at,\n"
                + "    " + time("办结时间") + " AS resolved_at, " + time("反馈时间") + " AS feedback_at,\n"
                + "    " + time("办理时限") + " AS due_at, " + time("更新时间") + " AS updated_at,\n"
                + "    " + mapped("收件渠道", CHANNEL) + " AS channel, " + mapped("主动发现", YES_NO) + " AS proactive,\n"
                + "    " + mapped("紧急程度", PRIORITY) + " AS priority_code, " + mapped("办理状态", STATUS) + " AS status_code,\n"
                + "    " + mapped("快递员类型", HANDLER_TYPE) + " AS handler_type, " + mapped("办理层级", LEVEL) + " AS level_code\n"
                + "  FROM " + readCsv(csv) + " AS src LEFT JOIN " + communities() + " ON k.alias = src.社区),\n"
                + "c AS (\n"
                + "  SELECT *, CASE\n"
                + "      WHEN 件号 IS NULL OR 收件时间 IS NULL THEN 'MISSING_REQUIRED'\n"
                + "      WHEN received_at IS NULL OR (派件时间 IS NOT NULL AND dispatched_at IS NULL) OR (办结时间 IS NOT NULL AND resolved_at IS NULL)\n"
                + "        OR (反馈时间 IS NOT NULL AND feedback_at IS NULL) OR (办理时限 IS NOT NULL AND due_at IS NULL)\n"
                + "        OR (更新时间 IS NOT NULL AND updated_at IS NULL) THEN 'UNPARSEABLE_TIME'\n"
                + "      WHEN " + tooEarly(events) + " THEN 'IMPLAUSIBLE_DATE'\n"
                + "      WHEN " + tooLate(events, asOf) + " THEN 'IMPLAUSIBLE_TIME'\n"
                + "      WHEN 社区 IS NOT NULL AND k_name IS NULL THEN 'UNKNOWN_COMMUNITY'\n"
                + "      WHEN 收件渠道 IS NULL THEN 'MISSING_REQUIRED'\n"
                + "      WHEN channel IS NULL THEN 'UNKNOWN_CHANNEL'\n"
                + "      WHEN " + unknown("紧急程度", "priority_code") + " OR " + unknown("办理状态", "status_code") + " OR "
                + unknown("快递员类型", "handler_type") + "\n        OR " + unknown("办理层级", "level_code") + " OR " + unknown("主动发现", "proactive")
                + " THEN 'UNKNOWN_VALUE'\n"
                + "      WHEN dispatched_at < received_at OR resolved_at < received_at OR feedback_at < received_at OR feedback_at < resolved_at\n"
                + "        THEN 'TIME_ORDER'\n"
                + "    END AS reason\n"
                + "  FROM m)\n"
                + "SELECT 件号 AS case_id, " + q(SOURCE) + " AS source, coalesce(街道, k_street) AS street,\n"
                + "  coalesce(k_name, " + q(UNSPECIFIED) + ") AS community, " + mask("网格") + " AS grid, channel,\n"
                + "  coalesce(proactive, channel = 'diary') AS is_proactive, " + mask("类别") + " AS category, " + mask("标题") + " AS title,\n"
                + "  " + mask("诉求内容") + " AS description,\n"
                + "  " + mask("地址") + " AS address, " + pseudonym("r_", "coalesce(联系电话, 联系人)") + " AS resident_key,\n"
                + "  received_at, dispatched_at, resolved_at, feedback_at, due_at, coalesce(priority_code, 'normal') AS priority,\n"
                + "  coalesce(status_code, CASE WHEN resolved_at IS NOT NULL THEN 'resolved' WHEN dispatched_at IS NOT NULL THEN 'dispatched'\n"
                + "    ELSE 'received' END) AS status,\n"
                + "  " + pseudonym("h_", "快递员") + " AS handler_key, handler_type, coalesce(level_code, 'community') AS escalation_level,\n"
                + "  coalesce(list_filter(list_transform(regexp_split_to_array(" + mask("协办单位") + ", '[、,，;；]'), lambda d: trim(d)),\n"
                + "    lambda d: d <> ''), []) AS departments,\n"
                + "  " + mask("办理结果") + " AS resolution_note, updated_at, 'cases.csv' AS source_file,\n"
                + "  strftime(received_at, '%Y-%m') AS received_month, reason,\n"
                + "  row_number() OVER (PARTITION BY 件号 ORDER BY reason IS NULL DESC, (k_name IS NOT NULL)::INT + (类别 IS NOT NULL)::INT\n"
                + "    + (标题 IS NOT NULL OR 诉求内容 IS NOT NULL)::INT DESC, updated_at DESC NULLS LAST) AS version\n"
                + "FROM c\n"
                + "ORDER BY received_month, case_id";
    }

    /** The surveys, mapped, checked and versioned, as temp table {@code surveys_checked}. */
    public static String surveysChecked(Path csv, LocalDate asOf) {
        return "CREATE OR REPLACE TEMP TABLE surveys_checked AS\n"
                + "WITH m AS (\n"
                + "  SELECT src.*, k.name AS k_name,\n"
                + "    " + time("测评时间") + " AS surveyed_at, " + mapped("测评方式", METHOD) + " AS method,\n"
                + "    " + mapped("是否联系", YES_NO) + " AS is_contacted, " + mapped("是否解决", YES_NO) + " AS is_resolved,\n"
                + "    " + mapped("满意度", SATISFACTION) + " AS satisfaction\n"
                + "  FROM " + readCsv(csv) + " AS src LEFT JOIN " + communities() + " ON k.alias = src.社区),\n"
                + "c AS (\n"
                + "  SELECT *, CASE\n"
                + "      WHEN 测评编号 IS NULL OR 测评时间 IS NULL THEN 'MISSING_REQUIRED'\n"
                + "      WHEN surveyed_at IS NULL THEN 'UNPARSEABLE_TIME'\n"
                + "      WHEN surveyed_at < DATE '" + EARLIEST + "' THEN 'IMPLAUSIBLE_DATE'\n"
                + "      WHEN surveyed_at >= DATE '" + asOf.plusDays(1) + "' THEN 'IMPLAUSIBLE_TIME'\n"
                + "      WHEN 社区 IS NOT NULL AND k_name IS NULL THEN 'UNKNOWN_COMMUNITY'\n"
                + "      WHEN 测评方式 IS NULL THEN 'MISSING_REQUIRED'\n"
                + "      WHEN " + unknown("测评方式", "method") + " OR " + unknown("是否联系", "is_contacted") + " OR "
                + unknown("是否解决", "is_resolved") + " OR " + unknown("满意度", "satisfaction") + " THEN 'UNKNOWN_VALUE'\n"
                + "    END AS reason\n"
                + "  FROM m)\n"
                + "SELECT 测评编号 AS survey_id, 件号 AS case_id, " + q(SOURCE) + " AS source, coalesce(k_name, " + q(UNSPECIFIED) + ") AS community,\n"
                + "  surveyed_at, method, is_contacted, is_resolved, satisfaction, " + mask("意见") + " AS comment,\n"
                + "  'surveys.csv' AS source_file, strftime(surveyed_at, '%Y-%m') AS surveyed_month, reason,\n"
                + "  row_number() OVER (PARTITION BY 测评编号 ORDER BY reason IS NULL DESC) AS version\n"
                + "FROM c\n"
                + "ORDER BY surveyed_month, survey_id";
    }

    /** The months that have staged rows (the first version of a key that passed every check). */
    public static String stagedMonths(String table, String month) {
        return "SELECT DISTINCT " + month + " FROM " + table + " WHERE reason IS NULL AND version = 1 ORDER BY 1";
    }

    /**
     * One month's staged rows, sorted by key, as {@code dir/MONTH_COLUMN=month/data_0.parquet}: one COPY per month,
     * because DuckDB 2.0's {@code PARTITION_BY} does not keep the query's ORDER BY inside a partition's file (at 1M
     * cases, 50–90 neighbouring rows out of key order, also with one thread). The checked table is stored in (month,
     * key) order, so each month's COPY reads only its own row groups: in the window's order (by key) every COPY read
     * nearly the whole table, which at 10M is spilled to disk (over 230 CPU-s before the cases' 17th month).
     */
    public static String copyStagedMonth(String table, String key, String monthColumn, String month, Path file) {
        return "COPY (SELECT * EXCLUDE (reason, version, " + monthColumn + ") FROM " + table + "\n"
                + "  WHERE reason IS NULL AND version = 1 AND " + monthColumn + " = " + q(month) + " ORDER BY " + key + ")\n"
                + "TO " + DuckSql.lit(file) + " (FORMAT parquet)";
    }

    /** Rejects: the failed checks with their reason, and later versions of a key as DUPLICATE_KEY. */
    public static String copyRejects(String table, String key, Path parquet) {
        return "COPY (SELECT * EXCLUDE (reason, version), coalesce(reason, 'DUPLICATE_KEY') AS reason FROM " + table
                + " WHERE reason IS NOT NULL OR version > 1 ORDER BY " + key + ")\nTO " + DuckSql.lit(parquet) + " (FORMAT parquet)";
    }
}
