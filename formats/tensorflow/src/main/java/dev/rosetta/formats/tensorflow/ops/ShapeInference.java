package dev.rosetta.formats.tensorflow.ops;


import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Best-effort output types and shapes of the IR nodes the importer emits, so that TensorFlow's
 * {@code SAME} padding becomes explicit pads wherever the input sizes are known. Unknown stays
 * unknown; nothing here throws for odd shapes.
 */
final class ShapeInference {
    private static final Set<String> SAME_SHAPE = Set.of("Relu", "Sigmoid", "Tanh", "Elu", "Selu", "LeakyRelu",
            "Clip", "Softmax", "LogSoftmax", "Neg", "Sqrt", "Reciprocal", "Exp", "Log", "Abs", "Identity",
            "BatchNormalization", "Softplus", "Floor", "Ceil", "Cast");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Pow",
            "Less", "Greater", "Equal", "LessOrEqual", "GreaterOrEqual", "Where");
    /** Ops whose output is a boolean tensor whatever their inputs are. */
    private static final Set<String> BOOLEAN = Set.of("Less", "Greater", "Equal", "LessOrEqual", "GreaterOrEqual",
            "Not");

    private ShapeInference() {
    }

    static void infer(Node n) {
        if (n.outputs().isEmpty() || n.inputs().isEmpty()) {
            return;
        }
        Value out = n.output(0);
        Value x = n.input(0);
        if (out.dtype() == null && n.opType().equals("Cast")) {
            out.setDtype(DType.fromOnnx((int) n.attrInt("to", 1)));
        } else if (out.dtype() == null && BOOLEAN.contains(n.opType())) {
            out.setDtype(DType.BOOL);
        } else if (out.dtype() == null && n.opType().equals("Where") && n.inputs().size() == 3 && n.input(1) != null) {
            out.setDtype(n.input(1).dtype());
        } else if (out.dtype() == null && x != null) {
            out.setDtype(x.dtype());
        }
        if (out.shape().hasRank() || x == null) {
            return;
        }
        Shape s = shape(n, x.shape());
        if (s != null) {
            out.setShape(s);
        }
    }

    private static Shape shape(Node n, Shape x) {
        String op = n.opType();
        if (SAME_SHAPE.contains(op)) {
            return x;
        }
        if (BROADCAST.contains(op)) {
            Shape s = x;
            for (int i = 1; i < n.inputs().size() && s != null; i++) {
                s = broadcast(s, n.input(i).shape());
            }
            return s;
        }
        if (!x.hasRank()) {
            return null;
        }
        return switch (op) {
            case "Conv", "MaxPool", "AveragePool" -> spatial(n, x);
            case "ConvTranspose" -> convTranspose(n, x);
            case "GlobalAveragePool", "GlobalMaxPool" -> global(n, x);
            case "Transpose" -> transpose(n, x);
            case "Reshape" -> reshape(n, x);
            case "Squeeze" -> squeeze(n, x);
            case "Unsqueeze" -> unsqueeze(n, x);
            case "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd" -> reduce(n, x);
            case "MatMul" -> matmul(x, n.input(1).shape());
            case "Concat" -> concat(n);
            case "Pad" -> pad(n, x);
            default -> null;
        };
    }

    private static boolean channelsLast(Node n) {
        String l = n.attrString("layout", "NCHW");
        return l.length() >= 3 && l.endsWith("C") && l.charAt(1) != 'C';
    }

    private static Shape spatial(Node n, Shape x) {
        int r = x.rank();
        int k = r - 2;
        if (k < 1) {
            return null;
        }
        boolean last = channelsLast(n);
        int first = last ? 1 : 2;
        long[] kernel = n.attrInts("kernel_shape", null);
        Dim channels;
        if (n.opType().equals("Conv")) {
            Shape w = n.input(1).shape();
            if (kernel == null || !w.hasRank()) {
                return null;
            }
            channels = outChannels(n.input(1));
            if (channels == null) {
                return null;
            }
        } else {
            channels = x.dim(last ? r - 1 : 1);
        }
        if (kernel == null || kernel.length != k) {
            return null;
        }
        long[] strides = n.attrInts("strides", ones(k));
        long[] dil = n.attrInts("dilations", ones(k));
        long[] pads = n.attrInts("pads", new long[2 * k]);
        if (!positive(kernel, k) || !positive(strides, k) || !positive(dil, k) || pads.length != 2 * k) {
            return null;
        }
        String auto = n.attrString("auto_pad", "NOTSET");
        List<Dim> dims = new ArrayList<>(x.dims());
        for (int i = 0; i < k; i++) {
            Dim in = x.dim(first + i);
            Dim o;
            if (!in.isFixed()) {
                o = Dim.symbol("");
            } else {
                long size = ((Dim.Fixed) in).size();
                long eff = (kernel[i] - 1) * dil[i] + 1;
                long v = switch (auto) {
                    case "SAME_UPPER", "SAME_LOWER" -> (size + strides[i] - 1) / strides[i];
                    case "VALID" -> (size - eff) / strides[i] + 1;
                    default -> floorDiv(size + pads[i] + pads[i + k] - eff, strides[i], n) + 1;
                };
                o = sizeOrUnknown(v);
            }
            dims.set(first + i, o);
        }
        dims.set(last ? r - 1 : 1, channels);
        return new Shape(dims);
    }

    /** A computed size, unknown when the attributes make it negative (a broken file, reported elsewhere). */
    private static Dim sizeOrUnknown(long v) {
        return v < 0 ? Dim.symbol("") : Dim.of(v);
    }

    /** True when {@code v} has {@code k} entries, each at least 1. */
    private static boolean positive(long[] v, int k) {
        return v.length == k && Arrays.stream(v).allMatch(e -> e >= 1);
    }

    private static long floorDiv(long a, long b, Node n) {
        return n.attrInt("ceil_mode", 0) != 0 ? Math.floorDiv(a + b - 1, b) : Math.floorDiv(a, b);
    }

    /** Output channels of a conv weight from its layout tag. */
    private static Dim outChannels(Value w) {
        Shape s = w.shape();
        return switch (w.layout()) {
            case HWIO -> s.dim(3);
            case HWCM -> s.isStatic() ? Dim.of(s.toArray()[2] * s.toArray()[3]) : Dim.symbol("");
            case OIHW -> s.dim(0);
            default -> null;
        };
    }

    private static Shape convTranspose(Node n, Shape x) {
        int r = x.rank();
        int k = r - 2;
        boolean last = channelsLast(n);
        int first = last ? 1 : 2;
        long[] kernel = n.attrInts("kernel_shape", null);
        Shape w = n.input(1).shape();
        if (kernel == null || !w.hasRank()) {
            return null;
        }
        Dim channels = switch (n.input(1).layout()) {
            case HWOI -> w.dim(2);
            case IOHW -> w.dim(1);
            default -> null;
        };
        if (channels == null) {
            return null;
        }
        long[] strides = n.attrInts("strides", ones(k));
        long[] dil = n.attrInts("dilations", ones(k));
        long[] pads = n.attrInts("pads", new long[2 * k]);
        if (!positive(kernel, k) || !positive(strides, k) || !positive(dil, k) || pads.length != 2 * k) {
            return null;
        }
        long[] outPad = n.attrInts("output_padding", new long[k]);
        List<Dim> dims = new ArrayList<>(x.dims());
        for (int i = 0; i < k; i++) {
            Dim in = x.dim(first + i);
            dims.set(first + i, in.isFixed() ? sizeOrUnknown(strides[i] * (((Dim.Fixed) in).size() - 1)
                    + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + k] + outPad[i]) : Dim.symbol(""));
        }
        dims.set(last ? r - 1 : 1, channels);
        return new Shape(dims);
    }

    private static Shape global(Node n, Shape x) {
        boolean last = channelsLast(n);
        List<Dim> dims = new ArrayList<>(x.dims());
        int r = dims.size();
        for (int i = 0; i < r - 2; i++) {
            dims.set((last ? 1 : 2) + i, Dim.of(1));
        }
        return new Shape(dims);
    }

    private static Shape transpose(Node n, Shape x) {
        long[] perm = n.attrInts("perm", null);
        if (perm == null || perm.length != x.rank()) {
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (long p : perm) {
            dims.add(x.dim((int) p));
        }
        return new Shape(dims);
    }

    private static Shape reshape(Node n, Shape x) {
        long[] spec = n.attrInts("shape", null);
        if (spec == null) {
            return null;
        }
        boolean allowZero = n.attrInt("allowzero", 0) != 0;
        List<Dim> dims = new ArrayList<>();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && !allowZero) {
                if (i >= x.rank() || !x.dim(i).isFixed()) {
                    return null;
                }
                d = ((Dim.Fixed) x.dim(i)).size();
            }
            if (d < -1 || (d == -1 && infer >= 0)) {
                return null;
            }
            if (d == -1) {
                infer = i;
                dims.add(Dim.symbol(""));
            } else {
                dims.add(Dim.of(d));
                known *= d;
            }
        }
        if (infer >= 0 && x.isStatic() && known > 0) {
            long total = Arrays.stream(x.toArray()).reduce(1, (a, b) -> a * b);
            if (total % known == 0) {
                dims.set(infer, Dim.of(total / known));
            }
        }
        return new Shape(dims);
    }

    private static Shape squeeze(Node n, Shape x) {
        long[] axes = n.attrInts("axes", null);
        List<Dim> dims = new ArrayList<>();
        int r = x.rank();
        for (int i = 0; i < r; i++) {
            boolean drop;
            if (axes == null) {
                if (!x.dim(i).isFixed()) {
                    return null;
                }
                drop = ((Dim.Fixed) x.dim(i)).size() == 1;
            } else {
                final int ax = i;
                drop = Arrays.stream(axes).anyMatch(a -> (a < 0 ? a + r : a) == ax);
            }
            if (!drop) {
                dims.add(x.dim(i));
            }
        }
        return new Shape(dims);
    }

    private static Shape unsqueeze(Node n, Shape x) {
        long[] axes = n.attrInts("axes", null);
        if (axes == null) {
            return null;
        }
        int r = x.rank() + axes.length;
        Dim[] dims = new Dim[r];
        for (long a : axes) {
            int ax = (int) (a < 0 ? a + r : a);
            if (ax < 0 || ax >= r) {
                return null;
            }
            dims[ax] = Dim.of(1);
        }
        int j = 0;
        for (int i = 0; i < r; i++) {
            if (dims[i] == null) {
                dims[i] = x.dim(j++);
            }
        }
        return new Shape(Arrays.asList(dims));
    }

    private static Shape reduce(Node n, Shape x) {
        long[] axes = n.attrInts("axes", null);
        boolean keep = n.attrInt("keepdims", 1) != 0;
        int r = x.rank();
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            final int ax = i;
            boolean reduced = axes == null || Arrays.stream(axes).anyMatch(a -> (a < 0 ? a + r : a) == ax);
            if (!reduced) {
                dims.add(x.dim(i));
            } else if (keep) {
                dims.add(Dim.of(1));
            }
        }
        return new Shape(dims);
    }

    private static Shape matmul(Shape a, Shape b) {
        if (!b.hasRank() || a.rank() < 2 || b.rank() < 2) {
            return null;
        }
        Shape batchA = new Shape(a.dims().subList(0, a.rank() - 2));
        Shape batchB = new Shape(b.dims().subList(0, b.rank() - 2));
        Shape batch = broadcast(batchA, batchB);
        if (batch == null) {
            return null;
        }
        List<Dim> dims = new ArrayList<>(batch.dims());
        dims.add(a.dim(a.rank() - 2));
        dims.add(b.dim(b.rank() - 1));
        return new Shape(dims);
    }

    private static Shape concat(Node n) {
        long axis = n.attrInt("axis", 0);
        Shape first = n.input(0).shape();
        if (!first.hasRank()) {
            return null;
        }
        int r = first.rank();
        int ax = (int) (axis < 0 ? axis + r : axis);
        long total = 0;
        for (Value v : n.inputs()) {
            Shape s = v.shape();
            if (!s.hasRank() || s.rank() != r) {
                return null;
            }
            Dim d = s.dim(ax);
            if (!d.isFixed() || total < 0) {
                total = -1;
            } else {
                total += ((Dim.Fixed) d).size();
            }
        }
        List<Dim> dims = new ArrayList<>(first.dims());
        dims.set(ax, total < 0 ? Dim.symbol("") : Dim.of(total));
        return new Shape(dims);
    }

    private static Shape pad(Node n, Shape x) {
        long[] pads = n.attrInts("pads", null);
        int r = x.rank();
        if (pads == null || pads.length != 2 * r) {
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            Dim d = x.dim(i);
            dims.add(d.isFixed() ? sizeOrUnknown(((Dim.Fixed) d).size() + pads[i] + pads[i + r]) : Dim.symbol(""));
        }
        return new Shape(dims);
    }

    /** Numpy broadcasting of two shapes, or {@code null} when either rank is unknown. */
    static Shape broadcast(Shape a, Shape b) {
        if (a == null || b == null || !a.hasRank() || !b.hasRank()) {
            return null;
        }
        int r = Math.max(a.rank(), b.rank());
        List<Dim> dims = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            int ia = i - (r - a.rank());
            int ib = i - (r - b.rank());
            Dim da = ia < 0 ? Dim.of(1) : a.dim(ia);
            Dim db = ib < 0 ? Dim.of(1) : b.dim(ib);
            if (da.equals(Dim.of(1))) {
                dims.add(db);
            } else if (db.equals(Dim.of(1)) || da.equals(db)) {
                dims.add(da);
            } else if (da.isFixed() && !db.isFixed()) {
                dims.add(da);
            } else if (db.isFixed() && !da.isFixed()) {
                dims.add(db);
            } else {
                dims.add(Dim.symbol(""));
            }
        }
        return new Shape(dims);
    }

    private static long[] ones(int k) {
        long[] v = new long[k];
        Arrays.fill(v, 1);
        return v;
    }

}
