package dev.rosetta.layout.naming;

import dev.rosetta.ir.Layout;
import java.util.Optional;

/**
 * A mapping between two frameworks' tensor naming conventions for one model family (torchvision
 * ResNet ⇄ keras.applications ResNet, say). Pure: maps names, touches no tensor.
 */
public interface NameScheme {
    /** A short name, e.g. {@code "torchvision-resnet->keras-resnet"}. */
    String name();

    /** The target name of a source tensor, and what its axes mean in the source; empty when the target has no counterpart. */
    Optional<Target> map(String sourceName);

    /** The scheme that maps the other way. */
    NameScheme reverse();

    /**
     * Where a source tensor goes.
     *
     * @param name its name in the target convention
     * @param sourceTag what its axes mean in the source ({@link Layout#NONE} for vectors)
     */
    record Target(String name, Layout sourceTag) {
    }
}
