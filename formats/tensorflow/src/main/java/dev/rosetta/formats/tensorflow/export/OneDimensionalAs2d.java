package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Output;

/**
 * Spatial ops over one axis (a Keras {@code Conv1D}, {@code MaxPooling1D},
 * {@code GlobalMaxPooling1D}: rank-3 inputs) the way TensorFlow's own {@code conv1d} builds them: the
 * input gets a unit height ({@code ExpandDims}: NWC to N1WC, NCW to NC1W), the 2-D emitter it wraps
 * runs on an equivalent 2-D node (kernel, strides, dilations and pads with a height of 1; a
 * {@code [K, I, O]} kernel as {@code [1, K, I, O]} HWIO, an {@code [O, I, K]} one as
 * {@code [O, I, 1, K]} OIHW), and {@code Squeeze} takes the height away again. Rank-4 nodes go to the
 * wrapped emitter as they are.
 */
final class OneDimensionalAs2d implements TfEmitter {
    private final TfEmitter twoD;

    OneDimensionalAs2d(TfEmitter twoD) {
        this.twoD = twoD;
    }

    @Override
    public List<String> opTypes() {
        return twoD.opTypes();
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        if (!applies(n)) {
            return twoD.check(n, ctx);
        }
        if (n.outputs().size() > 1 && n.outputs().subList(1, n.outputs().size()).stream()
                .anyMatch(v -> !v.uses().isEmpty())) {
            return "outputs beyond the first";
        }
        if (n.inputs().size() > 1 && n.input(1) != null && !n.input(1).isConstant()) {
            return "a weight computed at run time on a 1-D convolution";
        }
        return twoD.check(lifted(n, new Value(n.input(0).name()), null), ctx);
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        if (!applies(n)) {
            twoD.emit(n, ctx);
            return;
        }
        int heightAxis = channelsLast(n) ? 1 : 2;
        Value x2 = new Value(n.input(0).name() + "/with_height");
        Output<?> axis = ctx.constant(Tensor.ofInts(new long[0], heightAxis), n.name() + "/height_axis");
        ctx.bind(x2, ctx.op("ExpandDims", n.name() + "/with_height").addInput(ctx.in(n, 0)).addInput(axis)
                .build().output(0));
        Node node2d = lifted(n, x2, ctx);
        twoD.emit(node2d, ctx);
        Output<?> y = ctx.op("Squeeze", n.name() + "/squeeze").addInput(ctx.bound(node2d.output(0)))
                .setAttr("squeeze_dims", new long[] {heightAxis}).build().output(0);
        ctx.out(n, 0, y);
    }

    private static boolean applies(Node n) {
        Shape x = n.inputs().isEmpty() || n.input(0) == null ? Shape.UNKNOWN_RANK : n.input(0).shape();
        return x.hasRank() && x.rank() == 3;
    }

    private static boolean channelsLast(Node n) {
        return SpatialEmit.channelsLast(n);
    }

    /**
     * The 2-D node computing what {@code n} does, reading {@code x2} (the input with a unit height).
     * Its other inputs are stand-ins (bound to {@code n}'s in {@code ctx} when emitting), so the
     * graph's own values gain no readers from a node that is not in it.
     */
    private static Node lifted(Node n, Value x2, EmitContext ctx) {
        boolean last = channelsLast(n);
        int h = last ? 1 : 2;
        x2.setDtype(n.input(0).dtype());
        x2.setShape(withUnit(n.input(0).shape(), h));
        x2.setLayout(last ? Layout.NHWC : Layout.NCHW);
        List<Value> inputs = new ArrayList<>(List.of(x2));
        if (n.inputs().size() > 1 && n.input(1) != null) {
            inputs.add(liftedWeight(n));
            for (int i = 2; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                Value standIn = v == null ? null : new Value(v.name(), v.dtype(), v.shape(), v.layout());
                if (standIn != null && ctx != null) {
                    ctx.bind(standIn, ctx.in(n, i));
                }
                inputs.add(standIn);
            }
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
        attrs.put("layout", new Attribute.Str(last ? "NHWC" : "NCHW"));
        prepend(attrs, "kernel_shape", 1);
        prepend(attrs, "strides", 1);
        prepend(attrs, "dilations", 1);
        if (attrs.get("pads") instanceof Attribute.Ints p && p.values().length == 2) {
            attrs.put("pads", new Attribute.Ints(new long[] {0, p.values()[0], 0, p.values()[1]}));
        }
        Value y2 = new Value(n.output(0).name() + "/with_height", n.output(0).dtype(),
                withUnit(n.output(0).shape(), h), last ? Layout.NHWC : Layout.NCHW);
        return new Node(n.name(), n.domain(), n.opType(), inputs, List.of(y2), attrs);
    }

    /**
     * The weight with a unit height: Keras {@code [K, I, O]} (WIO) as {@code [1, K, I, O]} HWIO,
     * ONNX/PyTorch {@code [O, I, K]} (OIW) as {@code [O, I, 1, K]} OIHW.
     */
    private static Value liftedWeight(Node n) {
        Value w = n.input(1);
        Tensor t = w.constant();
        long[] s = t.shape();
        if (s.length != 3) {
            return w;
        }
        Layout l = EmitContext.weightLayout(w, channelsLast(n), false);
        boolean oiw = l == Layout.OIW || l == Layout.OIHW;
        Tensor lifted = oiw ? t.reshape(s[0], s[1], 1, s[2]) : t.reshape(1, s[0], s[1], s[2]);
        return Value.constant(w.name(), lifted, oiw ? Layout.OIHW : Layout.HWIO);
    }

    private static void prepend(Map<String, Attribute> attrs, String key, long value) {
        if (attrs.get(key) instanceof Attribute.Ints v && v.values().length == 1) {
            attrs.put(key, new Attribute.Ints(new long[] {value, v.values()[0]}));
        }
    }

    private static Shape withUnit(Shape s, int axis) {
        if (!s.hasRank()) {
            return s;
        }
        List<Dim> dims = new ArrayList<>(s.dims());
        dims.add(axis, Dim.of(1));
        return new Shape(dims);
    }
}
