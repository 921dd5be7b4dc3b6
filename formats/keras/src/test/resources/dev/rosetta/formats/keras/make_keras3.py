"""Rebuilds a Keras 2 .h5 model as a Keras 3 .keras archive, laid out as keras/src/saving/saving_lib.py
writes one: a zip (stored) of metadata.json, config.json (Keras 3 serialization: module,
registered_name, inbound nodes as {"args": [...], "kwargs": {}} of __keras_tensor__ objects) and
model.weights.h5 (each layer of model.layers in order at layers/<snake_case class>[_n]/vars/0,1,...,
plus the model's own empty vars group).

usage: make_keras3.py IN.h5 OUT.keras
"""
import io
import json
import re
import sys
import zipfile

import h5py
import numpy as np


def snake(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def tensor(layer, shape=None):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": shape, "dtype": "float32", "keras_history": [layer, 0, 0]}}


def main(src, dst):
    f = h5py.File(src, "r")
    cfg = json.loads(f.attrs["model_config"])
    mw = f["model_weights"]
    k2 = cfg["config"]
    sequential = cfg["class_name"] == "Sequential"
    layers2 = k2 if isinstance(k2, list) else k2["layers"]
    layers3 = []
    saved = []  # (class, weights) in model.layers order
    for i, l in enumerate(layers2):
        c = dict(l["config"])
        name = c.get("name", l.get("name"))
        shape = c.pop("batch_input_shape", None)
        if l["class_name"] == "InputLayer":
            layer = {"module": "keras.layers", "class_name": "InputLayer",
                     "config": {"batch_shape": shape, "dtype": "float32", "sparse": False, "name": name},
                     "registered_name": None}
        else:
            c["dtype"] = policy()
            layer = {"module": "keras.layers", "class_name": l["class_name"], "config": c, "registered_name": None}
            if sequential and i == 0 and shape is not None:
                layers3.append({"module": "keras.layers", "class_name": "InputLayer",
                                "config": {"batch_shape": shape, "dtype": "float32", "sparse": False,
                                           "name": "input_layer"}, "registered_name": None})
        if not sequential:
            layer["name"] = name
            nodes = []
            for node in l.get("inbound_nodes", []):
                args = [tensor(e[0]) for e in node]
                nodes.append({"args": [args] if len(args) > 1 else args, "kwargs": {}})
            layer["inbound_nodes"] = nodes
        layers3.append(layer)
        if name in mw:
            wn = [n.decode("utf8") if hasattr(n, "decode") else n for n in mw[name].attrs["weight_names"]]
            weights = [np.asarray(mw[name][w]) for w in wn]
        else:
            weights = []
        if not (sequential and l["class_name"] == "InputLayer"):
            saved.append((l["class_name"], weights))
    if sequential:
        config = {"name": "sequential", "trainable": True, "dtype": policy(), "layers": layers3}
    else:
        config = {"name": k2["name"], "trainable": True, "layers": layers3,
                  "input_layers": k2["input_layers"], "output_layers": k2["output_layers"]}
    root = {"module": "keras", "class_name": cfg["class_name"] if sequential else "Functional", "config": config,
            "registered_name": None if sequential else "Functional", "build_config": None, "compile_config": None}
    buf = io.BytesIO()
    with h5py.File(buf, "w") as h:
        used = {}
        for cls, weights in saved:
            s = snake(cls)
            if s in used:
                used[s] += 1
                s = "%s_%d" % (s, used[s])
            else:
                used[s] = 0
            g = h.create_group("layers").create_group(s) if "layers" not in h else h["layers"].create_group(s)
            v = g.create_group("vars")
            for i, w in enumerate(weights):
                v[str(i)] = w
        h.create_group("vars")
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-01-01@00:00:00"}))
        z.writestr("config.json", json.dumps(root))
        z.writestr("model.weights.h5", buf.getvalue())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
