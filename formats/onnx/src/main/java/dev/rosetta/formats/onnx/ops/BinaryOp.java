package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;

/**
 * Binary elementwise operators with numpy broadcasting ({@code Add}, {@code Mul}, {@code Equal},
 * ...). Before opset 7 these had {@code broadcast}/{@code axis} attributes that align the second
 * input at {@code axis}; the importer turns that into numpy broadcasting by giving the second
 * input trailing unit dimensions. Integer arithmetic on small constants folds (shape
 * computations).
 */
public final class BinaryOp extends PassThroughOp {
    private static final int MAX_FOLD_ELEMENTS = 4096;
    private final LongBinaryOperator integerFold;

    /**
     * @param integerFold the operation on integers for folding, or {@code null} to never fold
     */
    public BinaryOp(String opType, Consumer<Node> inference, LongBinaryOperator integerFold) {
        super(opType, inference);
        this.integerFold = integerFold;
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        List<Value> inputs = new ArrayList<>(node.inputs());
        if (node.opset() < 7 && node.attrInt("broadcast", 0) == 1 && node.has("axis")) {
            inputs.set(1, alignAt(node, ctx, node.input(0), node.input(1), node.attrInt("axis", 0)));
        }
        ctx.emit(node.name(), opType(), inputs, node.attributesWithout("consumed_inputs", "broadcast", "axis"),
                namedOutputs(node));
    }

    /** {@code b} reshaped so that numpy broadcasting aligns it with {@code a} at {@code axis}. */
    private static Value alignAt(OnnxNode node, ImportContext ctx, Value a, Value b, long axis) {
        if (!a.shape().hasRank() || !b.shape().hasRank()) {
            throw ctx.unsupported(node, "legacy broadcast with axis needs the ranks of both inputs");
        }
        int ra = a.shape().rank();
        int rb = b.shape().rank();
        int start = Infer.axis(axis, ra);
        int trailing = ra - start - rb;
        if (trailing < 0) {
            throw ctx.unsupported(node, "legacy broadcast axis " + axis + " does not fit ranks " + ra + " and " + rb);
        }
        if (trailing == 0) {
            return b;
        }
        Tensor c = ctx.constant(b);
        if (c != null) {
            long[] shape = new long[rb + trailing];
            long[] bs = c.shape();
            System.arraycopy(bs, 0, shape, 0, rb);
            java.util.Arrays.fill(shape, rb, shape.length, 1);
            return ctx.addConstant(b.name() + "_aligned", c.reshape(shape));
        }
        long[] axes = new long[trailing];
        for (int i = 0; i < trailing; i++) {
            axes[i] = rb + i;
        }
        return ctx.emit(node.name() + "_align", "Unsqueeze", List.of(b), java.util.Map.of("axes", Attrs.ints(axes)),
                List.of(ctx.freshName(b.name() + "_aligned"))).get(0);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        if (integerFold == null || constants.size() != 2 || constants.get(0) == null || constants.get(1) == null) {
            return null;
        }
        Tensor a = constants.get(0);
        Tensor b = constants.get(1);
        if (a.dtype() != b.dtype() || (a.dtype() != DType.INT64 && a.dtype() != DType.INT32)) {
            return null;
        }
        long na = a.elementCount();
        long nb = b.elementCount();
        if (na > MAX_FOLD_ELEMENTS || nb > MAX_FOLD_ELEMENTS || (na != nb && na != 1 && nb != 1)) {
            return null;
        }
        dev.rosetta.ir.Shape shape = Infer.broadcast(a.staticShape(), b.staticShape());
        long n = Math.max(na, nb);
        if (!shape.isStatic() || Tensor.elementCount(shape.toArray()) != n) {
            return null;
        }
        long[] outShape = shape.toArray();
        long[] out = new long[(int) n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = integerFold.applyAsLong(a.getLong(na == 1 ? 0 : i), b.getLong(nb == 1 ? 0 : i));
            }
        } catch (ArithmeticException e) {
            return null;
        }
        Tensor result = Tensor.ofLongs(outShape, out);
        if (a.dtype() == DType.INT32) {
            int[] ints = new int[out.length];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = (int) out[i];
            }
            result = Tensor.ofInts(outShape, ints);
        }
        return List.of(result);
    }
}
