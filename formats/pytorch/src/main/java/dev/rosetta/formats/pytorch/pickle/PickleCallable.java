package dev.rosetta.formats.pytorch.pickle;

/**
 * An allow-listed function or type that the pickle {@code REDUCE} opcode may call. Implementations
 * are plain Java that build values; none of them runs code named by the file.
 */
public interface PickleCallable {
    /**
     * Calls with positional arguments.
     *
     * @throws IllegalArgumentException when the arguments are not what the function accepts (the
     *     unpickler reports it as malformed input at the opcode's offset)
     */
    Object call(PyTuple args);
}
