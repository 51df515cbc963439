package io.minqing.generator;

import io.minqing.generator.District.Community;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exports community offices really send (docs/sample-district.md, "Messy exports"): one file per street in
 * its own form, a re-send with updated rows, and a GBK survey file. About {@code rate} of the rows carry one defect;
 * each defect, and each file-level oddity, is recorded in the {@link DefectLog} with where it is and what ingest
 * must do with it.
 */
final class MessyExport implements ExportSink {

    static final Charset GBK = Charset.forName("GBK");

    static final String DATONG = "exports/大通街道_民情件.xlsx";
    static final String JIULONGGANG = "exports/九龙岗镇_民情件.csv";
    static final String LUOHE = "exports/洛河镇_民情件.csv";
    static final String SHANGYAO = "exports/上窑镇_民情件.csv";
    static final String KONGDIAN = "exports/孔店乡_民情件.xlsx";
    static final String RESEND = "exports/大通街道_民情件_补报.csv";
    static final String SURVEYS = "exports/满意度测评.csv";

    /** The contract column each Chinese header stands for (for the defect's {@code field}). */
    private static final Map<String, String> FIELD = Map.ofEntries(
            Map.entry("件号", "case_id"), Map.entry("街道", "street"), Map.entry("社区", "community"), Map.entry("网格", "grid"),
            Map.entry("收件渠道", "channel"), Map.entry("主动发现", "is_proactive"), Map.entry("类别", "category"),
            Map.entry("标题", "title"), Map.entry("诉求内容", "description"), Map.entry("地址", "address"),
            Map.entry("联系人", "resident_key"), Map.entry("联系电话", "resident_key"), Map.entry("收件时间", "received_at"),
            Map.entry("派件时间", "dispatched_at"), Map.entry("办结时间", "resolved_at"), Map.entry("反馈时间", "feedback_at"),
            Map.entry("办理时限", "due_at"), Map.entry("紧急程度", "priority"), Map.entry("办理状态", "status"),
            Map.entry("快递员", "handler_key"), Map.entry("快递员类型", "handler_type"), Map.entry("办理层级", "escalation_level"),
            Map.entry("协办单位", "departments"), Map.entry("办理结果", "resolution_note"), Map.entry("更新时间", "updated_at"),
            Map.entry("测评编号", "survey_id"), Map.entry("测评时间", "surveyed_at"), Map.entry("测评方式", "method"),
            Map.entry("是否联系", "is_contacted"), Map.entry("是否解决", "is_resolved"), Map.entry("满意度", "satisfaction"),
            Map.entry("意见", "comment"));

    private enum CaseDefect { ALIAS, WHITESPACE, DATE_SLASH, DATE_CHINESE, MISSING_RECEIVED, RESOLVED_BEFORE_RECEIVED,
        UNPARSEABLE_TIME, UNKNOWN_COMMUNITY, MISSING_ID, DUPLICATE, RESEND, BLANK_LINE }

    private static final double[] CASE_DEFECT_WEIGHTS = {3, 1, 2, 1.5, 2, 1.5, 1.5, 1.5, 0.5, 2, 2, 1.5};

    private enum SurveyDefect { ALIAS, DATE_SLASH, DATE_CHINESE, MISSING_SURVEYED, UNPARSEABLE_TIME, UNKNOWN_COMMUNITY,
        MISSING_ID, DUPLICATE, BLANK_LINE }

    private static final double[] SURVEY_DEFECT_WEIGHTS = {3, 2, 1.5, 2, 1.5, 1.5, 0.5, 2, 1.5};

    private final long seed;
    private final double rate;
    private final DefectLog log;
    private final Map<String, Target> byStreet = new LinkedHashMap<>();
    private final Target resend;
    private final Target surveys;
    private final List<Target> all = new ArrayList<>();

