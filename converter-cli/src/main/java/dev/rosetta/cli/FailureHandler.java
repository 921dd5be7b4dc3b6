package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns an exception that ends a command into one readable line on stderr and an exit code:
 * the {@link RosettaException} hierarchy maps through {@link RosettaException#exitCode()}, an
 * {@link OutOfMemoryError} is reported as such, anything else is an internal error. With
 * {@code --verbose} the stack trace follows.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        return report(ex, cl.getErr(), isVerbose(parsed));
    }

    static int report(Throwable ex, PrintWriter err, boolean verbose) {
        int code;
        if (ex instanceof RosettaException re) {
            err.println("rosetta: " + re.getMessage());
            code = re.exitCode().code();
        } else {
            err.println("rosetta: internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
            code = ExitCode.INTERNAL.code();
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
