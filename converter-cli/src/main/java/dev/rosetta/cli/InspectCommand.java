package dev.rosetta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rosetta.error.ExitCode;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rosetta inspect FILE [--json]}: the detected format, a graph summary, the op-type
 * histogram, parameter count and bytes, and every tensor's name, dtype, shape and layout. The JSON
 * form follows the schema in {@code docs/inspect-json.md}.
 */
@Command(name = "inspect", description = "Describe a model or array file: format, graph, operators, tensors.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A model file or directory.")
    Path file;

    @Option(names = "--json", description = "Print JSON (schema: docs/inspect-json.md) instead of text.")
    boolean json;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Read as this format instead of detecting it.")
    String from;

    @Option(names = "--weights-only", description = "Show a state dict's tensors without recognizing its architecture.")
    boolean weightsOnly;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "A reader option, e.g. key=state_dict (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        ModelLoader loader = new ModelLoader(FormatRegistry.load());
        if (weightsOnly) {
            options.put("weights-only", "true");
        }
        options.putIfAbsent(FormatOptions.KEEP_UNSUPPORTED, "true");
        ModelLoader.Loaded loaded = loader.load(file, from, FormatOptions.of(options));
        try (var model = loaded.model()) {
            ModelSummary summary = ModelSummary.of(file, loaded.format(), model);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(summary.toJson()));
            } else {
                summary.printText(out);
            }
            out.flush();
        }
        return ExitCode.SUCCESS.code();
    }
}