    MessyExport(Path root, long seed, double rate, DefectLog log) throws IOException {
        this.seed = seed;
        this.rate = rate;
        this.log = log;
        List<String> ch = Rows.CASE_HEADERS;
        int n = ch.size();

        // 大通街道: XLSX with its own header names, a running number first and a remarks column last
        List<String> datongHeaders = new ArrayList<>();
        datongHeaders.add("序号");
        for (String h : ch) {
            datongHeaders.add(switch (h) {
                case "社区" -> "社区名称";
                case "收件时间" -> "受理时间";
                case "诉求内容" -> "反映内容";
                default -> h;
            });
        }
        datongHeaders.add("备注");
        int[] datongLayout = new int[n + 2];
        datongLayout[0] = -1;
        for (int i = 0; i < n; i++) {
            datongLayout[i + 1] = i;
        }
        datongLayout[n + 1] = -2;
        add("大通街道", new XlsxTarget(root, DATONG, "cases", ch, datongHeaders, datongLayout, "民情件"));
        add("九龙岗镇", new CsvTarget(root, JIULONGGANG, "cases", ch, ch, identity(n), GBK, false, true));
        add("洛河镇", new CsvTarget(root, LUOHE, "cases", ch, ch, identity(n), StandardCharsets.UTF_8, true, false));
        List<String> shangyaoHeaders = new ArrayList<>();
        shangyaoHeaders.add("序号");
        shangyaoHeaders.addAll(ch);
        shangyaoHeaders.add("备注");
        shangyaoHeaders.add("录入人");
        int[] shangyaoLayout = new int[n + 3];
        shangyaoLayout[0] = -1;
        for (int i = 0; i < n; i++) {
            shangyaoLayout[i + 1] = i;
        }
        shangyaoLayout[n + 1] = -2;
        shangyaoLayout[n + 2] = -2;
        add("上窑镇", new CsvTarget(root, SHANGYAO, "cases", ch, shangyaoHeaders, shangyaoLayout, GBK, false, false));
        add("孔店乡", new XlsxTarget(root, KONGDIAN, "cases", ch, ch, identity(n), "Sheet1"));
        resend = new CsvTarget(root, RESEND, "cases", ch, ch, identity(n), StandardCharsets.UTF_8, true, false);
        all.add(resend);
        surveys = new CsvTarget(root, SURVEYS, "surveys", Rows.SURVEY_HEADERS, Rows.SURVEY_HEADERS,
                identity(Rows.SURVEY_HEADERS.size()), GBK, false, false);
        all.add(surveys);
        for (Target t : all) {
            t.onDuplicateWritten((key, at) -> log(t, at, key, "duplicate_row", t.kind.equals("cases") ? "件号" : "测评编号", key,
                    DefectLog.STAGED, null, null, true));
        }
        fileLevel();
    }

