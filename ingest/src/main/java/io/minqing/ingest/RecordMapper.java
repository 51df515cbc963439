package io.minqing.ingest;

import io.minqing.contract.Coded;
import io.minqing.contract.Codes;
import io.minqing.contract.Codes.RejectReason;
import io.minqing.contract.Column;
import io.minqing.contract.Contract;
import io.minqing.contract.TableSchema;
import io.minqing.contract.privacy.PiiMasker;
import io.minqing.contract.privacy.Pseudonymizer;
import io.minqing.ingest.Profile.Community;
import io.minqing.ingest.Profile.TableMapping;
import io.minqing.ingest.read.SourceRecord;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one {@link SourceRecord} onto a staged row or a reject, following a {@link Profile}. Pure (no IO, no Spark):
 * the same record, profile, key and as-of date always give the same result. Checks run in a fixed order and the
 * first failure is the reject reason: reader problems (BAD_ENCODING, MALFORMED_RECORD, TOO_MANY_COLUMNS,
 * TOO_FEW_COLUMNS, FORMULA_CELL), MISSING_REQUIRED, UNPARSEABLE_TIME, IMPLAUSIBLE_TIME, UNKNOWN_COMMUNITY,
 * UNKNOWN_CHANNEL, UNKNOWN_VALUE, TIME_ORDER. (DUPLICATE_KEY is decided later, across all files of a run.)
 * Allowed normalisations (aliases, non-primary date formats, defaults, place found in text) are counted in the
 * {@code counters} map given to {@link #map}.
 */
public final class RecordMapper implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static final String CASES = "cases";
    public static final String SURVEYS = "surveys";

    private final Profile profile;
    private final String pseudonymKey;
    private final LocalDate asOf;
    private final TimeParser times;
    private transient Pseudonymizer pseudonymizer;
    private transient volatile ThreadLocal<PseudonymCache> pseudonymCache;
    private transient Map<String, Community> communityIndex;
    /** The profile's null markers: looked up for every value of every record. */
    private transient volatile NullMarkers nullValues;
    private transient List<Pattern> textPatterns;
    private transient Pattern extractPattern;
    private transient Pattern openPattern;

    /** A mapped record: exactly one of {@code staged} (contract column order) and {@code reject} (REJECTS order). */
    public record Mapped(String table, Object[] staged, Object[] reject, String raw) {
        public boolean isReject() {
            return reject != null;
        }
    }

    public RecordMapper(Profile profile, String pseudonymKey, LocalDate asOf) {
        this.profile = profile;
        this.pseudonymKey = pseudonymKey;
        this.asOf = asOf;
        this.times = new TimeParser(profile.timeFormats());
        validateCodes(profile.cases(), Contract.CASES);
        if (profile.surveys() != null) {
            validateCodes(profile.surveys(), Contract.SURVEYS);
        }
        new Pseudonymizer(pseudonymKey); // fails early, on the driver, with the contract's message
    }

    private void validateCodes(TableMapping m, TableSchema t) {
        m.values().forEach((col, map) -> {
            Column c = t.find(col).orElseThrow(() -> IngestErrors.badProfile(profile.name(), t.name() + ".values." + col,
                    "is not a column of the contract table " + t.name() + "."));
            for (String code : map.values()) {
                boolean bool = c.type() == io.minqing.contract.ColumnType.BOOLEAN;
                if (bool ? !(code.equals("true") || code.equals("false")) : !c.allowedValues().isEmpty() && !c.allowedValues().contains(code)) {
                    throw IngestErrors.badProfile(profile.name(), t.name() + ".values." + col, "maps to '" + code
                            + "', which is not allowed; use one of " + (bool ? "[true, false]" : c.allowedValues()) + ".");
                }
            }
        });
    }

    public Profile profile() {
        return profile;
    }

    /** Which table a unit with these headers feeds: surveys when a surveys 'detect' header is present. */
    public String tableFor(List<String> headers) {
        if (profile.surveys() != null && headers.stream().anyMatch(h -> profile.surveys().detect().contains(h))) {
            return SURVEYS;
        }
        return CASES;
    }

    /**
     * Throws a clear error (exit 3, naming the file, the missing column, the headers it accepts and the headers found)
     * when a tabular unit lacks a header the table requires: the key and the main time, and every column the profile
     * marks {@code required}. Returns the columns the profile maps but the unit lacks (optional ones), each as
     * {@code column (header/header)}, in the profile's order, so the run can name them on the console and in the
     * quality summary.
     */
    public List<String> requireHeaders(String file, String table, List<String> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        TableMapping m = mapping(table);
        List<String> required = new ArrayList<>(table.equals(CASES) ? List.of("case_id", "received_at") : List.of("survey_id", "surveyed_at"));
        for (String r : m.required()) {
            if (!required.contains(r)) {
                required.add(r);
            }
        }
        TableSchema schema = table.equals(CASES) ? Contract.CASES : Contract.SURVEYS;
        for (String col : required) {
            if (m.defaults().containsKey(col) && !m.isRequired(col)) {
                continue;
            }
            List<String> accepted = m.headersFor(col);
            if (accepted.stream().noneMatch(headers::contains)) {
                throw IngestErrors.missingHeader(file, col, schema.column(col).label(), accepted, headers);
            }
        }
        return missingHeaders(table, headers);
    }

    /** The mapped columns none of whose headers the unit has, as {@code column (header/header)}; empty for JSON. */
    public List<String> missingHeaders(String table, List<String> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        mapping(table).columns().forEach((col, accepted) -> {
            if (!accepted.isEmpty() && accepted.stream().noneMatch(headers::contains)) {
                out.add(col + " (" + String.join("/", accepted) + ")");
            }
        });
        return out;
    }

    private TableMapping mapping(String table) {
        return table.equals(CASES) ? profile.cases() : profile.surveys();
    }

    private Pseudonymizer pseudonymizer() {
        if (pseudonymizer == null) {
            pseudonymizer = new Pseudonymizer(pseudonymKey);
        }
        return pseudonymizer;
    }

    private NullMarkers nullValues() {
        NullMarkers s = nullValues;
        if (s == null) {
            s = new NullMarkers(profile.nullValues());
            nullValues = s;
        }
        return s;
    }

    /** A profile's null markers, with the longest one's length: no longer value is one, so most skip the hash lookup. */
    private static final class NullMarkers {
        private final java.util.Set<String> values;
        private final int maxLength;

        NullMarkers(java.util.Collection<String> markers) {
            values = new java.util.HashSet<>(markers);
            maxLength = markers.stream().filter(java.util.Objects::nonNull).mapToInt(String::length).max().orElse(-1);
        }

        boolean contains(String v) {
            return v.length() <= maxLength && values.contains(v);
        }
    }

    private Map<String, Community> communities() {
        if (communityIndex == null) {
            Map<String, Community> idx = new HashMap<>();
            for (Community c : profile.communities().list()) {
                idx.put(c.name(), c);
                for (String a : c.aliases()) {
                    idx.putIfAbsent(a, c);
                }
            }
            communityIndex = idx;
            List<Pattern> ps = new ArrayList<>();
            for (String p : profile.communities().fromTextPatterns()) {
                ps.add(Pattern.compile(p));
            }
            textPatterns = ps;
        }
        return communityIndex;
    }

    /** Thrown inside mapping to reject the record. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;
        final String column;
        final String value;

        Reject(RejectReason reason, String column, String value, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.column = column;
            this.value = value;
        }
    }

    /** A looked-up source value: the header it came from and its trimmed text (null when empty or a null marker). */
    private record Val(String header, String text) {
    }

    /** What {@link Ctx#val} gets for a header the record does not have (compared by identity). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String ABSENT = new String("");

    /** Per-record context. */
    private final class Ctx {
        final SourceRecord rec;
        final TableMapping m;
        final Map<String, Long> counters;

        Ctx(SourceRecord rec, TableMapping m, Map<String, Long> counters) {
            this.rec = rec;
            this.m = m;
            this.counters = counters;
        }

        /** The columns counted as trimmed / cleaned of control characters in this record (made when first needed). */
        private java.util.Set<String> trimmed;
        private java.util.Set<String> cleaned;
        private final NullMarkers nulls = nullValues();

        private boolean firstTrim(String column) {
            if (trimmed == null) {
                trimmed = new java.util.HashSet<>();
            }
            return trimmed.add(column);
        }

        private boolean firstClean(String column) {
            if (cleaned == null) {
                cleaned = new java.util.HashSet<>();
            }
            return cleaned.add(column);
        }

        Val val(String column) {
            for (String h : m.headersFor(column)) {
                String raw = rec.fields().getOrDefault(h, ABSENT); // one lookup for "has the header" and its value
                if (raw != ABSENT) {
                    if (raw != null && !rec.controlFree()) {
                        String clean = stripControls(raw);
                        if (clean != raw && firstClean(column)) {
                            count("control_characters_removed:" + column);
                        }
                        raw = clean;
                    }
                    String v = raw == null ? null : raw.strip();
                    if (v != null && !v.isEmpty() && !v.equals(raw) && firstTrim(column)) {
                        count("trimmed:" + column);
                    }
                    if (v != null && nulls.contains(v)) {
                        v = null;
                    }
                    if (v != null && v.isEmpty()) {
                        v = null;
                    }
                    return new Val(h, v);
                }
            }
            return new Val(null, null);
        }

        String header(String column) {
            Val v = val(column);
            return v.header != null ? v.header : String.join("/", m.headersFor(column));
        }

        /** The text of a column, or its declared default (counted when it fills an empty mapped value). */
        String text(String column) {
            Val v = val(column);
            if (v.text != null) {
                return v.text;
            }
            String d = m.defaults().get(column);
            if (d != null && v.header != null) {
                count("default:" + column);
            }
            return d;
        }

        String required(String column, String label) throws Reject {
            String t = text(column);
            if (t == null) {
                throw new Reject(RejectReason.MISSING_REQUIRED, header(column), null, label + " (" + column + ") is empty. "
                        + "Fill in column '" + header(column) + "' in the export; a record without it cannot be staged.");
            }
            return t;
        }

        LocalDateTime time(String column, String label, boolean required) throws Reject {
            String t = required ? required(column, label) : text(column);
            if (t == null) {
                return null;
            }
            TimeParser.Parsed p = times.parse(t);
            if (!p.ok()) {
                throw new Reject(RejectReason.UNPARSEABLE_TIME, header(column), t, label + " (" + column + "): " + p.error()
                        + ". Correct the value, or add its format to the profile's time-formats if it is a legitimate format.");
            }
            if (p.formatIndex() > 0 && p.formatIndex() < profile.timeFormats().size()) {
                count("time_format:" + p.pattern());
            }
            return p.time();
        }

        void count(String what) {
            counters.merge(what, 1L, Long::sum);
        }
    }

    /** Maps one record of a unit whose staged table is {@code table}. */
    public Mapped map(String table, String sourceFile, SourceRecord rec, Map<String, Long> counters) {
        return map(table, sourceFile, rec, counters, true);
    }

    /**
     * As {@link #map(String, String, SourceRecord, Map)}; without {@code withRaw} a staged row's {@code raw} (the
     * redacted source record, needed only if the row turns out to be a duplicate) is left null, sparing its masking.
     * {@link #raw} gives it later, the same text.
     */
    public Mapped map(String table, String sourceFile, SourceRecord rec, Map<String, Long> counters, boolean withRaw) {
        TableMapping m = mapping(table);
        Ctx c = new Ctx(rec, m, counters);
        String key = null;
        try {
            if (rec.problem() != null) {
                SourceRecord.Problem p = rec.problem();
                throw new Reject(p.reason(), p.column(), p.value(), p.message());
            }
            key = table.equals(CASES) ? c.text("case_id") : c.text("survey_id");
            Object[] row = table.equals(CASES) ? mapCase(c, sourceFile) : mapSurvey(c, sourceFile);
            return new Mapped(table, row, null, withRaw ? redact(c, rec.raw()) : null);
        } catch (Reject r) {
            return new Mapped(table, null, reject(c, sourceFile, key, r.reason, r.column, r.value, r.getMessage()), null);
        }
    }

    /** The redacted raw record a staged row of {@code table} carries ({@link Mapped#raw}). */
    public String raw(String table, SourceRecord rec) {
        return redact(new Ctx(rec, mapping(table), new HashMap<>()), rec.raw());
    }

    private Object[] reject(Ctx c, String sourceFile, String key, RejectReason reason, String column, String value, String message) {
        return new Object[] {sourceFile, c.rec.row(), reason.code(), column, redact(c, value), redact(c, message), key,
                redact(c, c.rec.raw()), profile.name()};
    }

    /** Masks personal columns' values (resident/handler inputs) and phone/ID numbers in text kept with a reject. */
    private String redact(Ctx c, String text) {
        if (text == null) {
            return null;
        }
        String s = stripControls(text);
        List<String> personal = new ArrayList<>(c.m.resident());
        personal.addAll(c.m.handler());
        for (String h : personal) {
            String v = c.rec.fields().get(h);
            if (v != null && v.strip().length() >= 2) {
                s = s.replace(v.strip(), "***");
                String clean = stripControls(v).strip();
                if (clean.length() >= 2) {
                    s = s.replace(clean, "***");
                }
            }
        }
        return PiiMasker.mask(s);
    }

    private Object[] mapCase(Ctx c, String sourceFile) throws Reject {
        String caseId = c.required("case_id", "件号");
        LocalDateTime received = c.time("received_at", "收件时间", true);
        LocalDateTime dispatched = c.time("dispatched_at", "派件时间", false);
        LocalDateTime resolved = c.time("resolved_at", "办结时间", false);
        LocalDateTime feedback = c.time("feedback_at", "反馈时间", false);
        LocalDateTime due = c.time("due_at", "办理时限", false);
        LocalDateTime updated = c.time("updated_at", "更新时间", false);
        plausible(c, "received_at", "收件时间", received);
        plausible(c, "dispatched_at", "派件时间", dispatched);
        plausible(c, "resolved_at", "办结时间", resolved);
        plausible(c, "feedback_at", "反馈时间", feedback);
        plausible(c, "updated_at", "更新时间", updated);
        String[] community = community(c);
        String channel = coded(c, "channel", "收件渠道", Codes.Channel.class, RejectReason.UNKNOWN_CHANNEL);
        if (channel == null) {
            throw new Reject(RejectReason.MISSING_REQUIRED, c.header("channel"), null, "收件渠道 (channel) is empty. Fill in column '"
                    + c.header("channel") + "' or give the profile a default channel.");
        }
        String priority = coded(c, "priority", "紧急程度", Codes.Priority.class, RejectReason.UNKNOWN_VALUE);
        String status = coded(c, "status", "办理状态", Codes.Status.class, RejectReason.UNKNOWN_VALUE);
        String handlerType = coded(c, "handler_type", "快递员类型", Codes.HandlerType.class, RejectReason.UNKNOWN_VALUE);
        String level = coded(c, "escalation_level", "办理层级", Codes.EscalationLevel.class, RejectReason.UNKNOWN_VALUE);
        Boolean proactive = bool(c, "is_proactive", "主动发现");
        if (priority == null) {
            priority = Codes.Priority.NORMAL.code();
        }
        if (level == null) {
            level = Codes.EscalationLevel.COMMUNITY.code();
        }
        if (status == null) {
            status = resolved != null ? "resolved" : dispatched != null ? "dispatched" : "received";
        }
        for (var e : c.m.derived().entrySet()) {
            Profile.Derived d = e.getValue();
            if (d.whenStatus().isEmpty() || d.whenStatus().contains(status)) {
                if (e.getKey().equals("resolved_at") && resolved == null && d.from().equals("updated_at")) {
                    resolved = updated;
                }
            }
        }
        if (proactive == null) {
            proactive = channel.equals(Codes.Channel.DIARY.code());
        }
        order(c, "dispatched_at", "派件时间", dispatched, "received_at", "收件时间", received);
        order(c, "resolved_at", "办结时间", resolved, "received_at", "收件时间", received);
        order(c, "feedback_at", "反馈时间", feedback, "received_at", "收件时间", received);
        order(c, "feedback_at", "反馈时间", feedback, "resolved_at", "办结时间", resolved);
        String[] departments = split(mask(c.text("departments")));
        return new Object[] {
                caseId, profile.name(), mask(community[1]), mask(community[0]), mask(c.text("grid")), channel, proactive,
                mask(c.text("category")), mask(c.text("title")), mask(c.text("description")), mask(c.text("address")),
                person(c, c.m.resident(), "r_"), received, dispatched, resolved, feedback, due, priority, status,
                person(c, c.m.handler(), "h_"), handlerType, level, departments, mask(c.text("resolution_note")),
                updated, sourceFile, c.rec.row(), received.format(MONTH)};
    }

    private Object[] mapSurvey(Ctx c, String sourceFile) throws Reject {
        String surveyId = c.required("survey_id", "测评编号");
        LocalDateTime surveyed = c.time("surveyed_at", "测评时间", true);
        plausible(c, "surveyed_at", "测评时间", surveyed);
        String[] community = community(c);
        String method = coded(c, "method", "测评方式", Codes.SurveyMethod.class, RejectReason.UNKNOWN_VALUE);
        if (method == null) {
            throw new Reject(RejectReason.MISSING_REQUIRED, c.header("method"), null, "测评方式 (method) is empty. Fill in column '"
                    + c.header("method") + "' or give the profile a default method.");
        }
        Boolean contacted = bool(c, "is_contacted", "是否联系");
        Boolean resolvedByResident = bool(c, "is_resolved", "是否解决");
        String satisfaction = coded(c, "satisfaction", "满意度", Codes.Satisfaction.class, RejectReason.UNKNOWN_VALUE);
        return new Object[] {surveyId, c.text("case_id"), profile.name(), mask(community[0]), surveyed, method, contacted,
                resolvedByResident, satisfaction, mask(c.text("comment")), sourceFile, c.rec.row(), surveyed.format(MONTH)};
    }

    private void plausible(Ctx c, String column, String label, LocalDateTime t) throws Reject {
        if (t == null) {
            return;
        }
        if (t.toLocalDate().isBefore(profile.earliestValid())) {
            throw new Reject(RejectReason.IMPLAUSIBLE_DATE, c.header(column), t.format(SHOW), label + " (" + column + ") "
                    + t.format(SHOW) + " is before the earliest plausible date " + profile.earliestValid()
                    + " (config key ingest.earliest-date, or the profile's earliest-valid). Correct the date in the export"
                    + " (a typo in the year?), or lower ingest.earliest-date if such old cases are real.");
        }
        if (t.toLocalDate().isAfter(asOf)) {
            throw new Reject(RejectReason.IMPLAUSIBLE_TIME, c.header(column), t.format(SHOW), label + " (" + column + ") "
                    + t.format(SHOW) + " is outside the plausible range " + profile.earliestValid() + " … " + asOf
                    + " (the as-of date of this run). Correct the date in the export (a typo in the year?).");
        }
    }

    private void order(Ctx c, String col, String label, LocalDateTime t, String beforeCol, String beforeLabel,
                       LocalDateTime before) throws Reject {
        if (t != null && before != null && t.isBefore(before)) {
            throw new Reject(RejectReason.TIME_ORDER, c.header(col), t.format(SHOW), label + " " + t.format(SHOW) + " is before "
                    + beforeLabel + " " + before.format(SHOW) + " (" + col + " must not be before " + beforeCol
                    + "). Correct whichever of the two is wrong in the export.");
        }
    }

    /** [canonical community, street]. */
    private String[] community(Ctx c) throws Reject {
        Profile.Communities cs = profile.communities();
        Map<String, Community> idx = communities();
        Val v = c.val("community");
        String street = c.text("street");
        if (v.text != null) {
            String[] r = lookup(c, v.text, idx);
            if (r == null) {
                throw new Reject(RejectReason.UNKNOWN_COMMUNITY, v.header, v.text, "'" + v.text + "' is not a community of "
                        + "profile " + profile.name() + (cs.open() ? " (values must match " + cs.pattern() + ")"
                        : " (known: " + String.join(", ", cs.list().stream().map(Community::name).toList()) + ")")
                        + ". Correct the name in the export or add it to the profile as an alias.");
            }
            return new String[] {r[0], street != null ? street : r[1]};
        }
        if (!textPatterns.isEmpty()) {
            for (Pattern p : textPatterns) {
                for (String col : cs.fromTextColumns()) {
                    String text = c.text(col);
                    if (text == null) {
                        continue;
                    }
                    Matcher mt = p.matcher(text);
                    if (mt.find()) {
                        String[] r = lookup(c, mt.group(), idx);
                        if (r != null) {
                            c.count("community_from_text:" + col);
                            return new String[] {r[0], street != null ? street : r[1]};
                        }
                    }
                }
            }
        }
        if (!c.m.isRequired("community")) {
            c.count("default:community");
            return new String[] {cs.dflt() != null ? cs.dflt() : Profile.UNSPECIFIED, street};
        }
        if (!textPatterns.isEmpty()) {
            throw new Reject(RejectReason.UNKNOWN_COMMUNITY, String.join("/", cs.fromTextColumns()), null,
                    "No place was found: the record has no community column and none of the profile's place patterns "
                            + cs.fromTextPatterns() + " occurs in " + cs.fromTextColumns() + ". Add the place to the text "
                            + "or a community column to the export.");
        }
        throw new Reject(RejectReason.MISSING_REQUIRED, c.header("community"), null, "社区 (community) is empty. Fill in "
                + "column '" + c.header("community") + "' in the export.");
    }

    private Pattern extractPattern() {
        if (extractPattern == null) {
            extractPattern = Pattern.compile(profile.communities().extract());
        }
        return extractPattern;
    }

    private Pattern openPattern() {
        if (openPattern == null) {
            openPattern = Pattern.compile(profile.communities().pattern());
        }
        return openPattern;
    }

    private String[] lookup(Ctx c, String raw, Map<String, Community> idx) {
        Profile.Communities cs = profile.communities();
        String v = raw;
        if (cs.extract() != null) {
            Matcher mt = extractPattern().matcher(raw);
            if (mt.find()) {
                v = mt.groupCount() >= 1 ? mt.group(1) : mt.group();
                if (!v.equals(raw)) {
                    c.count("community_extracted");
                }
            }
        }
        Community known = idx.get(v);
        if (known == null) {
            known = idx.get(v.replaceAll("\\s+", ""));
        }
        if (known != null) {
            if (!known.name().equals(v)) {
                c.count("alias:community");
            }
            return new String[] {known.name(), known.street()};
        }
        if (cs.open() && (cs.pattern() == null || openPattern().matcher(v).matches())) {
            return new String[] {v, null};
        }
        return null;
    }

    private <E extends Enum<E> & Coded> String coded(Ctx c, String column, String label, Class<E> type,
                                                     RejectReason unknown) throws Reject {
        Val v = c.val(column);
        if (v.text == null) {
            String d = c.m.defaults().get(column);
            if (d != null && v.header != null) {
                c.count("default:" + column);
            }
            return d;
        }
        String raw = v.text;
        Map<String, String> map = c.m.values().getOrDefault(column, Map.of());
        String[][] codes = CODES.get(type);
        for (int i = 0; i < codes[0].length; i++) {
            if (codes[0][i].equalsIgnoreCase(raw) || codes[1][i].equals(raw)) {
                return codes[0][i];
            }
        }
        String mapped = map.get(raw);
        if (mapped == null) {
            mapped = map.get(raw.toUpperCase(Locale.ROOT));
        }
        if (mapped != null) {
            c.count("alias:" + column);
            return mapped;
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.zh());
        }
        known.addAll(map.keySet());
        throw new Reject(unknown, v.header, raw, label + " (" + column + ") '" + raw + "' is not a known value. Use one of "
                + String.join(", ", known) + ", or map it in the profile's values." + column + ".");
    }

    /**
     * Each coded enumeration's {codes, Chinese labels} in constant order: {@link Coded#code} lower-cases the
     * constant's name on every call, and every coded value of every record was checked against all of them.
     */
    private static final ClassValue<String[][]> CODES = new ClassValue<>() {
        @Override
        protected String[][] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[][] out = new String[2][constants.length];
            for (int i = 0; i < constants.length; i++) {
                out[0][i] = ((Coded) constants[i]).code();
                out[1][i] = ((Coded) constants[i]).zh();
            }
            return out;
        }
    };

    private static final Map<String, Boolean> BOOLEANS = new LinkedHashMap<>();

    static {
        for (String t : List.of("是", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "True", "1", "有")) {
            BOOLEANS.put(t, true);
        }
        for (String f : List.of("否", "N", "n", "no", "No", "NO", "false", "FALSE", "False", "0", "无")) {
            BOOLEANS.put(f, false);
        }
    }

    private Boolean bool(Ctx c, String column, String label) throws Reject {
        Val v = c.val(column);
        if (v.text == null) {
            String d = c.m.defaults().get(column);
            return d == null ? null : Boolean.valueOf(d);
        }
        String mapped = c.m.values().getOrDefault(column, Map.of()).get(v.text);
        if (mapped != null) {
            return Boolean.valueOf(mapped);
        }
        Boolean b = BOOLEANS.get(v.text);
        if (b == null) {
            throw new Reject(RejectReason.UNKNOWN_VALUE, v.header, v.text, label + " (" + column + ") '" + v.text
                    + "' is not a yes/no value. Use 是 or 否.");
        }
        return b;
    }

    private String person(Ctx c, List<String> headers, String prefix) {
        for (String h : headers) {
            String v = c.rec.fields().get(h);
            if (v != null && !v.isBlank() && !nullValues().contains(v.strip())) {
                return pseudonym(prefix, v.strip());
            }
        }
        return null;
    }

    /** Slots of each thread's pseudonym cache per prefix (direct-mapped: a slot holds the last value hashed to it). */
    private static final int PSEUDONYM_SLOTS = 1 << 12;

    /** One thread's remembered pseudonyms: per prefix, values and their pseudonyms by slot. */
    private static final class PseudonymCache {
        final String[] prefixes = new String[2];
        final String[][] keys = new String[2][PSEUDONYM_SLOTS];
        final String[][] values = new String[2][PSEUDONYM_SLOTS];
    }

    /**
     * {@link Pseudonymizer#pseudonym}, remembered per thread in a small direct-mapped cache: the same handler (or
     * repeat resident) recurs across many records and each HMAC costs microseconds. A pure function of its
     * arguments, so the cache changes nothing but the time.
     */
    private String pseudonym(String prefix, String value) {
        ThreadLocal<PseudonymCache> tl = pseudonymCache;
        if (tl == null) {
            synchronized (this) {
                if (pseudonymCache == null) {
                    pseudonymCache = ThreadLocal.withInitial(PseudonymCache::new);
                }
                tl = pseudonymCache;
            }
        }
        PseudonymCache cache = tl.get();
        int p = 0;
        while (p < 2 && cache.prefixes[p] != null && !cache.prefixes[p].equals(prefix)) {
            p++;
        }
        if (p == 2) {
            return pseudonymizer().pseudonym(prefix, value);
        }
        cache.prefixes[p] = prefix;
        int slot = value.hashCode() & (PSEUDONYM_SLOTS - 1);
        if (value.equals(cache.keys[p][slot])) {
            return cache.values[p][slot];
        }
        String out = pseudonymizer().pseudonym(prefix, value);
        cache.keys[p][slot] = value;
        cache.values[p][slot] = out;
        return out;
    }

    private String[] split(String text) {
        if (text == null) {
            return new String[0];
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (profile.listSeparators().indexOf(ch) >= 0) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().strip());
                }
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out.toArray(new String[0]);
    }

    private static String mask(String s) {
        return PiiMasker.mask(s);
    }

    /**
     * {@code s} without control characters: C0 (U+0000–U+001F) except tab and line feed, DEL, and C1
     * (U+0080–U+009F). Returns {@code s} itself when it has none (the caller counts a change by identity).
     */
    public static String stripControls(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n);
        b.append(s, 0, i);
        for (; i < n; i++) {
            char ch = s.charAt(i);
            if (!isControl(ch)) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static boolean isControl(char ch) {
        return (ch < 0x20 && ch != '\t' && ch != '\n') || (ch >= 0x7F && ch <= 0x9F);
    }

    /**
     * How complete a staged case is, the first key of the duplicate rule (docs/ingest.md, "Duplicates"): one point
     * each for a real place (a community that is not the unspecified default), a category, and a text (title or
     * description). Among the versions of one case the most complete wins, then the most recently updated, then the
     * later file and row: a later export that lost the community does not replace a complete version. One rule for
     * both engines ({@link IngestRules#dedupeOrder} starts with it): the Spark job calls it as a UDF, the embedded job
     * from Java for the rows of repeated keys.
     */
    public static int completeness(String community, String defaultCommunity, String category, String title, String description) {
        int score = 0;
        if (community != null && !community.equals(Profile.UNSPECIFIED) && !community.equals(defaultCommunity)) {
            score++;
        }
        if (category != null && !category.isBlank()) {
            score++;
        }
        if ((title != null && !title.isBlank()) || (description != null && !description.isBlank())) {
            score++;
        }
        return score;
    }

    /** {@link #completeness} of a staged case of this mapper's profile. */
    public int completenessOf(String community, String category, String title, String description) {
        return completeness(community, profile.communities().dflt(), category, title, description);
    }

    /** The columns of a staged case {@link #completeness} reads, in its argument order after the default. */
    public static final List<String> COMPLETENESS_COLUMNS = List.of("community", "category", "title", "description");
}
