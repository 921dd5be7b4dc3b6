#!/usr/bin/env bash
# Large-model benchmark (issue 10): a synthetic VGG state dict over 4 GiB (one tensor over 2 GiB)
# converted by Rosetta with a 1 GiB heap, .pt -> .safetensors, .pt -> .onnx (external data),
# .pt -> Keras .h5 (every weight re-laid) and that .h5 back to .pt (re-laid back; real PyTorch then
# checks that every tensor is the original).
# Reports wall time, peak RSS (from /usr/bin/time) and the peak of the process's anonymous memory
# (RssAnon, sampled from /proc every 100 ms: the heap and native allocations, without the mapped
# file pages the kernel counts in RSS while the input is read through memory mapping).
#
#   bench/large/run.sh [WORK_DIR]     (default bench/work/large; needs ~20 GB free there)
#
# The model is generated with real PyTorch on first use (about 4.6 GB, a minute or two) and kept.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WORK="${1:-bench/work/large}"
mkdir -p "$WORK"
MODEL="$WORK/synthetic_vgg.pt"
[ -f "$MODEL" ] || /usr/bin/python3 bench/large/make_synthetic_vgg.py "$MODEL"
scripts/rosetta --version >/dev/null   # builds the CLI once, outside the measurements
. scripts/java-home.sh
# The launcher's command line with a 1 GiB heap (its C1-only JIT and its off-heap limit of the
# machine's memory included).
mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
ROSETTA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xshare:auto
    -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize="${mem_kb}k" -Xmx1g -jar converter-cli/target/rosetta.jar)

measure() { # label, output, command...
    local label="$1" out="$2"; shift 2
    rm -rf "$out" "$out".data "$out".1.data
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt" &
    local timer=$! anon=0 pid a
    sleep 0.05
    pid=$(pgrep -P "$timer" | head -1 || true)
    while kill -0 "$timer" 2>/dev/null; do
        a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
        sleep 0.1
    done
    wait "$timer" || { echo "$label: failed:"; cat "$WORK/stderr.txt"; return 1; }
    read -r t m < "$WORK/time.txt"
    printf '| %-40s | %8.1f s | %8.0f MiB | %8.0f MiB | %6.2f GB |\n' "$label" "$t" "$(echo "$m / 1024" | bc -l)" \
        "$(echo "$anon / 1024" | bc -l)" "$(du -cb "$out"* | tail -1 | awk '{print $1 / 1e9}')"
}

echo "Synthetic VGG state dict $(du -b "$MODEL" | awk '{printf "%.2f GB", $1 / 1e9}'), -Xmx1g, $(nproc) cores, $(date -u +%F)"
echo
echo "| job | wall | peak RSS | peak RssAnon | output |"
echo "|---|---|---|---|---|"
measure "rosetta -Xmx1g: .pt -> .safetensors" "$WORK/out.safetensors" \
    "${ROSETTA[@]}" convert "$MODEL" -o "$WORK/out.safetensors"
measure "rosetta -Xmx1g: .pt -> .onnx (external data)" "$WORK/out.onnx" \
    "${ROSETTA[@]}" convert "$MODEL" -o "$WORK/out.onnx" --external-data
measure "rosetta -Xmx1g: .pt -> .h5 (Keras, re-laid)" "$WORK/out.h5" \
    "${ROSETTA[@]}" convert "$MODEL" -o "$WORK/out.h5"
measure "rosetta -Xmx1g: that .h5 -> .pt (re-laid back)" "$WORK/back.pt" \
    "${ROSETTA[@]}" convert "$WORK/out.h5" -o "$WORK/back.pt"
# The round trip must give back the very tensors PyTorch wrote.
/usr/bin/python3 - "$MODEL" "$WORK/back.pt" <<'PY'
import sys, torch
a, b = torch.load(sys.argv[1]), torch.load(sys.argv[2])
assert list(a) == list(b), (list(a)[:5], list(b)[:5])
for k in a:
    assert a[k].shape == b[k].shape and torch.equal(a[k], b[k]), k
print(f"round trip: {len(a)} tensors identical to the original (real PyTorch)")
PY
rm -f "$WORK/out.safetensors" "$WORK/out.onnx" "$WORK"/out.onnx*.data "$WORK/out.h5" "$WORK/back.pt"
