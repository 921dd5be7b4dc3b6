package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Layout;

/**
 * The axis order of a stored Keras weight, known from its layer's class and variable name. Used
 * for weights read without building the graph; {@link Layout#UNKNOWN} when the class is not known.
 */
public final class WeightTags {
    private WeightTags() {
    }

    /**
     * @param className the layer's Keras class, or {@code null} when the architecture is unknown
     * @param variable the variable name ({@code kernel}, {@code bias}, ...), or {@code null}
     * @param rank the tensor's rank
     */
    public static Layout of(String className, String variable, int rank) {
        if (rank <= 1) {
            return Layout.NONE;
        }
        if (className == null || variable == null) {
            return Layout.UNKNOWN;
        }
        return switch (variable) {
            case "kernel" -> switch (className) {
                case "Dense" -> rank == 2 ? Layout.IO : Layout.UNKNOWN;
                case "Conv1D" -> rank == 3 ? Layout.WIO : Layout.UNKNOWN;
                case "Conv2D" -> rank == 4 ? Layout.HWIO : Layout.UNKNOWN;
                case "Conv2DTranspose" -> rank == 4 ? Layout.HWOI : Layout.UNKNOWN;
                default -> Layout.UNKNOWN;
            };
            case "depthwise_kernel" -> rank == 4 ? Layout.HWCM : Layout.UNKNOWN;
            case "pointwise_kernel" -> rank == 4 ? Layout.HWIO : Layout.UNKNOWN;
            default -> Layout.UNKNOWN;
        };
    }
}
