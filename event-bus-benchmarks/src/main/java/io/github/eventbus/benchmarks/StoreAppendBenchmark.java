package io.github.eventbus.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.EventIds;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Appends to our {@link JdbcEventStore} next to raw JDBC inserts of the same rows, in the same run, on
 * PostgreSQL and H2 in memory. Scores are events per second.
 * <ul>
 * <li>{@code store*}: our store with its defaults (group commit, up to 500 requests per transaction,
 * 1 ms linger), on a Hikari pool of 8. {@code NewStream}: {@code appendOne(null, ...)}, what
 * {@code publish(payload)} does; {@code Named}: {@code appendOne(stream, ...)} with
 * {@code ANY_VERSION}, cycling over 100 streams per thread, what {@code publish(streamId, payload)}
 * does; {@code Batch100}: {@code append(stream, ANY_VERSION, 100 payloads)}, what {@code publishAll}
 * does, a new stream per batch.</li>
 * <li>{@code raw*}: the floor, plain JDBC, one connection per thread, no pool, into a table with the
 * same shape and indexes as ours ({@code bench_raw_events}, made by our schema script), the JSON
 * already serialized, positions from an in-memory counter (no head row): one {@code INSERT} + commit per
 * event, or 100 rows per {@code executeBatch} + commit (with {@code reWriteBatchedInserts=true} on
 * PostgreSQL, as for ours).</li>
 * </ul>
 * Both tables are dropped and created again before each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {

	static final int BATCH = 100;

	static final String PREFIX = "bench_store_";

	static final String RAW_PREFIX = "bench_raw_";

	static final String RAW_PAYLOAD = "{\"orderId\":42,\"sku\":\"SKU-1\"}";

	@State(Scope.Benchmark)
	public static class Database {

		@Param({ "postgresql", "h2" })
		String db;

		String url;

		HikariDataSource dataSource;

		JdbcEventStore store;

		String rawInsert;

		final AtomicInteger threads = new AtomicInteger();

		final AtomicLong rawPositions = new AtomicLong();

		final List<OrderPlaced> batch = new ArrayList<>();

		@Setup(Level.Trial)
		public void open() throws SQLException {
			this.url = Databases.url(this.db, "bench-store");
			this.dataSource = Databases.pool(this.url, 8);
			Databases.recreateStoreTables(this.dataSource, PREFIX);
			Databases.recreateStoreTables(this.dataSource, RAW_PREFIX);
			this.store = new JdbcEventStore(this.dataSource, Databases.serializer(OrderPlaced.class), PREFIX,
					JdbcEventStore.DEFAULT_MAX_BATCH_SIZE, JdbcEventStore.DEFAULT_MAX_WAIT);
			String jsonb = this.db.equals("postgresql") ? "CAST(? AS jsonb)" : "?";
			this.rawInsert = JdbcEventStoreSchema.withTablePrefix("INSERT INTO @@prefix@@events (position, event_id,"
					+ " stream_id, version, type_name, type_version, payload, metadata, occurred_at)"
					+ " VALUES (?, ?, ?, ?, ?, 1, " + jsonb + ", " + jsonb + ", ?)", RAW_PREFIX);
			for (int i = 0; i < BATCH; i++) {
				this.batch.add(new OrderPlaced(i, "SKU-1"));
			}
		}

		@TearDown(Level.Trial)
		public void close() throws SQLException {
			this.store.close();
			Databases.drop(this.dataSource, PREFIX + "events", PREFIX + "head", RAW_PREFIX + "events",
					RAW_PREFIX + "head");
			this.dataSource.close();
		}

	}

	/** Per benchmark thread: its stream names and, for the raw rows, a connection of its own. */
	@State(Scope.Thread)
	public static class Writer {

		Database database;

		String streamPrefix;

		long sequence;

		Connection connection;

		PreparedStatement insert;

		@Setup(Level.Trial)
		public void open(Database database) throws SQLException {
			this.database = database;
			this.streamPrefix = "order-" + database.threads.incrementAndGet() + "-";
			this.connection = database.db.equals("h2") ? DriverManager.getConnection(database.url, "sa", "")
					: DriverManager.getConnection(database.url);
			this.connection.setAutoCommit(false);
			this.insert = this.connection.prepareStatement(database.rawInsert);
		}

		String namedStream() {
			return this.streamPrefix + (++this.sequence % 100);
		}

		String newStream() {
			return this.streamPrefix + "b" + (++this.sequence);
		}

		/** One raw row: a new stream at version 1, as {@code publish(payload)} writes. */
		void bindRaw() throws SQLException {
			var id = EventIds.next();
			this.insert.setLong(1, this.database.rawPositions.incrementAndGet());
			this.insert.setObject(2, id);
			this.insert.setString(3, id.toString());
			this.insert.setLong(4, 1);
			this.insert.setString(5, "OrderPlaced");
			this.insert.setString(6, RAW_PAYLOAD);
			this.insert.setString(7, "{}");
			long micros = EventIds.nowMicros();
			this.insert.setObject(8, OffsetDateTime.ofInstant(
					Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000), ZoneOffset.UTC));
		}

		@TearDown(Level.Trial)
		public void close() throws SQLException {
			this.connection.close();
		}

	}

	// ---- ours: one event per call

	@Benchmark
	@Threads(1)
	public Event<?> storeNewStream1Thread(Database database) {
		return database.store.appendOne(null, OrderPlaced.SAMPLE, EventMetadata.empty());
	}

	@Benchmark
	@Threads(16)
	public Event<?> storeNewStream16Threads(Database database) {
		return database.store.appendOne(null, OrderPlaced.SAMPLE, EventMetadata.empty());
	}

	@Benchmark
	@Threads(1)
	public Event<?> storeNamed1Thread(Database database, Writer writer) {
		return database.store.appendOne(writer.namedStream(), OrderPlaced.SAMPLE, EventMetadata.empty());
	}

	@Benchmark
	@Threads(16)
	public Event<?> storeNamed16Threads(Database database, Writer writer) {
		return database.store.appendOne(writer.namedStream(), OrderPlaced.SAMPLE, EventMetadata.empty());
	}

	// ---- ours: batches of 100 in one call (publishAll)

	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public List<Event<?>> storeBatch100(Database database, Writer writer) {
		return database.store.append(writer.newStream(), EventStore.ANY_VERSION, database.batch);
	}

	// ---- raw JDBC floor

	@Benchmark
	@Threads(1)
	public int rawInsertCommit1Thread(Writer writer) throws SQLException {
		return rawInsertCommit(writer);
	}

	@Benchmark
	@Threads(16)
	public int rawInsertCommit16Threads(Writer writer) throws SQLException {
		return rawInsertCommit(writer);
	}

	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public int[] rawBatch100(Writer writer) throws SQLException {
		for (int i = 0; i < BATCH; i++) {
			writer.bindRaw();
			writer.insert.addBatch();
		}
		int[] counts = writer.insert.executeBatch();
		writer.connection.commit();
		return counts;
	}

	private static int rawInsertCommit(Writer writer) throws SQLException {
		writer.bindRaw();
		int count = writer.insert.executeUpdate();
		writer.connection.commit();
		return count;
	}

}
