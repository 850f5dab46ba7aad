package io.github.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.eventbus.benchmarks.Percentiles.median;

/**
 * Runs alternatives round-robin (A, B, C, A, B, C, ...) for a fixed time each, so that a shared machine whose
 * load moves from minute to minute skews all of them alike, and reports per alternative the median rate over
 * the rounds and per pair the median of the per-round ratios (seconds apart). Also the CPU time each
 * operation cost, in this JVM and in the database server's backends: on a machine with fewer cores than
 * busy threads, CPU per operation is what decides throughput.
 */
final class Interleaved {

	/** One unit of work of one thread; returns how many events (or transactions) it wrote. */
	interface Op {

		int run(int thread, long sequence) throws Exception;

	}

	/** CPU time used so far by a process outside this JVM (the database server's backends), in nanoseconds. */
	interface CpuClock {

		long nanos();

	}

	private record Alternative(Op op, int threads) {
	}

	private record Sample(double rate, double clientCpuMicros, double serverCpuMicros) {
	}

	private final Map<String, Alternative> alternatives = new LinkedHashMap<>();

	private final Map<String, double[]> rates = new LinkedHashMap<>();

	private final Map<String, double[]> clientCpu = new LinkedHashMap<>();

	private final Map<String, double[]> serverCpu = new LinkedHashMap<>();

	private final CpuClock server;

	private final int rounds;

	private final long millis;

	Interleaved(int rounds, long millis, CpuClock server) {
		this.rounds = rounds;
		this.millis = millis;
		this.server = server;
	}

	Interleaved add(String name, int threads, Op op) {
		this.alternatives.put(name, new Alternative(op, threads));
		this.rates.put(name, new double[this.rounds]);
		this.clientCpu.put(name, new double[this.rounds]);
		this.serverCpu.put(name, new double[this.rounds]);
		return this;
	}

	/** One warm-up round of a second per alternative, then the measured rounds. */
	void run() throws InterruptedException {
		for (Map.Entry<String, Alternative> entry : this.alternatives.entrySet()) {
			measure(entry.getValue(), 1000);
		}
		for (int round = 0; round < this.rounds; round++) {
			for (Map.Entry<String, Alternative> entry : this.alternatives.entrySet()) {
				Sample sample = measure(entry.getValue(), this.millis);
				this.rates.get(entry.getKey())[round] = sample.rate();
				this.clientCpu.get(entry.getKey())[round] = sample.clientCpuMicros();
				this.serverCpu.get(entry.getKey())[round] = sample.serverCpuMicros();
				System.out.printf(Locale.ROOT, "round %d %-30s %10.0f/s  CPU µs per op: client %7.1f server %7.1f%n",
						round + 1, entry.getKey(), sample.rate(), sample.clientCpuMicros(), sample.serverCpuMicros());
			}
		}
	}

	void printRates() {
		System.out.printf("%-30s %10s %14s %14s   %s%n", "alternative", "median", "client CPU µs", "server CPU µs",
				"per round");
		for (Map.Entry<String, double[]> entry : this.rates.entrySet()) {
			StringBuilder all = new StringBuilder();
			for (double rate : entry.getValue()) {
				all.append(String.format(Locale.ROOT, "%.0f ", rate));
			}
			System.out.printf(Locale.ROOT, "%-30s %10.0f %14.1f %14.1f   %s%n", entry.getKey(), median(entry.getValue()),
					median(this.clientCpu.get(entry.getKey())), median(this.serverCpu.get(entry.getKey())), all);
		}
	}

	/** Prints the median of {@code ours ÷ alternative} over the rounds, and the per-round ratios. */
	void printRatio(String ours, String alternative) {
		double[] o = this.rates.get(ours);
		double[] a = this.rates.get(alternative);
		if (o == null || a == null) {
			return;
		}
		double[] ratios = new double[o.length];
		StringBuilder all = new StringBuilder();
		for (int i = 0; i < o.length; i++) {
			ratios[i] = o[i] / a[i];
			all.append(String.format(Locale.ROOT, "%.2f ", ratios[i]));
		}
		System.out.printf(Locale.ROOT, "%-30s ÷ %-28s %.2f×   per round %s%n", ours, alternative, median(ratios), all);
	}

	private Sample measure(Alternative alternative, long millis) throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong events = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread[] workers = new Thread[alternative.threads()];
		for (int i = 0; i < workers.length; i++) {
			int thread = i;
			workers[i] = new Thread(() -> {
				long sequence = 0;
				long written = 0;
				try {
					while (!stop.get()) {
						written += alternative.op().run(thread, ++sequence);
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				events.addAndGet(written);
			});
		}
		long clientCpuStart = processCpuNanos();
		long serverCpuStart = this.server.nanos();
		long start = System.nanoTime();
		for (Thread worker : workers) {
			worker.start();
		}
		Thread.sleep(millis);
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("A benchmark thread failed", failure.get());
		}
		long elapsed = System.nanoTime() - start;
		double ops = Math.max(1, events.get());
		return new Sample(events.get() * 1e9 / elapsed, (processCpuNanos() - clientCpuStart) / ops / 1000,
				(this.server.nanos() - serverCpuStart) / ops / 1000);
	}

	/** CPU time of this JVM (every thread: the workload's, the pool's, the group commit writer's, GC). */
	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

}
