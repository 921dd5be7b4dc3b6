package dev.rosetta.convert;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the tensors of a weights-only model (a state dict) into the graph of another file of the
 * same model ({@code --graph model.onnx}): every initializer of the graph takes the weight of the
 * same name, which must have the same dtype and shape.
 */
final class WeightBinding {
    private WeightBinding() {
    }

    /**
     * Binds {@code weights} into {@code graph}'s initializers; {@code graph} then owns
     * {@code weights} (its mapped files stay open as long as the graph model).
     *
     * @return one log line saying how many tensors were bound and which weights were unused
     * @throws UsageException when a graph initializer has no weight of its name
     * @throws MalformedInputException when dtype or shape differ
     */
    static String bind(Model graph, Path graphFile, Model weights, Path weightsFile) {
        Map<String, Value> byName = new LinkedHashMap<>();
        for (Value v : weights.graph().initializers()) {
            byName.put(v.name(), v);
        }
        List<String> missing = new ArrayList<>();
        int bound = 0;
        for (Value init : graph.graph().initializers()) {
            Value w = byName.remove(init.name());
            if (w == null) {
                missing.add(init.name());
                continue;
            }
            Tensor t = w.constant();
            Tensor old = init.constant();
            if (t.dtype() != old.dtype() || !Arrays.equals(t.shape(), old.shape())) {
                throw new MalformedInputException(weightsFile, "tensor '" + init.name() + "'",
                        "is " + t.dtype().shortName() + Arrays.toString(t.shape()) + " but the graph in " + graphFile
                                + " expects " + old.dtype().shortName() + Arrays.toString(old.shape()));
            }
            init.setConstant(t);
            bound++;
        }
        if (!missing.isEmpty()) {
            throw new UsageException(weightsFile + " has no tensor for " + missing.size() + " initializer(s) of "
                    + graphFile + ": " + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                    + (missing.size() > 10 ? ", ..." : ""));
        }
        graph.own(weights);
        return "bound " + bound + " tensors of " + weightsFile + " into the graph of " + graphFile
                + (byName.isEmpty() ? "" : "; unused: " + String.join(", ", byName.keySet()));
    }
}
