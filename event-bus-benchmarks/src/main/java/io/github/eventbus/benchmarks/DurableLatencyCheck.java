package io.github.eventbus.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.jdbc.JdbcEventStore;

import static io.github.eventbus.benchmarks.Percentiles.ms;

/**
 * Durable end to end on PostgreSQL: {@code bus.publish(payload)} on a {@link JdbcEventStore} (defaults:
 * group commit) to one durable observer ({@code @EventObserver(durable = true)}, default
 * {@link DurableSettings}: 200 ms poll, batches of 100, JDBC checkpoints, leases and dead letters), as an
 * application wires it. Not JMH: an open-loop load generator, since latency at a fixed rate is wanted.
 * <p>
 * {@value #PUBLISHERS} publisher threads publish at a fixed total rate, each event at its scheduled time
 * (a late publisher catches up without waiting, and its lateness is counted). For each event it records
 * three instants: the scheduled one, {@code publish} returning (the append is committed by then), and the
 * observer's invocation. It reports, per rate step:
 * <ul>
 * <li><b>commit → observer</b>: from {@code publish} returning to the observer being invoked; since the
 * observer may run before the publishing thread gets the CPU back, 0 when it did (counted);</li>
 * <li><b>publish → observer</b>: from the call to {@code publish} (the append's own latency, group commit
 * included, plus the wake-up of the durable worker): an upper bound of commit → observer;</li>
 * <li><b>scheduled → observer</b>: from the scheduled instant, so it includes the append itself and any
 * lateness of the publishers (no coordinated omission);</li>
 * <li>the rate achieved, and whether the rate was <b>sustained</b>: publishers kept to the schedule
 * (finished within 10% of the step's length) and the observer had caught up one second later.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.DurableLatencyCheck [seconds per step]
 * [rate ...]}; defaults 5 s and 1000 2000 5000 10000 15000 20000 30000 events/s. Tables
 * {@code bench_durable_*} are dropped and created first.
 */
public final class DurableLatencyCheck {

	static final int PUBLISHERS = 16;

	static final String PREFIX = "bench_durable_";

	/** The payload: its sequence number indexes the timestamp arrays. */
	public record Tick(int seq) {
	}

	static long[] started;

	static long[] committed;

	static long[] scheduled;

	static long[] observed;

	static final AtomicInteger observedCount = new AtomicInteger();

	/** The durable observer: records when it saw each event. */
	public static final class Recorder {

		@EventObserver(id = "bench-latency", durable = true)
		public void on(Event<Tick> event) {
			observed[event.payload().seq()] = System.nanoTime();
			observedCount.incrementAndGet();
		}

	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int[] rates = (args.length > 1) ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
				: new int[] { 1000, 2000, 5000, 10000, 15000, 20000, 30000 };
		int warmup = 2000 * 2;
		int total = warmup + Arrays.stream(rates).map((rate) -> rate * seconds).sum();
		started = new long[total];
		committed = new long[total];
		scheduled = new long[total];
		observed = new long[total];

