package dev.rosetta.runtime.tensorflow;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.runtime.Device;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Session configuration per device. CPU runs hide any GPU; a GPU run needs TensorFlow's GPU
 * natives and gets {@code allow_growth} and the chosen GPU as the only visible one.
 */
final class TfDevices {
    /** Where the GPU build of TensorFlow Java keeps its natives. */
    static final String GPU_NATIVES = "org/tensorflow/internal/c_api/linux-x86_64-gpu/";

    private TfDevices() {
    }

    static boolean hasGpuNatives() {
        return TfDevices.class.getClassLoader().getResource(GPU_NATIVES) != null;
    }

    /**
     * @throws UnsupportedFeatureException for a GPU when only CPU natives are present
     */
    static void check(Device device) {
        if (device.isGpu() && !hasGpuNatives()) {
            throw new UnsupportedFeatureException("--device " + device + ": TensorFlow Java runs here with its CPU"
                    + " natives (org.tensorflow:tensorflow-core-native:linux-x86_64); a GPU needs classifier"
                    + " linux-x86_64-gpu with CUDA 12 and cuDNN 9 installed");
        }
    }

    /** The session configuration for {@code device}. */
    static ConfigProto config(Device device) {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (device.isGpu()) {
            b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)
                    .setVisibleDeviceList(Integer.toString(device.index())));
        } else {
            b.putDeviceCount("GPU", 0);
        }
        return b.build();
    }
}
