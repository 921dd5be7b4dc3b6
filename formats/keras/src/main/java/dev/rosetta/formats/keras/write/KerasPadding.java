package dev.rosetta.formats.keras.write;

import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.Arrays;

/**
 * The Keras padding of a sliding-window node: {@code valid}, {@code same} (TensorFlow's SAME,
 * the odd element at the end), {@code causal} (Conv1D), or explicit amounts that become a
 * {@code ZeroPadding1D/2D} layer before a {@code valid} window.
 *
 * @param mode {@code valid}, {@code same} or {@code causal}
 * @param explicit per spatial axis {begin, end} for a ZeroPadding layer, or null
 */
public record KerasPadding(String mode, long[][] explicit) {

    /**
     * Decides the padding of a channels-last node from its {@code pads} / {@code auto_pad}.
     *
     * @return null when it cannot be expressed ({@code SAME_LOWER} with unknown sizes); the
     *     problem is reported
     */
    public static KerasPadding of(ExportContext ctx, Node node, Value x, long[] kernel, long[] strides,
                                  long[] dilations, boolean allowCausal) {
        int n = kernel.length;
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = ExportContext.size(x, 1 + i);
        }
        long[] same = Shapes.samePads(sizes, kernel, strides, dilations);
        String auto = node.attrString("auto_pad", "NOTSET");
        long[] pads;
        switch (auto) {
            case "SAME_UPPER" -> {
                return new KerasPadding("same", null);
            }
            case "VALID" -> {
                return new KerasPadding("valid", null);
            }
            case "SAME_LOWER" -> {
                if (same == null) {
                    ctx.problem(node, "auto_pad SAME_LOWER with unknown input sizes has no Keras padding");
                    return null;
                }
                pads = new long[2 * n];
                for (int i = 0; i < n; i++) {
                    pads[i] = same[i + n];
                    pads[i + n] = same[i];
                }
            }
            default -> {
                pads = node.attrInts("pads", new long[2 * n]);
                if (pads.length != 2 * n) {
                    ctx.problem(node, "has " + pads.length + " pads for " + n + " spatial axes");
                    return null;
                }
            }
        }
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            return new KerasPadding("valid", null);
        }
        if (same != null && Arrays.equals(pads, same)) {
            return new KerasPadding("same", null);
        }
        if (allowCausal && n == 1 && pads[0] == (kernel[0] - 1) * dilations[0] && pads[1] == 0) {
            return new KerasPadding("causal", null);
        }
        if (Arrays.stream(pads).anyMatch(p -> p < 0)) {
            ctx.problem(node, "has negative pads " + Arrays.toString(pads));
            return null;
        }
        long[][] explicit = new long[n][2];
        for (int i = 0; i < n; i++) {
            explicit[i][0] = pads[i];
            explicit[i][1] = pads[i + n];
        }
        return new KerasPadding("valid", explicit);
    }
}
