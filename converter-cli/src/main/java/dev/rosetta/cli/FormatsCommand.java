package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rosetta formats}: every format on the class path, what it reads and writes, and how. */
@Command(name = "formats", description = "List the formats Rosetta reads and writes.")
final class FormatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FormatRegistry registry = FormatRegistry.load();
        out.printf("%-14s %-11s %-26s %s%n", "FORMAT", "SUPPORT", "EXTENSIONS", "DESCRIPTION");
        for (FormatProvider p : registry.all()) {
            String support = (p.canRead() ? "read" : "") + (p.canRead() && p.canWrite() ? "+" : "")
                    + (p.canWrite() ? "write" : "");
            String ext = p.isDirectoryFormat() ? "(directory)" : String.join(" ", p.extensions());
            out.printf("%-14s %-11s %-26s %s%n", p.name(), support, ext, p.description());
            for (String line : wrap(p.supportStatement(), 90)) {
                out.printf("%-14s %s%n", "", line);
            }
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    /** Splits text into lines of at most {@code width} characters at spaces. */
    static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
