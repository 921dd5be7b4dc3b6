package dev.rosetta.runtime.pytorch;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.runtime.Device;

/**
 * Access to DJL's PyTorch engine, offline: libtorch comes from the {@code pytorch-native-cpu} jar
 * on the class path (unpacked once into {@code ~/.djl.ai/pytorch}, or {@code DJL_CACHE_DIR}),
 * never from the network. The first call sets {@code ai.djl.offline=true} unless the property is
 * already set, then loads the natives (about 3 s the first time in a process).
 */
public final class Torch {
    private static final String ENGINE = "PyTorch";

    private Torch() {
    }

    /**
     * The PyTorch engine.
     *
     * @throws UnsupportedFeatureException when libtorch cannot be loaded
     */
    public static synchronized Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            return Engine.getEngine(ENGINE);
        } catch (EngineException | IllegalArgumentException e) {
            UnsupportedFeatureException u = new UnsupportedFeatureException(
                    "DJL's PyTorch engine could not load libtorch: " + e.getMessage()
                            + " (the pytorch-native-cpu jar for this platform must be on the class path)");
            u.initCause(e);
            throw u;
        }
    }

    /**
     * The DJL device for {@code device}.
     *
     * @throws UnsupportedFeatureException when a GPU is asked for and libtorch sees none
     */
    public static ai.djl.Device device(Device device) {
        if (!device.isGpu()) {
            return ai.djl.Device.cpu();
        }
        int gpus = engine().getGpuCount();
        if (gpus == 0) {
            throw new UnsupportedFeatureException("--device " + device + ": the PyTorch engine sees no CUDA GPU "
                    + "(this build carries CPU natives, pytorch-native-cpu; for GPUs use pytorch-native-cu128 "
                    + "on a machine with an NVIDIA driver, see dev.rosetta.runtime's package documentation)");
        }
        if (device.index() >= gpus) {
            throw new UnsupportedFeatureException("--device " + device + ": the PyTorch engine sees " + gpus
                    + " GPU" + (gpus == 1 ? "" : "s") + " (gpu:0" + (gpus > 1 ? " to gpu:" + (gpus - 1) : "") + ")");
        }
        return ai.djl.Device.gpu(device.index());
    }
}
