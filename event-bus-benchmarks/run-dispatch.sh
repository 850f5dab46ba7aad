#!/usr/bin/env bash
# The in-memory dispatch rows of BENCHMARKS.md ("In-memory dispatch"), about 4 minutes on 2 cores: the
# auto-configured bus (a Boot context with the starter) next to the hand-built one, Guava and Spring, in
# one run. Writes benchmarks-results/dispatch-<timestamp>/; summarize-dispatch.py turns it into the table.
#   ./mvnw -q -B -pl event-bus-benchmarks -am package -DskipTests
#   flock /work/team/bench.lock event-bus-benchmarks/run-dispatch.sh   # on a shared machine
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-event-bus-benchmarks/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "Build first: ./mvnw -q -B -pl event-bus-benchmarks -am package -DskipTests" >&2; exit 1; }
OUT=${OUT:-benchmarks-results/dispatch-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
JMH=(-f 1 -wi ${WI:-2} -w 1s -i ${I:-3} -r 1s)
{ echo "nproc=$(nproc)"; java -version 2>&1; uname -srm; date -u; echo "before: $(uptime)"; git rev-parse --short HEAD; } > "$OUT/machine.txt"
run() {
  local name=$1; shift
  java -jar "$JAR" "${JMH[@]}" -rf json -rff "$OUT/$name.json" "$@" > "$OUT/$name.txt" 2>&1
  grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$OUT/$name.txt" | grep -v 'gc\.\(count\|time\|alloc.rate \)' || true
}
run sync 'SyncDispatchBenchmark\.(starterSequential|starterSequentialNoMdc|eventBusSequential|guavaEventBus|springPublishEvent)' -prof gc
run fanout 'FanOutBenchmark\.(starter.*|eventBusFireAndForget|eventBusConcurrentAwait|guavaAsyncEventBus|springAsyncMulticaster)$'
run blocking BlockingObserversBenchmark
run publishers PublishersBenchmark
run latency 'LatencyBenchmark\.(starterFireAndForget|eventBusFireAndForget|guavaAsyncEventBus)' -p gapMicros=200
java -cp "$JAR" io.github.eventbus.benchmarks.DispatchInterleaved "${ROUNDS:-12}" 2>&1 | grep -v "^\s*$" | tee "$OUT/interleaved.txt"
java -cp "$JAR" io.github.eventbus.benchmarks.IdleCpuCheck "${IDLE_SECONDS:-5}" 2>&1 | grep -v '^\s*$' | tee "$OUT/idle.txt"
echo "after: $(uptime)" >> "$OUT/machine.txt"
cat "$OUT/machine.txt"
echo "Results in $OUT"
