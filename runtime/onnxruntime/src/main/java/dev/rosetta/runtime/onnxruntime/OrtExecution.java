package dev.rosetta.runtime.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.EngineExecution;
import dev.rosetta.runtime.Inputs;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model in an ONNX Runtime session. When recording intermediates, the session's model has
 * every node output added as a graph output ({@link OnnxGraphEdit}); {@link #outputs()} and
 * {@link #run} still show only the model's own outputs.
 */
final class OrtExecution extends EngineExecution {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final List<OnnxGraphEdit.NodeInfo> nodes;
    private final Map<String, Layout> layouts;

    /**
     * @param nodes the graph's nodes when recording intermediates, else {@code null}
     * @param modelOutputs the model's own output names (the session may have more)
     * @param layouts layout tags of values by name (from the IR), empty for files
     */
    OrtExecution(OrtEnvironment env, OrtSession session, Device device, List<OnnxGraphEdit.NodeInfo> nodes,
                 List<String> modelOutputs, Map<String, Layout> layouts) throws OrtException {
        super(OnnxRuntimeBackend.NAME, device);
        this.env = env;
        this.session = session;
        this.nodes = nodes;
        this.layouts = layouts;
        this.inputs = specs(session.getInputInfo(), null);
        this.outputs = specs(session.getOutputInfo(), modelOutputs);
    }

    private List<TensorSpec> specs(Map<String, NodeInfo> info, List<String> only) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo n : info.values()) {
            if (only != null && !only.contains(n.getName())) {
                continue;
            }
            if (n.getInfo() instanceof TensorInfo t) {
                out.add(new TensorSpec(n.getName(), OrtTensors.dtype(t.type), OrtTensors.shape(t),
                        layouts.getOrDefault(n.getName(), Layout.UNKNOWN)));
            } else {
                out.add(new TensorSpec(n.getName(), null, null, null));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public boolean recordsIntermediates() {
        return nodes != null;
    }

    @Override
    protected LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> given) {
        Inputs.require(inputs, given);
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (TensorSpec s : inputs) {
                feed.put(s.name(), OrtTensors.toOrt(env, given.get(s.name())));
            }
            try (OrtSession.Result r = session.run(feed)) {
                Map<String, Tensor> all = new HashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        all.put(e.getKey(), OrtTensors.fromOrt(t));
                    }
                }
                LinkedHashMap<String, Tensor> result = new LinkedHashMap<>();
                for (TensorSpec s : outputs) {
                    result.put(s.name(), all.get(s.name()));
                }
                if (nodes != null) {
                    recordIntermediates(collect(all));
                }
                return result;
            }
        } catch (OrtException e) {
            throw OnnxRuntimeBackend.translate(null, "running the model", e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private List<Intermediate> collect(Map<String, Tensor> all) {
        List<Intermediate> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (OnnxGraphEdit.NodeInfo n : nodes) {
            for (String o : n.outputs()) {
                Tensor t = all.get(o);
                if (t != null && seen.add(o)) {
                    out.add(new Intermediate(o, n.name().isEmpty() ? o : n.name(), n.opType(),
                            layouts.getOrDefault(o, Layout.UNKNOWN), t));
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    protected void release() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
