#!/usr/bin/env bash
# Runs every JMH benchmark and the batch harness the way BENCHMARKS.md was measured; results go to
# benchmarks/target/results/. Quick settings (1 fork, short iterations): run on an otherwise idle machine.
#   bash benchmarks/run.sh            # all
#   bash benchmarks/run.sh Gating     # only benchmarks whose name matches
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -DskipTests package -pl benchmarks,cli -am
./mvnw -q -B test-compile -pl cli
out=benchmarks/target/results
mkdir -p "$out"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
filter="${1:-.}"
for b in ReadBenchmark WriteBenchmark TransformBenchmark CompensationBenchmark GatingBenchmark \
         StatisticsBenchmark StudyBenchmark; do
  [[ "$b" =~ $filter ]] || continue
  echo "== $b"
  "$java_cmd" -jar benchmarks/target/benchmarks.jar "$b" -f 1 -wi 2 -i 5 -w 2s -r 2s \
      -rf json -rff "$out/$b.json" | tee "$out/$b.txt" | grep -E "^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)"
done
if [[ "BatchBenchmark PlotBenchmark" =~ $filter ]] || [ "$filter" = . ]; then
  cp="cli/target/test-classes:cli/target/cytoarrow.jar"
  echo "== PlotBenchmark"
  m2="$HOME/.m2/repository"
  jmh="$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$m2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar"
  "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$cp:$jmh" \
      org.openjdk.jmh.Main PlotBenchmark -f 1 -wi 2 -i 5 -w 2s -r 2s | tee "$out/PlotBenchmark.txt" \
      | grep -E "^(Benchmark|PlotBenchmark\.)" || echo "PlotBenchmark: see $out/PlotBenchmark.txt"
  echo "== BatchBenchmark (100 files x 100k events x 16 channels, 1 and 2 threads)"
  "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$cp" org.cytoarrow.batch.BatchBenchmark \
      | tee "$out/BatchBenchmark.txt"
  echo "== BatchBenchmark interleaved: 1 and 2 threads alternating in one JVM, 20 runs each, last 10 measured"
  "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED -Drounds=20 -Dmeasured=10 -cp "$cp" \
      org.cytoarrow.batch.BatchBenchmark interleave=true | tee "$out/BatchBenchmark-interleaved.txt"
  if command -v taskset >/dev/null; then
    echo "== BatchBenchmark interleaved and pinned: the same, the JVM moved onto 1 core or 2 before each run"
    "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED -Drounds=20 -Dmeasured=10 -cp "$cp" \
        org.cytoarrow.batch.BatchBenchmark interleave=true pin=true | tee "$out/BatchBenchmark-pinned.txt"
  fi
fi
