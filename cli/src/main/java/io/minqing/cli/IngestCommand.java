package io.minqing.cli;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.lake.LakeWriter;
import io.minqing.contract.spark.Sessions;
import io.minqing.ingest.EmbeddedIngestJob;
import io.minqing.ingest.IngestConfig;
import io.minqing.ingest.IngestJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing ingest}: source exports into staged Parquet and rejects (see docs/ingest.md). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read citizen-request exports (CSV UTF-8/GBK, XLSX, JSON Lines, Open311 JSON) through a column-mapping "
                + "profile into lake/staged/{cases,surveys}; every row that cannot be staged goes to lake/rejects with a reason. "
                + "Writes lake/quality/ingest-summary.json. Exit code 4 when a file's rejects exceed the threshold."})
final class IngestCommand implements Callable<Integer> {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Input files or folders (folders are read recursively).")
    List<String> inputs;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "sample-district",
            description = "Built-in profile (sample-district, teddycup2020c, nyc311, open311) or a profile YAML file. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "The lake folder to write into.")
    Path lake;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Force the CSV encoding (UTF-8, GBK, GB18030, windows-1252, windows-1251, Big5, Shift_JIS …: any Java charset); default: detect per file (UTF-8, GB18030, windows-1252 or windows-1251).")
    String encoding;

    @Option(names = "--sheet", paramLabel = "NAME", description = "Read only this sheet of each XLSX workbook; default: every sheet.")
    String sheet;

    @Option(names = "--reject-threshold", paramLabel = "SHARE",
            description = "Largest share (0–1) of a file's rows that may be rejected, duplicates not counted. Default 0.05 (or the profile's).")
    String rejectThreshold;

    @Option(names = "--as-of", paramLabel = "yyyy-MM-dd", description = "Latest plausible date of event times. Default: today.")
    String asOf;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys ingest.*, privacy.pseudonym-key).")
    Path config;

    @Option(names = "--demo", description = "Allow the built-in, non-secret demo pseudonymisation key (generated sample data only).")
    boolean demo;

    @Option(names = "--replace-source", description = "Also delete this source's staged files in months this run does not produce.")
    boolean replaceSource;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() {
        Map<String, String> cli = new TreeMap<>();
        cli.put(IngestConfig.KEY_THRESHOLD, rejectThreshold);
        cli.put(IngestConfig.KEY_AS_OF, asOf);
        cli.put(IngestConfig.KEY_ENCODING, encoding);
        engineOptions.addTo(cli);
        Settings settings = Settings.resolve(config, System.getenv(), cli);
        io.minqing.contract.engine.Engine engine = engineOptions.resolve(settings);
        IngestConfig.resolve(inputs, profile, new Lake(lake), sheet, settings, demo, replaceSource); // usage errors before the lock
        PrintStream out = ProgressStream.to(spec.commandLine().getOut());
        IngestJob.Result r;
        io.minqing.contract.lake.Snapshot committed;
        // lake transaction (docs/lake.md): the job writes into a new snapshot, committed at once when it returns
        try (LakeWriter w = LakeWriter.begin(new Lake(lake), "ingest")) {
            w.recoveredLock().ifPresent(o -> out.println("lake: the previous writer (" + o + ") was killed; its leftovers are cleaned"));
            r = w.run(snapshotLake -> {
                IngestConfig cfg = IngestConfig.resolve(inputs, profile, snapshotLake, sheet, settings, demo, replaceSource);
                return switch (engine) {
                    case SPARK -> new IngestJob(Sessions.getOrCreate("minqing-ingest", engineOptions.master()), cfg, out).run();
                    case DUCKDB -> new EmbeddedIngestJob(cfg, out).run();
                };
            });
            committed = w.committed().orElseThrow();
        }
        out.printf("ingest %s: read %d, staged %d, rejected %d in %d file(s); summary %s%n", r.source(), r.read(), r.staged(),
                r.rejected(), r.files().size(), r.summary());
        out.println("committed " + committed.describe());
        out.flush();
        return 0;
    }
}
