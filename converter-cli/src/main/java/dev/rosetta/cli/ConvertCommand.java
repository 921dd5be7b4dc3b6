package dev.rosetta.cli;

import dev.rosetta.convert.ConversionRequest;
import dev.rosetta.convert.ConversionResult;
import dev.rosetta.convert.Converter;
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
 * {@code rosetta convert IN -o OUT}: reads IN, writes OUT atomically in the format named by
 * {@code --to} or OUT's extension. IN is never modified; an existing OUT is replaced only when the
 * conversion succeeds.
 */
@Command(name = "convert", description = "Convert a model from one format to another.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The model to convert.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Where to write (.pt/.pth, .safetensors, .onnx, .npy/.npz, ...).")
    Path output;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from OUT's extension).")
    String to;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: detected by content).")
    String from;

    @Option(names = "--opset", paramLabel = "N", description = "ONNX opset to write (default 17).")
    Integer opset;

    @Option(names = "--key", paramLabel = "KEY",
            description = "Which entry of a checkpoint holds the state dict (dotted path).")
    String key;

    @Option(names = "--external-data", description = "ONNX: store tensors in a side file.")
    boolean externalData;

    @Option(names = "--graph", paramLabel = "FILE",
            description = "Take the graph from FILE (e.g. the model's ONNX export) and the weights from IN, matched by name.")
    Path graph;

    @Option(names = "--weights-only",
            description = "Do not build a graph from a state dict's architecture; convert tensor by tensor.")
    boolean weightsOnly;

    @Option(names = "--io-layout", paramLabel = "keep|nchw|nhwc",
            description = "Layout of the model's inputs and outputs when the channel order changes (default keep).")
    String ioLayout;

    @Option(names = "--naming", paramLabel = "SCHEME",
            description = "Rename weights into another naming scheme: keras-applications (a torchvision ResNet-50/101/152"
                    + " written as keras.applications names and orders it), torchvision (the reverse), or torch-modules"
                    + " (Keras layer names to PyTorch module names).")
    String naming;

    @Option(names = "--name-map", paramLabel = "FILE.json",
            description = "Write which source tensor became which target tensor, with shapes and permutation.")
    Path nameMap;

    @Option(names = "--explain", description = "Print every layout decision: transposes inserted or removed, and why.")
    boolean explain;

    @Option(names = "--verify",
            description = "After converting, run IN and OUT on real engines and compare them (as 'rosetta verify IN OUT').")
    boolean verify;

    @Option(names = "--input", paramLabel = "[NAME=]FILE.npy",
            description = "With --verify: an input to feed both models (repeatable; default: seeded random inputs).")
    java.util.List<String> verifyInputs = new java.util.ArrayList<>();

    @Option(names = "--shape", paramLabel = "NAME=DIMS",
            description = "With --verify: sizes of an input's dynamic dimensions, e.g. input=1x3x224x224 (repeatable).")
    java.util.List<String> shapes = new java.util.ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE.json", description = "With --verify: write the JSON report here.")
    Path report;

    @Option(names = "--per-layer", description = "With --verify: on mismatch, name the first node that diverges.")
    boolean perLayer;

    @Option(names = "--rtol", paramLabel = "X", description = "With --verify: relative tolerance (default by dtype).")
    String rtol;

    @Option(names = "--atol", paramLabel = "X", description = "With --verify: absolute tolerance (default by dtype).")
    String atol;

    @Option(names = "--seed", paramLabel = "N", description = "With --verify: seed of the random inputs.")
    String seed;

    @Option(names = "--device", paramLabel = "cpu|gpu[:N]", description = "With --verify: where to run (default cpu).")
    String device;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "A reader/writer option passed through to the formats (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    /** Runs {@code rosetta verify IN OUT} with the verification options given to convert. */
    private int verifyConversion() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(input.toString(), output.toString()));
        verifyInputs.forEach(i -> args.addAll(java.util.List.of("--input", i)));
        shapes.forEach(s -> args.addAll(java.util.List.of("--shape", s)));
        if (report != null) {
            args.addAll(java.util.List.of("--report", report.toString()));
        }
        if (perLayer) {
            args.add("--per-layer");
        }
        String[][] passed = {{"--rtol", rtol}, {"--atol", atol}, {"--seed", seed}, {"--device", device}};
        for (String[] option : passed) {
            if (option[1] != null) {
                args.addAll(java.util.List.of(option[0], option[1]));
            }
        }
        picocli.CommandLine verifyLine = new picocli.CommandLine(new VerifyCommand());
        verifyLine.setOut(spec.commandLine().getOut());
        verifyLine.setErr(spec.commandLine().getErr());
        verifyLine.setExecutionExceptionHandler(new FailureHandler());
        return verifyLine.execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        Map<String, String> read = new LinkedHashMap<>(options);
        Map<String, String> write = new LinkedHashMap<>(options);
        if (key != null) {
            read.put("key", key);
        }
        if (opset != null) {
            write.put("opset", opset.toString());
        }
        if (weightsOnly) {
            read.put("weights-only", "true");
            write.put("weights-only", "true");
        }
        if (ioLayout != null) {
            write.put("io-layout", ioLayout);
        }
        if (naming != null) {
            write.put("naming", naming);
        }
        if (nameMap != null) {
            write.put("name-map", nameMap.toString());
        }
        if (externalData) {
            write.put("external-data", "true");
        }
        ConversionRequest request = new ConversionRequest(input, output, from, to,
                FormatOptions.of(read), FormatOptions.of(write), graph);
        ConversionResult r = new Converter(FormatRegistry.load()).convert(request);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Converted %s (%s) -> %s (%s): %d nodes, %d tensors, %s in %d ms%n", input, r.sourceFormat(),
                r.output(), r.targetFormat(), r.nodes(), r.tensors(), ModelSummary.humanBytes(r.parameterBytes()),
                r.elapsedMillis());
        r.log().forEach(line -> out.println("  " + line));
        if (explain) {
            out.println("Layout decisions (" + r.explain().size() + "):");
            r.explain().forEach(line -> out.println("  " + line));
        }
        out.flush();
        return verify ? verifyConversion() : ExitCode.SUCCESS.code();
    }
}
