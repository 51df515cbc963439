package io.minqing.generator;

import io.minqing.generator.District.Community;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes manifest.json: options, files, communities, planted stories and (messy) every defect. Fields: docs/sample-district.md. */
final class Manifest {

    static final int FORMAT_VERSION = 1;
    static final String SOURCE = "sample-district";

    private Manifest() {
    }

    static void write(Path file, GeneratorConfig cfg, List<YearMonth> months, Map<YearMonth, Long> casesByMonth,
                      long cases, long surveys, long generalSurveys, List<ExportSink.ExportFile> exports,
                      long truthRows, Map<String, Long> storyCases, DefectLog defects) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "minqing generate");
        m.put("format_version", FORMAT_VERSION);
        m.put("source", SOURCE);
        m.put("district", District.DISTRICT);
        m.put("seed", cfg.seed());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("from", cfg.from().toString());
        options.put("to", cfg.to().toString());
        options.put("cases", cfg.cases());
        options.put("messy", cfg.messyRate());
        options.put("as_of", Rows.time(cfg.asOf()));
        m.put("options", options);
        m.put("as_of", Rows.time(cfg.asOf()));
        m.put("time_zone", "Asia/Shanghai (all times are district local wall-clock times)");
        m.put("months", months.stream().map(YearMonth::toString).toList());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("cases", cases);
        totals.put("surveys", surveys);
        totals.put("general_surveys", generalSurveys);
        totals.put("defects", defects == null ? 0L : defects.count());
        m.put("totals", totals);
        Map<String, Object> byMonth = new LinkedHashMap<>();
        for (YearMonth ym : months) {
            byMonth.put(ym.toString(), casesByMonth.getOrDefault(ym, 0L));
        }
        m.put("cases_by_month", byMonth);

        List<Object> files = new ArrayList<>();
        for (ExportSink.ExportFile f : exports) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", f.path());
            e.put("kind", f.kind());
            e.put("format", f.format());
            e.put("encoding", f.encoding());
            e.put("bom", f.bom());
            e.put("line_separator", f.lineSeparator());
            e.put("sheets", f.sheets());
            e.put("header_row", 1);
            e.put("headers", f.headers());
            e.put("rows", f.rows());
            e.put("time_formats", f.timeFormats());
            if (defects != null) {
                long bad = defects.defectRows(f.path());
                e.put("defect_rows", bad);
                e.put("defect_rate", f.rows() == 0 ? 0.0 : Math.round(1e4 * bad / (double) f.rows()) / 1e4);
            }
            files.add(e);
        }
        m.put("files", files);
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("path", "truth/case_truth.csv");
        truth.put("rows", truthRows);
        truth.put("note", "ground truth for evaluating later stages (topic family and planted story of every case); "
                + "NOT an export, never ingest it");
        truth.put("headers", Rows.TRUTH_HEADERS);
        m.put("truth", List.of(truth));

        List<Object> communities = new ArrayList<>();
        for (Community c : District.COMMUNITIES) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("street", c.street());
            e.put("code", c.code());
            e.put("aliases", c.aliases());
            e.put("grids", c.grids());
            e.put("places", c.places());
            communities.add(e);
        }
        m.put("communities", communities);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("urgent", CaseFactory.LIMIT_HOURS[0]);
        limits.put("normal", CaseFactory.LIMIT_HOURS[1]);
        limits.put("complex", CaseFactory.LIMIT_HOURS[2]);
        m.put("due_hours_by_priority", limits);
        m.put("slow_dispatch_community", District.SLOW_DISPATCH);
        m.put("low_satisfaction_community", District.LOW_SATISFACTION);
        m.put("stories", stories(months, storyCases));
        List<Object> defectList = new ArrayList<>();
        m.put("defects", defectList);

        // the defect list is copied line by line from the scratch file, so it is never held in memory
        StringBuilder sb = new StringBuilder();
        Json.write(sb, m, 0);
        String json = sb.toString();
        String marker = "\"defects\": []";
        int at = json.lastIndexOf(marker);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(json, 0, at);
            if (defects == null || defects.count() == 0) {
                w.write(marker);
            } else {
                w.write("\"defects\": [\n");
                try (BufferedReader r = Files.newBufferedReader(defects.scratch(), StandardCharsets.UTF_8)) {
                    String line;
                    boolean first = true;
                    while ((line = r.readLine()) != null) {
                        if (!first) {
                            w.write(",\n");
                        }
                        w.write("    ");
                        w.write(line);
                        first = false;
                    }
                }
                w.write("\n  ]");
            }
            w.write(json, at + marker.length(), json.length() - at - marker.length());
            w.write('\n');
        }
    }

    private static List<Object> stories(List<YearMonth> months, Map<String, Long> storyCases) {
        List<Object> out = new ArrayList<>();
        for (Story s : Stories.ALL) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", s.id());
            e.put("kind", s.kind());
            e.put("community", s.community());
            e.put("street", s.community() == null ? null : District.byName(s.community()).street());
            e.put("topic_family", s.family() == null ? null : s.family().code());
            e.put("topic_family_zh", s.family() == null ? null : s.family().zh());
            e.put("theme", s.theme() == null ? null : s.theme().code());
            e.put("address", s.address());
            List<String> active = new ArrayList<>();
            Map<String, Object> planned = new LinkedHashMap<>();
            for (YearMonth ym : months) {
                if (s.theme() == null) {
                    active.add(ym.toString());
                    continue;
                }
                double extra = 0;
                for (Community c : District.COMMUNITIES) {
                    extra += Stories.extra(s, ym, c);
                }
                if (extra > 0) {
                    active.add(ym.toString());
                    planned.put(ym.toString(), Math.round(extra * 10) / 10.0);
                }
            }
            e.put("months_active", active);
            e.put("first_month", active.isEmpty() ? null : active.get(0));
            e.put("last_month", active.isEmpty() ? null : active.get(active.size() - 1));
            e.put("fix_month", s.fixMonth() == null ? null : s.fixMonth().toString());
            e.put("fix", s.fix());
            e.put("flag_months", s.flagMonths().stream().filter(months::contains).map(YearMonth::toString).toList());
            e.put("expected_signal", s.expectedSignal());
            e.put("planned_extra_cases_by_month", planned);
            e.put("cases_in_data", s.theme() == null ? null : storyCases.getOrDefault(s.id(), 0L));
            out.add(e);
        }
        return out;
    }
}
