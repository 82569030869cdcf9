package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.Version;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citra} command: train, evaluate, predict and benchmark image classifiers. */
@Command(
        name = "citra",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "A computer-vision workbench: train, evaluate, compare and run image classifiers.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            CaptionCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            LrFindCommand.class,
            SweepCommand.class,
            RunCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            ModelCommand.class,
            DataCommand.class,
            WeightsCommand.class,
            WatchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'citra <command> --help' for a command's options. Start with: citra demo"})
public final class Main extends CommandGroup {
    /** Exit code for an error the user can fix (bad flag, missing file). */
    static final int USER_ERROR = 2;

    /** Exit code for a file that could not be read or written (disk full, no permission), and for a bug. */
    static final int FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            String message = ex.getMessage();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String first = u.getUnmatched().get(0);
                List<String> suggestions = u.getSuggestions();
                message = (first.startsWith("-") ? "Unknown option '" : "Unexpected argument '") + first + "'"
                        + (suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.get(0) + "'?)");
            }
            // Messages of citra's own checks end in a full stop already; picocli's do not.
            err.println("citra: " + message + (message.endsWith(".") ? "" : ".") + " Run '"
                    + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            return USER_ERROR;
        });
        cl.setExecutionStrategy(parseResult -> {
            for (CommandLine parsed : parseResult.asCommandLineList()) {
                DeviceFlag.applyAll(parsed.getCommandSpec());
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable cause = ex;
            while (!(cause instanceof CitraException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof CitraException) {
                cmd.getErr().println("citra: " + cause.getMessage());
                return USER_ERROR;
            }
            if (ex instanceof UncheckedIOException io) {
                cmd.getErr().println("citra: " + io.getMessage());
                return FAILURE;
            }
            // Not the user's doing: the trace is what a bug report needs, and the last line says so.
            ex.printStackTrace(cmd.getErr());
            cmd.getErr().println("citra: unexpected error (" + ex + "): this is a bug in citra; please report it with"
                    + " the lines above.");
            return FAILURE;
        });
        return cl;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"citra " + Version.get()};
        }
    }
}
