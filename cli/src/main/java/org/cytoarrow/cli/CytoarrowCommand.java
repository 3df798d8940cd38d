package org.cytoarrow.cli;

import java.io.PrintWriter;
import org.cytoarrow.core.CytoException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code cytoarrow} command: one subcommand per task. Exit codes: 0 ok, 1 internal error, 2 usage,
 * 3 invalid input, 4 batch finished with failed samples.
 */
@Command(name = "cytoarrow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Flow-cytometry pipeline: FCS into Apache Arrow, Gating-ML 2.0 gating, statistics.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            ConvertCommand.class,
            GateCommand.class,
            BatchCommand.class,
            StatsCommand.class,
            CohortCommand.class,
            DemoCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:internal error",
            "2:usage error",
            "3:invalid input (unreadable or non-compliant file)",
            "4:batch finished but some samples failed"
        })
public final class CytoarrowCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INVALID_INPUT = 3;
    public static final int EXIT_BATCH_FAILURES = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with cytoarrow's exit-code mapping and error handling. */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new CytoarrowCommand());
        cmd.setExecutionExceptionHandler(CytoarrowCommand::handleExecutionException);
        return cmd;
    }

    private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed != null && parsed.hasMatchedOption("-v")
                && parsed.matchedOption("-v").getValue() instanceof boolean[] flags && flags.length >= 2;
        if (ex instanceof CytoException ce) {
            err.println("cytoarrow: " + ce.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return EXIT_INVALID_INPUT;
        }
        err.println("cytoarrow: internal error: " + ex);
        ex.printStackTrace(err);
        return EXIT_INTERNAL;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }
}
