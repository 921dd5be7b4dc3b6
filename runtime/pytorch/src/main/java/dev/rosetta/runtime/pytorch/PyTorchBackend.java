package dev.rosetta.runtime.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.pytorch.ops.OpKernel;
import dev.rosetta.runtime.pytorch.ops.OpTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Backend {@code pytorch}: executes an IR model with DJL NDArray operations on the PyTorch engine
 * (libtorch 2.7.1 from the {@code pytorch-native-cpu} jar, offline), channels-first natively;
 * spatial nodes whose {@code layout} attribute is channels-last are transposed in and out. Records
 * every intermediate when asked.
 */
public final class PyTorchBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "pytorch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DJL PyTorch engine (libtorch 2.7.1): interprets the IR with NDArray operations, channels-first";
    }

    @Override
    public Set<ModelSource.Kind> sourceKinds() {
        return Set.of(ModelSource.Kind.IR);
    }

    @Override
    public Set<String> supportedOps() {
        return OpTable.opTypes();
    }

    @Override
    public Set<Layout> layouts() {
        return Set.of(Layout.NCW, Layout.NCHW, Layout.NCDHW, Layout.NWC, Layout.NHWC, Layout.NDHWC);
    }

    @Override
    public boolean canRecordIntermediates(ModelSource.Kind kind) {
        return kind == ModelSource.Kind.IR;
    }

    @Override
    public void checkDevice(Device device) {
        Torch.device(device);
    }

    /** Unknown op types, grouped, then every node a kernel cannot execute as configured. */
    @Override
    public List<String> unsupportedOps(Model model) {
        List<String> problems = new ArrayList<>(Backend.super.unsupportedOps(model));
        for (Node n : model.graph().nodes()) {
            OpKernel k = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? OpTable.get(n.opType()) : null;
            String why = k == null ? null : k.check(n);
            if (why != null) {
                problems.add(n.opType() + " node '" + n.name() + "': " + why);
            }
        }
        return problems;
    }

    @Override
    public Execution load(ModelSource source, ExecutionOptions options) {
        if (!(source instanceof ModelSource.Ir ir)) {
            throw new UnsupportedFeatureException("backend '" + NAME + "' executes IR models, not "
                    + source.describe() + " (" + source.kind() + "); use backend 'torchscript' or 'onnxruntime'");
        }
        Model model = ir.model();
        if (!model.hasComputation()) {
            throw new UnsupportedFeatureException(source.describe() + " holds weights only, no graph to execute "
                    + "(a state dict needs an architecture recognized to build its graph)");
        }
        requireSupported(model);
        ai.djl.Device d = Torch.device(options.device());
        return new IrExecution(model, options.device(), d, options.recordIntermediates());
    }
}
