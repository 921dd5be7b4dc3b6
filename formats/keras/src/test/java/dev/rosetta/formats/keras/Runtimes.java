package dev.rosetta.formats.keras;

import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.BackendRegistry;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs IR models on the backends on the test class path (pytorch first, onnxruntime for its other ops). */
final class Runtimes {
    private static BackendRegistry registry;

    private Runtimes() {
    }

    static synchronized BackendRegistry registry() {
        if (registry == null) {
            registry = BackendRegistry.load();
        }
        return registry;
    }

    /** True when a backend that executes IR models is present. */
    static boolean available() {
        return registry().find("pytorch") != null || registry().find("onnxruntime") != null;
    }

    /** The pytorch backend when it executes every op of {@code m}, else onnxruntime. */
    static Backend pick(Model m) {
        Backend torch = registry().find("pytorch");
        if (torch != null && torch.unsupportedOps(m).isEmpty()) {
            return torch;
        }
        Backend ort = registry().find("onnxruntime");
        if (ort != null) {
            return ort;
        }
        torch.requireSupported(m);
        return torch;
    }

    /** The outputs of one run, in the model's output order. */
    static List<Tensor> run(Model m, Map<String, Tensor> inputs) {
        Backend b = pick(m);
        try (Execution e = b.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
            return new ArrayList<>(e.run(inputs).values());
        }
    }
}
