package io.minqing.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The measurements of a run: minqing's ratios to its DuckDB counterparts (the {@code duckdb} row; for ingest also the
 * {@code duckdb-work} row), the printed table and the CSV.
 */
public final class Results {

    public static final List<String> HEADER = List.of("cases", "stage", "engine", "wall_s", "rows_per_s", "peak_mb", "cpu_s",
            "minqing_over_duckdb", "minqing_over_duckdb_cpu", "minqing_over_duckdb_work", "minqing_over_duckdb_work_cpu", "load1", "exit_code",
            "note");

    private final List<Measurement> rows;

    public Results(List<Measurement> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Measurement> rows() {
        return rows;
    }

    /**
     * minqing's wall time (either engine) over DuckDB's for the same stage and size, on the minqing row; empty on DuckDB rows, for
     * stages without a counterpart, and when either run failed.
     */
    public OptionalDouble ratio(Measurement m) {
        return ratio(m, Measurement::wallSeconds);
    }

    /**
     * The same ratio of CPU seconds: on a shared machine wall time also measures the neighbours, CPU time much less
     * (it still counts minqing's JVM and Spark start-up, which is real cost).
     */
    public OptionalDouble cpuRatio(Measurement m) {
        return ratio(m, Measurement::cpuSeconds, Measurement.DUCKDB);
    }

    /**
     * minqing's wall time over the {@code duckdb-work} counterpart's (ingest: SQL doing the same per-row work, {@link
     * DuckWorkSql}); empty where there is no such row.
     */
    public OptionalDouble workRatio(Measurement m) {
        return ratio(m, Measurement::wallSeconds, Measurement.DUCKDB_WORK);
    }

    /** The same for CPU seconds. */
    public OptionalDouble workCpuRatio(Measurement m) {
        return ratio(m, Measurement::cpuSeconds, Measurement.DUCKDB_WORK);
    }

    private OptionalDouble ratio(Measurement m, java.util.function.ToDoubleFunction<Measurement> cost) {
        return ratio(m, cost, Measurement.DUCKDB);
    }

    private OptionalDouble ratio(Measurement m, java.util.function.ToDoubleFunction<Measurement> cost, String baseline) {
        if (!m.isMinqing() || !m.ok() || !(cost.applyAsDouble(m) >= 0)) {
            return OptionalDouble.empty();
        }
        for (Measurement d : rows) {
            if (d.engine().equals(baseline) && d.cases() == m.cases() && d.stage().equals(m.stage()) && d.ok()
                    && cost.applyAsDouble(d) > 0) {
                return OptionalDouble.of(cost.applyAsDouble(m) / cost.applyAsDouble(d));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The table for people: one line per process, aligned, with ratios as "3.2×" ("minqing/work", "cpu/work": against
     * the duckdb-work row).
     */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"cases", "stage", "engine", "wall s", "rows/s", "peak MB", "cpu s", "minqing/duckdb", "cpu ratio",
            "minqing/work", "cpu/work", "load", "note"});
        for (Measurement m : rows) {
            OptionalDouble r = ratio(m);
            OptionalDouble rc = cpuRatio(m);
            OptionalDouble w = workRatio(m);
            OptionalDouble wc = workCpuRatio(m);
            String note = m.exitCode() != 0 ? "FAILED (exit " + m.exitCode() + ")" + (m.note().isEmpty() ? "" : ": " + m.note()) : m.note();
            cells.add(new String[] {String.format(Locale.ROOT, "%,d", m.cases()), m.stage(), m.engine(), fixed(m.wallSeconds(), 1),
                    Double.isNaN(m.rowsPerSecond()) ? "-" : String.format(Locale.ROOT, "%,.0f", m.rowsPerSecond()),
                    fixed(m.maxRssMb(), 0), fixed(m.cpuSeconds(), 1),
                    times(r), times(rc), times(w), times(wc), fixed(m.load1(), 1), note});
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean left = i == 1 || i == 2 || i == row.length - 1;
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(left ? row[i] + pad : pad + row[i]).append(i == row.length - 1 ? "" : "  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The same rows as CSV (UTF-8, header row, plain numbers, empty where unknown). */
    public void writeCsv(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord(HEADER);
            for (Measurement m : rows) {
                OptionalDouble r = ratio(m);
                OptionalDouble rc = cpuRatio(m);
                OptionalDouble wr = workRatio(m);
                OptionalDouble wc = workCpuRatio(m);
                p.printRecord(m.cases(), m.stage(), m.engine(), plain(m.wallSeconds(), 3), plain(m.rowsPerSecond(), 0),
                        plain(m.maxRssMb(), 1), plain(m.cpuSeconds(), 2), plain(r), plain(rc), plain(wr), plain(wc), plain(m.load1(), 2),
                        m.exitCode(), m.note());
            }
        }
    }

    /** Reads a CSV written by {@link #writeCsv} back (to redraw the chart or merge runs). */
    public static Results readCsv(Path file) throws IOException {
        List<Measurement> out = new ArrayList<>();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             var p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (var rec : p) {
                out.add(new Measurement(Long.parseLong(rec.get("cases")), rec.get("stage"), rec.get("engine"), num(rec.get("wall_s")),
                        num(rec.get("peak_mb")), num(rec.get("cpu_s")), num(rec.get("load1")), Integer.parseInt(rec.get("exit_code")),
                        rec.get("note")));
            }
        }
        return new Results(out);
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** A ratio for the CSV, 3 decimals; empty when there is none. */
    private static String plain(OptionalDouble r) {
        return r.isPresent() ? plain(r.getAsDouble(), 3) : "";
    }

    /** A ratio for the table, as "3.20×"; empty when there is none. */
    private static String times(OptionalDouble r) {
        return r.isPresent() ? String.format(Locale.ROOT, "%.2f×", r.getAsDouble()) : "";
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String plain(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
