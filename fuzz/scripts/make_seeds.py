#!/usr/bin/python3
"""Builds the fuzzers' seed inputs (ReaderFuzzTestInputs/<method>/seed-*).

Seeds come from three places: the golden models and ../shared/corpus (real framework files, copied
when small), the real frameworks on this machine (numpy and torch write .npy, .npz and legacy
torch.save files), and Rosetta's own writers through the CLI jar (safetensors, .npz, ONNX with
external data). Run from the repository root after building the CLI:

    /usr/bin/python3 fuzz/scripts/make_seeds.py

Deterministic: a rerun gives the same files. Existing crash-* inputs (findings) are kept; seed-*
files are rewritten. Keep the total under 2 MB: seeds are committed.
"""
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "fuzz/src/test/resources/dev/rosetta/fuzz/ReaderFuzzTestInputs")
OUT_TF = os.path.join(ROOT, "fuzz/src/test/resources/dev/rosetta/fuzz/TfKerasFuzzTestInputs")
GOLDEN = os.path.join(ROOT, "golden-models")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
JAVA = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java"
CLI = os.path.join(ROOT, "converter-cli/target/rosetta.jar")


def put(method, name, data):
    d = os.path.join(OUT_TF if method in ("kerasH5", "kerasV3", "graphDef", "savedModel") else OUT, method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def copy(method, name, path):
    if os.path.isfile(path):
        with open(path, "rb") as f:
            put(method, name, f.read())
    else:
        print("absent, skipped:", path, file=sys.stderr)


def npy_bytes(a, version=None):
    b = io.BytesIO()
    if version is None:
        np.save(b, a, allow_pickle=False)
    else:
        np.lib.format.write_array(b, a, version=version, allow_pickle=False)
    return b.getvalue()


def rosetta(*args):
    subprocess.run([JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", CLI, *args], check=True,
                   stdout=subprocess.DEVNULL)


def clean():
    for out in (OUT, OUT_TF):
        for method in os.listdir(out) if os.path.isdir(out) else []:
            for f in os.listdir(os.path.join(out, method)):
                if f.startswith("seed-"):
                    os.remove(os.path.join(out, method, f))


def npy_seeds():
    copy("npy", "golden-expected.npy", os.path.join(GOLDEN, "convnet_flatten/expected.npy"))
    small = np.arange(6, dtype="<f4").reshape(2, 3)
    put("npy", "f4-2x3.npy", npy_bytes(small))
    put("npy", "f8-big-endian.npy", npy_bytes(np.arange(4, dtype=">f8")))
    put("npy", "f2.npy", npy_bytes(np.arange(5, dtype="<f2")))
    put("npy", "i1.npy", npy_bytes(np.array([-1, 2, -3], dtype="i1")))
    put("npy", "u1.npy", npy_bytes(np.array([1, 2, 255], dtype="u1")))
    put("npy", "i2-big.npy", npy_bytes(np.array([1, -2], dtype=">i2")))
    put("npy", "i4.npy", npy_bytes(np.array([[1], [2]], dtype="<i4")))
    put("npy", "i8.npy", npy_bytes(np.array([1 << 40], dtype="<i8")))
    put("npy", "bool.npy", npy_bytes(np.array([True, False, True])))
    put("npy", "fortran.npy", npy_bytes(np.asfortranarray(np.arange(12, dtype="<f4").reshape(3, 4))))
    put("npy", "scalar.npy", npy_bytes(np.float32(3.5)))
    put("npy", "empty.npy", npy_bytes(np.zeros((0, 3), dtype="<f4")))
    put("npy", "v2.npy", npy_bytes(np.arange(3, dtype="<f4"), version=(2, 0)))
    put("npy", "v3.npy", npy_bytes(np.arange(3, dtype="<i8"), version=(3, 0)))
    # bfloat16 as Rosetta writes it: descr 'bfloat16' (numpy has no such dtype).
    header = "{'descr': 'bfloat16', 'fortran_order': False, 'shape': (2,), }"
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    put("npy", "bf16.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"\x80\x3f\x00\x40")


def npz_seeds():
    arrays = {"weight": np.arange(6, dtype="<f4").reshape(2, 3), "bias": np.array([1, 2], dtype="<i8"),
              "flag": np.array([True])}
    b = io.BytesIO()
    np.savez(b, **arrays)
    put("npz", "stored.npz", b.getvalue())
    b = io.BytesIO()
    np.savez_compressed(b, **arrays)
    put("npz", "deflated.npz", b.getvalue())
    b = io.BytesIO()
    np.savez(b, np.asfortranarray(np.arange(6, dtype=">f4").reshape(2, 3)))
    put("npz", "fortran-big.npz", b.getvalue())
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as z:
        with z.open("forced64.npy", "w", force_zip64=True) as f:
            f.write(npy_bytes(np.arange(3, dtype="<f4")))
    put("npz", "zip64.npz", b.getvalue())


def safetensors_file(tensors, metadata=None):
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


def safetensors_seeds(tmp):
    put("safetensors", "small.safetensors", safetensors_file({
        "w": ("F32", [2, 2], struct.pack("<4f", 1, 2, 3, 4)),
        "b": ("I64", [2], struct.pack("<2q", 5, -6)),
        "h": ("F16", [1], b"\x00\x3c"),
        "bf": ("BF16", [1], b"\x80\x3f"),
        "m": ("BOOL", [3], b"\x01\x00\x01"),
    }, {"format": "pt"}))
    put("safetensors", "empty.safetensors", safetensors_file({}))
    put("safetensors", "scalar-and-zero.safetensors", safetensors_file({
        "s": ("F64", [], struct.pack("<d", 2.5)), "z": ("I8", [0, 4], b""), "u": ("U8", [2], b"\x01\xff"),
        "i": ("I16", [1], b"\x01\x00"), "j": ("I32", [1], b"\x01\x00\x00\x00")}))
    put("safetensors", "unsupported-u16.safetensors", safetensors_file({"x": ("U16", [1], b"\x01\x00")}))
    out = os.path.join(tmp, "convnet.safetensors")
    rosetta("convert", os.path.join(GOLDEN, "convnet_flatten/state_dict.pt"), "-o", out, "--weights-only")
    copy("safetensors", "golden-convnet.safetensors", out)


def pytorch_seeds(tmp):
    copy("pytorchZip", "golden-convnet.pt", os.path.join(GOLDEN, "convnet_flatten/state_dict.pt"))
    cases = os.path.join(CORPUS, "pytorch-state-dict/reader-cases")
    for name in ["bfloat16", "bool", "buffers", "checkpoint", "complex_structure", "empty", "float16", "float64",
                 "int8", "int16", "int64", "mixed_types", "nested_dict", "parameter", "scalar", "tensor_4d",
                 "uint8", "special_values"]:
        copy("pytorchZip", "corpus-" + name + ".pt", os.path.join(cases, name + ".pt"))
    burn = os.path.join(CORPUS, "pytorch-state-dict/burn-tests")
    for name in ["non_contiguous_indexes/non_contiguous_indexes.pt", "top_level_key/top_level_key.pt",
                 "complex_nested/complex_nested.pt"]:
        copy("pytorchZip", "burn-" + os.path.basename(name), os.path.join(burn, name))
    for name in ["simple_legacy", "legacy_with_offsets", "legacy_shared_storage", "legacy_uncloned_views"]:
        copy("pytorchLegacy", "corpus-" + name + ".pt", os.path.join(cases, name + ".pt"))
    copy("pytorchLegacy", "corpus-tar_weight_bias.tar", os.path.join(cases, "tar_weight_bias.tar"))
    # Legacy pickles at every protocol torch.save offers, with views, offsets and several dtypes.
    script = """
import collections, sys, torch
torch.manual_seed(0)
base = torch.arange(12, dtype=torch.float32)
sd = collections.OrderedDict()
sd['w'] = base.view(3, 4)
sd['view'] = base[2:6]
sd['t'] = base.view(3, 4).t()
sd['h'] = torch.tensor([1.5, -2.0], dtype=torch.float16)
sd['i'] = torch.tensor([1, 2, 3], dtype=torch.int64)
sd['b'] = torch.tensor([True, False])
sd['nested'] = {'x': torch.zeros(2, dtype=torch.float64), 'n': 3, 's': 'text'}
for proto in (0, 1, 2, 4):
    torch.save(sd, sys.argv[1] + '/legacy-p%d.pt' % proto, pickle_protocol=proto,
               _use_new_zipfile_serialization=False)
torch.save(sd, sys.argv[1] + '/zip-views.pt')
"""
    subprocess.run(["/usr/bin/python3", "-c", script, tmp], check=True)
    for proto in (0, 1, 2, 4):
        copy("pytorchLegacy", "torch-legacy-protocol%d.pt" % proto, os.path.join(tmp, "legacy-p%d.pt" % proto))
    copy("pytorchZip", "torch-zip-views.pt", os.path.join(tmp, "zip-views.pt"))


def torchscript_seeds():
    d = os.path.join(CORPUS, "torchscript")
    if os.path.isdir(d):
        for name in sorted(os.listdir(d)):
            copy("torchscript", "corpus-" + name, os.path.join(d, name))
    copy("torchscript", "golden-convnet.pt", os.path.join(GOLDEN, "convnet_flatten/torchscript.pt"))


ONNX_NODE_CASES = [
    "test_conv_with_strides_padding", "test_relu", "test_gemm_default_single_elem_vector_bias",
    "test_batchnorm_example", "test_maxpool_2d_default", "test_reshape_reordered_all_dims", "test_flatten_axis1",
    "test_add_bcast", "test_averagepool_2d_pads", "test_constant", "test_concat_2d_axis_0",
    "test_transpose_default", "test_slice", "test_split_equal_parts_1d_opset18", "test_softmax_axis_1",
    "test_matmul_2d", "test_cast_FLOAT_to_FLOAT16", "test_if", "test_loop11", "test_scan_sum",
    "test_sequence_map_identity_1_sequence", "test_clip_default_int8_min", "test_gather_0", "test_squeeze",
    "test_unsqueeze_axis_0", "test_resize_upsample_scales_nearest", "test_convtranspose", "test_lstm_defaults",
    "test_sum_example", "test_reduce_mean_default_axes_keepdims_example",
]


def onnx_seeds(tmp):
    copy("onnx", "golden-convnet.onnx", os.path.join(GOLDEN, "convnet_flatten/model.onnx"))
    for case in ONNX_NODE_CASES:
        copy("onnx", case + ".onnx", os.path.join(CORPUS, "onnx-node", case, "model.onnx"))
    out = os.path.join(tmp, "ext", "model.onnx")
    os.makedirs(os.path.dirname(out))
    rosetta("convert", os.path.join(GOLDEN, "convnet_flatten/model.onnx"), "-o", out, "--external-data")
    with open(out, "rb") as f:
        model = f.read()
    with open(out + ".data", "rb") as f:
        side = f.read()
    put("onnxExternalData", "golden-convnet-external.bin", struct.pack(">I", len(model)) + model + side)
    # The same model with the tensors inline, and with an empty side file.
    with open(os.path.join(GOLDEN, "convnet_flatten/model.onnx"), "rb") as f:
        inline = f.read()
    put("onnxExternalData", "golden-convnet-inline.bin", struct.pack(">I", len(inline)) + inline)


def joined(*parts):
    out = b""
    for p in parts[:-1]:
        out += struct.pack(">I", len(p)) + p
    return out + parts[-1]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def tf_keras_seeds(tmp):
    h5 = os.path.join(CORPUS, "keras-h5")
    for rel in ["weights/dense_tensorflow_2.h5", "weights/conv2d_tensorflow_2.h5", "tfkeras/mlp_1.h5",
                "tfkeras/act_0.h5", "tfkeras/permute.h5"]:
        copy("kerasH5", rel.replace("/", "-"), os.path.join(h5, rel))
    out = os.path.join(tmp, "convnet.keras")
    rosetta("convert", os.path.join(GOLDEN, "convnet_flatten/model.onnx"), "-o", out)
    copy("kerasV3", "golden-convnet.keras", out)
    out = os.path.join(tmp, "dense.keras")
    rosetta("convert", os.path.join(h5, "weights/dense_tensorflow_2.h5"), "-o", out)
    copy("kerasV3", "corpus-dense.keras", out)
    frozen = os.path.join(CORPUS, "tf-frozen")
    for rel in ["pool_0/frozen_model.pb", "fused_batch_norm/float16_nhwc/frozen_model.pb",
                "cnn2d_nn/nchw_b1_k2_s1_d1_SAME/frozen_model.pb"]:
        copy("graphDef", rel.replace("/", "-"), os.path.join(frozen, rel))
    for name, d in [("golden-tf_cnn", os.path.join(GOLDEN, "tf_cnn/saved_model")),
                    ("half_plus_two", os.path.join(CORPUS, "tf-savedmodel/saved_model_half_plus_two_cpu/00000123"))]:
        if os.path.isdir(d):
            put("savedModel", name + ".bin", joined(read(os.path.join(d, "saved_model.pb")),
                                                    read(os.path.join(d, "variables/variables.index")),
                                                    read(os.path.join(d, "variables/variables.data-00000-of-00001"))))


def main():
    if not os.path.isfile(CLI):
        sys.exit("build the CLI first (converter-cli/target/rosetta.jar is missing)")
    clean()
    with tempfile.TemporaryDirectory() as tmp:
        npy_seeds()
        npz_seeds()
        safetensors_seeds(tmp)
        pytorch_seeds(tmp)
        torchscript_seeds()
        onnx_seeds(tmp)
        tf_keras_seeds(tmp)
    total = 0
    for out in (OUT, OUT_TF):
        for dirpath, _, files in os.walk(out):
            total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    print("seeds written under", os.path.dirname(OUT), "total", total, "bytes")


if __name__ == "__main__":
    main()
