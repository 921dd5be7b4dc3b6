"""Reads a safetensors file with only json + numpy, checking the specification, and prints JSON.

Usage: read_safetensors.py FILE.safetensors

Checks: the little-endian u64 header length fits the file; the header is UTF-8 JSON beginning
with '{'; the offsets tile the data region exactly; each tensor's byte span matches dtype and
shape. Prints {"header_length", "metadata", "tensors": {name: {dtype, shape, values, offset}}},
values decoded with np.frombuffer at the stated offsets (bfloat16 widened through its bits).
"""
import json
import struct
import sys

import numpy as np

NUMPY = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "I8": "i1", "U8": "u1", "I16": "<i2",
         "I32": "<i4", "I64": "<i8", "BOOL": "?", "BF16": "<u2"}


def main(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    assert 8 + n <= len(blob), "header length past the end"
    text = blob[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "header must begin with '{'"
    header = json.loads(text)
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    cursor = 0
    for begin, end, name in spans:
        assert begin == cursor, f"tensor {name} begins at {begin}, expected {cursor}"
        cursor = end
    assert cursor == len(data), f"data region has {len(data)} bytes, tensors cover {cursor}"
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dt = np.dtype(NUMPY[info["dtype"]])
        count = int(np.prod(info["shape"], dtype=np.int64)) if info["shape"] else 1
        assert end - begin == count * dt.itemsize, f"tensor {name}: span disagrees with shape"
        arr = np.frombuffer(data, dtype=dt, count=count, offset=begin)
        if info["dtype"] == "BF16":
            arr = (arr.astype("<u4") << 16).view("<f4")
        values = [int(v) if info["dtype"] == "BOOL" else v for v in arr.tolist()]
        out[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": values, "offset": begin}
    json.dump({"header_length": n, "metadata": metadata, "tensors": out}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
