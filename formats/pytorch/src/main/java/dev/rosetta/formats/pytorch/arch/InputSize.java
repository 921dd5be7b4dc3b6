package dev.rosetta.formats.pytorch.arch;

/**
 * The spatial size of the graph input built for a recognized architecture: symbolic (any height
 * and width, named {@code height} and {@code width}) or fixed.
 *
 * <p>ResNet and MobileNetV2 end in a global average pool and accept any size. VGG's
 * {@code AdaptiveAvgPool2d((7, 7))} needs a known feature-map size, so VGG graphs always get a
 * fixed size: the one given, or {@link #VGG_DEFAULT} when the size is symbolic.
 */
public final class InputSize {
    /** The size torchvision's VGG classifier was trained for, and what VGG graphs use by default. */
    public static final InputSize VGG_DEFAULT = new InputSize(224, 224);
    private static final InputSize SYMBOLIC = new InputSize(-1, -1);

    private final long height;
    private final long width;

    private InputSize(long height, long width) {
        this.height = height;
        this.width = width;
    }

    /** Height and width left symbolic. */
    public static InputSize symbolic() {
        return SYMBOLIC;
    }

    /**
     * A fixed height and width.
     *
     * @throws IllegalArgumentException when either is not positive
     */
    public static InputSize fixed(long height, long width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input height and width must be positive, got " + height + "x" + width);
        }
        return new InputSize(height, width);
    }

    public boolean isFixed() {
        return height > 0;
    }

    /** The height, or -1 when symbolic. */
    public long height() {
        return height;
    }

    /** The width, or -1 when symbolic. */
    public long width() {
        return width;
    }

    @Override
    public String toString() {
        return isFixed() ? height + "x" + width : "symbolic";
    }
}
