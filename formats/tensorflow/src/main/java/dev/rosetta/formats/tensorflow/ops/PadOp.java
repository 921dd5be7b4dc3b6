package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Pad}, {@code PadV2} and {@code MirrorPad} ({@code REFLECT}) with constant paddings: ONNX
 * {@code Pad}; TensorFlow's {@code [rank, 2]} begin/end pairs become {@code pads = [b1..bn, e1..en]},
 * {@code PadV2}'s constant the {@code value} attribute. A rank-4 input tagged NHWC passes
 * it on as the node's {@code layout} when channels-last (NCHW being the default).
 */
final class PadOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Pad", "PadV2", "MirrorPad");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        long[] p = ctx.requireInts(node, 1, "paddings");
        if (p.length % 2 != 0) {
            throw ctx.malformed(node, "paddings of " + p.length + " values; expected [rank, 2]");
        }
        int r = p.length / 2;
        long[] pads = new long[2 * r];
        for (int i = 0; i < r; i++) {
            pads[i] = p[2 * i];
            pads[i + r] = p[2 * i + 1];
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("pads", new Attribute.Ints(pads));
        switch (node.op()) {
            case "PadV2" -> attrs.put("value", new Attribute.Float(
                    (float) ctx.requireConstant(node, 2, "constant value").getDouble(0)));
            case "MirrorPad" -> {
                String mode = TfAttrs.string(node, "mode", "REFLECT");
                if (!mode.equals("REFLECT")) {
                    throw ctx.unsupported(node, "mode " + mode + " (only REFLECT has an ONNX equivalent)");
                }
                attrs.put("mode", new Attribute.Str("reflect"));
            }
            default -> attrs.put("mode", new Attribute.Str("constant"));
        }
        if (r == 4 && x.layout() == dev.rosetta.ir.Layout.NHWC) {
            attrs.put("layout", Spatial.layoutAttr(x.layout()));
        }
        ImportContext.tag(ctx.emit(node, "Pad", List.of(x), attrs), x.layout());
    }
}
