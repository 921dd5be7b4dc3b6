package dev.rosetta.formats.pytorch.pickle;

/**
 * An allow-listed class that {@code NEWOBJ}, {@code NEWOBJ_EX}, {@code OBJ} or {@code INST} may
 * instantiate. Anything else named by those opcodes is refused.
 */
public interface PickleClass {
    /**
     * Creates an instance ({@code cls.__new__(cls, *args, **kwargs)}).
     *
     * @param kwargs keyword arguments, empty for all opcodes but {@code NEWOBJ_EX}
     * @throws IllegalArgumentException when the arguments are not accepted
     */
    Object instantiate(PyTuple args, PyDict kwargs);
}
