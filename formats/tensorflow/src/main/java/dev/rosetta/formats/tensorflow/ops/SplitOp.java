package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Split} ({@code split_dim}, value; {@code num_split} equal parts) and {@code SplitV}
 * (value, sizes, {@code split_dim}) with constant axis and sizes: ONNX {@code Split} with
 * {@code axis} and {@code split}. Each output's shape is the input's with the split axis cut to
 * its part. The part count must divide a known axis length (TensorFlow's own check), and at most
 * {@value #MAX_PARTS} parts are taken: a hostile {@code num_split} cannot make millions of values.
 */
final class SplitOp implements TfOpMapping {
    static final int MAX_PARTS = 1 << 16;

    @Override
    public List<String> opTypes() {
        return List.of("Split", "SplitV");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        boolean v = node.op().equals("SplitV");
        Value x = ctx.input(node, v ? 0 : 1);
        long[] dim = ctx.requireInts(node, v ? 2 : 0, "split_dim");
        if (dim.length != 1) {
            throw ctx.malformed(node, "expected a scalar split_dim, found " + dim.length + " values");
        }
        Shape s = x.shape();
        if (!s.hasRank()) {
            throw ctx.unsupported(node, "a split of an input of unknown rank");
        }
        int rank = s.rank();
        if (dim[0] < -rank || dim[0] >= rank) {
            throw ctx.malformed(node, "split_dim " + dim[0] + " outside rank " + rank);
        }
        int axis = (int) (dim[0] < 0 ? dim[0] + rank : dim[0]);
        long length = s.dim(axis) instanceof Dim.Fixed f ? f.size() : -1;
        long[] sizes = v ? ctx.requireInts(node, 1, "size_splits") : equalParts(node, ctx, length);
        if (sizes.length < 1 || sizes.length > MAX_PARTS) {
            throw ctx.malformed(node, sizes.length + " parts (1 to " + MAX_PARTS + " are taken)");
        }
        boolean known = length >= 0 && Arrays.stream(sizes).allMatch(z -> z >= 0)
                && Arrays.stream(sizes).sum() == length;
        if (length >= 0 && !known) {
            throw ctx.malformed(node, "parts " + Arrays.toString(sizes) + " do not add up to the axis length "
                    + length);
        }
        Map<String, Attribute> attrs = known
                ? Map.of("axis", new Attribute.Int(axis), "split", new Attribute.Ints(sizes))
                : Map.of("axis", new Attribute.Int(axis));
        List<Value> outs = ctx.emit(node, "Split", List.of(x), attrs, sizes.length);
        for (int i = 0; i < outs.size(); i++) {
            Value o = outs.get(i);
            o.setDtype(x.dtype());
            List<Dim> dims = new ArrayList<>(s.dims());
            dims.set(axis, known ? Dim.of(sizes[i]) : Dim.symbol(""));
            o.setShape(new Shape(dims));
            ImportContext.tag(o, x.layout());
        }
    }

    private static long[] equalParts(TfNode node, ImportContext ctx, long length) {
        long n = TfAttrs.integer(node, "num_split", -1);
        if (n < 1 || n > MAX_PARTS) {
            throw ctx.malformed(node, "num_split " + n + " (1 to " + MAX_PARTS + " are taken)");
        }
        if (length >= 0 && length % n != 0) {
            throw ctx.malformed(node, "num_split " + n + " does not divide the axis length " + length);
        }
        long[] sizes = new long[(int) n];
        Arrays.fill(sizes, length < 0 ? -1 : length / n);
        return sizes;
    }
}
