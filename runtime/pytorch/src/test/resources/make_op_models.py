"""Builds one ONNX model per op test case from a JSON description (see OpCase.java).

Usage: python3 make_op_models.py cases.json out_dir
Each case becomes out_dir/<name>.onnx, checked with onnx.checker.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DTYPES = {"float32": (TensorProto.FLOAT, np.float32), "int64": (TensorProto.INT64, np.int64)}


def build(case):
    inits = []
    for i in case["initializers"]:
        arr = np.array(i["data"], dtype=DTYPES[i["dtype"]][1]).reshape(i["shape"])
        inits.append(numpy_helper.from_array(arr, i["name"]))
    nodes = []
    for n in case["nodes"]:
        nodes.append(helper.make_node(n["op"], n["inputs"], n["outputs"], name=n["name"], **n["attrs"]))
    inputs = [helper.make_tensor_value_info(i["name"], DTYPES[i["dtype"]][0], i["shape"]) for i in case["inputs"]]
    outputs = [onnx.ValueInfoProto(name=o) for o in case["outputs"]]
    graph = helper.make_graph(nodes, case["name"], inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", case["opset"])])
    model.ir_version = 8
    # Output types come from ONNX's own shape inference.
    inferred = {v.name: v for v in onnx.shape_inference.infer_shapes(model).graph.value_info}
    del model.graph.output[:]
    model.graph.output.extend(inferred[o] for o in case["outputs"])
    onnx.checker.check_model(model)
    return model


def main():
    cases = json.load(open(sys.argv[1]))
    for case in cases:
        onnx.save(build(case), f"{sys.argv[2]}/{case['name']}.onnx")


if __name__ == "__main__":
    main()
