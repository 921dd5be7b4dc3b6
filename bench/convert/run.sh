#!/usr/bin/env bash
# Whole-process conversion benchmark: Rosetta beside Python doing the same job with real PyTorch.
# Usage: bench/convert/run.sh [RUNS]   (default 5 runs each; reports median wall time and peak RSS)
# Makes bench/models/resnet50/state_dict.pt with scripts/make_resnet50.py when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
MODEL=bench/models/resnet50
WORK=bench/work/convert
mkdir -p "$WORK"
[ -f "$MODEL/state_dict.pt" ] || /usr/bin/python3 scripts/make_resnet50.py "$MODEL" >/dev/null
scripts/rosetta --version >/dev/null   # builds the CLI once, outside the measurements
. scripts/java-home.sh
# The launcher's own command line, without its staleness check (a rebuild must not be timed).
ROSETTA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xshare:auto
    -jar converter-cli/target/rosetta.jar)

measure() { # label, command...
    local label="$1"; shift
    local times=() rss=() i
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
            || { echo "$label: failed:"; cat "$WORK/stderr.txt"; return 1; }
        read -r t m < "$WORK/time.txt"
        times+=("$t"); rss+=("$m")
    done
    local mt mr
    mt=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mr=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '| %-44s | %7.2f s | %7.0f MiB |\n' "$label" "$mt" "$(echo "$mr / 1024" | bc -l)"
}

echo "ResNet-50 state dict ($(du -m "$MODEL/state_dict.pt" | cut -f1) MB), $RUNS runs each, $(nproc) cores, $(date -u +%F)"
echo
echo "| job | median wall | median peak RSS |"
echo "|---|---|---|"
measure "rosetta: .pt -> .safetensors" "${ROSETTA[@]}" convert "$MODEL/state_dict.pt" -o "$WORK/r.safetensors"
measure "python (torch+numpy): .pt -> .safetensors" /usr/bin/python3 bench/convert/py_convert.py safetensors "$MODEL/state_dict.pt" "$WORK/p.safetensors"
measure "rosetta: .pt -> .onnx" "${ROSETTA[@]}" convert "$MODEL/state_dict.pt" -o "$WORK/r.onnx"
measure "python: torch.onnx.export" /usr/bin/python3 bench/convert/py_convert.py onnx "$MODEL/state_dict.pt" "$WORK/p.onnx"
measure "rosetta: .pt -> .pt" "${ROSETTA[@]}" convert "$MODEL/state_dict.pt" -o "$WORK/r.pt"
measure "python (torch+h5py): .pt -> .h5" /usr/bin/python3 bench/convert/py_convert.py h5 "$MODEL/state_dict.pt" "$WORK/p.h5"
if "${ROSETTA[@]}" formats | grep -q '^keras-h5'; then
    measure "rosetta: .pt -> .h5" "${ROSETTA[@]}" convert "$MODEL/state_dict.pt" -o "$WORK/r.h5"
fi
