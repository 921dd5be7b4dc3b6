#!/usr/bin/python3
"""Real-PyTorch oracle for Rosetta's PyTorch format tests.

Usage:
    torch_oracle.py make OUTDIR        write test files made by real torch.save, each with a .ref
                                       file listing its tensors (flattened, dotted names)
    torch_oracle.py dump FILE...       print the tensors of existing files in the .ref format
    torch_oracle.py check MANIFEST     each manifest line is "written<TAB>original<TAB>key": load
                                       `written` with torch.load(weights_only=True) and compare it
                                       bit for bit (names, dtypes, shapes, bytes) with the entry
                                       `key` (a dotted path, empty for all) of torch.load(original)

The .ref format: one line per tensor, "T<TAB>name<TAB>dtype<TAB>d0,d1,...<TAB>hex of the
contiguous little-endian bytes"; "E<TAB>message" when torch itself cannot load the file.
"""
import collections
import io
import os
import pickle
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn


def flatten(obj, prefix, out):
    if isinstance(obj, torch.Tensor):
        out[prefix or "tensor"] = obj
        return
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, (list, tuple)):
        items = enumerate(obj)
    else:
        return
    for k, v in items:
        flatten(v, f"{prefix}.{k}" if prefix else str(k), out)


def tensor_bytes(t):
    return t.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()


def load_any(path):
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception:
        return torch.load(path, map_location="cpu", weights_only=False)


def ref_lines(path):
    try:
        obj = load_any(path)
    except Exception as e:  # torch itself refuses the file
        return ["E\t" + (type(e).__name__ + ": " + str(e)).replace("\n", " ")[:300]]
    return ref_lines_of(obj)


def ref_lines_of(obj):
    out = collections.OrderedDict()
    flatten(obj, "", out)
    return ["T\t%s\t%s\t%s\t%s" % (k, str(t.dtype)[len("torch."):], ",".join(str(d) for d in t.shape),
                                   tensor_bytes(t).hex()) for k, t in out.items()]


def save_both(objs, outdir, name, **kw):
    torch.save(objs, os.path.join(outdir, "zip_" + name + ".pt"), **kw)
    torch.save(objs, os.path.join(outdir, "legacy_" + name + ".pt"), _use_new_zipfile_serialization=False, **kw)


def all_dtypes():
    g = torch.Generator().manual_seed(1)
    special = torch.tensor([0.0, -0.0, 1.5, float("inf"), float("-inf"), float("nan"), 1e-8, -65504.0])
    d = collections.OrderedDict()
    d["float32"] = torch.cat([special, torch.randn(5, generator=g)])
    d["float16"] = d["float32"].to(torch.float16)
    d["bfloat16"] = d["float32"].to(torch.bfloat16)
    d["float64"] = torch.randn(2, 3, generator=g, dtype=torch.float64)
    d["int8"] = torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8)
    d["uint8"] = torch.tensor([0, 1, 128, 255], dtype=torch.uint8)
    d["int16"] = torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16)
    d["int32"] = torch.tensor([[-2**31, 0], [1, 2**31 - 1]], dtype=torch.int32)
    d["int64"] = torch.tensor([-2**63, -1, 0, 2**63 - 1], dtype=torch.int64)
    d["bool"] = torch.tensor([[True, False, True]])
    return d


def views():
    g = torch.Generator().manual_seed(2)
    base = torch.arange(100, dtype=torch.float32)
    return {
        "slice": base[10:20],
        "view2d": base[40:60].view(4, 5),
        "base": base,
        "transposed": torch.randn(3, 4, generator=g).t(),
        "expanded": torch.randn(3, 1, generator=g).expand(3, 4),
        "permuted": torch.randn(2, 3, 4, 5, generator=g).permute(0, 2, 3, 1),
        "channels_last": torch.randn(2, 3, 4, 5, generator=g).to(memory_format=torch.channels_last),
        "stepped": torch.arange(50, dtype=torch.int64)[::3],
        "narrow_col": torch.randn(4, 6, generator=g)[:, 1:3],
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "half_t": torch.randn(5, 2, generator=g).to(torch.float16).t(),
        "bf16_t": torch.randn(5, 2, generator=g).to(torch.bfloat16).t(),
        "bool_t": (torch.randn(3, 2, generator=g) > 0).t(),
    }


def shared():
    g = torch.Generator().manual_seed(3)
    w = torch.randn(4, 4, generator=g)
    return {"a": w, "b": w, "row1": w[1], "flat": w.view(16), "col2": w[:, 2]}


def small_net():
    torch.manual_seed(4)
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4, 2))
    with torch.no_grad():
        net[1].running_mean.uniform_(-1, 1)
        net[1].running_var.uniform_(0.5, 2)
        net[1].num_batches_tracked.fill_(7)
    return net


