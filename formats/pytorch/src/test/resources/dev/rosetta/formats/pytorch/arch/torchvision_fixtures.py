"""Makes torchvision models with random weights for the architecture-recognition tests.

Usage: torchvision_fixtures.py OUTDIR NAME...

For each NAME (a torchvision constructor such as resnet50, or narrow_basic / narrow_bottleneck,
two narrow ResNets built from torchvision's own blocks) it writes, in OUTDIR:
  NAME.pt       the state dict, saved with torch.save (only when under 64 MB, to spare the disk)
  NAME.bin      the same tensors' bytes back to back (little-endian, row-major)
  NAME.index    one line per tensor: key, dtype, offset, byte count, comma-separated shape
  NAME.io.pt    {"x": input, "y": model(x)} in eval mode
  NAME.onnx_ops one line per ONNX op type of torch.onnx.export(opset 13, no constant folding): OP COUNT
                (only for state dicts under 150 MB: exporting VGG's 530 MB costs more than it checks)
No download happens: every weight is random (batch-norm statistics too, so no layer is trivial).
"""
import collections
import os
import sys

import torch
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64"}


class NarrowResNet(ResNet):
    """torchvision's ResNet with arbitrary stem and layer widths (its blocks and _make_layer)."""

    def __init__(self, block, layers, widths, stem, num_classes, groups=1, width_per_group=64):
        torch.nn.Module.__init__(self)
        self._norm_layer = torch.nn.BatchNorm2d
        self.inplanes = stem
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = torch.nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(stem)
        self.relu = torch.nn.ReLU(inplace=True)
        self.maxpool = torch.nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = torch.nn.AdaptiveAvgPool2d((1, 1))
        self.fc = torch.nn.Linear(widths[3] * block.expansion, num_classes)


def make(name):
    if name == "narrow_basic":
        return NarrowResNet(BasicBlock, [1, 1, 1, 1], [8, 16, 24, 32], stem=8, num_classes=10), 64
    if name == "narrow_bottleneck":
        # layer1.0 needs no downsample: 16 input channels == 4 planes * 4, stride 1.
        return NarrowResNet(Bottleneck, [2, 1, 1, 1], [4, 8, 8, 16], stem=16, num_classes=5, groups=2,
                            width_per_group=32), 64
    model = getattr(torchvision.models, name)(weights=None)
    return model, (224 if name.startswith("vgg") else 64)


def randomize(model):
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.rand(m.bias.shape, generator=g) * 0.2 - 0.1)
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=g) * 0.2 - 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
                m.num_batches_tracked.fill_(3)


def main(out, names):
    torch.manual_seed(0)
    for name in names:
        model, side = make(name)
        randomize(model)
        model.eval()
        sd = model.state_dict()
        size = sum(t.numel() * t.element_size() for t in sd.values())
        if size < 64 << 20:
            torch.save(sd, os.path.join(out, name + ".pt"))
        offset = 0
        with open(os.path.join(out, name + ".bin"), "wb") as data, \
                open(os.path.join(out, name + ".index"), "w") as index:
            for key, t in sd.items():
                raw = t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
                shape = ",".join(str(d) for d in t.shape)
                index.write(f"{key}\t{DTYPES[t.dtype]}\t{offset}\t{len(raw)}\t{shape}\n")
                data.write(raw)
                offset += len(raw)
        x = torch.randn(2 if side < 224 else 1, 3, side, side, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            y = model(x)
        torch.save({"x": x, "y": y}, os.path.join(out, name + ".io.pt"))
        if size < 150 << 20:
            try:
                import onnx
                path = os.path.join(out, name + ".onnx")
                torch.onnx.export(model, x, path, opset_version=13, do_constant_folding=False)
                ops = collections.Counter(n.op_type for n in onnx.load(path, load_external_data=False).graph.node)
                os.remove(path)
                with open(os.path.join(out, name + ".onnx_ops"), "w") as f:
                    for op, count in sorted(ops.items()):
                        f.write(f"{op} {count}\n")
            except ImportError:
                pass
        print(name, "ok", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
