package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Node;
import java.util.Arrays;

/**
 * ONNX {@code Reshape}: the target from the {@code shape} attribute (IR convention) or the second
 * input; 0 copies the input's dimension (unless {@code allowzero=1}), -1 is inferred.
 */
final class Reshape implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        long[] target = OpContext.attrOrInput(node, "shape", in, 1);
        if (target == null) {
            throw new InvalidGraphException("node " + node.describe() + " has neither a shape attribute nor input");
        }
        return new NDArray[] {in[0].reshape(new Shape(resolve(in[0].getShape(), target, node)))};
    }

    static long[] resolve(Shape from, long[] target, Node node) {
        boolean allowZero = node.attrInt("allowzero", 0) != 0;
        long[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                out[i] = from.get(i);
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new InvalidGraphException("node " + node.describe() + ": shape " + Arrays.toString(target)
                            + " has more than one -1");
                }
                infer = i;
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : from.size() / known;
        }
        return out;
    }
}
