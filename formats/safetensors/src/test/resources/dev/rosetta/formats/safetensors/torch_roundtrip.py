"""Round trip of a real torchvision state dict through Rosetta's safetensors reader and writer.

Usage: torch_roundtrip.py make DIR    writes DIR/orig.pt (torch.save) and DIR/in.safetensors
       torch_roundtrip.py check DIR   reads DIR/out.safetensors (written by Rosetta) and loads it into
                                      a fresh torchvision resnet18 with load_state_dict(strict=True)

There is no safetensors package here, so both directions use an independent json + numpy
implementation of the format. check exits 0 only when every tensor is bit-identical to orig.pt,
dtype and shape included.
"""
import json
import struct
import sys

import numpy as np
import torch
import torchvision

TO_ST = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16", torch.bfloat16: "BF16"}
FROM_ST = {"F32": torch.float32, "I64": torch.int64, "F16": torch.float16, "BF16": torch.bfloat16}


def model():
    torch.manual_seed(0)
    m = torchvision.models.resnet18(weights=None, num_classes=17)
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
                mod.num_batches_tracked.fill_(11)
    return m


def raw_bytes(t):
    if t.dtype == torch.bfloat16:
        return t.contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
    return t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def make(d):
    sd = model().state_dict()
    torch.save(sd, f"{d}/orig.pt")
    header, data = {"__metadata__": {"format": "pt"}}, bytearray()
    for k, t in sd.items():
        raw = raw_bytes(t)
        header[k] = {"dtype": TO_ST[t.dtype], "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    with open(f"{d}/in.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + bytes(data))


def check(d):
    with open(f"{d}/out.safetensors", "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    sd = {}
    for k, info in header.items():
        begin, end = info["data_offsets"]
        dt = FROM_ST[info["dtype"]]
        if dt == torch.bfloat16:
            arr = np.frombuffer(data[begin:end], dtype="<i2").copy()
            t = torch.from_numpy(arr).view(torch.bfloat16)
        else:
            arr = np.frombuffer(data[begin:end], dtype=torch.empty(0, dtype=dt).numpy().dtype.newbyteorder("<")).copy()
            t = torch.from_numpy(arr)
        sd[k] = t.reshape(info["shape"])
    m = torchvision.models.resnet18(weights=None, num_classes=17)
    m.load_state_dict(sd, strict=True)
    orig = torch.load(f"{d}/orig.pt")
    bad = [k for k, v in orig.items() if v.dtype != sd[k].dtype or v.shape != sd[k].shape or not torch.equal(v, sd[k])]
    if bad or meta.get("format") != "pt":
        print("differ:", bad[:5], meta)
        sys.exit(1)
    print(f"{len(orig)} tensors bit-identical after load_state_dict(strict=True)")


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](sys.argv[2])
