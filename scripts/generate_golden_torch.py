#!/usr/bin/python3
"""Write Rosetta's PyTorch golden models into golden-models/.

Each model folder holds the same network in three forms, made by real PyTorch, plus a fixed
input and the output PyTorch computes for it:

    state_dict.pt    torch.save(model.state_dict()) in the zip format
    torchscript.pt   torch.jit.script(model), saved with torch.jit.save
    model.onnx       torch.onnx.export, opset 13, input "input", output "output",
                     BatchNormalization kept as nodes (no Conv+BN fusion, no constant folding)
    input.npy        float32, NCHW, seeded standard normal
    expected.npy     float32, the eager model's output on input.npy
    meta.json        what the model is and how it was made

Models:
    resnet_basic_narrow       torchvision ResNet, BasicBlock, layers [2,1,1,1], widths 8/16/32/64
    resnet_bottleneck_narrow  torchvision ResNet, Bottleneck, layers [2,1,1,1], widths 4/8/16/32
    convnet_flatten           conv -> BN -> ReLU -> MaxPool -> conv -> Flatten -> Linear, where the
                              Linear reads a 5 x 4 x 4 map (so the flatten order matters)

The ResNets subclass torchvision.models.resnet.ResNet with configurable widths, so their state-dict
keys are exactly torchvision's (checked against torchvision's own ResNet for the same block layout).
BatchNorm statistics and affine parameters are randomized: untrained defaults (mean 0, var 1,
weight 1, bias 0) make a BatchNorm an identity and hide conversion bugs.

The script checks what it writes: onnx.checker accepts model.onnx, a small NumPy evaluation of
model.onnx reproduces expected.npy, the state dict reloads into a fresh model that reproduces it,
and the TorchScript archive reloads and reproduces expected.npy bit for bit.

Deterministic: fixed seeds, CPU, one thread, torch.use_deterministic_algorithms(True), and
PYTHONHASHSEED=0 (the script re-executes itself with it), so every file is byte-identical from
run to run with the same library versions.

Usage:  /usr/bin/python3 scripts/generate_golden_torch.py [--out DIR] [--only NAME ...]
"""

import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO_ROOT, "golden-models")
OPSET = 13
MAX_FOLDER_BYTES = 2 * 1024 * 1024


def set_deterministic():
    """Pins everything that could make two runs differ."""
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


# --------------------------------------------------------------------------------------------
# Models


class NarrowResNet(ResNet):
    """torchvision's ResNet with configurable widths and the same attribute (state-dict) names.

    torchvision hard-codes 64/128/256/512 channels; this replicates ResNet.__init__ with
    `stem_width` for conv1/bn1 and `widths` for layer1..layer4, and reuses torchvision's own
    `_make_layer`, blocks and `forward`, so the module tree is torchvision's.
    """

    def __init__(self, block, layers, widths, stem_width, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = stem_width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64  # BasicBlock requires 64; for Bottleneck it keeps width == planes
        self.conv1 = nn.Conv2d(3, stem_width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem_width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


class ConvNetFlatten(nn.Module):
    """conv -> BN -> ReLU -> MaxPool -> conv -> Flatten -> Linear on a C x H x W map, H = W > 1.

    With a 12x12 input: conv1 (3->8, 3x3, pad 1) 12x12, pool 6x6, conv2 (8->5, 3x3, no pad) 4x4,
    so fc reads 5*4*4 = 80 features in PyTorch's C,H,W order. C differs from H and W so that a
    converter that flattens in H,W,C order without permuting fc's rows gets different numbers.
    """

    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(8, 5, kernel_size=3, padding=0, bias=True)
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(5 * 4 * 4, num_classes)

    def forward(self, x):
        x = self.pool(self.relu(self.bn1(self.conv1(x))))
        x = self.flatten(self.conv2(x))
        return self.fc(x)


def randomize_batchnorm(model, seed, calibration_input):
    """Gives every BatchNorm random affine parameters and non-trivial running statistics.

    Weight and bias are drawn first; the running statistics are then measured in train mode on
    seeded random batches (so every channel gets its own mean and variance, and activations stay
    of order one through deep networks) and finally perturbed per channel, the variance by a factor
    centred on 1 in log space so that the perturbations do not compound through deep networks.
    num_batches_tracked stays in the state dict and counts the calibration batches.
    """
    g = torch.Generator().manual_seed(seed)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            n = bn.num_features
            bn.weight.copy_(torch.rand(n, generator=g) + 0.5)  # U(0.5, 1.5)
            bn.bias.copy_(torch.randn(n, generator=g) * 0.2)
            bn.reset_running_stats()
            bn.momentum = None  # cumulative average over the calibration batches
        model.train()
        for batch in calibration_input:
            model(batch)
        for bn in bns:
            n = bn.num_features
            bn.momentum = 0.1
            std = bn.running_var.sqrt()
            bn.running_mean.add_(torch.randn(n, generator=g) * 0.1 * std)
            bn.running_var.mul_(torch.exp((torch.rand(n, generator=g) - 0.5) * 0.4))  # x e^U(-0.2, 0.2)
            bn.running_var.add_(1e-3)
    model.eval()
    return (f"weight ~ U(0.5, 1.5), bias ~ N(0, 0.2^2); running stats measured in train mode on "
            f"{len(calibration_input)} seeded random batches of {list(calibration_input[0].shape)}, then "
            f"perturbed per channel: mean + N(0, 0.1^2) * std, var * exp(U(-0.2, 0.2)) + 1e-3; seed {seed}")


def calibration_batches(seed, shape, count=4):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, generator=g) for _ in range(count)]


