"""Compares the HDF5 layout of two Keras files as h5py sees it.

usage: h5_structure.py OURS THEIRS [--ignore-root-attr A]... [--ignore-root-child C]... [--ignore-layer L]...

Compared: the group tree, each object's attribute names and their types (variable-length string,
or NumPy dtype and shape), dataset shapes and dtypes, and the values of layer_names and
weight_names. Ignored layers are removed from both sides (their groups and their entries in
layer_names). Prints every difference; exits 1 when there is one.
"""
import sys
import h5py


def describe_attr(v):
    if isinstance(v, str):
        return "vlen-str"
    if isinstance(v, bytes):
        return "bytes"
    return "%s%s" % (v.dtype.str, tuple(v.shape))


def string_list_type(v, vals):
    """Name lists: Keras with h5py 2 writes fixed-length |S<n> arrays (n = longest name), with h5py 3
    sometimes arrays of variable-length strings (|O); Keras reads both the same way. Both are "a
    string array" here, and the names themselves are compared. An empty list is Keras's empty
    float64 array."""
    if v.dtype.kind in ("S", "O", "U"):
        return "str-array(%d,)" % len(vals)
    return describe_attr(v)


def names(v):
    return [n.decode("utf8") if hasattr(n, "decode") else str(n) for n in v]


def dump(path, ignore_attrs, ignore_children, ignore_layers):
    f = h5py.File(path, "r")
    out = {}

    def record(name, obj):
        parts = name.split("/")
        if parts[0] in ignore_children:
            return
        if any(p in ignore_layers for p in parts[:2]):
            return
        entry = {"kind": "D" if isinstance(obj, h5py.Dataset) else "G"}
        if isinstance(obj, h5py.Dataset):
            entry["shape"] = tuple(obj.shape)
            entry["dtype"] = obj.dtype.str
        attrs = {}
        for k, v in obj.attrs.items():
            if name == "/" and k in ignore_attrs:
                continue
            if k in ("layer_names", "weight_names"):
                vals = [n for n in names(v) if n not in ignore_layers] if k == "layer_names" else names(v)
                attrs[k] = (string_list_type(v, vals), vals)
            else:
                attrs[k] = describe_attr(v)
        entry["attrs"] = attrs
        out[name] = entry

    record("/", f)
    f.visititems(record)
    return out


def main(argv):
    ours, theirs = argv[1], argv[2]
    ignore_attrs, ignore_children, ignore_layers = set(), set(), set()
    i = 3
    while i < len(argv):
        opt, val = argv[i], argv[i + 1]
        {"--ignore-root-attr": ignore_attrs, "--ignore-root-child": ignore_children,
         "--ignore-layer": ignore_layers}[opt].add(val)
        i += 2
    a = dump(ours, ignore_attrs, ignore_children, ignore_layers)
    b = dump(theirs, ignore_attrs, ignore_children, ignore_layers)
    diffs = []
    for k in sorted(set(a) | set(b)):
        if k not in a:
            diffs.append("missing in ours: " + k)
        elif k not in b:
            diffs.append("extra in ours: " + k)
        elif a[k] != b[k]:
            diffs.append("differs at %s: ours %s, Keras %s" % (k, a[k], b[k]))
    for d in diffs:
        print(d)
    print("%d objects compared, %d differences" % (len(set(a) | set(b)), len(diffs)))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
