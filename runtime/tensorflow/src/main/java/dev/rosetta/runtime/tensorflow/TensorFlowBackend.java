package dev.rosetta.runtime.tensorflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.tensorflow.GraphDefReader;
import dev.rosetta.formats.tensorflow.SavedModelReader;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.formats.tensorflow.export.TfGraphBuilder;
import dev.rosetta.formats.tensorflow.graph.TensorNames;
import dev.rosetta.formats.tensorflow.graph.TfTensors;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Backend {@code tensorflow}: TensorFlow Java 1.1 (TensorFlow 2.18, CPU natives).
 *
 * <ul>
 *   <li>A SavedModel directory runs as written: loaded with tag {@code serve}, one signature
 *       ({@code serving_default}, or the one {@link #forSignature} names), inputs and outputs by
 *       the signature's keys in key order.</li>
 *   <li>A frozen GraphDef runs as written: inputs are the placeholders, outputs the nodes nobody
 *       reads (the same rule as the {@code graphdef} reader), named after their nodes.</li>
 *   <li>An IR model is built as a TensorFlow graph ({@link TfGraphBuilder}); channels-first spatial
 *       nodes run between transposes; every node output can be recorded.</li>
 * </ul>
 *
 * Natives load on the first {@link #load}; the constructor touches nothing native.
 */
public final class TensorFlowBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "tensorflow";

    private final String signature;

    /** The backend with the default signature, {@code serving_default}. */
    public TensorFlowBackend() {
        this(SavedModelReader.DEFAULT_SIGNATURE);
    }

    private TensorFlowBackend(String signature) {
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    /** This backend running SavedModels through signature {@code key}. */
    public TensorFlowBackend forSignature(String key) {
        return new TensorFlowBackend(key);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TensorFlow Java 1.1 (TensorFlow 2.18, CPU): runs SavedModels and frozen GraphDefs as written, IR models"
                + " built as TensorFlow graphs (NHWC natively)";
    }

    @Override
    public Set<ModelSource.Kind> sourceKinds() {
        return Set.of(ModelSource.Kind.SAVED_MODEL, ModelSource.Kind.GRAPH_DEF, ModelSource.Kind.IR);
    }

    @Override
    public Set<String> supportedOps() {
        return TfGraphBuilder.supportedOps();
    }

    /** Unknown op types, then every node an emitter cannot express, one line each. */
    @Override
    public List<String> unsupportedOps(Model model) {
        return TfGraphBuilder.problems(model, TfGraphBuilder.Mode.TRANSPOSE_CHANNELS_FIRST);
    }

    @Override
    public Set<Layout> layouts() {
        return Set.of(Layout.NHWC, Layout.NCHW);
    }

    @Override
    public boolean canRecordIntermediates(ModelSource.Kind kind) {
        return kind == ModelSource.Kind.IR;
    }

    @Override
    public void checkDevice(Device device) {
        TfDevices.check(device);
    }

    @Override
    public Execution load(ModelSource source, ExecutionOptions options) {
        checkDevice(options.device());
        return switch (source) {
            case ModelSource.Ir ir -> loadIr(ir.model(), options);
            case ModelSource.File f when f.kind() == ModelSource.Kind.SAVED_MODEL -> loadSavedModel(f.path(), options);
            case ModelSource.File f when f.kind() == ModelSource.Kind.GRAPH_DEF -> loadGraphDef(f.path(), options);
            case ModelSource.File f -> throw new UnsupportedFeatureException("backend '" + NAME + "' runs SavedModels,"
                    + " GraphDefs and IR models, not " + f.describe() + " (" + f.kind() + ")");
        };
    }

    private Execution loadIr(Model model, ExecutionOptions options) {
        if (!model.hasComputation()) {
            throw new UnsupportedFeatureException("IR of " + model.graph().name() + " holds weights only, no graph to run");
        }
        Graph g = new Graph();
        Session s = null;
        try {
            TfGraphBuilder.Built built = TfGraphBuilder.build(g, model, TfGraphBuilder.Mode.TRANSPOSE_CHANNELS_FIRST);
            s = new Session(g, TfDevices.config(options.device()));
            TfGraphBuilder.initialize(s, built);
            Map<String, Value> byName = new TreeMap<>();
            model.graph().inputs().forEach(v -> byName.put(v.name(), v));
            model.graph().outputs().forEach(v -> byName.put(v.name(), v));
            List<TfExecution.Port> inputs = new ArrayList<>();
            built.inputs().forEach((name, o) -> inputs.add(port(byName.get(name), o)));
            List<TfExecution.Port> outputs = new ArrayList<>();
            built.outputs().forEach((name, o) -> outputs.add(port(byName.get(name), o)));
            return new TfExecution(options.device(), s, List.of(s, g), inputs, outputs,
                    options.recordIntermediates() ? built.values() : null);
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            g.close();
            if (e instanceof TensorFlowException) {
                throw new UnsupportedFeatureException("TensorFlow could not build " + model.graph().name() + ": "
                        + TfExecution.firstLine(e));
            }
            throw e;
        }
    }

    private static TfExecution.Port port(Value v, Output<?> o) {
        return new TfExecution.Port(new TensorSpec(v.name(), v.dtype(), v.shape(), v.layout()), o);
    }

    private Execution loadSavedModel(Path dir, ExecutionOptions options) {
        if (!Files.isRegularFile(dir.resolve(SavedModelReader.PROTO_FILE))) {
            throw new UsageException(dir + ": not a SavedModel directory (no " + SavedModelReader.PROTO_FILE + ")");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelReader.SERVE_TAG)
                    .withConfigProto(TfDevices.config(options.device())).load();
        } catch (TensorFlowException | UnsupportedOperationException e) {
            throw new MalformedInputException(dir, "SavedModel", "TensorFlow could not load it: "
                    + TfExecution.firstLine(e), e);
        }
        try {
            SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get(signature);
            if (sig == null) {
                throw new UsageException(dir + ": no signature '" + signature + "'; the SavedModel has "
                        + new java.util.TreeSet<>(bundle.metaGraphDef().getSignatureDefMap().keySet()));
            }
            List<TfExecution.Port> inputs = new ArrayList<>();
            new TreeMap<>(sig.getInputsMap()).forEach((k, t) -> inputs.add(port(bundle.graph(), k, t, dir)));
            List<TfExecution.Port> outputs = new ArrayList<>();
            new TreeMap<>(sig.getOutputsMap()).forEach((k, t) -> outputs.add(port(bundle.graph(), k, t, dir)));
            return new TfExecution(options.device(), bundle.session(), List.of(bundle), inputs, outputs, null);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static TfExecution.Port port(Graph g, String key, TensorInfo t, Path dir) {
        if (t.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
            throw new UnsupportedFeatureException(dir + ": signature tensor '" + key + "' is sparse or composite");
        }
        String name = TensorNames.canonical(t.getName());
        Output<?> o = output(g, name, dir);
        return new TfExecution.Port(new TensorSpec(key, TfDataTypes.toIr(t.getDtype()), TfTensors.shape(t.getTensorShape()),
                Layout.UNKNOWN), o);
    }

    private static Output<?> output(Graph g, String canonical, Path file) {
        GraphOperation op = g.operation(TensorNames.node(canonical));
        int index = TensorNames.index(canonical);
        if (op == null || index >= op.numOutputs()) {
            throw new MalformedInputException(file, "tensor '" + canonical + "'", "the graph has no such tensor");
        }
        return op.output(index);
    }

    private Execution loadGraphDef(Path file, ExecutionOptions options) {
        GraphDef def;
        try {
            def = GraphDef.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(file, "", "expected a TensorFlow GraphDef protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the GraphDef", e);
        }
        Graph g = new Graph();
        Session s = null;
        try {
            g.importGraphDef(def);
            List<TfExecution.Port> inputs = new ArrayList<>();
            for (String t : GraphDefReader.defaultInputs(def)) {
                inputs.add(graphPort(g, t, file));
            }
            List<TfExecution.Port> outputs = new ArrayList<>();
            for (String t : GraphDefReader.defaultOutputs(def)) {
                outputs.add(graphPort(g, t, file));
            }
            s = new Session(g, TfDevices.config(options.device()));
            return new TfExecution(options.device(), s, List.of(s, g), inputs, outputs, null);
        } catch (IllegalArgumentException | UnsupportedOperationException | TensorFlowException e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw new MalformedInputException(file, "GraphDef", "TensorFlow could not import it: "
                    + TfExecution.firstLine(e), e);
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
    }

    private static TfExecution.Port graphPort(Graph g, String canonical, Path file) {
        Output<?> o = output(g, canonical, file);
        String name = TensorNames.index(canonical) == 0 ? TensorNames.node(canonical) : canonical;
        Shape shape = Shape.UNKNOWN_RANK;
        long[] dims = o.shape().isUnknown() ? null : o.shape().asArray();
        if (dims != null) {
            shape = TfTensors.shape(org.tensorflow.proto.TensorShapeProto.newBuilder()
                    .addAllDim(java.util.Arrays.stream(dims).mapToObj(d -> org.tensorflow.proto.TensorShapeProto.Dim
                            .newBuilder().setSize(d).build()).toList()).build());
        }
        return new TfExecution.Port(new TensorSpec(name, TfDataTypes.toIr(o.dataType()), shape, Layout.UNKNOWN), o);
    }
}
