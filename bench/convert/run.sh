#!/usr/bin/env bash
# Whole-process conversion benchmark: Rosetta beside Python doing the same job with real PyTorch,
# measured side by side in one run (each round runs every job once, so load changes hit all alike).
# Usage: bench/convert/run.sh [RUNS]   (default 5 rounds; reports median wall time, median peak RSS
# and, per target, Rosetta's median divided by its Python peer's)
# Makes bench/models/resnet50/state_dict.pt with scripts/make_resnet50.py when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
MODEL=bench/models/resnet50
SD="$MODEL/state_dict.pt"
WORK=bench/work/convert
PY=/usr/bin/python3
mkdir -p "$WORK"
[ -f "$SD" ] || "$PY" scripts/make_resnet50.py "$MODEL" >/dev/null
scripts/rosetta --version >/dev/null   # builds the CLI once, outside the measurements
. scripts/java-home.sh
# The launcher's own java command line (scripts/rosetta), without its staleness check: a rebuild
# must not be timed.
ROSETTA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xshare:auto
    -XX:SharedArchiveFile=converter-cli/target/rosetta.jsa -Xlog:cds=off -Xlog:cds+dynamic=off
    -XX:TieredStopAtLevel=1 -jar converter-cli/target/rosetta.jar)

# job table: label | command (words split on spaces; paths have none). SavedModel is left out: its
# writer starts TensorFlow's native runtime (about 9 s), which is not a start-up comparison.
JOBS=(
    "rosetta --version|${ROSETTA[*]} --version"
    "rosetta: .pt -> .h5|${ROSETTA[*]} convert $SD -o $WORK/r.h5"
    "python (torch+h5py): .pt -> .h5|$PY bench/convert/py_convert.py h5 $SD $WORK/p.h5"
    "rosetta: .pt -> .safetensors|${ROSETTA[*]} convert $SD -o $WORK/r.safetensors"
    "python (torch+numpy): .pt -> .safetensors|$PY bench/convert/py_convert.py safetensors $SD $WORK/p.safetensors"
    "rosetta: .pt -> .onnx|${ROSETTA[*]} convert $SD -o $WORK/r.onnx"
    "python: torch.onnx.export|$PY bench/convert/py_convert.py onnx $SD $WORK/p.onnx"
    "rosetta: .pt -> .pt|${ROSETTA[*]} convert $SD -o $WORK/r.pt"
    "python: torch.load + torch.save|$PY bench/convert/py_convert.py pt $SD $WORK/p.pt"
    "rosetta: .pt -> .npz|${ROSETTA[*]} convert $SD -o $WORK/r.npz --weights-only"
    "python: torch.load + numpy.savez|$PY bench/convert/py_convert.py npz $SD $WORK/p.npz"
    "rosetta: .pt -> .keras|${ROSETTA[*]} convert $SD -o $WORK/r.keras"
)
# Rosetta job -> its Python peer, for the ratio column.
declare -A PEER=(
    ["rosetta: .pt -> .h5"]="python (torch+h5py): .pt -> .h5"
    ["rosetta: .pt -> .safetensors"]="python (torch+numpy): .pt -> .safetensors"
    ["rosetta: .pt -> .onnx"]="python: torch.onnx.export"
    ["rosetta: .pt -> .pt"]="python: torch.load + torch.save"
    ["rosetta: .pt -> .npz"]="python: torch.load + numpy.savez"
)

declare -A TIMES RSS
for ((round = 0; round < RUNS; round++)); do
    for job in "${JOBS[@]}"; do
        label="${job%%|*}"
        read -r -a cmd <<< "${job#*|}"
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "${cmd[@]}" >/dev/null 2>"$WORK/stderr.txt" \
            || { echo "$label: failed:"; cat "$WORK/stderr.txt"; exit 1; }
        read -r t m < "$WORK/time.txt"
        TIMES[$label]+="$t "
        RSS[$label]+="$m "
    done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "ResNet-50 state dict ($(du -m "$SD" | cut -f1) MB), $RUNS rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F)"
echo
echo "| job | median wall | median peak RSS | vs Python peer |"
echo "|---|---|---|---|"
for job in "${JOBS[@]}"; do
    label="${job%%|*}"
    t=$(echo "${TIMES[$label]}" | median)
    m=$(echo "${RSS[$label]}" | median)
    ratio=""
    if [ -n "${PEER[$label]:-}" ]; then
        p=$(echo "${TIMES[${PEER[$label]}]}" | median)
        ratio=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2fx", a / b}')
    fi
    printf '| %-44s | %7.2f s | %7.0f MiB | %s |\n' "$label" "$t" "$(echo "$m / 1024" | bc -l)" "$ratio"
done
