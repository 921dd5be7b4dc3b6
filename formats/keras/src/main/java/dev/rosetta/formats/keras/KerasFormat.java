package dev.rosetta.formats.keras;

import dev.rosetta.formats.ChannelOrder;
import dev.rosetta.formats.FormatProvider;

/**
 * What the two Keras formats ({@link KerasH5Format}, {@link KerasV3Format}) share: both read and
 * write, hold a computation graph in channels-last order, and also have a weights-only file
 * layout (what {@code model.save_weights} writes) that they write from weights alone.
 */
abstract class KerasFormat implements FormatProvider {

    @Override
    public final boolean canRead() {
        return true;
    }

    @Override
    public final boolean canWrite() {
        return true;
    }

    @Override
    public final boolean storesGraphs() {
        return true;
    }

    @Override
    public final boolean writesWeightsOnlyFiles() {
        return true;
    }

    @Override
    public final ChannelOrder channelOrder() {
        return ChannelOrder.LAST;
    }
}
