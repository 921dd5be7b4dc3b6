#!/usr/bin/env bash
# Regenerates the golden models: the PyTorch ones (Debian's python3-torch under /usr/bin/python3)
# and the TensorFlow one (TensorFlow Java through scripts/tf-golden, JDK 25).
#
#   scripts/generate-golden.sh [OUT_DIR]     (default: golden-models/ in the repository)
#
# Both generators are deterministic: a second run writes byte-identical files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/golden-models}")"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

mkdir -p "$out"
/usr/bin/python3 "$root/scripts/generate_golden_torch.py" --out "$out"
mvn -q -B -f "$root/scripts/tf-golden/pom.xml" compile exec:exec -Dtf.golden.out="$out/tf_cnn"
