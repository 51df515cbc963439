package io.minqing.cli;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.ingest.ProfileDraft;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minqing profile}: helpers for column-mapping profiles (docs/ingest.md, "Profiles"). */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Column-mapping profiles: 'minqing profile draft --input FILE' writes a first profile from an export's headers.",
        subcommands = ProfileCommand.Draft.class)
final class ProfileCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'minqing profile draft --input FILE'.");
    }

    /** {@code minqing profile draft --input FILE [--out profile.yaml]}. */
    @Command(name = "draft", mixinStandardHelpOptions = true,
            description = {"Write a profile YAML from an export's headers: known Chinese and English header names (收件时间, 受理时间, "
                    + "opendate, created_date, requested_datetime …) are mapped, time formats are tried on the sample values, "
                    + "and '# TODO' lines are left for the rest. Prints to the console unless --out is given."})
    static final class Draft implements Runnable {

        @Mixin
        Verbosity verbosity;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "An export (CSV, XLSX, JSON, JSONL; .gz or .zip too).")
        String input;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the profile here (refused if the file exists).")
        Path out;

        @Override
        public void run() {
            ProfileDraft.Draft d = ProfileDraft.draft(input);
            PrintWriter console = spec.commandLine().getOut();
            if (out == null) {
                console.print(d.yaml());
            } else {
                if (Files.exists(out)) {
                    throw new MinqingException(ExitCode.USAGE, "The profile " + out + " exists already; give another --out or "
                            + "remove it first (a draft never overwrites a profile).");
                }
                try {
                    Files.writeString(out, d.yaml(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new MinqingException(ExitCode.INPUT, "Cannot write the profile " + out + ": " + e.getMessage()
                            + ". Check that the folder exists and is writable.");
                }
                console.println("Wrote " + out + ": " + d.matched().size() + " column(s) mapped " + d.matched().keySet()
                        + ", " + d.unmatched().size() + " header(s) left as TODO" + (d.unmatched().isEmpty() ? "" : " " + d.unmatched())
                        + ". Check it, then: minqing ingest --profile " + out + " " + input);
            }
            console.flush();
        }
    }
}