def torchvision_key_check(model, block, layers):
    """Fails unless `model` has exactly torchvision's state-dict keys for this block layout."""
    reference = ResNet(block, layers, num_classes=10)
    ours, theirs = set(model.state_dict().keys()), set(reference.state_dict().keys())
    if ours != theirs:
        raise AssertionError(
            f"state-dict keys differ from torchvision's: only ours {sorted(ours - theirs)}, "
            f"only torchvision {sorted(theirs - ours)}")
    return len(ours)


# --------------------------------------------------------------------------------------------
# A small NumPy evaluation of the exported ONNX graphs (onnx 1.12 has no reference evaluator and
# there is no onnxruntime for Python here). Covers exactly the operators these models export.


def _conv(x, w, b, strides, pads, group):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    if group != 1:
        raise NotImplementedError("grouped Conv")
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (x.shape[2] - kh) // strides[0] + 1
    ow = (x.shape[3] - kw) // strides[1] + 1
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]]
    y = np.matmul(w.reshape(m, -1).astype(np.float64), cols.reshape(n, c * kh * kw, oh * ow))
    y = y.reshape(n, m, oh, ow)
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def _maxpool(x, kernel, strides, pads):
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=-np.inf)
    oh = (x.shape[2] - kernel[0]) // strides[0] + 1
    ow = (x.shape[3] - kernel[1]) // strides[1] + 1
    y = np.full(x.shape[:2] + (oh, ow), -np.inf)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            y = np.maximum(y, x[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]])
    return y


