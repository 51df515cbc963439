package io.minqing.cli;

import io.minqing.contract.lake.Snapshot;
import io.minqing.reports.ReportJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing report}: the monthly 民情分析会 pack from the marts (DuckDB only; no Spark). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render the monthly 民情分析会 pack from the marts: index.html, a page per community, the Word handout,",
                "charts (PNG for slides, SVG) and CSV tables, under OUT/<month>/."})
final class ReportCommand implements Runnable {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--month", required = true, paramLabel = "yyyy-MM", description = "Assessment month to report, e.g. 2021-08.")
    String month;

    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "Lake folder with marts/ (written by transform and topics).")
    Path lake;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder; the pack goes to DIR/<month>/.")
    Path out;

    @Override
    public void run() {
        PrintWriter w = spec.commandLine().getOut();
        Snapshot snapshot = Snapshot.current(lake); // resolved once: every mart of the pack comes from this commit (docs/lake.md)
        w.println("reading " + snapshot.describe());
        w.flush();
        ReportJob.Result r = new ReportJob(new ReportJob.Config(ReportJob.parseMonth(month), snapshot.lake(), out), System.out).run();
        w.println("Report for " + month + ": " + r.communityPages() + " community pages, " + r.charts() + " charts, "
                + r.tables() + " tables, handout " + r.docx().getFileName() + " (" + String.format("%.1f", r.elapsed().toMillis() / 1000.0) + " s)");
        w.println(r.index());
        w.flush();
    }
}
