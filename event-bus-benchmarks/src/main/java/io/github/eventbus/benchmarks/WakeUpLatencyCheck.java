package io.github.eventbus.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.notify.PostgresWakeUps;

/**
 * Commit → durable observer on PostgreSQL, on the instance that publishes and on other instances. Three
 * instances share one database, each with its own pool, store and {@link DurableObservers} (default
 * {@link DurableSettings}: 200 ms poll, JDBC checkpoints and leases), as three application instances would:
 * <ul>
 * <li><b>a</b> publishes, and runs durable observer {@code same} (woken by its own appends);</li>
 * <li><b>b</b> runs observer {@code notified}, woken by a's notifications ({@link PostgresWakeUps} on both);</li>
 * <li><b>c</b> runs observer {@code polling} with no notifications: the 200 ms poll alone, as before
 * notifications, measured in the same run.</li>
 * </ul>
 * {@value #PUBLISHERS} threads publish at a fixed total rate (open loop, as {@link DurableLatencyCheck});
 * latency runs from {@code publish} returning (committed) to each observer's invocation, 0 when the observer
 * ran first. Each rate step lasts the given seconds, and at least long enough for {@value #MIN_EVENTS} events.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.WakeUpLatencyCheck [seconds per step]
 * [rate ...]}; defaults 5 s and 10 100 1000 2000 5000 events/s. Tables {@code bench_wake_*} are dropped and
 * created first, and dropped at the end.
 */
public final class WakeUpLatencyCheck {

	static final int PUBLISHERS = 16;

	static final int MIN_EVENTS = 200;

	static final String PREFIX = "bench_wake_";

	static final String[] OBSERVERS = { "same", "notified", "polling" };

	/** The payload: its sequence number indexes the timestamp arrays. */
	public record Tick(int seq) {
	}

	static long[] committed;

	static long[][] observed;

	static final AtomicInteger[] counts = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int[] rates = (args.length > 1) ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
				: new int[] { 10, 100, 1000, 2000, 5000 };
		int warmup = 2000;
		int total = warmup + Arrays.stream(rates).map((rate) -> events(rate, seconds)).sum();
		committed = new long[total];
		observed = new long[OBSERVERS.length][total];

		List<AutoCloseable> closing = new ArrayList<>();
		HikariDataSource publisherPool = Databases.pool(Databases.PG_URL, PUBLISHERS + 4);
		DurableTables tables = new DurableTables(PREFIX);
		Databases.recreateStoreTables(publisherPool, PREFIX);
		Databases.drop(publisherPool, tables.names().toArray(String[]::new));
		tables.create(publisherPool);

		Instance a = new Instance("a", publisherPool, 0, true);
		Instance b = new Instance("b", Databases.pool(Databases.PG_URL, 4), 1, true);
		Instance c = new Instance("c", Databases.pool(Databases.PG_URL, 4), 2, false);
		ExecutorService pool = Fixtures.pool("bus");
		DefaultEventBus bus = new DefaultEventBus(a.store, pool, DispatchSettings.defaults(),
				(failure) -> failure.exception().printStackTrace());
		bus.addExtension(a.durable);
		bus.addExtension(a.wakeUps);
		for (Instance instance : List.of(a, b, c)) {
			instance.start();
		}

		System.out.printf("Commit → durable observer on PostgreSQL (%s), %d publishers, nproc=%d%n", Databases.PG_URL,
				PUBLISHERS, Runtime.getRuntime().availableProcessors());
		System.out.println("| rate/s | achieved/s | events | same p50 ms | same p99 | same max | notified p50 | notified p99"
				+ " | notified max | polling p50 | polling p99 | polling max | notifications sent |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		int next = step(bus, a.wakeUps, 0, warmup, 1000, false);
		for (int rate : rates) {
			next = step(bus, a.wakeUps, next, events(rate, seconds), rate, true);
		}
		for (Instance instance : List.of(a, b, c)) {
			instance.stop();
		}
		Fixtures.shutdown(pool);
		Databases.drop(publisherPool, PREFIX + "events", PREFIX + "head", PREFIX + "store");
		Databases.drop(publisherPool, tables.names().toArray(String[]::new));
		for (Instance instance : List.of(b, c)) {
			instance.dataSource.close();
		}
		publisherPool.close();
	}

