package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.GraphRecoveries;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.ir.Model;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.BackendRegistry;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.NameMap;
import dev.rosetta.runtime.NamedTensor;
import dev.rosetta.runtime.SourceNotLoadedException;
import dev.rosetta.runtime.Verification;
import dev.rosetta.runtime.report.ReportJson;
import dev.rosetta.runtime.report.ReportTable;
import dev.rosetta.runtime.report.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rosetta verify}: runs a source and a converted model on real engines with the same inputs
 * and compares every output ({@code SOURCE CONVERTED}), or checks one model against stored outputs
 * ({@code MODEL --input x.npy --expected y.npy}, golden mode).
 *
 * <p>{@code .onnx} files run as written on ONNX Runtime and TorchScript archives on DJL's PyTorch
 * engine; other files are read into the IR (a weights-only state dict gets its graph from the
 * {@link GraphRecoveries} on the class path) and run on the engine native to their framework,
 * unless {@code --backend-source} / {@code --backend-converted} say otherwise. A source file its
 * engine refuses to load (ONNX Runtime has no kernels for some operators of old opsets, or the file
 * is newer than it) runs as read into the IR instead, and the report's notes say so; with
 * {@code --backend-source} given, the refusal ends the command. Prints a table; {@code --report}
 * writes the JSON report (schema: {@code docs/verify-report.md}). Exit 0 when every output is within tolerance,
 * 1 ({@link ExitCode#MISMATCH}) when not; failures throw {@link RosettaException}s.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Run SOURCE and CONVERTED on real engines with the same inputs and compare their outputs,",
            "or check one MODEL against stored outputs (golden mode: MODEL --input x.npy --expected y.npy).",
            "Exit 0: every output within tolerance; 1: mismatch."})
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The reference model (or MODEL in golden mode).")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CONVERTED", description = "The model judged against SOURCE.")
    Path converted;

    @Option(names = "--input", paramLabel = "[NAME=]FILE.npy",
            description = "An input tensor (repeatable; NAME may be left out when the model has one input). "
                    + "Inputs not given are random from the declared shapes.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--expected", paramLabel = "[NAME=]FILE.npy",
            description = "Golden mode: a stored output to compare MODEL's output with (repeatable).")
    List<String> expected = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shape", paramLabel = "NAME=DIMS",
            description = "Shape of an input with dynamic dimensions, e.g. input=1x3x224x224 (repeatable).")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "N", description = "Size of dynamic batch dimensions (default 1).")
    Integer batch;

    @Option(names = "--rtol", paramLabel = "X", description = "Relative tolerance (default by dtype: float32 1e-4).")
    Double rtol;

    @Option(names = "--atol", paramLabel = "X", description = "Absolute tolerance (default by dtype: float32 1e-4).")
    Double atol;

    @Option(names = "--device", paramLabel = "cpu|gpu[:N]", defaultValue = "cpu",
            description = "Where both models run (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--backend-source", paramLabel = "NAME",
            description = "Engine for SOURCE: pytorch, torchscript, onnxruntime, ... (default: native to its format).")
    String backendSource;

    @Option(names = "--backend-converted", paramLabel = "NAME",
            description = "Engine for CONVERTED (default: native to its format).")
    String backendConverted;

    @Option(names = "--per-layer", description = "Compare every intermediate value both models name and report the "
            + "first node that diverges.")
    boolean perLayer;

    @Option(names = "--name-map", paramLabel = "FILE.json",
            description = "Source value name -> converted value name, for outputs and intermediates.")
    Path nameMap;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean golden = converted == null;
        if (golden && expected.isEmpty()) {
            throw new UsageException("give CONVERTED to compare two models, or --expected FILE.npy to check one model "
                    + "against stored outputs");
        }
        if (!golden && !expected.isEmpty()) {
            throw new UsageException("--expected is for golden mode (one model); with SOURCE and CONVERTED the source's "
                    + "outputs are the reference");
        }
        if (golden && backendConverted != null) {
            throw new UsageException("--backend-converted needs a CONVERTED model");
        }
        Device dev = Device.parse(device);
        FormatRegistry formats = FormatRegistry.load();
        BackendRegistry backends = BackendRegistry.load();
        try (Opened src = open(formats, backends, source, backendSource);
             Opened conv = golden ? null : open(formats, backends, converted, backendConverted)) {
            VerificationReport r;
            try {
                r = verification(src, conv, dev).run();
            } catch (SourceNotLoadedException e) {
                if (backendSource != null || src.model() != null) {
                    throw e;
                }
                try (Opened asRead = openRead(formats.detect(source), backends, source, null)) {
                    r = verification(asRead, conv, dev)
                            .note("source ran as Rosetta reads it, on " + asRead.backend().name() + ": "
                                    + e.backend() + " could not load the file (" + e.baseMessage() + ")")
                            .run();
                }
            }
            spec.commandLine().getOut().print(ReportTable.render(r));
            spec.commandLine().getOut().flush();
            if (report != null) {
                writeReport(r);
            }
            return r.passed() ? ExitCode.SUCCESS.code() : ExitCode.MISMATCH.code();
        }
    }

    /** The verification of {@code src} (against {@code conv}, or in golden mode) with this command's options. */
    private Verification verification(Opened src, Opened conv, Device dev) {
        Verification v = conv == null
                ? Verification.golden(src.backend(), src.source(), tensors(expected, "--expected"))
                        .expectedDescription(String.join(", ", expected))
                : Verification.compare(src.backend(), src.source(), conv.backend(), conv.source());
        v.device(dev).seed(seed).batch(batch).tolerance(rtol, atol).perLayer(perLayer);
        tensors(inputs, "--input").forEach(v::input);
        for (String s : shapes) {
            parseShape(s, v);
        }
        if (nameMap != null) {
            if (!Files.isRegularFile(nameMap)) {
                throw new UsageException("--name-map " + nameMap + ": no such file");
            }
            v.nameMap(NameMap.read(nameMap));
        }
        return v;
    }

    /** A model ready for a backend, and the IR model to close afterwards (when one was read). */
    record Opened(Backend backend, ModelSource source, Model model) implements AutoCloseable {
        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
        }
    }

    /**
     * Picks the backend and the form it takes the model in: a file the engine runs as written
     * (ONNX, TorchScript) when the backend accepts that, otherwise the IR read by the format
     * provider (a weights-only state dict gets its graph from a {@link GraphRecoveries} recognizer).
     */
    static Opened open(FormatRegistry formats, BackendRegistry backends, Path file, String backendName) {
        FormatProvider format = formats.detect(file);
        Backend chosen = backendName == null ? null : backends.byName(backendName);
        ModelSource.Kind fileKind = fileKind(format);
        if (fileKind != null) {
            ModelSource asFile = ModelSource.file(fileKind, file);
            Backend b = chosen;
            if (b == null) {
                b = backends.all().stream().anyMatch(x -> x.accepts(asFile)) ? backends.defaultFor(asFile) : null;
            }
            if (b != null && b.accepts(asFile)) {
                return new Opened(b, asFile, null);
            }
        }
        return openRead(format, backends, file, chosen);
    }

    /**
     * The model as the format provider reads it (the IR), on {@code chosen} or the engine
     * {@link BackendRegistry#defaultFor} picks for it. A file whose engine refused it runs this way:
     * an ONNX Runtime without kernels for an old opset's operator runs the IR, written at the
     * current opset, instead.
     */
    static Opened openRead(FormatProvider format, BackendRegistry backends, Path file, Backend chosen) {
        Model model = read(format, file);
        try {
            if (!model.hasComputation()) {
                GraphRecoveries recoveries = GraphRecoveries.load();
                if (recoveries.recover(model).isEmpty()) {
                    throw new UnsupportedFeatureException(file + ": cannot execute weights only: no graph was "
                            + "recognized (" + recoveries.whyNot(model) + ")");
                }
            }
            ModelSource ir = ModelSource.ir(model);
            Backend b = chosen == null ? backends.defaultFor(ir) : chosen;
            if (!b.accepts(ir)) {
                throw new UnsupportedFeatureException("backend '" + b.name() + "' cannot run " + file + " ("
                        + format.name() + "); it runs " + b.sourceKinds());
            }
            return new Opened(b, ir, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static ModelSource.Kind fileKind(FormatProvider format) {
        return switch (format.name()) {
            case "onnx" -> ModelSource.Kind.ONNX_FILE;
            case "torchscript" -> ModelSource.Kind.TORCHSCRIPT_FILE;
            case "savedmodel", "tensorflow", "saved_model" -> ModelSource.Kind.SAVED_MODEL;
            case "graphdef", "tf-graphdef", "frozen-graph" -> ModelSource.Kind.GRAPH_DEF;
            default -> null;
        };
    }

    private static Model read(FormatProvider format, Path file) {
        try {
            return format.read(file, FormatOptions.none());
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading", e);
        } catch (RosettaException e) {
            throw e.addContext("while reading " + file + " as " + format.name());
        }
    }

    /** {@code [name=]file.npy} arguments as tensors. */
    static List<NamedTensor> tensors(List<String> args, String option) {
        List<NamedTensor> out = new ArrayList<>();
        for (String a : args) {
            String name = null;
            String path = a;
            int eq = a.indexOf('=');
            if (eq > 0 && !Files.exists(Path.of(a)) && !a.substring(0, eq).contains("/")) {
                name = a.substring(0, eq);
                path = a.substring(eq + 1);
            }
            Path p = Path.of(path);
            if (!Files.isRegularFile(p)) {
                throw new UsageException(option + " " + a + ": no such file " + p);
            }
            out.add(new NamedTensor(name, NumpyFiles.readTensor(p), path));
        }
        return out;
    }

    private static void parseShape(String arg, Verification v) {
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw new UsageException("--shape " + arg + ": expected NAME=DIMS, e.g. input=1x3x224x224");
        }
        String[] parts = arg.substring(eq + 1).toLowerCase(Locale.ROOT).split("[x,]");
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] < 0) {
                throw new UsageException("--shape " + arg + ": '" + parts[i] + "' is not a dimension size");
            }
        }
        v.shape(arg.substring(0, eq), dims);
    }

    private void writeReport(VerificationReport r) {
        Path target = report.toAbsolutePath();
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new UsageException("--report " + report + ": folder " + target.getParent() + " does not exist");
        }
        byte[] json = ReportJson.toJson(r).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(target, tmp -> Files.write(tmp, json));
    }
}
