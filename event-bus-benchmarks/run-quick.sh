#!/usr/bin/env bash
# Runs every benchmark once with short iterations (about 8 minutes on 2 cores, 3 of them PostgreSQL) and writes the results
# to benchmarks-results/<timestamp>/. Usage, from the repository root:
#   ./mvnw -q -B -pl event-bus-benchmarks -am package -DskipTests
#   event-bus-benchmarks/run-quick.sh            # quick profile (what BENCHMARKS.md quotes)
#   PROFILE=full event-bus-benchmarks/run-quick.sh   # full profile: 3 forks, longer iterations
#   SKIP_POSTGRES=1 event-bus-benchmarks/run-quick.sh   # no PostgreSQL: no event log or durable check
#   JAR=/path/other.jar OUT=dir event-bus-benchmarks/run-quick.sh   # another build, another folder
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-event-bus-benchmarks/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "Build first: ./mvnw -q -B -pl event-bus-benchmarks -am package -DskipTests" >&2; exit 1; }
OUT=${OUT:-benchmarks-results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [ "${PROFILE:-quick}" = full ]; then
  JMH=(-f 3 -wi 5 -w 2s -i 10 -r 2s)
else
  JMH=(-f 1 -wi 2 -w 1s -i 5 -r 1s)
fi
# Other work on the machine skews every number: the load average is recorded before and after.
{ echo "nproc=$(nproc)"; java -version 2>&1; uname -srm; date -u; echo "before: $(uptime)"
  psql -h 127.0.0.1 -U postgres -d test -Atc "select version()" 2>/dev/null || true; } > "$OUT/machine.txt"
run() {
  local name=$1; shift
  java -jar "$JAR" "${JMH[@]}" -rf json -rff "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
}
# (a) + (d): caller's-thread dispatch, with bytes allocated per event.
run sync SyncDispatchBenchmark -prof gc
# (b): fan-out to 4 observers on a pool.
run fanout FanOutBenchmark
# (c): publish -> handled latency percentiles.
run latency LatencyBenchmark
# (e): 1M fire-and-forget events into a slow observer with a 256 MiB heap.
java -Xmx256m -cp "$JAR" io.github.eventbus.benchmarks.MailboxMemoryCheck | tee "$OUT/memory.txt"
java -Xmx256m -cp "$JAR" io.github.eventbus.benchmarks.MailboxMemoryCheck guava | tee -a "$OUT/memory.txt"
# Cross-check of (a) and (b) robust to the machine's load changing between benchmarks: the same
# alternatives interleaved in one JVM, wall and CPU ns per event.
java -cp "$JAR" io.github.eventbus.benchmarks.InterleavedComparison sync 20 | tee "$OUT/interleaved-sync.txt"
java -cp "$JAR" io.github.eventbus.benchmarks.InterleavedComparison fanout 15 | tee "$OUT/interleaved-fanout.txt"
# (f): JDBC store appends on H2 next to raw JDBC inserts of the same rows.
run store StoreAppendBenchmark -p db=h2
if [ -z "${SKIP_POSTGRES:-}" ]; then
  # PostgreSQL event log (issue 14): the bus from the starter against raw pgjdbc, interleaved in one JVM.
  java -cp "$JAR" io.github.eventbus.benchmarks.PgLogInterleavedCheck 3 5 | tee "$OUT/pglog.txt"
  # (g): durable end to end on PostgreSQL: latency at fixed rates, and the highest rate sustained.
  java -cp "$JAR" io.github.eventbus.benchmarks.DurableLatencyCheck "${DURABLE_SECONDS:-5}" | tee "$OUT/durable.txt"
fi
echo "after: $(uptime)" >> "$OUT/machine.txt"
echo "Results in $OUT"