def make_big_endian(src, dst):
    """Rewrite a zip torch.save file as a big-endian machine would have written it."""
    storage_types = {}

    class Recorder(pickle.Unpickler):
        def find_class(self, mod, name):
            if "Storage" in name:
                return name
            if (mod, name) == ("collections", "OrderedDict"):
                return collections.OrderedDict
            return lambda *a, **k: None

        def persistent_load(self, pid):
            storage_types[pid[2]] = pid[1]
            return None

    sizes = {"FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2, "DoubleStorage": 8, "LongStorage": 8,
             "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1}
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        prefix = [n for n in names if n.endswith("data.pkl")][0][:-len("data.pkl")]
        Recorder(io.BytesIO(zin.read(prefix + "data.pkl"))).load()
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
            for n in names:
                data = zin.read(n)
                if n == prefix + "byteorder":
                    data = b"big"
                elif n.startswith(prefix + "data/"):
                    es = sizes[storage_types[n[len(prefix + "data/"):]]]
                    if es > 1:
                        data = np.frombuffer(data, dtype="<u%d" % es).byteswap().tobytes()
                zout.writestr(n, data)
            if prefix + "byteorder" not in names:
                zout.writestr(prefix + "byteorder", b"big")


def make(outdir):
    os.makedirs(outdir, exist_ok=True)
    save_both(all_dtypes(), outdir, "dtypes")
    save_both(views(), outdir, "views")
    save_both(shared(), outdir, "shared")
    net = small_net()
    save_both(net.state_dict(), outdir, "module_state")
    save_both({"p": nn.Parameter(torch.randn(3)), "q": nn.Parameter(torch.ones(2, 2), requires_grad=False)}, outdir, "params")
    t = torch.randn(2, 3)
    checkpoint = {
        "model": net.state_dict(),
        "optimizer": {"state": {0: {"momentum_buffer": torch.ones(4, 3, 3, 3)}},
                      "param_groups": [{"lr": 0.1, "params": [0, 1]}]},
        "epoch": 3, "best": 0.5, "name": "run1", "dtype": torch.float16, "device": torch.device("cpu"),
        "shape": t.shape, "tags": {"a", "b"}, "blob": b"xyz", "big": 2**70, "none": None,
        "np_acc": np.float64(0.93), "np_array": np.arange(3), "np_dtype": np.dtype("float32"),
    }
    save_both(checkpoint, outdir, "checkpoint")
    save_both({"encoder": {"layer0": {"weight": torch.randn(3, 2), "bias": torch.randn(3)}},
               "decoder": {"weight": torch.randn(2, 3)}}, outdir, "nested")
    save_both([torch.randn(2), torch.arange(3)], outdir, "list_root")
    save_both(torch.randn(2, 2), outdir, "tensor_root")
    save_both(all_dtypes(), outdir, "proto4", pickle_protocol=4)
    save_both(nn.Linear(2, 3), outdir, "whole_module")
    scripted = torch.jit.script(net)
    scripted.save(os.path.join(outdir, "script_net.ts"))
    with open(os.path.join(outdir, "script_net.ts.ref"), "w") as out:
        out.write("\n".join(ref_lines_of(net.state_dict())) + "\n")
    make_big_endian(os.path.join(outdir, "zip_dtypes.pt"), os.path.join(outdir, "zip_bigendian_dtypes.pt"))
    make_big_endian(os.path.join(outdir, "zip_views.pt"), os.path.join(outdir, "zip_bigendian_views.pt"))
    for f in sorted(os.listdir(outdir)):
        if f.endswith(".pt"):
            src = f.replace("bigendian_", "")  # torch 1.13 ignores byteorder: take values from the twin
            with open(os.path.join(outdir, f + ".ref"), "w") as out:
                out.write("\n".join(ref_lines(os.path.join(outdir, src))) + "\n")
    print("made", outdir)


def select(obj, key):
    for part in [p for p in key.split(".") if p] if key else []:
        if isinstance(obj, dict):
            obj = obj[part] if part in obj else obj[int(part)]
        else:
            obj = obj[int(part)]
    return obj


def check(manifest):
    failures = 0
    with open(manifest) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for written, original, key in lines:
        try:
            got = torch.load(written, map_location="cpu", weights_only=True)
        except Exception as e:
            print("FAIL\t%s\tweights_only load failed: %s" % (written, str(e).replace("\n", " ")[:300]))
            failures += 1
            continue
        if not isinstance(got, collections.OrderedDict):
            print("FAIL\t%s\tloaded a %s, not an OrderedDict" % (written, type(got).__name__))
            failures += 1
            continue
        want = collections.OrderedDict()
        flatten(select(load_any(original), key), "", want)
        problems = []
        if list(got.keys()) != list(want.keys()):
            problems.append("keys differ: %s vs %s" % (list(got.keys())[:8], list(want.keys())[:8]))
        for k in want:
            if k not in got:
                continue
            a, b = got[k], want[k]
            if a.dtype != b.dtype or tuple(a.shape) != tuple(b.shape):
                problems.append("%s: %s%s vs %s%s" % (k, a.dtype, tuple(a.shape), b.dtype, tuple(b.shape)))
            elif tensor_bytes(a) != tensor_bytes(b):
                problems.append("%s: bytes differ" % k)
            elif not a.is_contiguous():
                problems.append("%s: not contiguous" % k)
            elif a.dtype.is_floating_point and not torch.equal(a[~a.isnan()], b[~b.isnan()]):
                problems.append("%s: torch.equal is false" % k)
            elif not a.dtype.is_floating_point and not torch.equal(a, b):
                problems.append("%s: torch.equal is false" % k)
        if problems:
            failures += 1
            print("FAIL\t%s\t%s" % (written, "; ".join(problems)[:1000]))
        else:
            print("OK\t%s\t%d tensors" % (written, len(want)))
    print("DONE\t%d failures" % failures)


if __name__ == "__main__":
    torch.set_num_threads(1)
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "dump":
        for p in sys.argv[2:]:
            print("FILE\t" + p)
            print("\n".join(ref_lines(p)))
    elif cmd == "check":
        check(sys.argv[2])
    else:
        sys.exit("unknown command " + cmd)
