package io.minqing.ingest;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data-quality summary of a run: {@code lake/quality/ingest-summary.json} (fields documented in
 * docs/ingest.md) and a short console table. Shares are fractions 0–1 next to their numerator and denominator.
 */
final class QualitySummary {

    static final List<String> CASE_STAGES = List.of("dispatched_at", "resolved_at", "feedback_at", "due_at", "updated_at");

    private QualitySummary() {
    }

    /** Computes the summary (from the run's temporary staged output, before it is moved). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> build(IngestConfig config, String source, List<IngestJob.FileCounts> files, Aggregator agg,
                                     long atDefaultPlace) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("profile", config.profile().name());
        root.put("as_of", config.asOf().toString());
        root.put("reject_threshold", config.rejectThreshold());
        root.put("staged_updated", false);
        long read = files.stream().mapToLong(IngestJob.FileCounts::read).sum();
        long staged = files.stream().mapToLong(IngestJob.FileCounts::staged).sum();
        long rejected = files.stream().mapToLong(IngestJob.FileCounts::rejected).sum();
        root.put("totals", ordered("read", read, "staged", staged, "rejected", rejected));
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> normalisations = new TreeMap<>();
        List<Map<String, Object>> fileList = new ArrayList<>();
        List<String> missingHeaders = new ArrayList<>();
        for (IngestJob.FileCounts f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("table", f.table());
            m.put("encoding", f.encoding());
            m.put("read", f.read());
            m.put("staged", f.staged());
            m.put("rejected", f.rejected());
            m.put("rejected_share", f.read() == 0 ? 0.0 : (double) f.rejected() / f.read());
            m.put("rejects_by_reason", f.byReason());
            m.put("normalisations", f.counters());
            m.put("ignored_headers", f.ignoredHeaders());
            m.put("missing_headers", f.missingHeaders());
            f.missingHeaders().forEach(h -> missingHeaders.add(f.file() + ": " + h));
            if (f.read() == 0) {
                m.put("warning", "no data rows (empty or header-only file)");
            }
            fileList.add(m);
            f.byReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
            f.counters().forEach((k, v) -> normalisations.merge(k, v, Long::sum));
        }
        root.put("rejects_by_reason", reasons);
        root.put("normalisations", normalisations);
        root.put("missing_headers", missingHeaders);
        // this run's staged cases at the default place (IngestRules.defaultPlaces), not default:community: that counts
        // every record read that named no place, also those rejected or dropped as duplicates
        root.put("unspecified_place", atDefaultPlace);
        root.put("files", fileList);

        Map<String, Map<String, Object>> communities = new TreeMap<>();
        for (Object[] r : agg.aggregate("cases", List.of("community", "street"), List.of("count(*)"))) {
            Map<String, Object> m = communities.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>());
            m.put("street", r[1]);
            m.merge("cases", r[2], (a, b) -> (Long) a + (Long) b);
        }
        for (Object[] r : agg.aggregate("surveys", List.of("community"), List.of("count(*)"))) {
            communities.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>()).put("surveys", r[1]);
        }
        List<Map<String, Object>> communityList = new ArrayList<>();
        communities.forEach((name, m) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("community", name);
            c.put("street", m.get("street"));
            c.put("cases", m.getOrDefault("cases", 0L));
            c.put("surveys", m.getOrDefault("surveys", 0L));
            communityList.add(c);
        });
        root.put("communities", communityList);

        Map<String, Object> caseStats = new LinkedHashMap<>();
        List<String> aggs = new ArrayList<>(List.of("count(*)", "min(received_at)", "max(received_at)"));
        for (String s : CASE_STAGES) {
            aggs.add("count_if(" + s + " IS NULL)");
        }
        Object[] a = agg.aggregate("cases", List.of(), aggs).get(0);
        long n = (Long) a[0];
        caseStats.put("staged", n);
        caseStats.put("received_from", a[1] == null ? null : a[1].toString());
        caseStats.put("received_to", a[2] == null ? null : a[2].toString());
        Map<String, Object> missing = new LinkedHashMap<>();
        for (int i = 0; i < CASE_STAGES.size(); i++) {
            long nulls = a[3 + i] == null ? 0 : (Long) a[3 + i];
            missing.put(CASE_STAGES.get(i), ordered("missing", nulls, "of", n, "share", n == 0 ? 0.0 : (double) nulls / n));
        }
        caseStats.put("missing_by_stage", missing);
        root.put("cases", caseStats);

        Object[] s = agg.aggregate("surveys", List.of(), List.of("count(*)", "min(surveyed_at)", "max(surveyed_at)",
                "count_if(satisfaction IS NULL)")).get(0);
        long ns = (Long) s[0];
        Map<String, Object> surveyStats = new LinkedHashMap<>();
        surveyStats.put("staged", ns);
        surveyStats.put("surveyed_from", s[1] == null ? null : s[1].toString());
        surveyStats.put("surveyed_to", s[2] == null ? null : s[2].toString());
        long noSat = s[3] == null ? 0 : (Long) s[3];
        surveyStats.put("missing_satisfaction", ordered("missing", noSat, "of", ns, "share", ns == 0 ? 0.0 : (double) noSat / ns));
        root.put("surveys", surveyStats);
        return root;
    }

    /**
     * How an engine answers the summary's few questions about the staged rows a run writes: {@code SELECT groupBy…,
     * aggregates… FROM table GROUP BY groupBy…} (one row when groupBy is empty), where table is cases or surveys and
     * the aggregates are SQL expressions both engines evaluate alike (count(*), min, max, count_if). Values come back
     * as String, Long or LocalDateTime (null for SQL NULL).
     */
    interface Aggregator {
        List<Object[]> aggregate(String table, List<String> groupBy, List<String> aggregates);
    }

