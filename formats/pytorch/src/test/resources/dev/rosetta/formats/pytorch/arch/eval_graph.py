"""Executes a Rosetta graph, dumped as JSON, with ONNX semantics written in torch.nn.functional,
and compares its output with the real torchvision model's.

Usage: eval_graph.py FIXTURES_DIR NAME...

For each NAME, the graph comes from NAME.graph.json (written by the Java test), the weights from
BASE.bin/BASE.index, where BASE is NAME up to a '+' (so "resnet18+mutant" runs a deliberately
broken graph against resnet18's weights, as a negative control) and the input and reference output from NAME.io.pt (see
torchvision_fixtures.py). Every op is interpreted by its ONNX definition (input order,
attributes), independently of how Rosetta built it, so a wrong wire or attribute shows up as a
numeric mismatch. Prints one line per NAME, "NAME ok|FAIL max_abs_diff=... scale=...",
FAIL when the difference exceeds 1e-4 of the output's scale (or "NAME error ..." when the graph
cannot run), and always exits 0 once every NAME was tried.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

NUMPY = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8"}


def load_weights(directory, name):
    data = np.memmap(os.path.join(directory, name + ".bin"), dtype=np.uint8, mode="r")
    out = {}
    with open(os.path.join(directory, name + ".index")) as f:
        for line in f:
            key, dt, offset, nbytes, shape = line.rstrip("\n").split("\t")
            dims = [int(d) for d in shape.split(",")] if shape else []
            arr = np.frombuffer(data, dtype=NUMPY[dt], count=int(nbytes) // np.dtype(NUMPY[dt]).itemsize,
                                offset=int(offset)).reshape(dims)
            out[key] = torch.from_numpy(arr.copy())
    return out


def pads2(a):
    p = a.get("pads", [0, 0, 0, 0])
    assert p[0] == p[2] and p[1] == p[3], f"asymmetric pads {p}"
    return p[:2]


def run(graph, env):
    for n in graph["nodes"]:
        op, a = n["op"], n["attrs"]
        x = [env[i] if i is not None else None for i in n["inputs"]]
        if op == "Conv":
            y = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a["strides"], padding=pads2(a),
                         dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
        elif op == "BatchNormalization":  # inputs X, scale, B, mean, var
            y = F.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0, a.get("epsilon", 1e-5))
        elif op == "Relu":
            y = F.relu(x[0])
        elif op == "Clip":
            y = torch.clamp(x[0], float(x[1]), float(x[2]))
        elif op == "Constant":
            v = a["value"]
            y = torch.tensor(v["values"], dtype=torch.float32).reshape(v["shape"])
        elif op == "MaxPool":
            y = F.max_pool2d(x[0], a["kernel_shape"], a.get("strides", [1, 1]), pads2(a))
        elif op == "AveragePool":
            y = F.avg_pool2d(x[0], a["kernel_shape"], a.get("strides", [1, 1]), pads2(a), count_include_pad=False)
        elif op == "GlobalAveragePool":
            y = x[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Flatten":
            axis = a.get("axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)
        elif op == "Gemm":
            A = x[0].T if a.get("transA", 0) else x[0]
            B = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * (A @ B)
            if len(x) > 2 and x[2] is not None:
                y = y + a.get("beta", 1.0) * x[2]
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "Identity":
            y = x[0]
        else:
            raise SystemExit(f"unknown op {op} in node {n['name']}")
        assert len(n["outputs"]) == 1
        env[n["outputs"][0]] = y
    return env[graph["outputs"][0]]


def check(directory, name):
    with open(os.path.join(directory, name + ".graph.json")) as f:
        graph = json.load(f)
    base = name.split("+")[0]
    env = load_weights(directory, base)
    io = torch.load(os.path.join(directory, base + ".io.pt"))
    env[graph["inputs"][0]] = io["x"]
    with torch.no_grad():
        out = run(graph, env)
    expected = io["y"]
    if tuple(out.shape) != tuple(expected.shape):
        return f"FAIL shape {tuple(out.shape)} != {tuple(expected.shape)}"
    diff = (out - expected).abs().max().item()
    scale = expected.abs().max().item()
    verdict = "ok" if diff <= 1e-4 * max(scale, 1.0) else "FAIL"
    return f"{verdict} max_abs_diff={diff:.3g} scale={scale:.3g}"


def main(directory, names):
    for name in names:
        try:
            result = check(directory, name)
        except Exception as e:  # reported per model; the Java test fails that model
            result = f"error {type(e).__name__}: {e}"
        print(name, result, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
