"""Writes a synthetic torchvision-VGG state dict over 4 GiB for the large-model benchmark.

Usage: /usr/bin/python3 bench/large/make_synthetic_vgg.py OUT.pt [HIDDEN1 HIDDEN2]

The features are torchvision's vgg11 configuration; the classifier's hidden sizes are widened
(default 22528 and 24576) so that classifier.0.weight alone is over 2 GiB and the file is about
4.6 GB. Rosetta recognizes it as a VGG from its weights, so it converts to graph formats (ONNX)
as well as weights formats. Weights are deterministic (seeded) normal values; tensors are built
one at a time and the state dict holds each once, so Python needs about the file's size in memory.
"""
import sys

import torch


def main():
    out = sys.argv[1]
    hidden1 = int(sys.argv[2]) if len(sys.argv) > 2 else 22528
    hidden2 = int(sys.argv[3]) if len(sys.argv) > 3 else 24576
    g = torch.Generator().manual_seed(0)
    sd = {}
    cfg = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]
    cin, i = 3, 0
    for v in cfg:
        if v == "M":
            i += 1
            continue
        sd[f"features.{i}.weight"] = torch.randn(v, cin, 3, 3, generator=g) * 0.05
        sd[f"features.{i}.bias"] = torch.randn(v, generator=g) * 0.01
        cin, i = v, i + 2
    for name, (o, n) in {"classifier.0": (hidden1, 512 * 7 * 7), "classifier.3": (hidden2, hidden1),
                         "classifier.6": (1000, hidden2)}.items():
        w = torch.empty(o, n)
        w.normal_(0, 0.01, generator=g)
        sd[name + ".weight"] = w
        sd[name + ".bias"] = torch.zeros(o)
    torch.save(sd, out)
    total = sum(t.numel() * t.element_size() for t in sd.values())
    print(f"{out}: {len(sd)} tensors, {total / 1e9:.2f} GB, largest "
          f"{max(t.numel() * t.element_size() for t in sd.values()) / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
