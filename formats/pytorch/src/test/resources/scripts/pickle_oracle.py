#!/usr/bin/python3
"""Plain-data pickles at every protocol, with a canonical rendering of what they hold.

Usage: pickle_oracle.py OUTDIR
Writes OUTDIR/p<N>.pkl for protocols 0..5 and prints one line per file: "p<N>.pkl<TAB>canonical".
The canonical form: None, True/False, i:<decimal>, f:<IEEE-754 bits in hex>, s:<utf-8 hex>,
b:<hex>, (a,b) tuples, [a,b] lists, {k:v,...} dicts, set{...}, frozenset{...} (elements sorted: a set's order follows string hashing, which Python randomizes per process), od{...} OrderedDicts.
"""
import collections
import math
import os
import pickle
import struct
import sys


def canon(v):
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, int):
        return "i:%d" % v
    if isinstance(v, float):
        return "f:%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if isinstance(v, str):
        return "s:" + v.encode("utf-8", "surrogatepass").hex()
    if isinstance(v, (bytes, bytearray)):
        return "b:" + bytes(v).hex()
    if isinstance(v, tuple):
        return "(" + ",".join(canon(x) for x in v) + ")"
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, collections.OrderedDict):
        return "od{" + ",".join(canon(k) + ":" + canon(x) for k, x in v.items()) + "}"
    if isinstance(v, dict):
        return "{" + ",".join(canon(k) + ":" + canon(x) for k, x in v.items()) + "}"
    if isinstance(v, frozenset):
        return "frozenset{" + ",".join(sorted(canon(x) for x in v)) + "}"
    if isinstance(v, set):
        return "set{" + ",".join(sorted(canon(x) for x in v)) + "}"
    raise TypeError(type(v))


def data():
    shared = [1, 2, 3]
    ints = [0, 1, 255, 256, 65535, 65536, -1, -256, 2**31 - 1, -2**31, 2**31, 2**63 - 1, -2**63, 2**64, -2**100, 10**40]
    floats = [0.0, -0.0, 1.5, -2.25, 1e300, 5e-324, math.inf, -math.inf, 0.1]
    strings = ["", "abc", "h\u00e9llo", "\U0001F600 emoji", "line\nbreak", "back\\slash 'quote' \"dq\"", "x" * 300]
    return {
        "ints": ints,
        "floats": floats,
        "strings": tuple(strings),
        "bytes": [b"", b"\x00\xff binary", bytes(range(256))],
        "nested": {"a": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)], "b": {"c": {"d": [None, True, False]}}},
        "shared": [shared, shared],
        "sets": [set(), {1, 2, 3}, frozenset(), frozenset({"x", "y"})],
        "od": collections.OrderedDict([("z", 1), ("a", 2)]),
        "bytearray": bytearray(b"mutable"),
        (1, "tuple key"): "value",
        7: "int key",
        None: "none key",
        "empty": [[], {}, ()],
    }


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    d = data()
    for proto in range(0, 6):
        name = "p%d.pkl" % proto
        with open(os.path.join(outdir, name), "wb") as f:
            pickle.dump(d, f, protocol=proto)
        print(name + "\t" + canon(pickle.loads(open(os.path.join(outdir, name), "rb").read())))


if __name__ == "__main__":
    main(sys.argv[1])
