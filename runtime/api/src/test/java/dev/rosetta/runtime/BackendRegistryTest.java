package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {
    /** A backend that runs IR models made of {@code ops} (all ops when empty); never loads anything. */
    private record OpsBackend(String name, Set<String> ops) implements Backend {
        @Override
        public String description() {
            return "test";
        }

        @Override
        public Set<ModelSource.Kind> sourceKinds() {
            return Set.of(ModelSource.Kind.IR);
        }

        @Override
        public Set<String> supportedOps() {
            return ops;
        }

        @Override
        public Set<Layout> layouts() {
            return Set.of(Layout.NCHW, Layout.NHWC);
        }

        @Override
        public boolean canRecordIntermediates(ModelSource.Kind kind) {
            return false;
        }

        @Override
        public void checkDevice(Device device) {
        }

        @Override
        public Execution load(ModelSource source, ExecutionOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    private static Model keras(String op) {
        Graph g = new Graph("m");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(1, 4), Layout.NC));
        Value y = new Value("y", DType.FLOAT32, Shape.of(1, 4), Layout.NC);
        g.addNode(new Node("n", op, List.of(x), List.of(y), Map.of()));
        g.addOutput(y);
        return new Model(g, "keras-h5");
    }

    @Test
    void anIrModelGoesToTheFirstPreferredBackendThatRunsAllOfIt() {
        BackendRegistry reg = new BackendRegistry(List.of(new OpsBackend("onnxruntime", Set.of()),
                new OpsBackend("pytorch", Set.of("Relu", "Elu")), new OpsBackend("tensorflow", Set.of("Relu"))));
        try (Model relu = keras("Relu"); Model elu = keras("Elu"); Model other = keras("Gelu")) {
            assertEquals("tensorflow", reg.defaultFor(ModelSource.ir(relu)).name(), "Keras's own engine first");
            assertEquals("pytorch", reg.defaultFor(ModelSource.ir(elu)).name(), "the next that runs every op");
            assertEquals("onnxruntime", reg.defaultFor(ModelSource.ir(other)).name(), "ONNX Runtime judges for itself");
        }
    }
}
