#!/usr/bin/python3
"""Write a full-size torchvision ResNet-50 for benchmarks and on-demand tests (not committed).

The folder gets the same files as a golden model (see generate_golden_torch.py): state_dict.pt,
torchscript.pt, model.onnx (opset 13, BatchNormalization kept), input.npy (1x3x224x224, seeded
normal), expected.npy (1x1000) and meta.json, about 300 MB in all. Weights are torchvision's random
initialization under a fixed seed (nothing is downloaded) with randomized BatchNorm statistics and
affine parameters, so the model is deterministic.

Usage:  /usr/bin/python3 scripts/make_resnet50.py [OUT_DIR]    (default: bench/models/resnet50/)
        add --onnx-check to also evaluate model.onnx with the NumPy checker (slow, ~1 minute)
"""

import argparse
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_golden_torch as golden  # noqa: E402  (shared writer and checks)

SEED = 5000


def main():
    golden.pin_hash_seed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=os.path.join(golden.REPO_ROOT, "bench", "models", "resnet50"),
                        help="output folder (default: bench/models/resnet50/)")
    parser.add_argument("--onnx-check", action="store_true",
                        help="also evaluate model.onnx in NumPy against expected.npy")
    args = parser.parse_args()
    golden.set_deterministic()

    torch.manual_seed(SEED)
    model = torchvision.models.resnet50(weights=None)
    bn_note = golden.randomize_batchnorm(model, SEED + 1, golden.calibration_batches(SEED + 2, (4, 3, 224, 224), 2))
    example = torch.randn((1, 3, 224, 224), generator=torch.Generator().manual_seed(SEED + 3))
    architecture = {
        "family": "torchvision.models.resnet50(weights=None)",
        "block": "Bottleneck", "expansion": 4, "layers": [3, 4, 6, 3],
        "widths": [64, 128, 256, 512], "num_classes": 1000,
        "batchnorm": bn_note, "seed": SEED,
    }
    golden.write_model_folder(
        args.out, model, example,
        "torchvision ResNet-50, random init (seeded) with randomized BatchNorm, 224x224 input",
        architecture, lambda: torchvision.models.resnet50(weights=None),
        size_limit=None, onnx_numeric_check=args.onnx_check, name="resnet50")


if __name__ == "__main__":
    main()
