package dev.rosetta.ir;

/**
 * Layout tags for activations and weights.
 *
 * <p>A tag states what each axis means, so passes never guess a layout by comparing dimension
 * sizes. Activations: {@code N} batch, {@code C} channels, {@code D/H/W} spatial. Weights:
 * {@code O} output channels, {@code I} input channels, {@code M} depthwise multiplier.
 */
public enum Layout {
    /** No layout: a scalar, a vector, a value whose axes carry no spatial meaning. */
    NONE(""),
    /** Not yet known (e.g. a reader could not tell). */
    UNKNOWN("?"),
    NC("NC"),
    NCW("NCW"),
    NWC("NWC"),
    NCHW("NCHW"),
    NHWC("NHWC"),
    NCDHW("NCDHW"),
    NDHWC("NDHWC"),
    /** Dense weight as PyTorch and ONNX Gemm(transB=1) hold it: (out, in). */
    OI("OI"),
    /** Dense weight as Keras holds it: (in, out). */
    IO("IO"),
    /** 1-D conv weight, PyTorch. */
    OIW("OIW"),
    /** 1-D conv weight, Keras. */
    WIO("WIO"),
    /** 2-D conv weight, PyTorch and ONNX. */
    OIHW("OIHW"),
    /** 2-D conv weight, Keras and TensorFlow. */
    HWIO("HWIO"),
    /** Depthwise conv weight, Keras and TensorFlow: (H, W, in channels, multiplier). */
    HWCM("HWCM"),
    /** Transposed conv weight, PyTorch and ONNX: (in, out/groups, H, W). */
    IOHW("IOHW"),
    /** Transposed conv weight, Keras: (H, W, out, in). */
    HWOI("HWOI");

    private final String axes;

    Layout(String axes) {
        this.axes = axes;
    }

    /** One letter per axis, e.g. {@code "NCHW"}; empty for {@link #NONE}. */
    public String axes() {
        return axes;
    }

    /** The rank this layout describes, or -1 for {@link #NONE} and {@link #UNKNOWN}. */
    public int rank() {
        return this == NONE || this == UNKNOWN ? -1 : axes.length();
    }

    /** Index of the channel axis ({@code C}) for activation layouts, or -1. */
    public int channelAxis() {
        return axes.indexOf('C');
    }

    /** True for channels-first activation layouts (NCW, NCHW, NCDHW, NC). */
    public boolean isChannelsFirst() {
        return this == NC || this == NCW || this == NCHW || this == NCDHW;
    }

    /** True for channels-last activation layouts (NWC, NHWC, NDHWC). */
    public boolean isChannelsLast() {
        return this == NWC || this == NHWC || this == NDHWC;
    }
}