		HikariDataSource dataSource = Databases.pool(Databases.PG_URL, 16);
		DurableTables tables = new DurableTables(PREFIX);
		Databases.recreateStoreTables(dataSource, PREFIX);
		Databases.drop(dataSource, tables.names().toArray(String[]::new));
		tables.create(dataSource);
		JdbcEventStore store = new JdbcEventStore(dataSource, Databases.serializer(Tick.class), PREFIX,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		DurableObservers durable = Databases.durableObservers(store, dataSource, tables,
				DurableSettings.defaults().withInstanceId("bench"));
		ExecutorService pool = Fixtures.pool("bus");
		DefaultEventBus bus = new DefaultEventBus(store, pool, DispatchSettings.defaults(),
				(failure) -> failure.exception().printStackTrace());
		bus.addExtension(durable);
		ObserverMethods.discover("recorder", new Recorder()).forEach(bus::register);
		durable.start();

		System.out.printf("Durable end to end on PostgreSQL (%s), %d publishers, %d s per step, nproc=%d%n",
				Databases.PG_URL, PUBLISHERS, seconds, Runtime.getRuntime().availableProcessors());
		System.out.println("| rate/s | achieved/s | sustained | commit→obs p50 ms | p99 ms | p99.9 ms | max ms"
				+ " | publish→obs p50 ms | p99 ms | p99.9 ms | sched→obs p50 ms | p99 ms | p99.9 ms"
				+ " | publishers late > 1 ms | observer first |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		int next = step(bus, 0, warmup, 2000, false);
		for (int rate : rates) {
			next = step(bus, next, rate * seconds, rate, true);
		}
		durable.stop();
		store.close();
		Fixtures.shutdown(pool);
		Databases.drop(dataSource, PREFIX + "events", PREFIX + "head");
		Databases.drop(dataSource, tables.names().toArray(String[]::new));
		dataSource.close();
	}

	/** Publishes events [from, from + count) at {@code rate}/s; returns the next sequence number. */
	static int step(DefaultEventBus bus, int from, int count, int rate, boolean report) throws InterruptedException {
		int end = from + count;
		int before = observedCount.get();
		long periodNanos = 1_000_000_000L / rate;
		long start = System.nanoTime() + 20_000_000;
		AtomicInteger late = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < PUBLISHERS; p++) {
			int first = from + p;
			Thread thread = new Thread(() -> {
				for (int seq = first; seq < end; seq += PUBLISHERS) {
					long due = start + (seq - from) * periodNanos;
					long now;
					while ((now = System.nanoTime()) < due) {
						LockSupport.parkNanos(Math.min(due - now, 200_000));
					}
					if (now - due > 1_000_000) {
						late.incrementAndGet();
					}
					scheduled[seq] = due;
					started[seq] = System.nanoTime();
					bus.publish(new Tick(seq));
					committed[seq] = System.nanoTime();
				}
			}, "publisher-" + p);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long published = System.nanoTime();
		long stepNanos = published - start;
		long waitUntil = published + TimeUnit.SECONDS.toNanos(1);
		while (observedCount.get() - before < count && System.nanoTime() < waitUntil) {
			LockSupport.parkNanos(1_000_000);
		}
		boolean caughtUp = observedCount.get() - before >= count;
		if (!caughtUp) {
			// Let it drain before the next step, so steps do not mix.
			long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (observedCount.get() - before < count && System.nanoTime() < drainUntil) {
				LockSupport.parkNanos(10_000_000);
			}
		}
		if (report) {
			long[] commitToObserver = new long[count];
			long[] scheduledToObserver = new long[count];
			long[] publishToObserver = new long[count];
			int observerFirst = 0;
			int n = 0;
			for (int seq = from; seq < end; seq++) {
				if (observed[seq] == 0) {
					continue;
				}
				long c = observed[seq] - committed[seq];
				if (c < 0) {
					observerFirst++;
					c = 0;
				}
				commitToObserver[n] = c;
				scheduledToObserver[n] = observed[seq] - scheduled[seq];
				publishToObserver[n] = observed[seq] - started[seq];
				n++;
			}
			if (Boolean.getBoolean("eventbus.bench.stalls")) {
				printStalls(from, end, start);
			}
			commitToObserver = Percentiles.sorted(commitToObserver, n);
			scheduledToObserver = Percentiles.sorted(scheduledToObserver, n);
			publishToObserver = Percentiles.sorted(publishToObserver, n);
			double achieved = count * 1e9 / stepNanos;
			boolean sustained = caughtUp && stepNanos <= (count * periodNanos) * 1.10;
			System.out.printf(Locale.ROOT, "| %d | %.0f | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d |%n",
					rate, achieved, sustained ? "yes" : "no" + (caughtUp ? "" : " (observer behind)"),
					ms(commitToObserver, 0.50), ms(commitToObserver, 0.99), ms(commitToObserver, 0.999),
					ms(commitToObserver, 1.0), ms(publishToObserver, 0.50), ms(publishToObserver, 0.99),
					ms(publishToObserver, 0.999), ms(scheduledToObserver, 0.50), ms(scheduledToObserver, 0.99),
					ms(scheduledToObserver, 0.999), late.get(), observerFirst);
		}
		return end;
	}

	/** Prints the 100 ms windows (by commit time) in which some event waited over 20 ms for the observer. */
	static void printStalls(int from, int end, long start) {
		TreeMap<Long, long[]> windows = new TreeMap<>();
		for (int seq = from; seq < end; seq++) {
			if (observed[seq] == 0) {
				continue;
			}
			long wait = observed[seq] - committed[seq];
			if (wait > 20_000_000) {
				long[] window = windows.computeIfAbsent((committed[seq] - start) / 100_000_000, (key) -> new long[2]);
				window[0]++;
				window[1] = Math.max(window[1], wait);
			}
		}
		windows.forEach((window, stats) -> System.out.printf(Locale.ROOT,
				"  %5d-%5d ms into the step: %d events waited > 20 ms, longest %.1f ms%n", window * 100,
				window * 100 + 100, stats[0], stats[1] / 1e6));
	}

}
