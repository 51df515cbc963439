package io.minqing.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A column-mapping profile: how one kind of export maps onto the contract (docs/ingest.md documents the YAML).
 * Parsed once on the driver, then shipped to the tasks with the closure (it is Serializable).
 */
public record Profile(String name, String description, boolean demo, Double rejectThreshold,
                      List<String> timeFormats, List<String> nullValues, String listSeparators,
                      LocalDate earliestValid, Communities communities, TableMapping cases, TableMapping surveys)
        implements Serializable {

    /** Built-in profiles, shipped as resources under /profiles. */
    public static final List<String> BUILT_IN = List.of("sample-district", "teddycup2020c", "nyc311", "open311");

    /** A community of the district's list. */
    public record Community(String name, String street, List<String> aliases) implements Serializable {
    }

    /**
     * Where the community comes from: a closed list with aliases, or an open set of values matching
     * {@code pattern}; optionally a regex extract applied first, text patterns searched when the record has no
     * community value, and a declared default.
     */
    public record Communities(List<Community> list, boolean open, String pattern, String extract,
                              List<String> fromTextColumns, List<String> fromTextPatterns, String dflt)
            implements Serializable {
    }

    /** A derived value: copy {@code from} into the column when the status is one of {@code whenStatus}. */
    public record Derived(String from, List<String> whenStatus) implements Serializable {
    }

    /** How one staged table is filled from source columns. */
    public record TableMapping(List<String> detect, Map<String, List<String>> columns,
                               Map<String, Map<String, String>> values, Map<String, String> defaults,
                               Map<String, Derived> derived, List<String> resident, List<String> handler,
                               List<String> required)
            implements Serializable {

        /** A mapping without {@code required} columns beyond the contract's own. */
        public TableMapping(List<String> detect, Map<String, List<String>> columns,
                            Map<String, Map<String, String>> values, Map<String, String> defaults,
                            Map<String, Derived> derived, List<String> resident, List<String> handler) {
            this(detect, columns, values, defaults, derived, resident, handler, List.of());
        }

        public List<String> headersFor(String column) {
            return columns.getOrDefault(column, List.of());
        }

        /** True when the profile marks {@code column} required: a unit without its header is refused (exit 3). */
        public boolean isRequired(String column) {
            return required.contains(column);
        }
    }

    /**
     * The place given to a record that names none (no community value, none found in its text) when the profile
     * declares no {@code communities.default} and does not mark community required: counted as
     * {@code default:community}, never a reject.
     */
    public static final String UNSPECIFIED = "未注明";

    /** The same profile with another earliest plausible date (config key ingest.earliest-date). */
    public Profile withEarliestValid(LocalDate earliest) {
        return new Profile(name, description, demo, rejectThreshold, timeFormats, nullValues, listSeparators, earliest,
                communities, cases, surveys);
    }

    /** Loads a built-in profile by name or a profile YAML file by path. */
    public static Profile load(String nameOrFile) {
        String n = nameOrFile == null || nameOrFile.isBlank() ? "sample-district" : nameOrFile.trim();
        if (BUILT_IN.contains(n)) {
            try (InputStream in = Profile.class.getResourceAsStream("/profiles/" + n + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("Built-in profile resource /profiles/" + n + ".yaml is missing");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + n);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read built-in profile " + n, e);
            }
        }
        Path p = Path.of(n);
        if (!Files.isRegularFile(p)) {
            throw IngestErrors.unknownProfile(n, BUILT_IN);
        }
        try {
            return parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
        } catch (IOException e) {
            throw IngestErrors.badProfile(p.toString(), "(file)", "cannot be read: " + e.getMessage() + ".");
        }
    }

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "demo", "reject-threshold",
            "time-formats", "null-values", "list-separators", "earliest-valid", "communities", "cases", "surveys");
    private static final Set<String> TABLE_KEYS = Set.of("detect", "columns", "values", "defaults", "derived",
            "resident", "handler", "required");

    /** Parses profile YAML; {@code where} names it in error messages. */
    public static Profile parse(String yaml, String where) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw IngestErrors.badProfile(where, "(file)", "is not valid YAML: " + e.getMessage().replace('\n', ' ') + ".");
        }
        Map<String, Object> m = map(root, where, "(top level)");
        for (String k : m.keySet()) {
            if (!TOP_KEYS.contains(k)) {
                throw IngestErrors.badProfile(where, k, "is not a known key (known: " + String.join(", ", TOP_KEYS.stream().sorted().toList()) + ").");
            }
        }
        String name = str(m.get("name"));
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw IngestErrors.badProfile(where, "name", "must be a lower-case identifier (it becomes the staged 'source'), got " + name + ".");
        }
        Double threshold = null;
        if (m.get("reject-threshold") != null) {
            threshold = Double.parseDouble(str(m.get("reject-threshold")));
        }
        List<String> formats = strings(m.get("time-formats"));
        if (formats.isEmpty()) {
            throw IngestErrors.badProfile(where, "time-formats", "must list at least one date/time format.");
        }
        TimeParser.validate(formats, where);
        List<String> nulls = m.containsKey("null-values") ? strings(m.get("null-values")) : List.of("");
        String seps = m.get("list-separators") == null ? "、,，;；" : str(m.get("list-separators"));
        LocalDate earliest;
        try {
            earliest = m.get("earliest-valid") == null ? LocalDate.of(2000, 1, 1) : LocalDate.parse(str(m.get("earliest-valid")));
        } catch (DateTimeParseException e) {
            throw IngestErrors.badProfile(where, "earliest-valid", "must be a date yyyy-MM-dd.");
        }
        Communities communities = communities(m.get("communities"), where);
        TableMapping cases = table(m.get("cases"), where, "cases");
        TableMapping surveys = m.get("surveys") == null ? null : table(m.get("surveys"), where, "surveys");
        if (cases == null) {
            throw IngestErrors.badProfile(where, "cases", "is missing: a profile must map at least the cases table.");
        }
        return new Profile(name, str(m.get("description")), Boolean.parseBoolean(String.valueOf(m.get("demo"))), threshold,
                formats, nulls, seps, earliest, communities, cases, surveys);
    }

    private static Communities communities(Object o, String where) {
        Map<String, Object> m = o == null ? Map.of() : map(o, where, "communities");
        List<Community> list = new ArrayList<>();
        if (m.get("list") != null) {
            if (!(m.get("list") instanceof List<?> l)) {
                throw IngestErrors.badProfile(where, "communities.list", "must be a list of {name, street, aliases}.");
            }
            for (Object e : l) {
                Map<String, Object> c = map(e, where, "communities.list[]");
                String cn = str(c.get("name"));
                if (cn == null || cn.isBlank()) {
                    throw IngestErrors.badProfile(where, "communities.list[].name", "is missing.");
                }
                list.add(new Community(cn, str(c.get("street")), strings(c.get("aliases"))));
            }
        }
        boolean open = Boolean.parseBoolean(String.valueOf(m.get("open")));
        String pattern = str(m.get("pattern"));
        String extract = str(m.get("extract"));
        for (String rx : new String[] {pattern, extract}) {
            checkRegex(rx, where, "communities");
        }
        Map<String, Object> ft = m.get("from-text") == null ? Map.of() : map(m.get("from-text"), where, "communities.from-text");
        List<String> ftPatterns = strings(ft.get("patterns"));
        ftPatterns.forEach(rx -> checkRegex(rx, where, "communities.from-text.patterns"));
        if (!open && list.isEmpty()) {
            throw IngestErrors.badProfile(where, "communities", "needs a list of communities or 'open: true' with a pattern.");
        }
        return new Communities(List.copyOf(list), open, pattern, extract, strings(ft.get("columns")), ftPatterns,
                str(m.get("default")));
    }

    private static void checkRegex(String rx, String where, String key) {
        if (rx == null) {
            return;
        }
        try {
            Pattern.compile(rx);
        } catch (PatternSyntaxException e) {
            throw IngestErrors.badProfile(where, key, "holds an invalid regular expression " + rx + ".");
        }
    }

    private static TableMapping table(Object o, String where, String table) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = map(o, where, table);
        for (String k : m.keySet()) {
            if (!TABLE_KEYS.contains(k)) {
                throw IngestErrors.badProfile(where, table + "." + k, "is not a known key (known: " + String.join(", ", TABLE_KEYS.stream().sorted().toList()) + ").");
            }
        }
        var contract = table.equals("cases") ? io.minqing.contract.Contract.CASES : io.minqing.contract.Contract.SURVEYS;
        Map<String, List<String>> cols = new LinkedHashMap<>();
        if (m.get("columns") != null) {
            map(m.get("columns"), where, table + ".columns").forEach((k, v) -> {
                if (contract.find(k).isEmpty()) {
                    throw IngestErrors.badProfile(where, table + ".columns." + k, "is not a column of the contract table " + table + ".");
                }
                cols.put(k, strings(v));
            });
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        if (m.get("values") != null) {
            map(m.get("values"), where, table + ".values").forEach((k, v) -> {
                Map<String, String> vm = new LinkedHashMap<>();
                map(v, where, table + ".values." + k).forEach((src, code) -> vm.put(src, str(code)));
                values.put(k, vm);
            });
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        if (m.get("defaults") != null) {
            map(m.get("defaults"), where, table + ".defaults").forEach((k, v) -> defaults.put(k, str(v)));
        }
        Map<String, Derived> derived = new LinkedHashMap<>();
        if (m.get("derived") != null) {
            map(m.get("derived"), where, table + ".derived").forEach((k, v) -> {
                Map<String, Object> d = map(v, where, table + ".derived." + k);
                derived.put(k, new Derived(str(d.get("from")), strings(d.get("when-status"))));
            });
        }
        List<String> required = strings(m.get("required"));
        for (String r : required) {
            if (contract.find(r).isEmpty()) {
                throw IngestErrors.badProfile(where, table + ".required", "names '" + r + "', which is not a column of the contract table " + table + ".");
            }
            if (!cols.containsKey(r)) {
                throw IngestErrors.badProfile(where, table + ".required", "names '" + r + "', which has no entry under " + table
                        + ".columns (a required column needs the headers it is read from).");
            }
        }
        return new TableMapping(strings(m.get("detect")), cols, values, defaults, derived,
                strings(m.get("resident")), strings(m.get("handler")), required);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where, String key) {
        if (!(o instanceof Map<?, ?> m)) {
            throw IngestErrors.badProfile(where, key, "must be a mapping (key: value).");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Profile::str).toList();
        }
        return List.of(str(o));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
