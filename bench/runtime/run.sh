#!/usr/bin/env bash
# ResNet-50 forward: the pytorch IR backend vs TorchScript through DJL (and ONNX Runtime), one process.
# Usage: bench/runtime/run.sh [MODEL_DIR] [ITERATIONS]
# Needs the runtime and format modules installed in ~/.m2 (mvn install) and the model files from
# scripts/make_resnet50.py (written to bench/models/resnet50 by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MODEL_DIR="${1:-bench/models/resnet50}"
if [ ! -f "$MODEL_DIR/state_dict.pt" ]; then
  /usr/bin/python3 scripts/make_resnet50.py "$MODEL_DIR"
fi
mkdir -p bench/work
CP_FILE="$PWD/bench/work/runtime-bench.classpath"
mvn -q -pl converter-cli dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$(cat "$CP_FILE")" bench/runtime/ResNet50Bench.java "$MODEL_DIR" "${2:-10}"
