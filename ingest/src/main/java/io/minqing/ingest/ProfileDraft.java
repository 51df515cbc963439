package io.minqing.ingest;

import io.minqing.contract.Contract;
import io.minqing.ingest.read.Inputs;
import io.minqing.ingest.read.RecordSource;
import io.minqing.ingest.read.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code minqing profile draft}: a profile YAML written from an export's headers. Each header is matched (case and
 * blanks, dashes and underscores ignored) against the header names the built-in profiles map and a list of other
 * names seen in Chinese and English exports (收件时间, 受理时间, opendate, created_date, requested_datetime …); the
 * time formats are those of a list of common ones that read the sample values of the received time. What is not
 * matched is left as {@code # TODO} lines to decide by hand. The draft parses as a profile as it is.
 */
public final class ProfileDraft {

    /** Header names beyond those of the built-in profiles, by contract column of the cases table. */
    static final Map<String, List<String>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("case_id", List.of("件号", "编号", "工单号", "工单编号", "案件编号", "受理编号", "留言编号", "序号", "id", "case_id",
                "caseid", "case_number", "ticket_id", "request_id", "service_request_id", "unique_key", "casenumber"));
        KNOWN.put("received_at", List.of("收件时间", "受理时间", "来电时间", "登记时间", "创建时间", "留言时间", "反映时间", "立案时间",
                "opendate", "open_date", "opened", "created_date", "createddate", "created_at", "createdat", "created",
                "requested_datetime", "date_received", "received_at", "receiveddate", "open_dt", "reported_date"));
        KNOWN.put("resolved_at", List.of("办结时间", "完成时间", "结案时间", "办理完成时间", "答复时间", "closed_date", "closeddate",
                "closedate", "close_date", "closed_dt", "resolved_at", "resolution_date", "completed_date", "closed"));
        KNOWN.put("dispatched_at", List.of("派件时间", "派单时间", "转办时间", "分派时间", "dispatched_at", "assigned_date"));
        KNOWN.put("feedback_at", List.of("反馈时间", "回访时间", "feedback_at"));
        KNOWN.put("due_at", List.of("办理时限", "办结时限", "截止时间", "due_date", "duedate", "target_dt", "expected_datetime"));
        KNOWN.put("updated_at", List.of("更新时间", "修改时间", "updated_date", "updated_at", "updated_datetime", "last_modified",
                "resolution_action_updated_date"));
        KNOWN.put("community", List.of("社区", "社区名称", "所属社区", "村社区", "小区", "community", "community_board", "neighborhood",
                "neighbourhood", "zipcode", "zip", "incident_zip"));
        KNOWN.put("street", List.of("街道", "所属街道", "乡镇街道", "乡镇", "borough", "district", "ward"));
        KNOWN.put("grid", List.of("网格", "所属网格", "grid"));
        KNOWN.put("channel", List.of("收件渠道", "渠道", "来源", "来源渠道", "受理渠道", "source", "channel", "open_data_channel_type",
                "channel_type", "origin"));
        KNOWN.put("category", List.of("类别", "分类", "问题类型", "一级分类", "诉求类型", "事项类型", "category", "complaint_type",
                "service_name", "type", "case_type", "request_type", "problem"));
        KNOWN.put("title", List.of("标题", "主题", "留言主题", "事项标题", "title", "subject", "descriptor", "summary"));
        KNOWN.put("description", List.of("诉求内容", "反映内容", "内容", "留言详情", "来电内容", "问题描述", "诉求描述", "description",
                "details", "detail", "comments", "request_details"));
        KNOWN.put("address", List.of("地址", "事发地址", "详细地址", "address", "incident_address", "location", "street_address"));
        KNOWN.put("status", List.of("办理状态", "状态", "工单状态", "status", "case_status"));
        KNOWN.put("priority", List.of("紧急程度", "优先级", "priority"));
        KNOWN.put("departments", List.of("协办单位", "承办单位", "办理单位", "责任单位", "agency", "department", "responsible_agency"));
        KNOWN.put("resolution_note", List.of("办理结果", "答复意见", "处理结果", "回复内容", "resolution_description", "status_notes",
                "resolution", "closure_reason"));
    }

    /** Header names that hold a person: mapped as resident (hashed to a pseudonym, never staged). */
    static final List<String> RESIDENT = List.of("联系电话", "联系人", "电话", "手机", "手机号", "来电号码", "姓名", "留言用户", "市民姓名",
            "phone", "phone_number", "contact", "contact_name", "name", "email", "e-mail");

    /** Time formats tried on the sample values, most specific first. */
    static final List<String> FORMATS = List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
            "yyyy-MM-dd'T'HH:mm:ss[.SSS]", "MM/dd/yyyy hh:mm:ss a", "M/d/yyyy H:mm", "yyyy年M月d日 H:mm", "yyyy年M月d日",
            "yyyy-MM-dd", "yyyy/M/d", "M/d/yyyy");

    /** The draft and what was matched. */
    public record Draft(String yaml, Map<String, List<String>> matched, List<String> unmatched, List<String> timeFormats) {
    }

    private ProfileDraft() {
    }

    /** Drafts a profile from the first unit (file, sheet or zip entry) of {@code input}. */
    public static Draft draft(String input) {
        List<Inputs.Unit> units = Inputs.expand(List.of(input), null);
        Inputs.Unit u = units.get(0);
        List<String> headers;
        List<Map<String, String>> samples = new ArrayList<>();
        try (RecordSource src = Inputs.source(u, null)) {
            headers = new ArrayList<>(src.headers());
            while (src.hasNext() && samples.size() < 200) {
                SourceRecord r = src.next();
                if (r.problem() == null) {
                    samples.add(r.fields());
                    if (headers.isEmpty()) {
                        headers.addAll(r.fields().keySet());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + input, e);
        }
        Set<String> headerSet = new LinkedHashSet<>();
        for (String h : headers) {
            if (!h.isBlank()) {
                headerSet.add(h);
            }
        }
        return draft(u.label(), List.copyOf(headerSet), samples);
    }

    static String norm(String h) {
        return h.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-()（）]", "");
    }

    /** Known names per column: the built-in profiles' headers first, then {@link #KNOWN}. */
    static Map<String, List<String>> known() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Profile.BUILT_IN) {
            Profile p = Profile.load(name);
            p.cases().columns().forEach((col, hs) -> out.computeIfAbsent(col, k -> new ArrayList<>()).addAll(hs));
        }
        KNOWN.forEach((col, hs) -> out.computeIfAbsent(col, k -> new ArrayList<>()).addAll(hs));
        return out;
    }

    static Draft draft(String label, List<String> headers, List<Map<String, String>> samples) {
        Map<String, List<String>> known = known();
        Map<String, String> byNorm = new LinkedHashMap<>();
        known.forEach((col, hs) -> hs.forEach(h -> byNorm.putIfAbsent(norm(h), col)));
        Map<String, List<String>> matched = new LinkedHashMap<>();
        List<String> resident = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        Set<String> residentNorm = new LinkedHashSet<>();
        RESIDENT.forEach(r -> residentNorm.add(norm(r)));
        for (String h : headers) {
            String col = byNorm.get(norm(h));
            if (col != null && !matched.containsKey(col)) {
                matched.put(col, List.of(h));
            } else if (residentNorm.contains(norm(h))) {
                resident.add(h);
            } else {
                unmatched.add(h);
            }
        }
        List<String> formats = new ArrayList<>();
        if (matched.containsKey("received_at")) {
            String h = matched.get("received_at").get(0);
            for (String f : FORMATS) {
                TimeParser tp = new TimeParser(List.of(f));
                boolean any = samples.stream().map(m -> m.get(h)).filter(v -> v != null && !v.isBlank())
                        .anyMatch(v -> tp.parse(v.strip()).ok());
                if (any) {
                    formats.add(f);
                }
            }
        }
        boolean guessed = !formats.isEmpty();
        if (!guessed) {
            formats.addAll(List.of("yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-dd"));
        }
        StringBuilder y = new StringBuilder();
        y.append("# Drafted by `minqing profile draft` from ").append(label).append(" (").append(headers.size()).append(" headers, ")
                .append(matched.size()).append(" mapped, ").append(unmatched.size()).append(" left as TODO).\n");
        y.append("# Check every line (docs/ingest.md, \"Profiles\"), then: minqing ingest --profile <this file> <export>\n");
        y.append("name: ").append(slug(label)).append("\n");
        y.append("description: \"drafted from ").append(label.replace("\"", "'")).append("\"\n");
        y.append("time-formats:").append(guessed ? "   # the formats that read the sample values of "
                + matched.get("received_at").get(0) : "   # TODO: no received time found to try formats on; set the export's format").append("\n");
        for (String f : formats) {
            y.append("  - \"").append(f).append("\"\n");
        }
        y.append("null-values: [\"\"]\n");
        y.append("communities:\n");
        y.append("  open: true   # TODO: list the district's communities (list: [{name, street, aliases}]) or set a pattern\n");
        if (!matched.containsKey("community")) {
            y.append("  # TODO: no community column found; records get the place 未注明 (add from-text patterns, or a column)\n");
        }
        y.append("cases:\n");
        if (!matched.containsKey("case_id") || !matched.containsKey("received_at")) {
            y.append("  # TODO: ").append(!matched.containsKey("case_id") ? "case_id " : "")
                    .append(!matched.containsKey("received_at") ? "received_at " : "")
                    .append("not found: name the header(s) holding the case number and the time it was received\n");
        }
        y.append("  columns:\n");
        for (String col : Contract.CASES.columnNames()) {
            if (matched.containsKey(col)) {
                y.append("    ").append(col).append(": [").append(quote(matched.get(col).get(0))).append("]   # ")
                        .append(Contract.CASES.column(col).label()).append("\n");
            }
        }
        for (String h : unmatched) {
            y.append("    # TODO: header ").append(quote(h)).append(" is not mapped: map it to a contract column or leave it out\n");
        }
        y.append("  defaults:\n");
        if (!matched.containsKey("channel")) {
            y.append("    channel: other   # TODO: no channel column found; say how these cases came in (hotline, web …)\n");
        } else {
            y.append("    # TODO: map the export's channel names under values.channel (e.g. 热线: hotline)\n");
        }
        if (!resident.isEmpty()) {
            y.append("  resident: [").append(String.join(", ", resident.stream().map(ProfileDraft::quote).toList()))
                    .append("]   # hashed to a pseudonym, never staged\n");
        }
        return new Draft(y.toString(), matched, unmatched, formats);
    }

    private static String quote(String h) {
        return "\"" + h.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String slug(String label) {
        String base = label.replaceAll("[!/].*$", "");
        base = base.replaceAll("\\.(gz|zip)$", "").replaceAll("\\.[A-Za-z0-9]+$", "");
        String s = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "drafted" : s;
    }
}
