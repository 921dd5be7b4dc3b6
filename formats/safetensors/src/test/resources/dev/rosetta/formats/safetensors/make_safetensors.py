"""Writes a safetensors file byte by byte, following the specification, with only json + numpy.

Usage: make_safetensors.py OUT.safetensors EXPECTED.json

This is an independent writer (no safetensors package): 8-byte little-endian header length, a UTF-8
JSON header (keys deliberately not in offset order, not padded), then the little-endian data, fully
indexed. EXPECTED.json lists every tensor's dtype, shape and values as Python numbers, and the
metadata, for the Java test to compare against.
"""
import json
import struct
import sys

import numpy as np


def bf16_bits(values):
    """bfloat16 bit patterns of float32 values exactly representable in bfloat16."""
    f = np.asarray(values, dtype="<f4")
    bits = f.view("<u4")
    assert np.all(bits & 0xFFFF == 0), "values must be exact in bfloat16"
    return (bits >> 16).astype("<u2")


def main(out_path, expected_path):
    rng = np.random.default_rng(1234)
    tensors = []  # (name, dtype name, shape, little-endian bytes, python values)

    def add(name, st_dtype, array, values=None):
        arr = np.asarray(array)
        arr = arr if arr.flags["C_CONTIGUOUS"] else arr.copy()
        vals = arr.reshape(-1).tolist() if values is None else values
        if st_dtype == "BOOL":
            vals = [1 if v else 0 for v in vals]
        tensors.append((name, st_dtype, list(arr.shape), arr.tobytes(), vals))

    add("layer.weight", "F32", rng.standard_normal((2, 3)).astype("<f4"))
    add("half", "F16", np.array([0.5, -1.25, 65504.0, 6.1035156e-05], dtype="<f2"))
    bf = [1.0, -2.5, 3.140625, 0.0078125, -1024.0, 96.0]
    add("brain", "BF16", bf16_bits(bf).reshape(3, 2), values=bf)
    add("double", "F64", np.array([[1.0 / 3.0, -2e300], [5e-324, 42.0]], dtype="<f8"))
    add("i8", "I8", np.array([-128, 0, 127], dtype="i1"))
    add("u8", "U8", np.array([0, 200, 255], dtype="u1"))
    add("i16", "I16", np.array([-32768, 1, 32767], dtype="<i2"))
    add("i32", "I32", np.array([-2147483648, 7, 2147483647], dtype="<i4"))
    add("i64", "I64", np.array([-9007199254740993, 0, 9007199254740993], dtype="<i8"))
    add("mask", "BOOL", np.array([True, False, True, True, False], dtype="?"))
    add("scalar", "F32", np.array(2.75, dtype="<f4"))
    add("empty", "F32", np.zeros((0, 3), dtype="<f4"))

    header = {}
    offset = 0
    data = bytearray()
    for name, dt, shape, raw, _ in tensors:
        header[name] = {"dtype": dt, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    metadata = {"format": "pt", "note": "\u00fcn\u00efcode \"quoted\"\n"}
    # Keys in reverse offset order, metadata last: readers must not rely on key order.
    ordered = {k: header[k] for k in reversed(list(header))}
    ordered["__metadata__"] = metadata
    text = json.dumps(ordered, ensure_ascii=False).encode("utf-8")
    with open(out_path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(bytes(data))

    expected = {
        "metadata": metadata,
        "header_length": len(text),
        "tensors": {name: {"dtype": dt, "shape": shape, "values": vals} for name, dt, shape, _, vals in tensors},
    }
    with open(expected_path, "w", encoding="utf-8") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