def evaluate_onnx(model, feeds):
    """Runs an ONNX graph of Conv/BatchNormalization/Relu/MaxPool/Add/pooling/Flatten/Gemm."""
    env = {t.name: onnx.numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    env.update({k: v.astype(np.float64) for k, v in feeds.items()})
    for node in model.graph.node:
        a = {att.name: onnx.helper.get_attribute_value(att) for att in node.attribute}
        x = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Conv":
            k = len(x[1].shape) - 2
            y = _conv(x[0], x[1], x[2] if len(x) > 2 else None, a.get("strides", [1] * k),
                      a.get("pads", [0] * 2 * k), a.get("group", 1))
            if a.get("dilations", [1] * k) != [1] * k:
                raise NotImplementedError("dilated Conv")
        elif op == "BatchNormalization":
            scale, bias, mean, var = (v.reshape(1, -1, 1, 1) for v in x[1:5])
            y = (x[0] - mean) / np.sqrt(var + a.get("epsilon", 1e-5)) * scale + bias
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "MaxPool":
            k = a["kernel_shape"]
            y = _maxpool(x[0], k, a.get("strides", [1] * len(k)), a.get("pads", [0] * 2 * len(k)))
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "GlobalAveragePool":
            y = x[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            axis = a.get("axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)
        elif op == "Gemm":
            aa = x[0].T if a.get("transA", 0) else x[0]
            bb = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * aa @ bb
            if len(x) > 2 and x[2] is not None:
                y = y + a.get("beta", 1.0) * x[2]
        else:
            raise NotImplementedError(f"NumPy check does not evaluate ONNX op {op}")
        env[node.output[0]] = y
    return {o.name: env[o.name] for o in model.graph.output}


# --------------------------------------------------------------------------------------------
# Writing and checking one folder


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


def write_model_folder(folder, model, example, description, architecture, make_fresh,
                       size_limit=MAX_FOLDER_BYTES, onnx_numeric_check=True, name=None):
    """Writes the files listed in the module docstring for `model` (in eval mode) and checks them.

    `make_fresh` builds an untrained model of the same architecture, used to check that
    state_dict.pt loads back with strict key matching and reproduces the expected output.
    """
    os.makedirs(folder, exist_ok=True)
    model.eval()
    with torch.no_grad():
        expected = model(example).contiguous()
    x_np = example.numpy().astype(np.float32)
    y_np = expected.numpy().astype(np.float32)

    np.save(os.path.join(folder, "input.npy"), x_np)
    np.save(os.path.join(folder, "expected.npy"), y_np)

    sd_path = os.path.join(folder, "state_dict.pt")
    torch.save(model.state_dict(), sd_path)  # zip format is the default since 1.6

    ts_path = os.path.join(folder, "torchscript.pt")
    scripted = torch.jit.script(model)
    torch.jit.save(scripted, ts_path)

    onnx_path = os.path.join(folder, "model.onnx")
    # TrainingMode.PRESERVE on a model in eval mode exports inference-mode BatchNormalization
    # nodes and, unlike TrainingMode.EVAL, skips the peephole pass that folds BN into Conv.
    torch.onnx.export(
        model, (example,), onnx_path,
        export_params=True, opset_version=OPSET, do_constant_folding=False,
        training=torch.onnx.TrainingMode.PRESERVE, keep_initializers_as_inputs=False,
        input_names=["input"], output_names=["output"])

    # --- checks -------------------------------------------------------------------------
    onnx_model = onnx.load(onnx_path)
    onnx.checker.check_model(onnx_model, full_check=True)
    ops = collections.Counter(n.op_type for n in onnx_model.graph.node)
    bns = sum(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    if ops.get("BatchNormalization", 0) != bns:
        raise AssertionError(f"{folder}: ONNX has {ops.get('BatchNormalization', 0)} "
                             f"BatchNormalization nodes, the model has {bns} BatchNorm2d")
    if onnx_numeric_check:
        got = evaluate_onnx(onnx_model, {"input": x_np})["output"]
        err = float(np.max(np.abs(got - y_np)))
        scale = float(np.max(np.abs(y_np)))
        if err > 1e-4 * max(1.0, scale):
            raise AssertionError(f"{folder}: NumPy evaluation of model.onnx is off by {err}")

    reloaded = torch.jit.load(ts_path)
    with torch.no_grad():
        ts_out = reloaded(example).numpy()
    if not np.array_equal(ts_out, y_np):
        raise AssertionError(f"{folder}: TorchScript reload differs, max abs "
                             f"{np.max(np.abs(ts_out - y_np))}")

    fresh = make_fresh()
    fresh.load_state_dict(torch.load(sd_path), strict=True)
    fresh.eval()
    with torch.no_grad():
        sd_out = fresh(example).numpy()
    if not np.array_equal(sd_out, y_np):
        raise AssertionError(f"{folder}: state_dict reload differs")

    state = model.state_dict()
    meta = {
        "name": name or os.path.basename(os.path.normpath(folder)),
        "description": description,
        "architecture": architecture,
        "layout": "NCHW",
        "inputs": [{"name": "input", "dtype": "float32", "shape": list(x_np.shape), "file": "input.npy"}],
        "outputs": [{"name": "output", "dtype": "float32", "shape": list(y_np.shape), "file": "expected.npy"}],
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "state_dict": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape)}
                       for k, v in state.items()},
        "onnx": {"opset": OPSET, "op_histogram": dict(sorted(ops.items())),
                 "export": "torch.onnx.export(export_params=True, do_constant_folding=False, "
                           "training=TrainingMode.PRESERVE on an eval-mode model)"},
        "torchscript": "torch.jit.script(model), torch.jit.save",
        "made_by": {"script": "scripts/" + os.path.basename(sys.argv[0]),
                    "torch": torch.__version__, "torchvision": torchvision.__version__,
                    "onnx": onnx.__version__, "numpy": np.__version__,
                    "device": "cpu", "threads": torch.get_num_threads(),
                    "deterministic_algorithms": torch.are_deterministic_algorithms_enabled()},
        "checks": ["onnx.checker.check_model(full_check=True)",
                   "BatchNormalization node count equals BatchNorm2d module count",
                   *(["NumPy evaluation of model.onnx matches expected.npy (1e-4)"] if onnx_numeric_check else []),
                   "torch.jit.load(torchscript.pt) reproduces expected.npy exactly",
                   "state_dict.pt loads strictly into a fresh model and reproduces expected.npy exactly"],
        "sha256": {"input.npy": _sha256(os.path.join(folder, "input.npy")),
                   "expected.npy": _sha256(os.path.join(folder, "expected.npy"))},
    }
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    size = _folder_bytes(folder)
    if size_limit is not None and size > size_limit:
        raise AssertionError(f"{folder} is {size} bytes, over the {size_limit}-byte limit")
    print(f"{folder}: input {list(x_np.shape)} -> output {list(y_np.shape)}, "
          f"{meta['parameters']} parameters, {size} bytes, ONNX ops {dict(ops)}")
    return meta


# --------------------------------------------------------------------------------------------
# The golden models


def make_resnet(out, name, block, layers, widths, stem_width, seed, description):
    def build():
        return NarrowResNet(block, layers, widths, stem_width, num_classes=10)

    torch.manual_seed(seed)
    model = build()
    keys = torchvision_key_check(model, block, layers)
    bn_note = randomize_batchnorm(model, seed + 1, calibration_batches(seed + 2, (8, 3, 32, 32)))
    example = torch.randn((2, 3, 32, 32), generator=torch.Generator().manual_seed(seed + 3))
    architecture = {
        "family": "torchvision.models.resnet.ResNet (NarrowResNet subclass, same module names)",
        "block": block.__name__, "expansion": block.expansion, "layers": layers,
        "stem_width": stem_width, "widths": widths,
        "out_channels": [w * block.expansion for w in widths], "num_classes": 10,
        "state_dict_keys_equal_torchvision": True, "state_dict_key_count": keys,
        "batchnorm": bn_note, "seed": seed,
    }
    write_model_folder(os.path.join(out, name), model, example, description, architecture, build)


def make_convnet(out, seed):
    torch.manual_seed(seed)
    model = ConvNetFlatten()
    bn_note = randomize_batchnorm(model, seed + 1, calibration_batches(seed + 2, (8, 3, 12, 12)))
    example = torch.randn((2, 3, 12, 12), generator=torch.Generator().manual_seed(seed + 3))
    architecture = {
        "layers": ["conv1: Conv2d(3, 8, 3x3, pad 1, no bias)", "bn1: BatchNorm2d(8)", "relu: ReLU",
                   "pool: MaxPool2d(2, stride 2)", "conv2: Conv2d(8, 5, 3x3, no pad)",
                   "flatten: Flatten(1)", "fc: Linear(80, 10)"],
        "flatten_input_chw": [5, 4, 4],
        "note": "fc.weight columns are in C,H,W order; an NHWC target must permute them",
        "batchnorm": bn_note, "seed": seed,
    }
    write_model_folder(os.path.join(out, "convnet_flatten"), model, example,
                       "conv -> BatchNorm -> ReLU -> MaxPool -> conv -> Flatten -> Linear on a 12x12 input",
                       architecture, ConvNetFlatten)


def pin_hash_seed():
    """Re-runs this script with PYTHONHASHSEED=0 unless already set so.

    TorchScript writes a module's __constants__ (a Python set of strings) in set order, which
    follows the per-process string hash seed; pinning it makes torchscript.pt byte-identical
    from run to run.
    """
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]], env)


