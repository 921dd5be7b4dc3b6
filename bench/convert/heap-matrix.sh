#!/usr/bin/env bash
# Bounded-heap check: a ResNet-50 (98 MB of weights) converted from each of .pt, .h5, .keras, .onnx,
# .safetensors and a SavedModel into each of them, every run with a 64 MB Java heap
# (ROSETTA_JAVA_OPTS=-Xmx64m; the launcher allows off-heap buffers up to the machine's memory).
# A format that kept a copy of the model in the heap fails here with exit code 5 (out of memory).
# Prints one line per pair (exit code, wall time, peak RSS) and exits 1 when any pair failed.
# Usage: bench/convert/heap-matrix.sh [HEAP]   (default 64m)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
HEAP="${1:-64m}"
MODEL=bench/models/resnet50
SD="$MODEL/state_dict.pt"
WORK=bench/work/heap
mkdir -p "$WORK/in"
[ -f "$SD" ] || /usr/bin/python3 scripts/make_resnet50.py "$MODEL" >/dev/null
R=scripts/rosetta
"$R" --version >/dev/null   # builds the CLI once
# The sources: the state dict itself and Rosetta's conversions of it (made with the default heap).
cp "$SD" "$WORK/in/resnet50.pt"
for ext in h5 keras onnx safetensors; do
    [ -f "$WORK/in/resnet50.$ext" ] || "$R" convert "$SD" -o "$WORK/in/resnet50.$ext" >/dev/null
done
[ -d "$WORK/in/resnet50_savedmodel" ] || "$R" convert "$SD" -o "$WORK/in/resnet50_savedmodel" --to savedmodel >/dev/null
failed=0
for src in "$WORK"/in/resnet50.pt "$WORK"/in/resnet50.h5 "$WORK"/in/resnet50.keras "$WORK"/in/resnet50.onnx \
           "$WORK"/in/resnet50.safetensors "$WORK"/in/resnet50_savedmodel; do
    for to in pt h5 keras onnx safetensors savedmodel; do
        rm -rf "$WORK/out"; mkdir -p "$WORK/out"
        if [ "$to" = savedmodel ]; then args=(-o "$WORK/out/sm" --to savedmodel); else args=(-o "$WORK/out/m.$to"); fi
        set +e
        ROSETTA_JAVA_OPTS="-Xmx$HEAP" /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$R" convert "$src" "${args[@]}" \
            >"$WORK/log.txt" 2>&1
        rc=$?
        set -e
        read -r wall rss < "$WORK/time.txt" || true
        printf '%-28s -> %-11s exit %d  %6s s  %5d MiB peak RSS\n' "$(basename "$src")" "$to" "$rc" "$wall" \
            "$(( ${rss:-0} / 1024 ))"
        if [ "$rc" -ne 0 ]; then
            failed=1
            tail -1 "$WORK/log.txt"
        fi
    done
done
exit "$failed"
