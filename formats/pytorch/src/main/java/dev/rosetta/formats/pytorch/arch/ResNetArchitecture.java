package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A recognized torchvision ResNet: its blocks, widths, groups and head, and the builder of its
 * graph, which follows {@code ResNet._forward_impl} and the blocks' {@code forward} node for node.
 *
 * @param prefix the key prefix ({@code ""} or e.g. {@code "module."})
 * @param dtype the weights' floating-point type, also used for activations
 * @param bottleneck Bottleneck blocks (conv1 1x1, conv2 3x3, conv3 1x1) rather than BasicBlocks
 * @param inChannels channels of the input image (3 for torchvision)
 * @param stem output channels of the 7x7 stem conv
 * @param layers the blocks of layer1..layer4
 * @param classes outputs of {@code fc}, or -1 when the state dict has no {@code fc}
 */
record ResNetArchitecture(String prefix, DType dtype, boolean bottleneck, long inChannels, long stem,
                          List<List<Block>> layers, long classes) implements Architecture {

    /**
     * One residual block.
     *
     * @param stride stride of the block's 3x3 conv (the second in a Bottleneck) and its downsample
     * @param groups groups of that 3x3 conv
     * @param width channels inside the block
     * @param outChannels channels the block produces
     * @param downsample whether the shortcut is a 1x1 conv + BN rather than the identity
     */
    record Block(int stride, long groups, long width, long outChannels, boolean downsample) {
    }

    @Override
    public String family() {
        return ResNetFamily.NAME;
    }

    @Override
    public String variant() {
        String name = ResNetFamily.standardName(this);
        return name == null ? "resnet-custom" : name;
    }

    /** Blocks per layer, e.g. [3, 4, 6, 3]. */
    List<Integer> blockCounts() {
        List<Integer> out = new ArrayList<>();
        layers.forEach(l -> out.add(l.size()));
        return out;
    }

    @Override
    public String description() {
        String name = ResNetFamily.standardName(this);
        String counts = blockCounts().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        StringBuilder sb = new StringBuilder();
        sb.append(name != null ? "torchvision " + name : "torchvision-style ResNet");
        sb.append(" (").append(bottleneck ? "Bottleneck " : "BasicBlock ").append(counts);
        long groups = layers.get(0).get(0).groups();
        if (name == null) {
            sb.append(", stem ").append(stem).append(", block outputs ").append(perLayer(Block::outChannels));
            if (bottleneck) {
                sb.append(", inner widths ").append(perLayer(Block::width));
            }
        }
        if (groups > 1) {
            sb.append(", groups ").append(groups);
        }
        if (inChannels != 3) {
            sb.append(", ").append(inChannels).append(" input channels");
        }
        sb.append(classes >= 0 ? ", " + classes + " classes" : ", no fc head").append(')');
        return sb.toString();
    }

    private String perLayer(java.util.function.ToLongFunction<Block> f) {
        return layers.stream().map(l -> String.valueOf(f.applyAsLong(l.get(l.size() - 1))))
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public void build(Graph weights, InputSize input) {
        GraphAssembler.buildAtomically(weights, prefix, dtype, asm -> {
            Value x = asm.input(inChannels, input);
            x = asm.conv("conv1", x, 2, 3, 1);
            x = asm.batchNorm("bn1", x);
            x = asm.relu("relu", x);
            x = asm.maxPool("maxpool", x, 3, 2, 1);
            for (int l = 0; l < layers.size(); l++) {
                List<Block> layer = layers.get(l);
                for (int b = 0; b < layer.size(); b++) {
                    x = block(asm, "layer" + (l + 1) + "." + b + ".", layer.get(b), x);
                }
            }
            x = asm.globalAveragePool("avgpool", x);
            x = asm.flatten("flatten", x);
            if (classes >= 0) {
                x = asm.linear("fc", x);
            }
            asm.output(x);
        });
    }

    private Value block(GraphAssembler asm, String p, Block b, Value x) {
        Value out;
        String finalRelu;
        if (bottleneck) {
            out = asm.relu(p + "relu", asm.batchNorm(p + "bn1", asm.conv(p + "conv1", x, 1, 0, 1)));
            out = asm.relu(p + "relu_1", asm.batchNorm(p + "bn2", asm.conv(p + "conv2", out, b.stride(), 1, b.groups())));
            out = asm.batchNorm(p + "bn3", asm.conv(p + "conv3", out, 1, 0, 1));
            finalRelu = p + "relu_2";
        } else {
            out = asm.relu(p + "relu", asm.batchNorm(p + "bn1", asm.conv(p + "conv1", x, b.stride(), 1, 1)));
            out = asm.batchNorm(p + "bn2", asm.conv(p + "conv2", out, 1, 1, 1));
            finalRelu = p + "relu_1";
        }
        Value identity = x;
        if (b.downsample()) {
            identity = asm.batchNorm(p + "downsample.1", asm.conv(p + "downsample.0", x, b.stride(), 0, 1));
        }
        return asm.relu(finalRelu, asm.add(p + "add", out, identity));
    }
}
