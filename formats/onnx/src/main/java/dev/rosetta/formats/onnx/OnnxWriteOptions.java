package dev.rosetta.formats.onnx;

import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.onnx.ops.OnnxOps;

/**
 * How to write an ONNX model.
 *
 * @param opset the default-domain opset to write ({@value OnnxOps#MIN_WRITE_OPSET} to
 *     {@value OnnxOps#MAX_WRITE_OPSET})
 * @param externalData put every tensor of at least {@link #EXTERNAL_MIN_BYTES} bytes in the side
 *     file {@code <model>.data}, whatever the model's size
 * @param externalThreshold above this many bytes of initializers, tensors go to external data
 *     even when not asked (a protobuf message cannot exceed 2 GiB)
 * @param exposeIntermediates list every node output as a graph output (for per-layer comparison)
 */
public record OnnxWriteOptions(int opset, boolean externalData, long externalThreshold, boolean exposeIntermediates) {
    /** The opset written when none is asked for. */
    public static final int DEFAULT_OPSET = 17;
    /** Total initializer bytes above which external data is used automatically (about 1.8 GB). */
    public static final long DEFAULT_EXTERNAL_THRESHOLD = 1_800_000_000L;
    /** Tensors smaller than this stay inside the model even with external data. */
    public static final long EXTERNAL_MIN_BYTES = 1024;

    public OnnxWriteOptions {
        if (opset < OnnxOps.MIN_WRITE_OPSET || opset > OnnxOps.MAX_WRITE_OPSET) {
            throw new UsageException("ONNX opset " + opset + " cannot be written; choose one from "
                    + OnnxOps.MIN_WRITE_OPSET + " to " + OnnxOps.MAX_WRITE_OPSET);
        }
    }

    /** Opset {@value #DEFAULT_OPSET}, external data only when needed, outputs as in the model. */
    public static OnnxWriteOptions defaults() {
        return of(DEFAULT_OPSET);
    }

    /** The defaults at another opset. */
    public static OnnxWriteOptions of(int opset) {
        return new OnnxWriteOptions(opset, false, DEFAULT_EXTERNAL_THRESHOLD, false);
    }

    /**
     * Reads {@code opset}, {@code external-data} and {@code expose-intermediates} from command-line
     * options.
     */
    public static OnnxWriteOptions from(FormatOptions options) {
        long opset = options.getLong("opset", DEFAULT_OPSET);
        if (opset < OnnxOps.MIN_WRITE_OPSET || opset > OnnxOps.MAX_WRITE_OPSET) {
            throw new UsageException("ONNX opset " + opset + " cannot be written; choose one from "
                    + OnnxOps.MIN_WRITE_OPSET + " to " + OnnxOps.MAX_WRITE_OPSET);
        }
        return new OnnxWriteOptions((int) opset, options.getBoolean("external-data"),
                options.getLong("external-threshold", DEFAULT_EXTERNAL_THRESHOLD),
                options.getBoolean("expose-intermediates"));
    }

    public OnnxWriteOptions withExternalData(boolean on) {
        return new OnnxWriteOptions(opset, on, externalThreshold, exposeIntermediates);
    }

    public OnnxWriteOptions withExposeIntermediates(boolean on) {
        return new OnnxWriteOptions(opset, externalData, externalThreshold, on);
    }

    /** The IR version that goes with the opset (the one ONNX released with it). */
    public long irVersion() {
        if (opset <= 14) {
            return 7;
        } else if (opset <= 18) {
            return 8;
        } else if (opset <= 20) {
            return 9;
        }
        return 10;
    }
}
