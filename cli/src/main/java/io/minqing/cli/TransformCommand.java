package io.minqing.cli;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.lake.LakeWriter;
import io.minqing.contract.lake.Snapshot;
import io.minqing.contract.spark.Sessions;
import io.minqing.transform.metrics.DuckMetricsJob;
import io.minqing.transform.metrics.MetricsConfig;
import io.minqing.transform.metrics.MetricsJob;
import io.minqing.transform.topics.TopicsConfig;
import io.minqing.transform.topics.TopicsResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing transform}: staged tables → metric marts, then the topic marts ({@code minqing topics}). */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Compute the marts from the staged tables: case_facts, community_month, district_month, "
                + "handler_month, department_month, km_curve, funnel_month (definitions: docs/metrics.md), then the topic "
                + "marts case_topics, topics, topic_community_month, recurring_issues (docs/topics.md).",
                "Writes lake/marts/<table>/ atomically; a rerun on the same input gives byte-identical files."})
final class TransformCommand implements Runnable {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "Lake folder holding staged/ (written by ingest); marts/ is written here.")
    Path lake;

    @Option(names = "--as-of", paramLabel = "TIMESTAMP",
            description = "Cut-off in district local time (2021-08-31T23:59:59 or 2021-08-31); later events count as not yet "
                    + "happened. Default: the latest event time in the staged data (reproducible, not 'now').")
    String asOf;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (see config/minqing.yaml); environment MINQING_* overrides it.")
    Path config;

    @Option(names = "--taxonomy", paramLabel = "FILE", description = "Curated topic list that names and merges topics when the "
            + "topic model is fitted (see docs/topics.md; the sample district's is config/topics-taxonomy.txt).")
    Path taxonomy;

    @Option(names = "--no-topics", description = "Only the metric marts; the topic marts are left as they are "
            + "(run `minqing topics` for them). The benchmark times the two apart this way.")
    boolean noTopics;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> cliValues = new java.util.TreeMap<>();
        engineOptions.addTo(cliValues);
        Settings settings = Settings.resolve(config, System.getenv(), cliValues);
        io.minqing.contract.engine.Engine engine = engineOptions.resolve(settings);
        MetricsConfig cfg = MetricsConfig.from(settings);
        Optional<java.time.LocalDateTime> cut = asOf == null ? Optional.empty() : Optional.of(MetricsJob.parseAsOf(asOf));
        PrintStream progress = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // lake transaction (docs/lake.md): metric and topic marts of this run are committed together, or not at all
        StagedCheck.requireLake(lake, io.minqing.transform.metrics.MetricsErrors::noStagedCases);
        try (LakeWriter w = LakeWriter.begin(new Lake(lake), "transform")) {
            w.recoveredLock().ifPresent(o -> out.println("lake: the previous writer (" + o + ") was killed; its leftovers are cleaned"));
            out.println("reading " + w.base().describe());
            w.run(snapshotLake -> {
                // the metric marts: embedded DuckDB (no Spark session) unless the engine is Spark
                MetricsJob.Result r = engine == io.minqing.contract.engine.Engine.SPARK
                        ? new MetricsJob(Sessions.getOrCreate("minqing transform", engineOptions.master()), snapshotLake, cfg, cut, progress).run()
                        : new DuckMetricsJob(snapshotLake, cfg, cut, progress).run();
                w.asOf(r.asOf().toString());
                out.printf("metrics as of %s%s: %d cases, %d surveys read in %.1f s%n", r.asOf(),
                        r.asOfFromData() ? " (latest event in the data)" : "", r.casesRead(), r.surveysRead(), r.seconds());
                r.rowsWritten().forEach((t, n) -> out.printf("  %-18s %,d rows%n", t, n));
                out.println("marts written to " + r.martsDir());
                if (noTopics) {
                    return r;
                }
                // Topics (docs/topics.md): after the metric marts, on the chosen engine (too little text: a notice, exit 0).
                TopicsConfig topics = TopicsConfig.from(settings, snapshotLake.root(), false, taxonomy);
                TopicsResult t = TopicsRunner.run(engine, engineOptions.master(), topics, progress);
                if (!t.hasTopics()) {
                    out.printf(java.util.Locale.ROOT, "topics: %d cases; %s%n", t.cases(), t.notice());
                } else {
                    out.printf(java.util.Locale.ROOT, "topics: %d cases, model %s (%s), %d topics; %d flagged in %s (recurring_issues)%n",
                            t.cases(), t.modelVersion(), t.fitted() ? "fitted" : "loaded", t.topics(), t.flaggedLatestMonth(), t.latestMonth());
                }
                return r;
            });
            out.println("committed " + w.committed().map(Snapshot::describe).orElse("nothing"));
        }
        out.flush();
    }
}
