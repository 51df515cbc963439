package io.minqing.cli;

import io.minqing.contract.lake.Snapshot;
import io.minqing.contract.TableSchema;
import io.minqing.contract.marts.MetricMarts;
import io.minqing.contract.marts.TopicMarts;
import io.minqing.notebooks.ExportConfig;
import io.minqing.notebooks.ExportJob;
import io.minqing.notebooks.ExportResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing export}: the marts for analysts, in notebooks-data/. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the marts (metrics and topics, including the masked case-level case_facts) to the analysts' folder: "
                + "parquet/, csv/ (UTF-8 with BOM), minqing.duckdb with a view per table, and README.md, the data dictionary."})
final class ExportCommand implements Runnable {

    /** The tables exported, in the order the data dictionary lists them. */
    static final List<TableSchema> TABLES;

    static {
        List<TableSchema> t = new ArrayList<>(MetricMarts.ALL);
        t.addAll(TopicMarts.ALL);
        TABLES = List.copyOf(t);
    }

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "Lake folder with marts/.")
    Path lake;

    @Option(names = "--out", defaultValue = "notebooks-data", paramLabel = "DIR",
            description = "Folder to write (default: ${DEFAULT-VALUE}, the repository's notebooks-data/ when run from its root).")
    Path out;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        Snapshot snapshot = Snapshot.current(lake); // resolved once: every table exported comes from this commit (docs/lake.md)
        pw.println("reading " + snapshot.describe());
        pw.flush();
        ExportResult r = new ExportJob(new ExportConfig(snapshot.lake(), out, TABLES)).run();
        for (ExportResult.Table t : r.tables()) {
            pw.printf(Locale.ROOT, "  %-24s %,12d rows%n", t.name(), t.rows());
        }
        if (!r.missing().isEmpty()) {
            pw.println("  not in the lake (skipped): " + String.join(", ", r.missing()));
        }
        pw.printf(Locale.ROOT, "exported %d tables (%,d rows) to %s in %.1f s; open %s%n", r.tables().size(), r.totalRows(),
                out.toAbsolutePath().normalize(), r.elapsed().toMillis() / 1000.0, r.database());
        pw.flush();
    }
}
