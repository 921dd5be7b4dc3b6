package dev.rosetta.formats.pytorch.pickle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opaque instance of a class the unpickler was allowed to name but not to run, e.g. a
 * TorchScript module class {@code __torch__.MyModel}. It records the class name, the
 * constructor arguments and the attribute state set by {@code BUILD}; no code of the class ever
 * runs.
 */
public final class PyObject implements Buildable {
    private final String className;
    private final PyTuple args;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private Object rawState;

    public PyObject(String className, PyTuple args) {
        this.className = className;
        this.args = args;
    }

    /** The fully qualified class name, e.g. {@code __torch__.Foo}. */
    public String className() {
        return className;
    }

    public PyTuple args() {
        return args;
    }

    /** Attributes from a dict state (unmodifiable view), in pickle order. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The state as given to {@code BUILD} when it was not a dict, else {@code null}. */
    public Object rawState() {
        return rawState;
    }

    @Override
    public void build(Object state) {
        if (state instanceof PyDict || state instanceof PyTuple t && t.size() == 2
                && t.items().stream().allMatch(o -> o instanceof PyDict || o == PyNone.NONE)) {
            PyValues.setAttributes(attributes, state);
        } else {
            rawState = state;
        }
    }

    @Override
    public String toString() {
        return className + "(...)";
    }
}
