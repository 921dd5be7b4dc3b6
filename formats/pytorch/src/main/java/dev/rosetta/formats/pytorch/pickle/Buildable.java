package dev.rosetta.formats.pytorch.pickle;

/**
 * A value the pickle {@code BUILD} opcode may set state on. Only allow-listed value types
 * implement it; {@code BUILD} on anything else is refused, so a pickle cannot reach a
 * {@code __setstate__} of its choosing.
 */
public interface Buildable {
    /**
     * Applies the state given to {@code BUILD}.
     *
     * @throws IllegalArgumentException when the state has a shape this value does not accept
     */
    void build(Object state);
}
