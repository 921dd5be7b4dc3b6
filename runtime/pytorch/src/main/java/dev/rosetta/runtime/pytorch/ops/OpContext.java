package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Node;

/**
 * What a kernel may use besides its inputs: the run's NDArray manager (arrays it creates are freed
 * after the run) and the model's default-domain opset, for ops whose semantics changed across
 * opsets.
 *
 * @param manager where new arrays live for this run
 * @param opset the model's {@code ai.onnx} opset version (17 when the model does not say)
 */
public record OpContext(NDManager manager, long opset) {

    /** The integer contents of a small 1-D (or scalar) array, e.g. a shape or axes input. */
    public static long[] longs(NDArray a) {
        return a.getDataType() == DataType.INT64 ? a.toLongArray() : a.toType(DataType.INT64, false).toLongArray();
    }

    /** The value of a scalar (or one-element) array as a double. */
    public static double scalar(NDArray a) {
        if (a.size() != 1) {
            throw new InvalidGraphException("expected a scalar, found an array of shape " + a.getShape());
        }
        return a.toType(DataType.FLOAT64, false).toDoubleArray()[0];
    }

    /**
     * A list parameter that ONNX moved from an attribute to an input across opsets (axes, pads,
     * shape): the attribute when present, else input {@code index} when given, else {@code null}.
     */
    public static long[] attrOrInput(Node node, String attribute, NDArray[] inputs, int index) {
        long[] v = node.attrInts(attribute, null);
        if (v != null) {
            return v;
        }
        return index < inputs.length && inputs[index] != null ? longs(inputs[index]) : null;
    }

    /** Normalizes a possibly negative axis against {@code rank}. */
    public static int axis(long axis, int rank, Node node) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new InvalidGraphException("axis " + axis + " is out of range for rank " + rank + " in node "
                    + node.describe());
        }
        return (int) a;
    }
}
