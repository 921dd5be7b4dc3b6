"""The Python peer of a Rosetta conversion: the same job done with real PyTorch, NumPy and h5py.

Usage: py_convert.py safetensors|h5|onnx|pt|npz STATE_DICT OUT

- safetensors: torch.load + the safetensors layout written with json + numpy (the safetensors
  package is not installed here; this is what it does: header, then tensors in order).
- h5: torch.load + h5py, one dataset per tensor, layouts permuted to Keras order (conv OIHW->HWIO,
  dense (out,in)->(in,out)) as a conversion script would.
- onnx: torchvision resnet50 + load_state_dict + torch.onnx.export (opset 17).
- pt: torch.load + torch.save (the state dict rewritten as it is).
- npz: torch.load + numpy.savez (one array per tensor, uncompressed).
"""
import json
import struct
import sys

import numpy as np
import torch


def to_safetensors(sd, out):
    names = {torch.float32: "F32", torch.float16: "F16", torch.float64: "F64", torch.int64: "I64",
             torch.int32: "I32", torch.uint8: "U8", torch.int8: "I8", torch.bool: "BOOL"}
    header, offset, arrays = {}, 0, []
    for k, t in sd.items():
        a = t.contiguous().numpy()
        header[k] = {"dtype": names[t.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
        arrays.append(a)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for a in arrays:
            f.write(a.tobytes())


def to_h5(sd, out):
    import h5py
    with h5py.File(out, "w") as f:
        for k, t in sd.items():
            a = t.numpy()
            if a.ndim == 4:
                a = a.transpose(2, 3, 1, 0)
            elif a.ndim == 2:
                a = a.T
            f.create_dataset(k, data=np.ascontiguousarray(a))


def to_onnx(sd, out):
    import torchvision
    m = torchvision.models.resnet50()
    m.load_state_dict(sd, strict=True)
    m.eval()
    torch.onnx.export(m, torch.randn(1, 3, 224, 224), out, opset_version=17, input_names=["input"],
                      output_names=["output"], do_constant_folding=False)


def to_pt(sd, out):
    torch.save(sd, out)


def to_npz(sd, out):
    np.savez(out, **{k: t.numpy() for k, t in sd.items()})


if __name__ == "__main__":
    kind, src, out = sys.argv[1:4]
    state = torch.load(src, map_location="cpu")
    {"safetensors": to_safetensors, "h5": to_h5, "onnx": to_onnx, "pt": to_pt, "npz": to_npz}[kind](state, out)
