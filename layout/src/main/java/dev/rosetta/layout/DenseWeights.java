package dev.rosetta.layout;

import dev.rosetta.error.UsageException;
import java.util.Locale;

/** Which layout a layout conversion leaves dense (Gemm) weights in. */
public enum DenseWeights {
    /** Leave each Gemm's {@code transB} and weight as they are. */
    KEEP,
    /** (out, in), read by Gemm with {@code transB=1}: PyTorch and ONNX exports. */
    OI,
    /** (in, out), read by Gemm with {@code transB=0}: Keras and TensorFlow. */
    IO;

    /**
     * Parses {@code keep}, {@code oi} or {@code io} (any case).
     *
     * @throws UsageException naming the accepted values
     */
    public static DenseWeights parse(String s) {
        String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        for (DenseWeights d : values()) {
            if (d.name().equals(v)) {
                return d;
            }
        }
        throw new UsageException("unknown dense-weight layout '" + s + "'; expected one of keep, oi, io");
    }
}