    private void add(String street, Target t) {
        byStreet.put(street, t);
        all.add(t);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Header-level oddities: other header names (mapped) and extra columns (ignored). */
    private void fileLevel() throws IOException {
        for (Target t : all) {
            for (int i = 0; i < t.layout.length; i++) {
                String written = t.headers.get(i);
                if (t.layout[i] < 0) {
                    log(t, t.headerLoc(), null, "extra_column", written, written, DefectLog.IGNORED, null, null, false);
                } else if (!written.equals(t.canonical.get(t.layout[i]))) {
                    log(t, t.headerLoc(), null, "header_alias", written, written, DefectLog.MAPPED, null,
                            t.canonical.get(t.layout[i]), false);
                }
            }
        }
    }

    @Override
    public void writeCase(SyntheticCase c) throws IOException {
        Target t = byStreet.get(c.street());
        Object[] cells = cells(Rows.caseValues(c), c);
        Rng r = Rng.of(seed, 0x4D43L, Rng.key(c.caseId()));
        if (!r.chance(rate)) {
            t.write(cells);
            return;
        }
        double[] w = CASE_DEFECT_WEIGHTS.clone();
        boolean excelTimes = t.path.equals(JIULONGGANG);
        if (excelTimes) {
            w[CaseDefect.DATE_SLASH.ordinal()] = 0; // the whole file already is
        }
        if (!t.path.equals(DATONG) || c.dispatchedAt() == null || c.resolvedAt() == null) {
            w[CaseDefect.RESEND.ordinal()] = 0;
        }
        if (c.resolvedAt() == null) {
            w[CaseDefect.RESOLVED_BEFORE_RECEIVED.ordinal()] = 0;
        }
        CaseDefect d = CaseDefect.values()[r.weighted(w)];
        Community com = District.byName(c.community());
        String id = c.caseId();
        switch (d) {
            case ALIAS -> {
                String alias = com.aliases().get(r.nextInt(com.aliases().size()));
                cells[Rows.C_COMMUNITY] = alias;
                rowDefect(t, t.write(cells), id, "community_alias", Rows.C_COMMUNITY, alias, DefectLog.STAGED, null, c.community());
            }
            case WHITESPACE -> {
                String v = r.chance(0.5) ? c.community() + " " : "\u3000" + c.community();
                cells[Rows.C_COMMUNITY] = v;
                rowDefect(t, t.write(cells), id, "surrounding_space", Rows.C_COMMUNITY, v, DefectLog.STAGED, null, c.community());
            }
            case DATE_SLASH -> {
                String v = CsvTarget.slash(c.receivedAt());
                cells[Rows.C_RECEIVED] = v;
                rowDefect(t, t.write(cells), id, "time_format_slash", Rows.C_RECEIVED, v, DefectLog.STAGED, null,
                        Rows.time(c.receivedAt().withSecond(0)));
            }
            case DATE_CHINESE -> {
                LocalDateTime rec = c.receivedAt();
                String v = rec.getYear() + "年" + rec.getMonthValue() + "月" + rec.getDayOfMonth() + "日";
                cells[Rows.C_RECEIVED] = v;
                rowDefect(t, t.write(cells), id, "time_format_chinese_date", Rows.C_RECEIVED, v, DefectLog.STAGED, null,
                        Rows.time(rec.toLocalDate().atStartOfDay()));
            }
            case MISSING_RECEIVED -> {
                cells[Rows.C_RECEIVED] = null;
                rowDefect(t, t.write(cells), id, "missing_time", Rows.C_RECEIVED, "", DefectLog.REJECTED, "MISSING_REQUIRED", null);
            }
            case RESOLVED_BEFORE_RECEIVED -> {
                LocalDateTime bad = CaseFactory.plusHours(c.receivedAt(), -(1 + r.lognormal(6, 0.8)));
                cells[Rows.C_RESOLVED] = bad;
                rowDefect(t, t.write(cells), id, "resolved_before_received", Rows.C_RESOLVED, t.formatTime(bad),
                        DefectLog.REJECTED, "TIME_ORDER", null);
            }
            case UNPARSEABLE_TIME -> {
                LocalDateTime rec = c.receivedAt();
                int badDay = rec.toLocalDate().lengthOfMonth() + 1;
                String v = excelTimes
                        ? rec.getYear() + "/" + rec.getMonthValue() + "/" + badDay + " " + rec.getHour() + ":"
                        + Rows.pad(new StringBuilder(), rec.getMinute(), 2)
                        : Rows.pad(new StringBuilder(), rec.getYear(), 4) + "-" + Rows.pad(new StringBuilder(), rec.getMonthValue(), 2)
                        + "-" + badDay + Rows.time(rec).substring(10);
                cells[Rows.C_RECEIVED] = v;
                rowDefect(t, t.write(cells), id, "unparseable_time", Rows.C_RECEIVED, v, DefectLog.REJECTED, "UNPARSEABLE_TIME", null);
            }
            case UNKNOWN_COMMUNITY -> {
                String v = com.typos().get(r.nextInt(com.typos().size()));
                cells[Rows.C_COMMUNITY] = v;
                rowDefect(t, t.write(cells), id, "unknown_community", Rows.C_COMMUNITY, v, DefectLog.REJECTED, "UNKNOWN_COMMUNITY",
                        null);
            }
            case MISSING_ID -> {
                cells[Rows.C_ID] = null;
                rowDefect(t, t.write(cells), null, "missing_id", Rows.C_ID, "", DefectLog.REJECTED, "MISSING_REQUIRED", null);
            }
            case DUPLICATE -> {
                Target.Loc at = t.write(cells);
                rowDefect(t, at, id, "duplicate_key", Rows.C_ID, id, DefectLog.REJECTED, "DUPLICATE_KEY", null);
                t.duplicateLater(cells, id, 1 + r.nextInt(5));
            }
            case RESEND -> {
                // the office first sent the case while it was still being handled, and re-sent it when it was closed
                Object[] older = cells.clone();
                older[Rows.C_RESOLVED] = null;
                older[Rows.C_FEEDBACK] = null;
                older[Rows.C_STATUS] = "已派件";
                older[Rows.C_NOTE] = "正在办理中。";
                older[Rows.C_UPDATED] = c.dispatchedAt();
                Target.Loc at = t.write(older);
                rowDefect(t, at, id, "superseded_by_resend", Rows.C_ID, id, DefectLog.REJECTED, "DUPLICATE_KEY", null);
                Target.Loc again = resend.write(cells);
                log(resend, again, id, "resend", "更新时间", Rows.time(c.updatedAt()), DefectLog.STAGED, null, null, false);
            }
            case BLANK_LINE -> {
                Target.Loc blank = t.blank();
                log(t, blank, null, "blank_line", null, "", DefectLog.SKIPPED, null, null, false);
                t.write(cells);
            }
            default -> throw new IllegalStateException(d.toString());
        }
    }

    @Override
    public void writeSurvey(SyntheticSurvey s) throws IOException {
        Target t = surveys;
        String[] v = Rows.surveyValues(s);
        Object[] cells = new Object[v.length];
        System.arraycopy(v, 0, cells, 0, v.length);
        Rng r = Rng.of(seed, 0x4D53L, Rng.key(s.surveyId()));
        if (!r.chance(rate)) {
            t.write(cells);
            return;
        }
        SurveyDefect d = SurveyDefect.values()[r.weighted(SURVEY_DEFECT_WEIGHTS)];
        Community com = District.byName(s.community());
        String id = s.surveyId();
        LocalDateTime at = s.surveyedAt();
        switch (d) {
            case ALIAS -> {
                String alias = com.aliases().get(r.nextInt(com.aliases().size()));
                cells[Rows.S_COMMUNITY] = alias;
                rowDefect(t, t.write(cells), id, "community_alias", Rows.S_COMMUNITY, alias, DefectLog.STAGED, null, s.community());
            }
            case DATE_SLASH -> {
                String x = CsvTarget.slash(at);
                cells[Rows.S_SURVEYED] = x;
                rowDefect(t, t.write(cells), id, "time_format_slash", Rows.S_SURVEYED, x, DefectLog.STAGED, null,
                        Rows.time(at.withSecond(0)));
            }
            case DATE_CHINESE -> {
                String x = at.getYear() + "年" + at.getMonthValue() + "月" + at.getDayOfMonth() + "日";
                cells[Rows.S_SURVEYED] = x;
                rowDefect(t, t.write(cells), id, "time_format_chinese_date", Rows.S_SURVEYED, x, DefectLog.STAGED, null,
                        Rows.time(at.toLocalDate().atStartOfDay()));
            }
            case MISSING_SURVEYED -> {
                cells[Rows.S_SURVEYED] = null;
                rowDefect(t, t.write(cells), id, "missing_time", Rows.S_SURVEYED, "", DefectLog.REJECTED, "MISSING_REQUIRED", null);
            }
            case UNPARSEABLE_TIME -> {
                String x = Rows.time(at).substring(0, 8) + (at.toLocalDate().lengthOfMonth() + 1) + Rows.time(at).substring(10);
                cells[Rows.S_SURVEYED] = x;
                rowDefect(t, t.write(cells), id, "unparseable_time", Rows.S_SURVEYED, x, DefectLog.REJECTED, "UNPARSEABLE_TIME", null);
            }
            case UNKNOWN_COMMUNITY -> {
                String x = com.typos().get(r.nextInt(com.typos().size()));
                cells[Rows.S_COMMUNITY] = x;
                rowDefect(t, t.write(cells), id, "unknown_community", Rows.S_COMMUNITY, x, DefectLog.REJECTED, "UNKNOWN_COMMUNITY",
                        null);
            }
            case MISSING_ID -> {
                cells[0] = null;
                rowDefect(t, t.write(cells), null, "missing_id", 0, "", DefectLog.REJECTED, "MISSING_REQUIRED", null);
            }
            case DUPLICATE -> {
                rowDefect(t, t.write(cells), id, "duplicate_key", 0, id, DefectLog.REJECTED, "DUPLICATE_KEY", null);
                t.duplicateLater(cells, id, 1 + r.nextInt(5));
            }
            case BLANK_LINE -> {
                log(t, t.blank(), null, "blank_line", null, "", DefectLog.SKIPPED, null, null, false);
                t.write(cells);
            }
            default -> throw new IllegalStateException(d.toString());
        }
    }

    /** Canonical cells: times as LocalDateTime (written the file's way), everything else as text. */
    private static Object[] cells(String[] values, SyntheticCase c) {
        Object[] cells = new Object[values.length];
        System.arraycopy(values, 0, cells, 0, values.length);
        cells[Rows.C_RECEIVED] = c.receivedAt();
        cells[Rows.C_DISPATCHED] = c.dispatchedAt();
        cells[Rows.C_RESOLVED] = c.resolvedAt();
        cells[Rows.C_FEEDBACK] = c.feedbackAt();
        cells[Rows.C_DUE] = c.dueAt();
        cells[Rows.C_UPDATED] = c.updatedAt();
        return cells;
    }

    private void rowDefect(Target t, Target.Loc at, String key, String kind, int canonicalColumn, String value, String outcome,
                           String reason, String expected) throws IOException {
        log(t, at, key, kind, t.header(canonicalColumn), value, outcome, reason, expected, true);
    }

    private void log(Target t, Target.Loc at, String key, String kind, String column, String value, String outcome,
                     String reason, String expected, boolean countsAsRow) throws IOException {
        String canonicalName = column == null ? null : canonicalOf(t, column);
        log.add(t.path, at.line(), at.sheet(), at.row(), key, kind, column, canonicalName == null ? null : FIELD.get(canonicalName),
                value, outcome, reason, expected, countsAsRow);
    }

    private static String canonicalOf(Target t, String written) {
        int i = t.headers.indexOf(written);
        return i < 0 || t.layout[i] < 0 ? null : t.canonical.get(t.layout[i]);
    }

    @Override
    public List<ExportFile> finish() throws IOException {
        List<ExportFile> out = new ArrayList<>();
        for (Target t : all) {
            out.add(t.finish());
        }
        return out;
    }
}
