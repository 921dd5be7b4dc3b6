package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.formats.GraphRecovery;
import dev.rosetta.ir.Model;
import java.util.Optional;

/** The {@link GraphRecovery} for torchvision's ResNet family, MobileNetV2 and VGG state dicts. */
public final class TorchvisionGraphRecovery implements GraphRecovery {
    @Override
    public String name() {
        return "torchvision";
    }

    @Override
    public Optional<String> recover(Model model) {
        return PyTorchGraphs.attachArchitecture(model).map(Architecture::description);
    }

    @Override
    public String whyNot(Model model) {
        return PyTorchGraphs.noGraphReason(model);
    }
}
