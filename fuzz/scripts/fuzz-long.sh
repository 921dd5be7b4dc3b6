#!/usr/bin/env bash
# The long fuzzing run: each reader's @FuzzTest in fuzzing mode (JAZZER_FUZZ=1), one after another,
# at low priority. Findings land in src/test/resources/dev/rosetta/fuzz/ReaderFuzzTestInputs/<method>/
# as crash-* files and replay in every later `mvn test`; the growing corpus is kept in .cifuzz-corpus/.
#
#   fuzz/scripts/fuzz-long.sh [-n EXECUTIONS | -t DURATION] [-k FINDINGS] [METHOD...]
#
#   -n 1000000   executions per reader (default; the acceptance line of issue 11)
#   -t 10m       a duration per reader instead (Jazzer's syntax: 30s, 10m, 1h)
#   -k 0         findings to go on past (Jazzer's keep_going; default 0: stop at the first)
#   METHOD       pytorchZip pytorchLegacy torchscript safetensors npy npz onnx onnxExternalData (ReaderFuzzTest)
#                kerasH5 kerasV3 graphDef savedModel (TfKerasFuzzTest); default: all twelve
#
# Prints one line per reader: executions, seconds, findings; full logs in target/fuzz-logs/.
# FUZZ_MVN_ARGS adds Maven arguments (e.g. -Dmaven.repo.local=DIR to fuzz against a frozen copy of
# the installed modules while they are being rebuilt).
set -uo pipefail
MODULE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Jazzer's @FuzzTest stops after 5 minutes unless told otherwise: a count comes with a long duration.
limit=(-Djazzer.max_executions=1000000 -Djazzer.max_duration=24h)
keep=0
while getopts "n:t:k:" opt; do
    case "$opt" in
        n) limit=(-Djazzer.max_executions="$OPTARG" -Djazzer.max_duration=24h) ;;
        t) limit=(-Djazzer.max_duration="$OPTARG") ;;
        k) keep="$OPTARG" ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
methods=("$@")
[ ${#methods[@]} -eq 0 ] && methods=(pytorchZip pytorchLegacy torchscript safetensors npy npz onnx onnxExternalData \
    kerasH5 kerasV3 graphDef savedModel)
logs="$MODULE/target/fuzz-logs"
mkdir -p "$logs"
# Compile once, then run the fuzz tests without recompiling between readers.
# shellcheck disable=SC2086
(cd "$MODULE" && mvn -q -B ${FUZZ_MVN_ARGS:-} test-compile) || exit 70
status=0
for m in "${methods[@]}"; do
    case "$m" in
        kerasH5|kerasV3|graphDef|savedModel) class=TfKerasFuzzTest ;;
        *) class=ReaderFuzzTest ;;
    esac
    log="$logs/$m.log"
    start=$(date +%s)
    # shellcheck disable=SC2086
    (cd "$MODULE" && JAZZER_FUZZ=1 nice -n 19 mvn -q -B ${FUZZ_MVN_ARGS:-} surefire:test -Dtest="$class#$m" \
        -Dsurefire.failIfNoSpecifiedTests=false "${limit[@]}" -Djazzer.keep_going="$keep") >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    runs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2}')
    if [ -z "$runs" ]; then
        runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    findings=$(grep -ac '^== Java Exception\|^==[0-9]*== ERROR' "$log")
    echo "$m: executions=${runs:-?} seconds=$secs findings=$findings exit=$rc log=$log"
    [ "$rc" -ne 0 ] && status=1
done
exit $status
