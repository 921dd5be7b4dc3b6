package dev.rosetta.convert;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.ChannelOrder;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.GraphRecoveries;
import dev.rosetta.ir.Model;
import dev.rosetta.layout.naming.NameMapJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversion pipeline: reader → passes → writer, with the output written atomically.
 *
 * <p>The input is opened read-only and never modified; the output appears complete or not at all
 * (an existing output is replaced only on success). A converter holds no state between calls, so
 * one instance may serve several threads converting different models.
 */
public final class Converter {
    private final FormatRegistry registry;

    public Converter(FormatRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs one conversion.
     *
     * @throws RosettaException for every failure, with what was being done added as context
     */
    public ConversionResult convert(ConversionRequest request) {
        long start = System.nanoTime();
        Path in = request.input();
        Path out = request.output();
        if (!Files.exists(in)) {
            throw new UsageException(in + ": no such file or directory");
        }
        checkDistinct(in, out);
        FormatProvider source = request.from() == null ? registry.detect(in) : registry.byName(request.from());
        FormatProvider target = request.to() == null ? registry.forOutput(out) : registry.byName(request.to());
        if (!source.canRead()) {
            throw new UsageException("format '" + source.name() + "' cannot be read");
        }
        if (!target.canWrite()) {
            throw new UsageException("format '" + target.name() + "' cannot be written; writable formats are listed by 'rosetta formats'");
        }
        List<String> log = new ArrayList<>();
        try (Model model = withGraph(read(source, in, request.readOptions()), request, log)) {
            boolean weightsFile = request.writeOptions().getBoolean("weights-only") && target.writesWeightsOnlyFiles();
            if (target.storesGraphs() && !model.hasComputation() && !weightsFile) {
                throw new UnsupportedFeatureException(in + " holds weights only and " + target.name()
                        + " files hold a computation graph: " + model.metadata().getOrDefault("graph",
                        "none: give the graph with --graph FILE (e.g. the model's ONNX export)")
                        + "; weights formats (.pt, .safetensors, .npz) need no graph");
            }
            FormatOptions writeOptions = request.writeOptions();
            if (target.name().equals("pytorch") && source.channelOrder() == ChannelOrder.LAST
                    && writeOptions.get("naming").isEmpty()) {
                writeOptions = writeOptions.with("naming", "torch-modules");
                log.add("weights renamed from Keras layer names to PyTorch module names (--naming torch-modules)");
            }
            LayoutStep.Outcome layout = LayoutStep.apply(model.graph(), target.channelOrder(), writeOptions);
            log.addAll(layout.warnings());
            String nameMapFile = request.writeOptions().get("name-map", null);
            if (nameMapFile != null) {
                Path mapPath = Path.of(nameMapFile);
                AtomicOutput.write(mapPath, tmp -> {
                    try (var stream = Files.newOutputStream(tmp)) {
                        NameMapJson.write(layout.nameMap(), stream);
                    }
                });
                log.add("wrote the name map to " + mapPath);
            }
            FormatOptions finalOptions = writeOptions;
            AtomicOutput.write(out, tmp -> {
                try {
                    target.write(model, tmp, finalOptions);
                } catch (RosettaException e) {
                    throw e.addContext("while writing " + out + " as " + target.name());
                }
            });
            target.committed(out);
            log.add("wrote " + out + " as " + target.name());
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new ConversionResult(out, source.name(), target.name(), model.graph().nodes().size(),
                    model.graph().initializers().size(), model.graph().parameterBytes(), ms, log, layout.explain());
        }
    }

    /**
     * The model to write: the input as read, given its graph when its architecture is recognized,
     * or its weights bound into the graph of {@code request.graph()}.
     */
    private Model withGraph(Model model, ConversionRequest request, List<String> log) {
        log.add("read " + request.input() + ": " + model.graph());
        if (request.graph() == null) {
            if (!request.readOptions().getBoolean("weights-only")) {
                log.add(recoverGraph(model));
            }
            return model;
        }
        Model graph;
        try {
            graph = read(registry.detect(request.graph()), request.graph(), FormatOptions.none());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        try {
            log.add(WeightBinding.bind(graph, request.graph(), model, request.input()));
            return graph;
        } catch (RuntimeException e) {
            graph.close();
            model.close();
            throw e;
        }
    }

    /**
     * Gives a weights-only model its graph when a {@link GraphRecoveries recovery} recognizes its
     * architecture; records what happened in the model's metadata.
     *
     * @return one line for the log
     */
    public static String recoverGraph(Model model) {
        if (model.hasComputation() || model.graph().initializers().isEmpty()) {
            return "graph: " + model.graph().nodes().size() + " nodes as read";
        }
        GraphRecoveries recoveries = GraphRecoveries.load();
        return recoveries.recover(model)
                .map(d -> "recognized " + d + "; built its graph from the weights")
                .orElseGet(() -> {
                    String why = recoveries.whyNot(model);
                    model.putMetadata("graph", "none: " + why);
                    return "weights only: " + why;
                });
    }

    private static Model read(FormatProvider source, Path in, FormatOptions options) {
        try {
            return source.read(in, options);
        } catch (IOException e) {
            throw new RosettaIOException(in, "reading", e);
        } catch (RosettaException e) {
            throw e.addContext("while reading " + in + " as " + source.name());
        }
    }

    private static void checkDistinct(Path in, Path out) {
        try {
            if (Files.exists(out) && Files.isSameFile(in, out)) {
                throw new UsageException("output " + out + " is the input file; Rosetta never overwrites its input");
            }
        } catch (IOException e) {
            throw new RosettaIOException(out, "comparing input and output paths", e);
        }
    }
}
