package io.minqing.cli;

import io.minqing.contract.Progress;
import io.minqing.generator.GeneratorConfig;
import io.minqing.generator.GeneratorResult;
import io.minqing.generator.SampleDistrictGenerator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing generate}: writes the sample district (docs/sample-district.md). Thin: options → config → run → print. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a deterministic, realistic sample district of 大通区 (15 communities): the exports community "
                + "offices send (clean, or messy with --messy), truth/case_truth.csv and manifest.json with the planted stories "
                + "and defects. Same seed and options give the same bytes. See docs/sample-district.md."})
final class GenerateCommand implements Runnable {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write into (created if missing); exports/, truth/ and manifest.json in it are replaced.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + GeneratorConfig.DEFAULT_SEED,
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--from", paramLabel = "yyyy-MM", defaultValue = "2020-01", description = "First month (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", paramLabel = "yyyy-MM", defaultValue = "2021-08", description = "Last month (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--cases", paramLabel = "N",
            description = "Total number of cases (default: the district's natural volume, about 1,000–2,000 a month). "
                    + "Scales to tens of millions; memory stays bounded.")
    Long cases;

    @Option(names = "--messy", paramLabel = "RATE", arity = "0..1", fallbackValue = "" + GeneratorConfig.DEFAULT_MESSY_RATE,
            defaultValue = "0",
            description = "Write the messy per-street exports (GBK/BOM CSV, XLSX, mixed dates, aliases, duplicates …) with about "
                    + "RATE of the rows defective; every defect is listed in manifest.json. --messy alone means "
                    + GeneratorConfig.DEFAULT_MESSY_RATE + ". Default: clean exports.")
    double messy;

    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Export cut-off, district local time 'yyyy-MM-dd HH:mm:ss' (default: the 5th of the month after --to, 10:00).")
    String asOf;

    @Override
    public void run() {
        GeneratorConfig cfg = new GeneratorConfig(out, seed, GeneratorConfig.parseMonth("--from", from),
                GeneratorConfig.parseMonth("--to", to), cases, messy, asOf == null ? null : GeneratorConfig.parseAsOf(asOf));
        PrintWriter pw = spec.commandLine().getOut();
        PrintStream progress = ProgressStream.to(pw);
        GeneratorResult r = new SampleDistrictGenerator(cfg, progress).run();
        progress.flush();
        pw.printf("Wrote the sample district to %s (%s cases, %s surveys%s) in %s:%n", r.out(),
                r.cases(), r.surveys(), cfg.messy() ? ", " + r.defects() + " planted defects" : "",
                Progress.humanSeconds(r.elapsed().toNanos() / 1e9));
        for (GeneratorResult.WrittenFile f : r.files()) {
            pw.printf("  %-40s %s%n", f.path(), f.kind().equals("manifest") ? "stories, files" + (cfg.messy() ? ", defects" : "")
                    : f.rows() + " rows");
        }
        pw.flush();
    }

}
