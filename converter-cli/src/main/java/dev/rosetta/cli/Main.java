package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code rosetta} command. Every subcommand returns an {@link ExitCode}; errors of the
 * {@link dev.rosetta.error} hierarchy print one line and map to their code, anything else is an
 * internal error (70). {@code --verbose} adds the stack trace.
 */
@Command(name = "rosetta",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Moves trained neural networks between PyTorch, TensorFlow/Keras and ONNX, and proves each move.",
        subcommands = {FormatsCommand.class, InspectCommand.class, ConvertCommand.class, VerifyCommand.class, BatchCommand.class, DiffCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  verification mismatch", "  2  usage error (bad option, missing file)",
                "  3  unsupported feature, operator or format", "  4  malformed input file",
                "  5  I/O error (permission, full disk)", " 70  internal error"})
public final class Main implements Callable<Integer> {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on failure.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("rosetta: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        return cl.execute(args);
    }
}
