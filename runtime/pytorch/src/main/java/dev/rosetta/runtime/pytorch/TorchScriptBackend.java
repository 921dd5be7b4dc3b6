package dev.rosetta.runtime.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Layout;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import java.util.Set;

/**
 * Backend {@code torchscript}: runs a TorchScript archive ({@code torch.jit.save}) as written, through
 * DJL's PyTorch engine ({@code Model.load} of the file, its {@code forward} called directly with
 * an {@code NDList}): the reference for PyTorch models. TorchScript declares input names but no
 * shapes, and no intermediates are recorded.
 */
public final class TorchScriptBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "torchscript";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DJL PyTorch engine (libtorch 2.7.1): runs a TorchScript archive as written";
    }

    @Override
    public Set<ModelSource.Kind> sourceKinds() {
        return Set.of(ModelSource.Kind.TORCHSCRIPT_FILE);
    }

    @Override
    public Set<String> supportedOps() {
        return Set.of();
    }

    @Override
    public Set<Layout> layouts() {
        return Set.of(Layout.NCHW);
    }

    @Override
    public boolean canRecordIntermediates(ModelSource.Kind kind) {
        return false;
    }

    @Override
    public void checkDevice(Device device) {
        Torch.device(device);
    }

    @Override
    public Execution load(ModelSource source, ExecutionOptions options) {
        if (!(source instanceof ModelSource.File f) || f.kind() != ModelSource.Kind.TORCHSCRIPT_FILE) {
            throw new UnsupportedFeatureException("backend '" + NAME + "' runs TorchScript files, not "
                    + source.describe() + " (" + source.kind() + ")");
        }
        return new TorchScriptExecution(f.path(), options.device(), Torch.device(options.device()));
    }
}
