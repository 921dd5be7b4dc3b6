package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Best-effort type and shape inference shared by the operator mappings. Each rule fills only what
 * is still unknown on an output and leaves it alone when the inputs do not tell.
 */
public final class Infer {
    private Infer() {
    }

    /** Output 0 has input 0's type and shape (activations, unary math). */
    public static final Consumer<Node> SAME = n -> {
        Value in = n.input(0);
        if (in != null) {
            set(n.output(0), in.dtype(), in.shape());
        }
    };

    /** Output 0 has input 0's type and the inputs' broadcast shape (binary math, Sum, Max...). */
    public static final Consumer<Node> BROADCAST = n -> {
        Value first = n.input(0);
        if (first == null) {
            return;
        }
        Shape s = first.shape();
        for (Value v : n.inputs()) {
            s = v == null ? s : broadcast(s, v.shape());
        }
        set(n.output(0), first.dtype(), s);
    };

    /** Like {@link #BROADCAST} but the output is boolean (comparisons). */
    public static final Consumer<Node> COMPARE = n -> {
        BROADCAST.accept(n);
        n.output(0).setDtype(DType.BOOL);
    };

    /** Nothing is inferred. */
    public static final Consumer<Node> NONE = n -> { };

    /** Sets dtype and shape of {@code v} where unknown. */
    public static void set(Value v, DType dtype, Shape shape) {
        if (v.dtype() == null && dtype != null) {
            v.setDtype(dtype);
        }
        if (!v.shape().hasRank() && shape != null && shape.hasRank()) {
            v.setShape(shape);
        }
    }

    /** Numpy-style broadcast of two shapes; unknown rank when either is unknown. */
    public static Shape broadcast(Shape a, Shape b) {
        if (!a.hasRank() || !b.hasRank()) {
            return Shape.UNKNOWN_RANK;
        }
        int r = Math.max(a.rank(), b.rank());
        List<Dim> out = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            int ia = i - (r - a.rank());
            int ib = i - (r - b.rank());
            Dim da = ia >= 0 ? a.dims().get(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dims().get(ib) : Dim.of(1);
            if (isOne(da)) {
                out.add(db);
            } else if (isOne(db) || da.equals(db)) {
                out.add(da);
            } else if (da.isFixed() && db.isFixed()) {
                return Shape.UNKNOWN_RANK;
            } else {
                out.add(da.isFixed() ? da : db.isFixed() ? db : da);
            }
        }
        return new Shape(out);
    }

    private static boolean isOne(Dim d) {
        return d instanceof Dim.Fixed f && f.size() == 1;
    }

    /** Normalizes a possibly negative axis against {@code rank}. */
    public static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** The size of a dimension, or -1 when symbolic. */
    public static long size(Dim d) {
        return d instanceof Dim.Fixed f ? f.size() : -1;
    }
}
