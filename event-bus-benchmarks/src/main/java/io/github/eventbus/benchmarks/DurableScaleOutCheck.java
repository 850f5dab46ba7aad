package io.github.eventbus.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;

/**
 * Durable observers scale out on PostgreSQL: one durable observer whose handler does 1 ms of I/O per event
 * (a park of 1 ms, as a remote call would block), {@code segments = 8}, {@code concurrency = 1} (the default),
 * run by 1 instance and by 2 instances sharing its segments. Each instance is a {@link DurableObservers} of
 * its own, with its own connection pool, event store, lease keeper and instance id, as separate
 * applications on one database are; they share the JVM (the handler blocks, it does not use CPU).
 * <p>
 * A trial: fresh tables, start the instances and wait until they hold their fair share of the segments,
 * then append {@code events} events over 500 streams (batches of 10 per stream from 8 threads, through
 * one more store) and time from the first append to the last event handled. Trials alternate 1 and 2 instances;
 * the report gives each trial's events/s, the medians and the ratio of the medians.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.DurableScaleOutCheck [trials per side]
 * [events per trial]}; defaults 5 and 5000. Tables {@code bench_scaleout_*} are dropped and created for each
 * trial.
 */
public final class DurableScaleOutCheck {

	static final String PREFIX = "bench_scaleout_";

	static final String OBSERVER = "bench-scale-out";

	static final int STREAMS = 500;

	static final int BATCH = 10;

	static final int APPENDERS = 8;

	static final AtomicInteger handled = new AtomicInteger();

	/** The payload. */
	public record Work(int seq) {
	}

	/** The durable observer: 1 ms of blocking I/O per event. */
	public static final class SlowProjection {

		@EventObserver(id = OBSERVER, durable = true, segments = 8)
		public void on(Event<Work> event) {
			LockSupport.parkNanos(1_000_000);
			handled.incrementAndGet();
		}

	}

	private DurableScaleOutCheck() {
	}

	public static void main(String[] args) throws Exception {
		int trials = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int events = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		System.out.printf("Durable observer scale-out on PostgreSQL (%s): 1 ms I/O per event, segments = 8,"
				+ " concurrency = 1, %d events per trial, %d trials per side, nproc=%d%n", Databases.PG_URL, events,
				trials, Runtime.getRuntime().availableProcessors());
		Map<Integer, List<Double>> rates = new TreeMap<>();
		trial(1, Math.min(events, 1000));
		trial(2, Math.min(events, 1000));
		for (int i = 0; i < trials; i++) {
			for (int instances = 1; instances <= 2; instances++) {
				double rate = trial(instances, events);
				rates.computeIfAbsent(instances, (key) -> new ArrayList<>()).add(rate);
				System.out.printf(Locale.ROOT, "trial %d, %d instance(s): %.0f events/s%n", i + 1, instances, rate);
			}
		}
		double one = median(rates.get(1));
		double two = median(rates.get(2));
		System.out.println("| instances | events/s per trial | median events/s |");
		System.out.println("|---|---|---|");
		for (Map.Entry<Integer, List<Double>> entry : rates.entrySet()) {
			System.out.printf(Locale.ROOT, "| %d | %s | %.0f |%n", entry.getKey(), format(entry.getValue()),
					median(entry.getValue()));
		}
		System.out.printf(Locale.ROOT, "ratio 2 instances / 1 instance (medians): %.2f%n", two / one);
		System.out.printf(Locale.ROOT, "csv: \"durable observer, 1 ms I/O per event, 2 instances vs 1\",events/s,higher,%.0f,1 instance,%.0f,1.7%n",
				two, one);
	}

	static double trial(int instances, int events) throws Exception {
		HikariDataSource admin = Databases.pool(Databases.PG_URL, 4);
		DurableTables tables = new DurableTables(PREFIX);
		Databases.recreateStoreTables(admin, PREFIX);
		Databases.drop(admin, tables.names().toArray(String[]::new));
		tables.create(admin);
		List<Instance> running = new ArrayList<>();
		for (int i = 0; i < instances; i++) {
			running.add(Instance.start("instance-" + i, tables));
		}
		awaitShares(running.get(0).durable, instances);
		JdbcEventStore publisher = new JdbcEventStore(admin, Databases.serializer(Work.class), PREFIX,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		handled.set(0);
		ExecutorService appenders = Executors.newFixedThreadPool(APPENDERS);
		long cpuBefore = processCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> appended = new ArrayList<>();
		for (int from = 0; from < events; from += BATCH) {
			int first = from;
			// Batches of 10 round-robin over the streams, from several threads: a short append phase.
			appended.add(appenders.submit(() -> {
				List<Work> batch = new ArrayList<>();
				for (int seq = first; seq < Math.min(events, first + BATCH); seq++) {
					batch.add(new Work(seq));
				}
				publisher.append("work-" + ((first / BATCH) % STREAMS), EventStore.ANY_VERSION, batch);
			}));
		}
		for (Future<?> future : appended) {
			future.get();
		}
		appenders.shutdown();
		while (handled.get() < events) {
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
		}
		long elapsed = System.nanoTime() - start;
		long cpu = processCpuNanos() - cpuBefore;
		System.out.printf(Locale.ROOT, "  %d instance(s): %d events in %d ms, JVM CPU %.1f µs/event%n", instances,
				events, elapsed / 1_000_000, cpu / 1e3 / events);
		for (Instance instance : running) {
			instance.stop();
		}
		publisher.close();
		Databases.drop(admin, PREFIX + "events", PREFIX + "head", PREFIX + "store");
		Databases.drop(admin, tables.names().toArray(String[]::new));
		admin.close();
		return events / (elapsed / 1e9);
	}

	/** Waits until the first instance sees every segment held, by {@code instances} owners. */
	static void awaitShares(DurableObservers durable, int instances) {
		while (true) {
			DurableObserverStatus status = durable.status(OBSERVER).orElseThrow();
			long owners = status.segments().stream().map(DurableObserverStatus.SegmentStatus::owner).distinct().count();
			boolean allHeld = status.segments().stream().allMatch((segment) -> segment.owner() != null);
			if (allHeld && owners == instances) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static double median(List<Double> values) {
		return Percentiles.median(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	static String format(List<Double> values) {
		return String.join(", ", values.stream().map((value) -> String.format(Locale.ROOT, "%.0f", value)).toList());
	}

	/** One application instance: its pool, store and durable observers. */
	record Instance(HikariDataSource dataSource, JdbcEventStore store, DurableObservers durable) {

		static Instance start(String id, DurableTables tables) {
			HikariDataSource dataSource = Databases.pool(Databases.PG_URL, 8);
			JdbcEventStore store = new JdbcEventStore(dataSource, Databases.serializer(Work.class), PREFIX,
					JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
			DurableObservers durable = Databases.durableObservers(store, dataSource, tables,
					DurableSettings.defaults().withInstanceId(id).withPollInterval(Duration.ofMillis(50)));
			ObserverMethods.discover("projection", new SlowProjection()).forEach(durable::register);
			durable.start();
			return new Instance(dataSource, store, durable);
		}

		void stop() {
			this.durable.stop();
			this.store.close();
			this.dataSource.close();
		}

	}

}
