package dev.rosetta.runtime;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A test backend: one input "x" of a declared shape and layout; the output "y" is {@code f(x)} in
 * the same layout; records the intermediates "a" = x + 1 (node "first") and "y" (node "second")
 * when asked. The output is computed as if the model worked channels-first, so an NHWC fake
 * converts back and forth.
 */
final class FakeBackend implements Backend {
    final String name;
    final Shape shape;
    final Layout layout;
    final UnaryOperator<Tensor> f;
    final List<Map<String, Tensor>> seen = new ArrayList<>();
    /** How many times an execution of this backend released its resources. */
    int releases;

    FakeBackend(String name, Shape shape, Layout layout, UnaryOperator<Tensor> f) {
        this.name = name;
        this.shape = shape;
        this.layout = layout;
        this.f = f;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "fake";
    }

    @Override
    public Set<ModelSource.Kind> sourceKinds() {
        return Set.of(ModelSource.Kind.ONNX_FILE);
    }

    @Override
    public Set<String> supportedOps() {
        return Set.of();
    }

    @Override
    public Set<Layout> layouts() {
        return Set.of(layout);
    }

    @Override
    public boolean canRecordIntermediates(ModelSource.Kind kind) {
        return true;
    }

    @Override
    public void checkDevice(Device device) {
        if (device.isGpu()) {
            throw new dev.rosetta.error.UnsupportedFeatureException("no GPU in the fake");
        }
    }

    @Override
    public Execution load(ModelSource source, ExecutionOptions options) {
        return new EngineExecution(name, options.device()) {
            @Override
            public List<TensorSpec> inputs() {
                return List.of(new TensorSpec("x", DType.FLOAT32, shape, layout));
            }

            @Override
            public List<TensorSpec> outputs() {
                return List.of(new TensorSpec("y", DType.FLOAT32, shape, layout));
            }

            @Override
            protected LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> in) {
                seen.add(in);
                Tensor x = in.get("x");
                Tensor y = f.apply(x);
                if (options.recordIntermediates()) {
                    recordIntermediates(List.of(new Intermediate("a", "first", "Add", layout, plusOne(x)),
                            new Intermediate("y", "second", "Fake", layout, y)));
                }
                LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
                out.put("y", y);
                return out;
            }

            @Override
            public boolean recordsIntermediates() {
                return options.recordIntermediates();
            }

            @Override
            protected void release() {
                releases++;
            }
        };
    }

    static Tensor plusOne(Tensor x) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += 1;
        }
        return Tensor.fromDoubles(x.dtype(), x.shape(), v);
    }

    static Tensor scale(Tensor x, double s) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return Tensor.fromDoubles(x.dtype(), x.shape(), v);
    }
}
