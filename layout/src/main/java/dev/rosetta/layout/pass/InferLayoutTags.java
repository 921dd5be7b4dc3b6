package dev.rosetta.layout.pass;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.rules.OpKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills in {@link Layout#UNKNOWN} tags from op semantics, so the layout passes can decide from
 * tags alone: a spatial op's data input and output take its {@code layout} attribute (NCHW when
 * absent), a convolution's weight the layout that convention implies (OIHW, IOHW, HWIO, HWCM,
 * HWOI), a Gemm's or MatMul's constant weight OI or IO, and tags flow through elementwise and
 * axis-keeping ops and through Transposes (by permuting the letters). Never overrides a tag that
 * is set, never looks at a dimension size except to tell a depthwise channels-last kernel (group
 * equal to the input's channel count) from a grouped one.
 */
public final class InferLayoutTags implements GraphPass {
    private final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public String name() {
        return "infer-layout-tags";
    }

    @Override
    public void requires(Graph graph) {
        graph.validate();
    }

    @Override
    public PassResult run(Graph graph) {
        counts.clear();
        boolean changed = true;
        for (int round = 0; changed && round <= graph.nodes().size() + 1; round++) {
            changed = false;
            for (Node n : graph.nodes()) {
                changed |= visit(n);
            }
        }
        List<String> log = new ArrayList<>();
        counts.forEach((k, v) -> log.add("tagged " + v + " " + k));
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }

    private boolean visit(Node n) {
        String op = n.opType();
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            return false;
        }
        boolean c = false;
        if (n.attribute("layout") != null || OpKinds.isSpatial(op)) {
            c |= spatial(n);
        }
        if (op.equals("Gemm") || op.equals("MatMul")) {
            Value b = n.input(1);
            if (b != null && b.isConstant() && b.constant().rank() == 2) {
                boolean oi = op.equals("Gemm") && n.attrInt("transB", 0) != 0;
                c |= tag(b, oi ? Layout.OI : Layout.IO, "dense weights");
            }
        }
        if (OpKinds.keepsAxes(op)) {
            c |= share(n, n.input(0));
        } else if (OpKinds.isBroadcasting(op)) {
            c |= broadcast(n);
        } else if (op.equals("Transpose")) {
            c |= transpose(n);
        } else if ((op.startsWith("Reduce") || op.equals("ArgMax") || op.equals("ArgMin")) && n.attrInt("keepdims", 1) != 0) {
            c |= share(n, n.input(0));
        }
        return c;
    }

    private boolean spatial(Node n) {
        boolean first;
        try {
            first = Direction.isChannelsFirstAttribute(n.attrString("layout", null));
        } catch (IllegalArgumentException e) {
            return false;
        }
        int rank = rank(n);
        if (rank < 3 || rank > 5) {
            return false;
        }
        Layout l = first ? Direction.TO_CHANNELS_LAST.sourceOfRank(rank) : Direction.TO_CHANNELS_FIRST.sourceOfRank(rank);
        boolean c = false;
        if (n.input(0) != null) {
            c |= tag(n.input(0), l, "activations");
        }
        c |= tag(n.output(0), l, "activations");
        if (n.opType().startsWith("Conv") && n.input(1) != null && n.input(1).isConstant()) {
            Layout w = convWeight(n, first, rank);
            if (w != null) {
                c |= tag(n.input(1), w, "conv weights");
            }
        }
        return c;
    }

    private static Layout convWeight(Node n, boolean first, int rank) {
        boolean transposed = n.opType().equals("ConvTranspose");
        long group = n.attrInt("group", 1);
        if (rank == 3) {
            return transposed ? null : first ? Layout.OIW : Layout.WIO;
        }
        if (rank != 4) {
            return null;
        }
        if (first) {
            return transposed ? Layout.IOHW : Layout.OIHW;
        }
        if (transposed) {
            return Layout.HWOI;
        }
        if (group == 1) {
            return Layout.HWIO;
        }
        Value x = n.input(0);
        Shape s = x == null ? Shape.UNKNOWN_RANK : x.shape();
        if (s.hasRank() && s.rank() == 4 && s.dim(3) instanceof Dim.Fixed f) {
            return f.size() == group ? Layout.HWCM : Layout.HWIO;
        }
        return null;
    }

    /** The data rank of a spatial op from whatever says it: shapes, weight, kernel_shape. */
    private static int rank(Node n) {
        for (Value v : new Value[] {n.input(0), n.output(0)}) {
            if (v != null && v.shape().hasRank()) {
                return v.shape().rank();
            }
            if (v != null && v.layout().rank() >= 3) {
                return v.layout().rank();
            }
        }
        if (n.opType().startsWith("Conv") && n.input(1) != null && n.input(1).shape().hasRank()) {
            return n.input(1).shape().rank();
        }
        long[] k = n.attrInts("kernel_shape", null);
        return k == null ? -1 : k.length + 2;
    }

    /** Input 0 and every output share a layout. */
    private boolean share(Node n, Value in) {
        Layout l = null;
        if (in != null && isActivationLayout(in.layout())) {
            l = in.layout();
        }
        for (Value o : n.outputs()) {
            if (l == null && isActivationLayout(o.layout())) {
                l = o.layout();
            }
        }
        if (l == null) {
            return false;
        }
        boolean c = in != null && tag(in, l, "activations");
        for (Value o : n.outputs()) {
            c |= tag(o, l, "activations");
        }
        return c;
    }

    private boolean broadcast(Node n) {
        Layout l = null;
        for (Value v : n.inputs()) {
            if (v != null && !v.isConstant() && isActivationLayout(v.layout())) {
                if (l != null && l != v.layout()) {
                    return false;
                }
                l = v.layout();
            }
        }
        if (l == null) {
            return false;
        }
        for (Value v : n.inputs()) {
            if (v != null && v.shape().hasRank() && v.shape().rank() > l.rank()) {
                return false;
            }
        }
        Value out = n.output(0);
        if (out.shape().hasRank() && out.shape().rank() != l.rank()) {
            return false;
        }
        boolean c = tag(out, l, "activations");
        for (Value v : n.inputs()) {
            if (v != null && !v.isConstant() && v.shape().hasRank() && v.shape().rank() == l.rank()) {
                c |= tag(v, l, "activations");
            }
        }
        return c;
    }

    private boolean transpose(Node n) {
        Value x = n.input(0);
        Value y = n.output(0);
        long[] p = n.attrInts("perm", null);
        if (x == null || p == null) {
            return false;
        }
        Permutation perm;
        try {
            perm = Permutation.ofLongs(p);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (isActivationLayout(x.layout()) && x.layout().rank() == perm.rank()) {
            return tag(y, layoutOf(permuteLetters(x.layout().axes(), perm)), "activations");
        }
        if (isActivationLayout(y.layout()) && y.layout().rank() == perm.rank()) {
            return tag(x, layoutOf(permuteLetters(y.layout().axes(), perm.inverse())), "activations");
        }
        return false;
    }

    private static String permuteLetters(String letters, Permutation p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.rank(); i++) {
            sb.append(letters.charAt(p.get(i)));
        }
        return sb.toString();
    }

    private static Layout layoutOf(String letters) {
        for (Layout l : Layout.values()) {
            if (isActivationLayout(l) && l.axes().equals(letters)) {
                return l;
            }
        }
        return null;
    }

    private static boolean isActivationLayout(Layout l) {
        return l.isChannelsFirst() && l != Layout.NC || l.isChannelsLast();
    }

    private boolean tag(Value v, Layout l, String what) {
        if (l == null || v.layout() != Layout.UNKNOWN) {
            return false;
        }
        boolean weight = v.isConstant();
        if (weight != what.contains("weights")) {
            return false;
        }
        if (v.shape().hasRank() && l.rank() > 0 && v.shape().rank() != l.rank()) {
            return false;
        }
        v.setLayout(l);
        counts.merge(what + " " + l, 1, Integer::sum);
        return true;
    }
}
