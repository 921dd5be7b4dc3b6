package dev.rosetta.layout;

import dev.rosetta.error.UsageException;
import java.util.Locale;

/**
 * What a layout conversion does with the model's image-like inputs and outputs ({@code --io-layout}).
 */
public enum IoLayout {
    /** As the source model had them: a boundary transpose where the region meets them. */
    KEEP,
    /** Channels-first inputs and outputs (NCW, NCHW, NCDHW). */
    NCHW,
    /** Channels-last inputs and outputs (NWC, NHWC, NDHWC): for a channels-last target no boundary transpose. */
    NHWC;

    /**
     * Parses {@code keep}, {@code nchw} or {@code nhwc} (any case).
     *
     * @throws UsageException naming the accepted values
     */
    public static IoLayout parse(String s) {
        String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        for (IoLayout l : values()) {
            if (l.name().equals(v)) {
                return l;
            }
        }
        throw new UsageException("unknown io-layout '" + s + "'; expected one of keep, nchw, nhwc");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
