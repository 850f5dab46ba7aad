package io.github.eventbus.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.EventIds;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;

/**
 * Cross-check of {@link StoreAppendBenchmark} that the machine's load cannot skew: on a shared PostgreSQL
 * the commit rate moves several times within a minute, and JMH measures one benchmark after the other. Here
 * the same workloads run in one JVM in rounds, each for one second per round, round-robin (ours, raw, ours,
 * raw, ...), and the median over the rounds of each is reported, with the median of the per-round ratios
 * (ours ÷ raw of the same round, seconds apart).
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.eventbus.benchmarks.StoreInterleavedCheck [rounds]}
 * (default 7, after one warm-up round); PostgreSQL as for {@link StoreAppendBenchmark}, tables
 * {@code bench_xstore_*} and {@code bench_xraw_*} dropped and created first.
 */
public final class StoreInterleavedCheck {

	static final String PREFIX = "bench_xstore_";

	static final String RAW_PREFIX = "bench_xraw_";

	interface Op {

		/** Appends; returns the number of events written. */
		int run(int thread, long sequence) throws Exception;

	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		HikariDataSource dataSource = Databases.pool(Databases.PG_URL, 8);
		Databases.recreateStoreTables(dataSource, PREFIX);
		Databases.recreateStoreTables(dataSource, RAW_PREFIX);
		JdbcEventStore store = new JdbcEventStore(dataSource, Databases.serializer(OrderPlaced.class), PREFIX,
				JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
		String sql = JdbcEventStoreSchema.withTablePrefix("INSERT INTO @@prefix@@events (position, event_id,"
				+ " stream_id, version, type_name, type_version, payload, metadata, occurred_at)"
				+ " VALUES (?, ?, ?, ?, ?, 1, CAST(? AS jsonb), CAST(? AS jsonb), ?)", RAW_PREFIX);
		AtomicLong rawPositions = new AtomicLong();
		Connection[] connections = new Connection[16];
		PreparedStatement[] inserts = new PreparedStatement[16];
		for (int i = 0; i < 16; i++) {
			connections[i] = DriverManager.getConnection(Databases.PG_URL);
			connections[i].setAutoCommit(false);
			inserts[i] = connections[i].prepareStatement(sql);
		}
		List<OrderPlaced> batch = new ArrayList<>();
		for (int i = 0; i < StoreAppendBenchmark.BATCH; i++) {
			batch.add(new OrderPlaced(i, "SKU-1"));
		}
		Op oursNew = (t, s) -> {
			store.appendOne(null, OrderPlaced.SAMPLE, EventMetadata.empty());
			return 1;
		};
		Op oursNamed = (t, s) -> {
			store.appendOne("order-" + t + "-" + (s % 100), OrderPlaced.SAMPLE, EventMetadata.empty());
			return 1;
		};
		Op oursBatch = (t, s) -> store.append("batch-" + t + "-" + s + "-" + System.nanoTime(), EventStore.ANY_VERSION,
				batch).size();
		Op raw = (t, s) -> {
			bind(inserts[t], rawPositions.incrementAndGet());
			inserts[t].executeUpdate();
			connections[t].commit();
			return 1;
		};
		Op rawBatch = (t, s) -> {
			for (int i = 0; i < StoreAppendBenchmark.BATCH; i++) {
				bind(inserts[t], rawPositions.incrementAndGet());
				inserts[t].addBatch();
			}
			inserts[t].executeBatch();
			connections[t].commit();
			return StoreAppendBenchmark.BATCH;
		};
		Map<String, Object[]> workloads = new LinkedHashMap<>();
		workloads.put("storeNewStream1Thread", new Object[] { oursNew, 1 });
		workloads.put("storeNamed1Thread", new Object[] { oursNamed, 1 });
		workloads.put("rawInsertCommit1Thread", new Object[] { raw, 1 });
		workloads.put("storeNewStream16Threads", new Object[] { oursNew, 16 });
		workloads.put("storeNamed16Threads", new Object[] { oursNamed, 16 });
		workloads.put("rawInsertCommit16Threads", new Object[] { raw, 16 });
		workloads.put("storeBatch100", new Object[] { oursBatch, 1 });
		workloads.put("rawBatch100", new Object[] { rawBatch, 1 });
		Map<String, double[]> rates = new LinkedHashMap<>();
		workloads.keySet().forEach((name) -> rates.put(name, new double[rounds]));
		for (int round = -1; round < rounds; round++) {
			for (Map.Entry<String, Object[]> workload : workloads.entrySet()) {
				double rate = measure((Op) workload.getValue()[0], (Integer) workload.getValue()[1]);
				if (round >= 0) {
					rates.get(workload.getKey())[round] = rate;
				}
			}
		}
		System.out.printf("workload=store-interleaved rounds=%d (after 1 warm-up round), 1 s each, PostgreSQL, events/s%n",
				rounds);
		System.out.printf("%-28s %10s   %s%n", "alternative", "median", "per round");
		for (Map.Entry<String, double[]> entry : rates.entrySet()) {
			StringBuilder all = new StringBuilder();
			for (double r : entry.getValue()) {
				all.append(String.format(Locale.ROOT, "%.0f ", r));
			}
			System.out.printf(Locale.ROOT, "%-28s %10.0f   %s%n", entry.getKey(), median(entry.getValue()), all);
		}
		System.out.println("median of per-round ratios, ours ÷ raw of the same round:");
		ratio(rates, "storeNewStream1Thread", "rawInsertCommit1Thread");
		ratio(rates, "storeNamed1Thread", "rawInsertCommit1Thread");
		ratio(rates, "storeNewStream16Threads", "rawInsertCommit16Threads");
		ratio(rates, "storeNamed16Threads", "rawInsertCommit16Threads");
		ratio(rates, "storeBatch100", "rawBatch100");
		store.close();
		for (Connection connection : connections) {
			connection.close();
		}
		Databases.drop(dataSource, PREFIX + "events", PREFIX + "head", RAW_PREFIX + "events", RAW_PREFIX + "head");
		dataSource.close();
	}

	static void ratio(Map<String, double[]> rates, String ours, String raw) {
		double[] o = rates.get(ours);
		double[] r = rates.get(raw);
		double[] ratios = new double[o.length];
		for (int i = 0; i < o.length; i++) {
			ratios[i] = o[i] / r[i];
		}
		System.out.printf(Locale.ROOT, "%-28s ÷ %-26s %.2f×%n", ours, raw, median(ratios));
	}

	static double measure(Op op, int threads) throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong events = new AtomicLong();
		Thread[] workers = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			int thread = i;
			workers[i] = new Thread(() -> {
				long sequence = 0;
				long written = 0;
				try {
					while (!stop.get()) {
						written += op.run(thread, ++sequence);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				events.addAndGet(written);
			});
		}
		long start = System.nanoTime();
		for (Thread worker : workers) {
			worker.start();
		}
		Thread.sleep(1000);
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		return events.get() * 1e9 / (System.nanoTime() - start);
	}

	static void bind(PreparedStatement insert, long position) throws SQLException {
		UUID id = EventIds.next();
		insert.setLong(1, position);
		insert.setObject(2, id);
		insert.setString(3, id.toString());
		insert.setLong(4, 1);
		insert.setString(5, "OrderPlaced");
		insert.setString(6, StoreAppendBenchmark.RAW_PAYLOAD);
		insert.setString(7, "{}");
		long micros = EventIds.nowMicros();
		insert.setObject(8, OffsetDateTime.ofInstant(
				Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000), ZoneOffset.UTC));
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

}
