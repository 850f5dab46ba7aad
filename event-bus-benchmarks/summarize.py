#!/usr/bin/env python3
"""Turns one run-quick.sh results folder into the Markdown tables of BENCHMARKS.md.

Usage: python3 event-bus-benchmarks/summarize.py benchmarks-results/<run>

Throughput is the median of the measurement iterations (JMH's own mean and error are in the .txt
files beside the JSON); latency percentiles are JMH's SampleTime percentiles over all samples.
Every ratio compares two numbers from the same folder, hence the same run.
"""
import json
import statistics
import sys
from pathlib import Path


def load(folder, name):
    path = folder / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else []


def short(benchmark):
    return benchmark.rsplit(".", 1)[1]


def median(result):
    return statistics.median(v for fork in result["primaryMetric"]["rawData"] for v in fork)


def norm_alloc(result):
    metric = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return metric["score"] if metric else float("nan")


def verdict(ok):
    return "**met**" if ok else "**not met**"


def sync_table(results):
    rows = {}
    for r in results:
        rows[(short(r["benchmark"]), r["params"]["observers"])] = (median(r), norm_alloc(r))
    out = ["| observers | alternative | M events/s (median) | B allocated/event | ours ÷ this |", "|---|---|---|---|---|"]
    for n in ("1", "4"):
        ours = rows.get(("eventBusSequential", n), (float("nan"),))[0]
        for name in ("eventBusSequential", "springPublishEvent", "guavaEventBus", "directCall"):
            if (name, n) in rows:
                score, alloc = rows[(name, n)]
                out.append(f"| {n} | {name} | {score:.2f} | {alloc:.0f} | {ours / score:.2f}× |")
    checks = []
    for n in ("1", "4"):
        ours, alloc = rows[("eventBusSequential", n)]
        spring = rows[("springPublishEvent", n)][0]
        guava = rows[("guavaEventBus", n)][0]
        checks.append(f"- {n} observer(s): ≥ 3× Spring: {ours / spring:.2f}× {verdict(ours / spring >= 3)}; "
                      f"≥ 1.5× Guava: {ours / guava:.2f}× {verdict(ours / guava >= 1.5)}; "
                      f"≤ 150 B/event: {alloc:.0f} B {verdict(alloc <= 150)}")
    return "\n".join(out + [""] + checks)


def fanout_table(results):
    rows = {short(r["benchmark"]): median(r) for r in results}
    out = ["| alternative | M events/s published (median) | ÷ Guava async | ÷ Spring async |", "|---|---|---|---|"]
    guava, spring = rows["guavaAsyncEventBus"], rows["springAsyncMulticaster"]
    for name in ("eventBusFireAndForget", "eventBusConcurrentAwait", "eventBusConcurrentAwait4Publishers",
                 "springAsyncMulticaster", "guavaAsyncEventBus", "disruptor1P4C"):
        if name in rows:
            out.append(f"| {name} | {rows[name]:.3f} | {rows[name] / guava:.2f}× | {rows[name] / spring:.2f}× |")
    checks = []
    for name in ("eventBusFireAndForget", "eventBusConcurrentAwait"):
        g, s = rows[name] / guava, rows[name] / spring
        checks.append(f"- {name}: ≥ 2× Guava async: {g:.2f}× {verdict(g >= 2)}; ≥ 4× Spring async: {s:.2f}× {verdict(s >= 4)}")
    return "\n".join(out + [""] + checks)


def latency_table(results):
    out = ["| alternative | gap between events | p50 µs | p90 µs | p99 µs | p99.9 µs | mean µs |", "|---|---|---|---|---|---|---|"]
    checks = []
    for r in results:
        p = r["primaryMetric"]["scorePercentiles"]
        gap = r.get("params", {}).get("gapMicros", "0")
        name = short(r["benchmark"])
        out.append(f"| {name} | {gap} µs | {p['50.0']:.2f} | {p['90.0']:.2f} | {p['99.0']:.2f} | {p['99.9']:.2f} | "
                   f"{r['primaryMetric']['score']:.2f} |")
        if name == "eventBusFireAndForget":
            checks.append(f"- gap {gap} µs: p50 ≤ 8 µs: {p['50.0']:.2f} {verdict(p['50.0'] <= 8)}; "
                          f"p99 ≤ 40 µs: {p['99.0']:.2f} {verdict(p['99.0'] <= 40)}")
    return "\n".join(out + [""] + checks)


