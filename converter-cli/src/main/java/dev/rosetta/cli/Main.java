package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  verification mismatch", "  2  usage error (bad option, missing file)",
                "  3  unsupported feature, operator or format", "  4  malformed input file",
                "  5  I/O or resource error (permission, full disk, out of memory)", " 70  internal error"})
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

    /**
     * The subcommands in the order usage lists them. Picocli reflects over every option of a
     * command it registers, a good part of start-up, so {@link #commandLine} registers only the
     * one a command line names.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("formats", FormatsCommand::new);
        m.put("inspect", InspectCommand::new);
        m.put("convert", ConvertCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("batch", BatchCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name (the first argument
     * that is not an option), none for a bare {@code --version}, and every subcommand otherwise
     * (usage, {@code help}, an unknown name, so picocli can list or suggest them).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (named != null && !named.equals("help") && SUBCOMMANDS.containsKey(named)) {
            cl.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else if (!(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        return cl;
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("rosetta: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // Picocli hands only exceptions to the handler; running out of memory is the machine's
            // limit, not a bug or the input's fault: say which limit and how to raise it.
            err.println("rosetta: out of memory (" + e.getMessage() + "); raise the limit with ROSETTA_JAVA_OPTS,"
                    + " e.g. -Xmx8g for the heap or -XX:MaxDirectMemorySize=16g for off-heap buffers");
            err.flush();
            return ExitCode.IO_ERROR.code();
        }
    }
}
