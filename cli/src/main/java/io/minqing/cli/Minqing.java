package io.minqing.cli;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.lake.LakeErrors;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.TimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code minqing}: the one entry point. Each stage is a subcommand; {@code run} does the whole month.
 * Exit codes: 0 ok, 1 bug, 2 usage or configuration, 3 input or contract, 4 data-quality threshold.
 */
@Command(name = "minqing",
        mixinStandardHelpOptions = true,
        versionProvider = Minqing.Version.class,
        description = {"民情速递 analytics: citizen-request exports → staged Parquet → marts → the monthly 民情分析会 report.", ""},
        subcommands = {
                RunCommand.class,
                GenerateCommand.class,
                IngestCommand.class,
                TransformCommand.class,
                TopicsCommand.class,
                ReportCommand.class,
                ExportCommand.class,
                ContractCommand.class,
                ProfileCommand.class,
                CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:bug (run again with --verbose and report the stack trace)",
                "2:usage or configuration error",
                "3:input or data-contract error",
                "4:data-quality threshold crossed (too many rejected rows)"})
public final class Minqing implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'minqing run' or 'minqing --help'.");
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (OutOfMemoryError oom) {
            // an Error thrown on the command's own thread passes picocli's handler; a worker's reaches it wrapped
            MinqingException me = LakeErrors.outOfMemory(true);
            System.err.println("minqing: " + me.getMessage());
            code = me.exitCode().code();
        }
        System.exit(code);
    }

    /** Runs the CLI and returns the exit code; tests call this instead of {@link #main}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Locale.setDefault(Locale.ROOT);
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Minqing());
        cl.setExitCodeExceptionMapper(Minqing::exitCodeOf);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean verbose = Verbosity.isVerbose();
            Throwable user = userError(ex);
            if (user != null) {
                err.println("minqing " + commandLine.getCommandName() + ": " + user.getMessage());
                if (verbose) {
                    user.printStackTrace(err);
                }
            } else {
                err.println("minqing " + commandLine.getCommandName() + ": internal error (a bug): " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return exitCodeOf(ex);
        });
        return cl;
    }

    static int exitCodeOf(Throwable ex) {
        Throwable user = userError(ex);
        if (user instanceof MinqingException me) {
            return me.exitCode().code();
        }
        if (ex instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE.code();
        }
        return ExitCode.BUG.code();
    }

    /**
     * The MinqingException behind {@code ex}, unwrapping engine wrappers (Spark wraps exceptions thrown in jobs); else
     * the user-facing error of an environment problem behind it (read-only or full disk, a lake that is a file, damaged
     * Parquet: {@link LakeErrors#environment}); null for a bug.
     */
    static Throwable userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof MinqingException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return LakeErrors.environment(ex).orElse(null); // its cause, shown with --verbose, is what the engine said
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Minqing.class.getPackage().getImplementationVersion();
            return new String[] {"minqing " + (v == null ? "development build" : v),
                    "Java " + System.getProperty("java.version") + ", JVM time zone " + TimeZone.getDefault().getID()};
        }
    }
}
