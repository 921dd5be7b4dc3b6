package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * A recognized torchvision MobileNetV2 and the builder of its graph: ReLU6 is ONNX
 * {@code Clip(x, 0, 6)}, depthwise convs have {@code group} = channels, the classifier's Dropout
 * is omitted (inference), and the pooling is a global average pool as in torchvision's forward.
 *
 * @param lastFeature index of the final 1x1 conv in {@code features}
 * @param standard whether widths and expansions are exactly {@code mobilenet_v2()}'s
 */
record MobileNetV2Architecture(String prefix, DType dtype, long inChannels, long stem, List<Block> blocks,
                               int lastFeature, long lastChannels, long classes, boolean standard)
        implements Architecture {

    /**
     * One inverted residual block, {@code features.<index>}.
     *
     * @param expand whether it has the 1x1 expansion conv (expansion ratio not 1)
     * @param hidden channels of the depthwise conv
     * @param residual whether it adds its input back
     */
    record Block(int index, boolean expand, long hidden, long outChannels, int stride, boolean residual) {
    }

    @Override
    public String family() {
        return MobileNetV2Family.NAME;
    }

    @Override
    public String variant() {
        return standard ? "mobilenet_v2" : "mobilenet_v2-custom";
    }

    @Override
    public String description() {
        String head = standard ? "torchvision mobilenet_v2 (" : "torchvision-style MobileNetV2 (";
        String widths = standard ? "" : ", stem " + stem + ", last " + lastChannels + " channels";
        String in = inChannels == 3 ? "" : ", " + inChannels + " input channels";
        return head + blocks.size() + " inverted residual blocks" + widths + in + ", " + classes + " classes)";
    }

    @Override
    public void build(Graph weights, InputSize input) {
        GraphAssembler.buildAtomically(weights, prefix, dtype, asm -> {
            Value x = asm.input(inChannels, input);
            x = convBnRelu6(asm, "features.0.", x, 2, 1, 1);
            for (Block b : blocks) {
                String p = "features." + b.index() + ".conv.";
                Value out;
                if (b.expand()) {
                    out = convBnRelu6(asm, p + "0.", x, 1, 0, 1);
                    out = convBnRelu6(asm, p + "1.", out, b.stride(), 1, b.hidden());
                    out = asm.batchNorm(p + "3", asm.conv(p + "2", out, 1, 0, 1));
                } else {
                    out = convBnRelu6(asm, p + "0.", x, b.stride(), 1, b.hidden());
                    out = asm.batchNorm(p + "2", asm.conv(p + "1", out, 1, 0, 1));
                }
                x = b.residual() ? asm.add("features." + b.index() + ".add", x, out) : out;
            }
            x = convBnRelu6(asm, "features." + lastFeature + ".", x, 1, 0, 1);
            x = asm.globalAveragePool("avgpool", x);
            x = asm.flatten("flatten", x);
            x = asm.linear("classifier.1", x);
            asm.output(x);
        });
    }

    /** torchvision's Conv2dNormActivation: conv {@code p0}, BN {@code p1}, ReLU6 {@code p2}. */
    private static Value convBnRelu6(GraphAssembler asm, String p, Value x, int stride, int pad, long groups) {
        return asm.relu6(p + "2", asm.batchNorm(p + "1", asm.conv(p + "0", x, stride, pad, groups)));
    }
}
