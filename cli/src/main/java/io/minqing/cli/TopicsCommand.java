package io.minqing.cli;

import io.minqing.contract.Settings;
import io.minqing.transform.topics.TopicsConfig;
import io.minqing.transform.topics.TopicsResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing topics}: topic clusters and recurring issues (docs/topics.md). Thin: options → config → job → print. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Assign staged cases to stable topics and flag recurring or rising issues (每月一题 candidates).",
                "Writes lake/marts/case_topics, topics, topic_community_month, recurring_issues and the model lake/models/topics.",
                "The first run fits the model; later runs assign new months to the saved topics; --refit fits anew and maps old ids."})
final class TopicsCommand implements Runnable {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "The lake folder (reads staged/cases).")
    Path lake;

    @Option(names = "--refit", description = "Fit the topic model again on all staged months; old topic ids are carried over "
            + "to the new topics they match (lake/models/topics/id-map.tsv).")
    boolean refit;

    @Option(names = "--taxonomy", paramLabel = "FILE", description = "Curated topic list, one 'name: seed, seed, …' per line, "
            + "that names and merges topics (applied when fitting; e.g. config/topics-taxonomy.txt).")
    Path taxonomy;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (keys topics.*, see docs/topics.md).")
    Path config;

    @Option(names = {"-k", "--topics"}, paramLabel = "K", description = "Clusters to fit (topics.k). Default: chosen when the model is fitted, by "
            + "the stability of k-means across seeded starts among topics.k-candidates (10, 15, …, 40); see docs/topics.md.")
    Integer k;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public void run() {
        Map<String, String> cli = new TreeMap<>();
        if (k != null) {
            cli.put("topics.k", Integer.toString(k));
        }
        engineOptions.addTo(cli);
        Settings settings = Settings.resolve(config, System.getenv(), cli);
        io.minqing.contract.engine.Engine engine = engineOptions.resolve(settings);
        TopicsConfig.from(settings, lake, refit, taxonomy); // usage errors before the lock
        PrintWriter out = spec.commandLine().getOut();
        PrintStream progress = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TopicsResult r;
        io.minqing.contract.lake.Snapshot committed;
        // lake transaction (docs/lake.md): the topic marts and the model are committed together, or not at all
        StagedCheck.requireLake(lake, io.minqing.transform.topics.TopicsErrors::missingStaged);
        try (io.minqing.contract.lake.LakeWriter w = io.minqing.contract.lake.LakeWriter.begin(new io.minqing.contract.Lake(lake), "topics")) {
            w.recoveredLock().ifPresent(o -> out.println("lake: the previous writer (" + o + ") was killed; its leftovers are cleaned"));
            out.println("reading " + w.base().describe());
            r = w.run(snapshotLake -> TopicsRunner.run(engine, engineOptions.master(),
                    TopicsConfig.from(settings, snapshotLake.root(), refit, taxonomy), progress));
            committed = w.committed().orElseThrow();
        }
        if (!r.hasTopics()) {
            out.printf(Locale.ROOT, "topics: %d cases; %s%n", r.cases(), r.notice());
        } else {
            out.printf(Locale.ROOT, "topics: %d cases, model %s (%s), %d topics; recurring_issues %d rows, %d flagged in %s; marts in %s (%.0f s)%n",
                    r.cases(), r.modelVersion(), r.fitted() ? "fitted" : "loaded", r.topics(), r.recurringRows(), r.flaggedLatestMonth(),
                    r.latestMonth(), r.marts(), r.seconds());
        }
        out.println("committed " + committed.describe());
        out.flush();
    }
}
