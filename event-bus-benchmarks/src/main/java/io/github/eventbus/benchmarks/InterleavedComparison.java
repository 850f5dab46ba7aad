package io.github.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.eventbus.benchmarks.Percentiles.upperMedian;

/**
 * A cross-check of the JMH ratios for a shared, loaded machine. JMH runs one alternative after the
 * other, so when other processes' load changes between two benchmarks (the load average here moved
 * between 1 and 20 within minutes), their ratio moves with it. This runs the alternatives in one JVM,
 * interleaved in short rounds (A, B, C, A, B, C, ...), and measures each round both in wall-clock time
 * and in CPU time consumed by the whole process, which time spent descheduled does not inflate.
 * Prints, per alternative, the median over rounds of ns per event. Process CPU time ticks in 10 ms
 * steps here, so rounds last 50 ms or more; the publisher's own CPU time is exact.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.InterleavedComparison [sync|fanout] [rounds]}
 */
public final class InterleavedComparison {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private InterleavedComparison() {
	}

	interface Batch {

		/** Runs one round; returns how many events it published. */
		int run();

	}

	public static void main(String[] args) {
		String workload = (args.length > 0) ? args[0] : "sync";
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 60;
		Map<String, Batch> batches = workload.equals("fanout") ? fanOut() : sync();
		Map<String, List<double[]>> samples = new LinkedHashMap<>();
		batches.keySet().forEach((name) -> samples.put(name, new ArrayList<>()));
		// The first rounds warm up the JIT and are dropped.
		int warmup = rounds / 3;
		for (int round = 0; round < rounds + warmup; round++) {
			for (Map.Entry<String, Batch> entry : batches.entrySet()) {
				long wall = System.nanoTime();
				long cpu = OS.getProcessCpuTime();
				long threadCpu = THREADS.getCurrentThreadCpuTime();
				int events = entry.getValue().run();
				threadCpu = THREADS.getCurrentThreadCpuTime() - threadCpu;
				cpu = OS.getProcessCpuTime() - cpu;
				wall = System.nanoTime() - wall;
				if (round >= warmup) {
					samples.get(entry.getKey())
						.add(new double[] { (double) wall / events, (double) cpu / events,
								(double) threadCpu / events });
				}
			}
		}
		System.out.printf("workload=%s rounds=%d (after %d warm-up rounds), medians in ns per event%n", workload,
				rounds, warmup);
		System.out.printf("%-36s %12s %16s %18s%n", "alternative", "wall", "process CPU", "publisher CPU");
		for (Map.Entry<String, List<double[]>> entry : samples.entrySet()) {
			System.out.printf("%-36s %12.1f %16.1f %18.1f%n", entry.getKey(), upperMedian(entry.getValue(), 0),
					upperMedian(entry.getValue(), 1), upperMedian(entry.getValue(), 2));
		}
		System.exit(0);
	}

	private static Map<String, Batch> sync() {
		Map<String, Batch> batches = new LinkedHashMap<>();
		int events = 200_000;
		for (int observers : new int[] { 1, 4 }) {
			SyncDispatchBenchmark.Observers count = new SyncDispatchBenchmark.Observers();
			count.observers = observers;
			SyncDispatchBenchmark.Ours ours = new SyncDispatchBenchmark.Ours();
			ours.setUp(count);
			SyncDispatchBenchmark.Spring spring = new SyncDispatchBenchmark.Spring();
			spring.setUp(count);
			SyncDispatchBenchmark.Guava guava = new SyncDispatchBenchmark.Guava();
			guava.setUp(count);
			batches.put("eventBusSequential/" + observers, () -> {
				for (int i = 0; i < events; i++) {
					ours.bus.publish(OrderPlaced.SAMPLE);
				}
				return events;
			});
			batches.put("springPublishEvent/" + observers, () -> {
				for (int i = 0; i < events / 4; i++) {
					spring.context.publishEvent(OrderPlaced.SAMPLE);
				}
				return events / 4;
			});
			batches.put("guavaEventBus/" + observers, () -> {
				for (int i = 0; i < events; i++) {
					guava.bus.post(OrderPlaced.SAMPLE);
				}
				return events;
			});
		}
		return batches;
	}

	/** Repeats a 10k-event publish-and-wait so that one round lasts well over the 10 ms CPU-time tick. */
	private static int repeat(int times, Runnable publishAndWait) {
		for (int i = 0; i < times; i++) {
			publishAndWait.run();
		}
		return times * FanOutBenchmark.EVENTS;
	}

	private static Map<String, Batch> fanOut() {
		Map<String, Batch> batches = new LinkedHashMap<>();
		FanOutBenchmark.OursFireAndForget fireAndForget = new FanOutBenchmark.OursFireAndForget();
		fireAndForget.setUp();
		FanOutBenchmark.OursConcurrentAwait concurrentAwait = new FanOutBenchmark.OursConcurrentAwait();
		concurrentAwait.setUp();
		FanOutBenchmark.SpringAsync spring = new FanOutBenchmark.SpringAsync();
		spring.setUp();
		FanOutBenchmark.GuavaAsync guava = new FanOutBenchmark.GuavaAsync();
		guava.setUp();
		batches.put("eventBusFireAndForget", () -> repeat(10, fireAndForget::publishAndWait));
		batches.put("eventBusConcurrentAwait", () -> repeat(1, concurrentAwait::publishAndWait));
		batches.put("springAsyncMulticaster", () -> repeat(1, spring::publishAndWait));
		batches.put("guavaAsyncEventBus", () -> repeat(5, guava::publishAndWait));
		return batches;
	}

}
