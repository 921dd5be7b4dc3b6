#!/usr/bin/env bash
# Builds the JMH uber jar and runs the layout-kernel benchmarks with short settings, then prints
# GB/s per benchmark and its share of the memory copy measured in the same class, same threads
# (and of the copy in 1 MiB pieces, where the class has one).
# Usage: bench/jmh/run.sh [extra JMH args, e.g. a benchmark regex or -p shape=2048x1280x3x3]
# Env: JMH_OPTS (default "-f 1 -wi 3 -i 5 -w 2s -r 2s"), SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -o -pl ir,layout install -DskipTests
  mvn -q -o -pl bench/jmh package
fi
csv="$root/bench/jmh/target/results.csv"
# shellcheck disable=SC2086
java -jar bench/jmh/target/benchmarks.jar ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s} -rf csv -rff "$csv" "$@"
/usr/bin/python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
params = [k for k in rows[0] if k.startswith("Param: ")] if rows else []
rates = {}
for r in rows:
    name = r["Benchmark"]
    if not name.endswith(":bytes"):
        continue
    cls, bench = name[:-len(":bytes")].rsplit(".", 1)
    rates[(cls.rsplit(".", 1)[1], bench, tuple(r.get(p, "") for p in params))] = (float(r["Score"]) / 1e9, float(r["Score Error (99.9%)"]) / 1e9)
print(f"{'benchmark':<48} {'params':<26} {'GB/s':>8} {'± err':>7} {'% memcpy':>9} {'% pieces':>9}")
def share(gbs, base):
    return f"{100 * gbs / base[0]:8.0f}%" if base else "        -"
for (cls, bench, ps), (gbs, err) in sorted(rates.items()):
    label = ", ".join(f"{p[7:]}={v}" for p, v in zip(params, ps) if v)
    print(f"{cls + '.' + bench:<48} {label:<26} {gbs:8.2f} {err:7.2f} {share(gbs, rates.get((cls, 'memcpy', ps)))}"
          f" {share(gbs, rates.get((cls, 'memcpyInPieces', ps)))}")
PY