	static int events(int rate, int seconds) {
		return Math.max(rate * seconds, MIN_EVENTS);
	}

	/** One application instance: its pool, store, durable observers and (maybe) wake-ups. */
	static final class Instance {

		final HikariDataSource dataSource;

		final JdbcEventStore store;

		final DurableObservers durable;

		final PostgresWakeUps wakeUps;

		final boolean notified;

		Instance(String name, HikariDataSource dataSource, int observer, boolean notified) {
			this.dataSource = dataSource;
			this.notified = notified;
			this.store = new JdbcEventStore(dataSource, Databases.serializer(Tick.class), PREFIX,
					JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
			this.durable = Databases.durableObservers(this.store, dataSource, new DurableTables(PREFIX),
					DurableSettings.defaults().withInstanceId(name));
			long[] seen = observed[observer];
			AtomicInteger count = counts[observer];
			this.durable.register(OBSERVERS[observer], Tick.class, (Event<?> event) -> {
				seen[((Tick) event.payload()).seq()] = System.nanoTime();
				count.incrementAndGet();
			});
			this.wakeUps = new PostgresWakeUps(dataSource, PREFIX, List.of(this.durable), Duration.ofSeconds(1));
		}

		void start() {
			this.durable.start();
			if (this.notified) {
				this.wakeUps.start();
				while (!this.wakeUps.isListening()) {
					LockSupport.parkNanos(1_000_000);
				}
			}
		}

		void stop() {
			this.wakeUps.stop();
			this.durable.stop();
			this.store.close();
		}

	}

	/** Publishes events [from, from + count) at {@code rate}/s; returns the next sequence number. */
	static int step(DefaultEventBus bus, PostgresWakeUps wakeUps, int from, int count, int rate, boolean report)
			throws InterruptedException {
		int end = from + count;
		int[] before = new int[OBSERVERS.length];
		for (int i = 0; i < OBSERVERS.length; i++) {
			before[i] = counts[i].get();
		}
		long sentBefore = wakeUps.notificationsSent();
		long periodNanos = 1_000_000_000L / rate;
		long start = System.nanoTime() + 20_000_000;
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
		long stepNanos = System.nanoTime() - start;
		long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (int i = 0; i < OBSERVERS.length; i++) {
			while (counts[i].get() - before[i] < count && System.nanoTime() < drainUntil) {
				LockSupport.parkNanos(5_000_000);
			}
		}
		if (report) {
			StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.0f | %d |", rate,
					count * 1e9 / stepNanos, count));
			for (int i = 0; i < OBSERVERS.length; i++) {
				long[] latencies = latencies(observed[i], from, end);
				row.append(String.format(Locale.ROOT, " %.2f | %.2f | %.2f |", Percentiles.ms(latencies, 0.5),
						Percentiles.ms(latencies, 0.99), Percentiles.ms(latencies, 1.0)));
			}
			row.append(' ').append(wakeUps.notificationsSent() - sentBefore).append(" |");
			System.out.println(row);
		}
		return end;
	}

	/** Commit → observer of the events of a step that the observer saw, sorted; 0 when it ran first. */
	static long[] latencies(long[] seen, int from, int end) {
		long[] latencies = new long[end - from];
		int n = 0;
		for (int seq = from; seq < end; seq++) {
			if (seen[seq] != 0) {
				latencies[n++] = Math.max(0, seen[seq] - committed[seq]);
			}
		}
		return Percentiles.sorted(latencies, n);
	}

}
