package io.github.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU the auto-configured bus burns when there is nothing to do, and while events come one per 200 µs:
 * process CPU time over wall time, in percent of one core. First a quiet period with no bus (the JVM's
 * own background work, the baseline), then a Boot application with the starter (concurrent-await, 4
 * no-op observers) fed sparse events, then the same application left idle.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.IdleCpuCheck [seconds]}.
 */
public final class IdleCpuCheck {

	private IdleCpuCheck() {
	}

	public static void main(String[] args) throws Exception {
		long seconds = (args.length > 0) ? Long.parseLong(args[0]) : 5;
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		double baseline = cpuPercent(os, seconds, () -> {
		});
		try (StarterBus bus = StarterBus.start("concurrent-await", (Object[]) FanOutBenchmark.observers())) {
			// Let the bus settle after startup, then measure it with sparse traffic and with none.
			sparse(bus, 1_000_000_000L);
			LockSupport.parkNanos(1_000_000_000L);
			double sparse = cpuPercent(os, seconds, () -> sparse(bus, seconds * 1_000_000_000L));
			double idle = cpuPercent(os, seconds, () -> {
			});
			System.out.printf("baseline (no bus): %.2f %% of a core%n", baseline);
			System.out.printf("bus idle: %.2f %% of a core (%.2f above the baseline)%n", idle, idle - baseline);
			System.out.printf("bus, one event per 200 µs: %.2f %% of a core%n", sparse);
		}
	}

	private static void sparse(StarterBus bus, long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() - end < 0) {
			bus.bus().publish(OrderPlaced.SAMPLE);
			LockSupport.parkNanos(200_000);
		}
	}

	/** Runs {@code work} (or sleeps when it returns at once) for the period and returns CPU / wall. */
	private static double cpuPercent(OperatingSystemMXBean os, long seconds, Runnable work) {
		long cpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		work.run();
		long end = start + seconds * 1_000_000_000L;
		while (System.nanoTime() - end < 0) {
			LockSupport.parkNanos(end - System.nanoTime());
		}
		long wall = System.nanoTime() - start;
		return 100.0 * (os.getProcessCpuTime() - cpu) / wall;
	}

}
