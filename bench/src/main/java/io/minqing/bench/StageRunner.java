package io.minqing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one stage as its own process under GNU {@code /usr/bin/time -v}: wall time from the harness's clock, peak
 * resident memory and CPU seconds from time's report; the process's output goes to a log file beside it.
 */
public final class StageRunner {

    private final Path timeBinary;
    private final Path logDir;
    private final PrintSink out;

    /** Where progress lines go (System.out in the harness). */
    public interface PrintSink {
        void line(String s);
    }

    public StageRunner(Path timeBinary, Path logDir, PrintSink out) {
        this.timeBinary = timeBinary;
        this.logDir = logDir;
        this.out = out;
    }

    /** Runs {@code command}, named {@code cases-stage-engine} in the logs, and returns its measurement. */
    public Measurement run(long cases, String stage, String engine, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        String name = cases + "-" + stage + "-" + engine;
        Path log = logDir.resolve(name + ".log");
        Path timeReport = logDir.resolve(name + ".time");
        Files.deleteIfExists(timeReport);
        List<String> full = new ArrayList<>(List.of(timeBinary.toString(), "-v", "-o", timeReport.toString()));
        full.addAll(command);
        out.line(String.format(java.util.Locale.ROOT, "-- %,d cases: %s (%s): %s", cases, stage, engine, display(command)));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        double load = loadAverage();
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String report = Files.exists(timeReport) ? Files.readString(timeReport, StandardCharsets.UTF_8) : "";
        Optional<GnuTime.Usage> usage = GnuTime.parse(report);
        String note = code == 0 ? "" : lastLine(log) + " (log: " + log + ")";
        Measurement m = new Measurement(cases, stage, engine, wall, usage.map(GnuTime.Usage::maxRssMb).orElse(Double.NaN),
                usage.map(GnuTime.Usage::cpuSeconds).orElse(Double.NaN), load, code, note);
        out.line(String.format(java.util.Locale.ROOT, "   %s in %.1f s, peak %.0f MB, cpu %.1f s%s", code == 0 ? "done" : "FAILED (exit " + code + ")",
                wall, m.maxRssMb(), m.cpuSeconds(), code == 0 ? "" : ": " + note));
        return m;
    }

    /** The command as printed: a classpath after -cp is shortened to "…" (it is long and says nothing new). */
    static String display(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i - 1).equals("-cp")) {
                shown.set(i, "…");
            }
        }
        return String.join(" ", shown);
    }

    /** The 1-minute load average from /proc/loadavg, or NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The line of a failed process's log that says why: the first line naming an error (picocli's "Unmatched
     * argument", "… error …", an exception), else the last non-blank line.
     */
    static String lastLine(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String[] lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R");
        String why = "";
        for (String line : lines) {
            String l = line.toLowerCase(java.util.Locale.ROOT);
            if (l.contains("unmatched argument") || l.contains("error") || l.contains("exception")) {
                why = line.strip();
                break;
            }
        }
        for (int i = lines.length - 1; i >= 0 && why.isEmpty(); i--) {
            why = lines[i].strip();
        }
        return why.length() > 200 ? why.substring(0, 200) + "…" : why;
    }
}
