package dev.rosetta.formats.keras.recover;

import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.GraphRecovery;
import dev.rosetta.formats.keras.config.ConfigParser;
import dev.rosetta.formats.keras.config.ModelSpec;
import dev.rosetta.formats.keras.read.GraphBuilder;
import dev.rosetta.formats.keras.read.LayerLocation;
import dev.rosetta.formats.keras.read.StoredWeight;
import dev.rosetta.formats.keras.read.WeightSource;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link GraphRecovery} for keras.applications ResNet weights files (a legacy HDF5
 * {@code model.save_weights} file such as {@code resnet50_weights_tf_dim_ordering_tf_kernels.h5},
 * or what {@code rosetta convert --naming keras-applications --weights-only} writes): it recognizes
 * the layer names and shapes ({@link ResNetV1Config}), writes the model config keras.applications
 * would save, and builds it with the Keras reader's own {@link GraphBuilder}, so the graph is exactly
 * what Rosetta reads from a full keras.applications model file: ResNet v1, channels-last.
 *
 * <p>The nodes read the model's own initializers (no tensor is copied); the model gains the input
 * {@code input_1}, the nodes and the output, and metadata {@code architecture} and
 * {@code architecture.family = keras.applications.resnet}. Anything the weights lack or contradict
 * leaves the model untouched.
 */
public final class KerasApplicationsRecovery implements GraphRecovery {
    /** Metadata value of {@code architecture.family}. */
    public static final String FAMILY = "keras.applications.resnet";

    @Override
    public String name() {
        return "keras-applications";
    }

    @Override
    public Optional<String> recover(Model model) {
        Graph g = model.graph();
        if (model.hasComputation() || !g.inputs().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Value> byLayerName = weightsByLayerName(g);
        ResNetV1Config config = new ResNetV1Config(tensorsOf(byLayerName));
        Optional<ResNetV1Config.Shape> shape = config.recognize().found();
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        Path label = Path.of(g.name());
        Graph built;
        try {
            ModelSpec spec = new ConfigParser(label, "keras.applications ResNet config").parse(config.config(shape.get()));
            built = new GraphBuilder(label, new Weights(byLayerName), 2).build(spec);
        } catch (RosettaException e) {
            return Optional.empty();
        }
        transplant(built, g);
        String description = shape.get().describe();
        model.putMetadata("architecture", description);
        model.putMetadata("architecture.family", FAMILY);
        if (shape.get().standardName() != null) {
            model.putMetadata("architecture.variant", shape.get().standardName().toLowerCase(java.util.Locale.ROOT));
        }
        if (!model.opsetImports().containsKey("")) {
            model.setOpsetImport("", 17);
        }
        return Optional.of(description);
    }

    @Override
    public String whyNot(Model model) {
        String why = new ResNetV1Config(tensorsOf(weightsByLayerName(model.graph()))).recognize().whyNot();
        return "not keras.applications ResNet weights (" + (why == null ? "its layers do not build" : why) + ")";
    }

    /** The initializers by their last two name components ({@code <layer>/<variable>}, any {@code :0} dropped). */
    private static Map<String, Value> weightsByLayerName(Graph g) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Value v : g.initializers()) {
            String n = v.name().endsWith(":0") ? v.name().substring(0, v.name().length() - 2) : v.name();
            int last = n.lastIndexOf('/');
            if (last <= 0) {
                continue;
            }
            int prev = n.lastIndexOf('/', last - 1);
            out.putIfAbsent(n.substring(prev + 1), v);
        }
        return out;
    }

    private static Map<String, Tensor> tensorsOf(Map<String, Value> values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        values.forEach((n, v) -> out.put(n, v.constant()));
        return out;
    }

    /**
     * Moves the built nodes, input and outputs into {@code target}, rewiring each built weight to
     * the target's initializer that holds the same tensor (and giving it the built layout tag);
     * constants the builder made itself become new initializers.
     */
    private static void transplant(Graph built, Graph target) {
        Map<Tensor, Value> own = new IdentityHashMap<>();
        for (Value v : target.initializers()) {
            own.put(v.constant(), v);
        }
        for (Value b : built.initializers()) {
            Value mine = own.get(b.constant());
            if (mine == null) {
                target.addInitializer(b);
                continue;
            }
            mine.setLayout(b.layout());
            for (Value.Usage u : List.copyOf(b.uses())) {
                u.node().replaceInputWith(u.index(), mine);
            }
        }
        for (Node n : new ArrayList<>(built.nodes())) {
            target.addNode(n);
        }
        built.inputs().forEach(target::addInput);
        built.outputs().forEach(target::addOutput);
        target.validate();
    }

    /** The model's initializers as the Keras reader's weight source, by layer and variable name. */
    private record Weights(Map<String, Value> byLayerName) implements WeightSource {
        @Override
        public List<StoredWeight> weightsOf(LayerLocation location) {
            String layer = location.names().get(location.names().size() - 1);
            List<StoredWeight> out = new ArrayList<>();
            byLayerName.forEach((name, v) -> {
                if (name.startsWith(layer + "/")) {
                    out.add(new StoredWeight(name.substring(layer.length() + 1), v.name(), v.constant()));
                }
            });
            return out;
        }

        @Override
        public List<NamedWeight> all() {
            List<NamedWeight> out = new ArrayList<>();
            byLayerName.forEach((name, v) -> out.add(new NamedWeight(name, new StoredWeight(
                    name.substring(name.lastIndexOf('/') + 1), v.name(), v.constant()))));
            return out;
        }
    }
}