    /** The Spark engine's aggregator over the run's temporary staged output. */
    static Aggregator spark(Dataset<Row> cases, Dataset<Row> surveys) {
        return (table, groupBy, aggregates) -> {
            Dataset<Row> d = table.equals("cases") ? cases : surveys;
            org.apache.spark.sql.Column[] rest = aggregates.stream().skip(1).map(org.apache.spark.sql.functions::expr)
                    .toArray(org.apache.spark.sql.Column[]::new);
            org.apache.spark.sql.Column first = org.apache.spark.sql.functions.expr(aggregates.get(0));
            List<Row> rows = groupBy.isEmpty() ? d.agg(first, rest).collectAsList()
                    : d.groupBy(groupBy.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                    .agg(first, rest).collectAsList();
            List<Object[]> out = new ArrayList<>();
            for (Row r : rows) {
                Object[] v = new Object[r.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.get(i);
                }
                out.add(v);
            }
            return out;
        };
    }

    /** Writes the summary atomically, with what the run wrote. */
    @SuppressWarnings("unchecked")
    static Path write(IngestConfig config, Map<String, Object> root, List<String> casesMonths, List<String> surveysMonths,
                      boolean stagedUpdated) {
        root.put("staged_updated", stagedUpdated);
        ((Map<String, Object>) root.get("cases")).put("months_written", casesMonths);
        ((Map<String, Object>) root.get("surveys")).put("months_written", surveysMonths);
        Path dir = config.lake().quality();
        Path target = dir.resolve("ingest-summary.json");
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".ingest-summary.json.tmp");
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(tmp, om.writeValueAsString(root) + "\n");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
        return target;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void printTable(PrintStream out, List<IngestJob.FileCounts> files, long atDefaultPlace) {
        int w = Math.max(10, files.stream().mapToInt(f -> f.file().length()).max().orElse(10));
        w = Math.min(w, 48);
        String fmt = "%-" + w + "s %-8s %-20s %9s %9s %9s  %s%n";
        out.printf(Locale.ROOT, fmt, "file", "table", "encoding", "read", "staged", "rejected", "reasons");
        for (IngestJob.FileCounts f : files) {
            String name = f.file().length() > w ? "…" + f.file().substring(f.file().length() - w + 1) : f.file();
            List<String> r = new ArrayList<>();
            f.byReason().forEach((k, v) -> r.add(k + " " + v));
            out.printf(Locale.ROOT, fmt, name, f.table(), f.encoding(), f.read(), f.staged(), f.rejected(), String.join(", ", r));
        }
        for (String line : notices(files, atDefaultPlace)) {
            out.println(line);
        }
        out.flush();
    }

    /**
     * What the console says under the table: each column the profile maps but a file lacks (its values stay empty),
     * how many records named no place and how many of them were staged at the default place ({@code atDefaultPlace}; the
     * others were rejected for another reason or lost to a duplicate), and how many values lost control characters.
     */
    static List<String> notices(List<IngestJob.FileCounts> files, long atDefaultPlace) {
        List<String> out = new ArrayList<>();
        long unspecified = 0;
        long controls = 0;
        for (IngestJob.FileCounts f : files) {
            for (String h : f.missingHeaders()) {
                out.add("Missing header in " + f.file() + ": no column for " + h + "; its values stay empty."
                        + (f.ignoredHeaders().isEmpty() ? "" : " Headers the profile does not map: " + String.join(", ", f.ignoredHeaders()) + ".")
                        + " If the column was renamed, add the new header to the profile (or rename it in the export).");
            }
            unspecified += f.counters().getOrDefault("default:community", 0L);
            for (var e : f.counters().entrySet()) {
                if (e.getKey().startsWith("control_characters_removed:")) {
                    controls += e.getValue();
                }
            }
        }
        if (unspecified > 0) {
            out.add(unspecified + " record(s) name no place (default:community): " + (atDefaultPlace == unspecified
                    ? "staged with the default place." : atDefaultPlace + " of them staged with the default place, the others"
                    + " rejected for another reason or kept in another version (DUPLICATE_KEY)."));
        }
        if (controls > 0) {
            out.add(controls + " value(s) held control characters (NUL, ESC …), removed (control_characters_removed).");
        }
        return out;
    }
}
