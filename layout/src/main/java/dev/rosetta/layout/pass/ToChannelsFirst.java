package dev.rosetta.layout.pass;

import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.naming.TransformLedger;

/**
 * The reverse of {@link ToChannelsLast}: converts a graph whose spatial ops run channels-last
 * (NHWC, a Keras or TensorFlow graph) to channels-first: the {@code layout} attribute is removed
 * (NCHW is the default), weights go HWIO→OIHW, HWCM→depthwise OIHW, HWOI→IOHW, WIO→OIW, dense
 * layers after a Flatten get their input features permuted H·W·C→C·H·W, axis attributes are
 * renumbered, and boundary transposes are logged with their reasons.
 */
public final class ToChannelsFirst extends ChangeLayout {
    /**
     * @param io what to do with the model's image-like inputs and outputs
     * @param ledger where weight transforms are recorded (for the name map), or {@code null}
     */
    public ToChannelsFirst(IoLayout io, TransformLedger ledger) {
        super(Direction.TO_CHANNELS_FIRST, io, ledger);
    }

    public ToChannelsFirst(IoLayout io) {
        this(io, null);
    }

    @Override
    public String name() {
        return "to-channels-first";
    }
}