def pg_table(results):
    out = ["| benchmark | events/s (median) |", "|---|---|"]
    for r in results:
        out.append(f"| {short(r['benchmark'])} | {median(r):,.0f} |")
    return "\n".join(out)


STORE_PAIRS = (
    # (target row, ours, raw, required ratio or None)
    ("1 thread, one event per call, new streams", "storeNewStream1Thread", "rawInsertCommit1Thread", 0.8),
    ("1 thread, one event per call, named streams", "storeNamed1Thread", "rawInsertCommit1Thread", 0.8),
    ("16 threads, one event per call, new streams", "storeNewStream16Threads", "rawInsertCommit16Threads", None),
    ("16 threads, one event per call, named streams", "storeNamed16Threads", "rawInsertCommit16Threads", None),
    ("1 thread, batches of 100 (publishAll)", "storeBatch100", "rawBatch100", 0.8),
)


def store_table(results):
    rows = {(short(r["benchmark"]), r["params"]["db"]): median(r) for r in results}
    out = ["| db | workload | ours events/s (median) | raw JDBC events/s (median) | ours ÷ raw | target | verdict |",
           "|---|---|---|---|---|---|---|"]
    for db in ("postgresql", "h2"):
        for label, ours, raw, ratio in STORE_PAIRS:
            if (ours, db) not in rows or (raw, db) not in rows:
                continue
            o, r = rows[(ours, db)], rows[(raw, db)]
            if db != "postgresql":
                target, ok = "–", None
            elif ratio is not None:
                target, ok = f"≥ {ratio}× raw", o / r >= ratio
            else:
                target, ok = "≥ 25,000/s", o >= 25000
            out.append(f"| {db} | {label} | {o:,.0f} | {r:,.0f} | {o / r:.2f}× | {target} | "
                       f"{'–' if ok is None else verdict(ok)} |")
    return "\n".join(out)


def main():
    folder = Path(sys.argv[1])
    print("### Machine\n\n```\n" + (folder / "machine.txt").read_text().strip() + "\n```\n")
    if sync := load(folder, "sync"):
        print("### Sync dispatch on the caller's thread (a) and allocation (d)\n\n" + sync_table(sync) + "\n")
    if fanout := load(folder, "fanout"):
        print("### Fan-out to 4 observers on a 4-thread pool (b)\n\n" + fanout_table(fanout) + "\n")
    if latency := load(folder, "latency"):
        print("### Publish → handled latency (c)\n\n" + latency_table(latency) + "\n")
    if (folder / "memory.txt").exists():
        print("### 1 M fire-and-forget events into a slow observer, -Xmx256m (e)\n\n```\n"
              + (folder / "memory.txt").read_text().strip() + "\n```\n")
    for name in ("interleaved-sync", "interleaved-fanout", "interleaved-store"):
        if (folder / f"{name}.txt").exists():
            print(f"### {name} (cross-check)\n\n```\n" + (folder / f"{name}.txt").read_text().strip() + "\n```\n")
    if pg := load(folder, "pgjdbc"):
        print("### Raw pgjdbc baseline\n\n" + pg_table(pg) + "\n")
    if store := load(folder, "store"):
        print("### Store appends (f)\n\n" + store_table(store) + "\n")
    if (folder / "durable.txt").exists():
        print("### Durable end to end on PostgreSQL (g)\n\n" + (folder / "durable.txt").read_text().strip() + "\n")


if __name__ == "__main__":
    main()
