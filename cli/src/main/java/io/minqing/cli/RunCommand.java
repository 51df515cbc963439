package io.minqing.cli;

import io.minqing.contract.ExitCode;
import io.minqing.contract.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minqing run}: the whole month in order — generate (sample district only) → ingest → transform → report →
 * export — each stage through its own subcommand, so a stage behaves exactly as when run alone. Stops at the first
 * failing stage with that stage's error and exit code, and ends with a per-stage timing summary.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline for a month: generate the sample district (unless --input is given), "
                + "ingest, transform, report and export. Stops at the first failing stage with its exit code."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    Verbosity verbosity;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR",
            description = "Working folder: sample/, lake/, report/ are written under it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--month", defaultValue = "2021-08", paramLabel = "yyyy-MM",
            description = "Month to report (default: ${DEFAULT-VALUE}, the last month of the sample district).")
    String month;

    @Option(names = "--notebooks", defaultValue = "notebooks-data", paramLabel = "DIR",
            description = "Where export writes the analysts' copy (default: ${DEFAULT-VALUE}).")
    Path notebooks;

    @Option(names = "--from", defaultValue = "2020-01", paramLabel = "yyyy-MM",
            description = "First month of the sample district (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "2021-08", paramLabel = "yyyy-MM",
            description = "Last month of the sample district (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--taxonomy", defaultValue = "config/topics-taxonomy.txt", paramLabel = "FILE",
            description = "Curated topic names and seed words for the topics stage (default: ${DEFAULT-VALUE}, the sample "
                    + "district's; when that default is absent, topics are named from their top terms).")
    Path taxonomy;

    @Option(names = "--seed", defaultValue = "20210831", paramLabel = "N", description = "Seed of the sample district (default: ${DEFAULT-VALUE}).")
    long seed;

    /** One stage: a name for the progress line and the subcommand's arguments. */
    record Stage(String name, String[] args) {
    }

    /** The stages of this run, in order. */
    List<Stage> stages() {
        List<Stage> s = new ArrayList<>();
        Path sample = out.resolve("sample");
        Path lake = out.resolve("lake");
        s.add(new Stage("generate sample district", new String[] {"generate", "--out", sample.toString(), "--seed", Long.toString(seed),
                "--from", from, "--to", to}));
        // the generated exports are the sample district's whole data: replace, not merge with an earlier run's district
        s.add(new Stage("ingest", new String[] {"ingest", "--input", sample.resolve("exports").toString(),
                "--profile", "sample-district", "--demo", "--replace-source", "--lake", lake.toString()}));
        s.add(new Stage("transform", java.nio.file.Files.isRegularFile(taxonomy)
                ? new String[] {"transform", "--lake", lake.toString(), "--taxonomy", taxonomy.toString()}
                : new String[] {"transform", "--lake", lake.toString()}));
        s.add(new Stage("report " + month, new String[] {"report", "--month", month, "--lake", lake.toString(),
                "--out", out.resolve("report").toString()}));
        s.add(new Stage("export notebooks-data", new String[] {"export", "--lake", lake.toString(), "--out", notebooks.toString()}));
        return s;
    }

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        CommandLine root = spec.root().commandLine();
        List<Stage> stages = stages();
        List<String> summary = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            pw.printf(Locale.ROOT, "== [%d/%d] %s: minqing %s%n", i + 1, stages.size(), st.name(), String.join(" ", st.args()));
            pw.flush();
            long t0 = System.nanoTime();
            CommandLine sub = root.getSubcommands().get(st.args()[0]);
            String[] rest = java.util.Arrays.copyOfRange(st.args(), 1, st.args().length);
            if (verbosity != null && Verbosity.isVerbose()) {
                rest = concat(rest, "--verbose");
            }
            int code = sub.execute(rest);
            double secs = (System.nanoTime() - t0) / 1e9;
            summary.add(String.format(Locale.ROOT, "  %-28s %10s  %s", st.name(), Progress.humanSeconds(secs),
                    code == 0 ? "ok" : "FAILED (exit " + code + ")"));
            if (code != ExitCode.OK.code()) {
                pw.println("minqing run: stopped at stage '" + st.name() + "' (exit code " + code + "); later stages were not run.");
                summary.forEach(pw::println);
                pw.flush();
                return code;
            }
        }
        pw.println();
        pw.println("minqing run: all " + stages.size() + " stages done in " + Progress.humanSeconds((System.nanoTime() - started) / 1e9) + ":");
        summary.forEach(pw::println);
        pw.println("  sample district: " + out.resolve("sample").toAbsolutePath());
        pw.println("  lake:            " + out.resolve("lake").toAbsolutePath());
        pw.println("  notebooks-data:  " + notebooks.toAbsolutePath().normalize());
        pw.println("  handout:         " + out.resolve("report").resolve(month).resolve("民情分析会-" + month + ".docx").toAbsolutePath());
        pw.println("  report:          " + out.resolve("report").resolve(month).resolve("index.html").toAbsolutePath());
        pw.flush();
        return 0;
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
