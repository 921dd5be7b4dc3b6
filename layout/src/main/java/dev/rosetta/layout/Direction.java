package dev.rosetta.layout;

import dev.rosetta.ir.Layout;
import dev.rosetta.layout.kernel.Permutation;

/**
 * Which way a layout pass moves activations: channels-first → channels-last or back. Knows the
 * source and target activation layouts of each rank, the axis permutation between them and the
 * spelling of the {@code layout} attribute of spatial ops.
 */
public enum Direction {
    TO_CHANNELS_LAST,
    TO_CHANNELS_FIRST;

    /** The direction that undoes this one. */
    public Direction reverse() {
        return this == TO_CHANNELS_LAST ? TO_CHANNELS_FIRST : TO_CHANNELS_LAST;
    }

    /** True for the activation layouts this direction converts from (rank ≥ 3). */
    public boolean isSource(Layout l) {
        return this == TO_CHANNELS_LAST
                ? l == Layout.NCW || l == Layout.NCHW || l == Layout.NCDHW
                : l == Layout.NWC || l == Layout.NHWC || l == Layout.NDHWC;
    }

    /** True for the activation layouts this direction converts to. */
    public boolean isTarget(Layout l) {
        return reverse().isSource(l);
    }

    /** The target counterpart of a source activation layout. */
    public Layout target(Layout source) {
        return switch (source) {
            case NCW -> Layout.NWC;
            case NCHW -> Layout.NHWC;
            case NCDHW -> Layout.NDHWC;
            case NWC -> Layout.NCW;
            case NHWC -> Layout.NCHW;
            case NDHWC -> Layout.NCDHW;
            default -> throw new IllegalArgumentException("no channels-first/last counterpart for " + source);
        };
    }

    /** The source activation layout of a rank (3, 4 or 5). */
    public Layout sourceOfRank(int rank) {
        Layout first = switch (rank) {
            case 3 -> Layout.NCW;
            case 4 -> Layout.NCHW;
            case 5 -> Layout.NCDHW;
            default -> throw new IllegalArgumentException("no spatial layout of rank " + rank);
        };
        return this == TO_CHANNELS_LAST ? first : TO_CHANNELS_LAST.target(first);
    }

    /**
     * The permutation that turns a source-layout tensor of {@code rank} into the target layout:
     * {@code (0, 2, ..., r-1, 1)} to channels-last, {@code (0, r-1, 1, ..., r-2)} back.
     */
    public Permutation perm(int rank) {
        int[] p = new int[rank];
        if (this == TO_CHANNELS_LAST) {
            for (int i = 1; i < rank - 1; i++) {
                p[i] = i + 1;
            }
            p[rank - 1] = 1;
        } else {
            p[1] = rank - 1;
            for (int i = 2; i < rank; i++) {
                p[i] = i - 1;
            }
        }
        return Permutation.of(p);
    }

    /** True when a spatial op's {@code layout} attribute value (null: absent) names a source layout. */
    public boolean isSourceAttribute(String layoutAttribute) {
        return isChannelsFirstAttribute(layoutAttribute) == (this == TO_CHANNELS_LAST);
    }

    /**
     * Reads a {@code layout} attribute: {@code null} (absent) and the NCW/NCHW/NCDHW spellings are
     * channels-first, NWC/NHWC/NDHWC channels-last.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static boolean isChannelsFirstAttribute(String layoutAttribute) {
        if (layoutAttribute == null) {
            return true;
        }
        return switch (layoutAttribute) {
            case "NCW", "NCHW", "NCDHW" -> true;
            case "NWC", "NHWC", "NDHWC" -> false;
            default -> throw new IllegalArgumentException("unknown layout attribute '" + layoutAttribute
                    + "'; expected NCHW or NHWC (or NCW/NWC, NCDHW/NDHWC)");
        };
    }

    /** The io-layout option that means "this direction's target" for inputs and outputs. */
    public boolean ioWantsTarget(IoLayout io) {
        return io == (this == TO_CHANNELS_LAST ? IoLayout.NHWC : IoLayout.NCHW);
    }

    /** {@code "channels-last"} or {@code "channels-first"}: the target, in words. */
    public String targetWords() {
        return this == TO_CHANNELS_LAST ? "channels-last" : "channels-first";
    }
}
