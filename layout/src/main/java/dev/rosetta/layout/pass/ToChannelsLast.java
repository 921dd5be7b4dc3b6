package dev.rosetta.layout.pass;

import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.naming.TransformLedger;

/**
 * Converts a graph whose spatial ops run channels-first (NCHW, NCW, NCDHW) to channels-last:
 * spatial ops get {@code layout="NHWC"} and statically permuted weights (OIHW→HWIO, depthwise
 * OIHW→HWCM, ConvTranspose IOHW→HWOI, OIW→WIO), activations between them are retagged and
 * reshaped, axis attributes of layout-sensitive ops are renumbered, a dense layer after a Flatten
 * gets its input features permuted C·H·W→H·W·C, and Transposes are inserted only where the
 * channels-last region meets a graph input or output (per {@link IoLayout}) or an op with no
 * channels-last form; each is logged with its reason. Decisions come from layout tags and op
 * semantics only (run {@link InferLayoutTags} first on a graph whose readers left tags unknown).
 */
public final class ToChannelsLast extends ChangeLayout {
    /**
     * @param io what to do with the model's image-like inputs and outputs
     * @param ledger where weight transforms are recorded (for the name map), or {@code null}
     */
    public ToChannelsLast(IoLayout io, TransformLedger ledger) {
        super(Direction.TO_CHANNELS_LAST, io, ledger);
    }

    public ToChannelsLast(IoLayout io) {
        this(io, null);
    }

    @Override
    public String name() {
        return "to-channels-last";
    }
}