def main():
    pin_hash_seed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: golden-models/)")
    parser.add_argument("--only", nargs="*", help="model names to write (default: all)")
    args = parser.parse_args()
    set_deterministic()

    makers = {
        "resnet_basic_narrow": lambda: make_resnet(
            args.out, "resnet_basic_narrow", BasicBlock, [2, 1, 1, 1], [8, 16, 32, 64], 8, 1000,
            "torchvision ResNet with BasicBlock, layers [2,1,1,1], widths 8/16/32/64, 10 classes, "
            "32x32 input: identity blocks in layer1, downsample blocks in layer2..layer4"),
        "resnet_bottleneck_narrow": lambda: make_resnet(
            args.out, "resnet_bottleneck_narrow", Bottleneck, [2, 1, 1, 1], [4, 8, 16, 32], 8, 2000,
            "torchvision ResNet with Bottleneck (expansion 4), layers [2,1,1,1], widths 4/8/16/32 "
            "(outputs 16/32/64/128), 10 classes, 32x32 input: a downsample block opens every layer, "
            "layer1.1 is an identity block"),
        "convnet_flatten": lambda: make_convnet(args.out, 3000),
    }
    names = args.only or list(makers)
    for name in names:
        if name not in makers:
            parser.error(f"unknown model {name}; known: {', '.join(makers)}")
    if len(names) == 1:
        makers[names[0]]()
        return
    # One process per model: TorchScript numbers the classes it compiles per process
    # (___torch_mangle_N), so this keeps each torchscript.pt independent of the others.
    for name in names:
        subprocess.run([sys.executable, os.path.abspath(sys.argv[0]), "--out", args.out, "--only", name],
                       check=True)


if __name__ == "__main__":
    main()
