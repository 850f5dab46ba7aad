package io.github.eventbus.benchmarks;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.store.EventIds;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What a team writes without the bus: plain pgjdbc, one connection per thread (no pool), an events table of
 * the same columns and unique constraints as ours whose position is a {@code bigserial}, and the payload JSON
 * already a string. Tables {@code pgbench_raw_orders} and {@code pgbench_raw_events}.
 */
final class RawOutbox implements AutoCloseable {

	private static final String CREATE = """
			CREATE TABLE pgbench_raw_orders (id UUID PRIMARY KEY, n INT NOT NULL);
			CREATE TABLE pgbench_raw_events (
			    position     BIGSERIAL   PRIMARY KEY,
			    event_id     UUID        NOT NULL,
			    stream_id    TEXT        NOT NULL,
			    version      BIGINT      NOT NULL,
			    type_name    TEXT        NOT NULL,
			    type_version INT         NOT NULL,
			    payload      JSONB       NOT NULL,
			    metadata     JSONB,
			    occurred_at  TIMESTAMPTZ NOT NULL,
			    CONSTRAINT pgbench_raw_events_stream_version UNIQUE (stream_id, version),
			    CONSTRAINT pgbench_raw_events_event_id UNIQUE (event_id)
			);
			""";

	private static final String INSERT_ORDER = "INSERT INTO pgbench_raw_orders (id, n) VALUES (?, 1)";

	private static final String INSERT_EVENT = """
			INSERT INTO pgbench_raw_events (event_id, stream_id, version, type_name, type_version, payload, metadata,
			    occurred_at) VALUES (?, ?, 1, 'OrderPlaced', 1, CAST(? AS jsonb), CAST(? AS jsonb), ?)
			""";

	private static final String COPY = "COPY pgbench_raw_events (event_id, stream_id, version, type_name, type_version,"
			+ " payload, metadata, occurred_at) FROM STDIN";

	private final Connection[] connections;

	private final PreparedStatement[] orders;

	private final PreparedStatement[] events;

	RawOutbox(String url, int threads) throws SQLException {
		this.connections = new Connection[threads];
		this.orders = new PreparedStatement[threads];
		this.events = new PreparedStatement[threads];
		for (int i = 0; i < threads; i++) {
			this.connections[i] = DriverManager.getConnection(url);
			this.connections[i].setAutoCommit(false);
			this.orders[i] = this.connections[i].prepareStatement(INSERT_ORDER);
			this.events[i] = this.connections[i].prepareStatement(INSERT_EVENT);
		}
	}

	static void createTables(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE);
		}
	}

	/** Workload 1: a business row, an event row, {@code workNanos} more work, commit. */
	int businessTransaction(int thread, long workNanos) throws SQLException {
		UUID order = UUID.randomUUID();
		this.orders[thread].setObject(1, order);
		this.orders[thread].executeUpdate();
		bindEvent(this.events[thread], "order-" + order);
		this.events[thread].executeUpdate();
		work(workNanos);
		this.connections[thread].commit();
		return 1;
	}

	/** One event row, committed. */
	int insertCommit(int thread) throws SQLException {
		bindEvent(this.events[thread], null);
		this.events[thread].executeUpdate();
		this.connections[thread].commit();
		return 1;
	}

	/** {@code size} event rows in one JDBC batch (one multi-row INSERT with reWriteBatchedInserts), committed. */
	int batch(int thread, int size) throws SQLException {
		PreparedStatement insert = this.events[thread];
		for (int i = 0; i < size; i++) {
			bindEvent(insert, null);
			insert.addBatch();
		}
		insert.executeBatch();
		this.connections[thread].commit();
		return size;
	}

	/** {@code size} event rows through {@code COPY ... FROM STDIN}, committed. */
	int copy(int thread, int size) throws Exception {
		StringBuilder rows = new StringBuilder(size * 160);
		String occurredAt = occurredAt().toString();
		for (int i = 0; i < size; i++) {
			String id = EventIds.next().toString();
			rows.append(id).append('\t').append(id).append("\t1\tOrderPlaced\t1\t")
				.append(StoreAppendBenchmark.RAW_PAYLOAD).append("\t{}\t").append(occurredAt).append('\n');
		}
		CopyManager copy = this.connections[thread].unwrap(PGConnection.class).getCopyAPI();
		copy.copyIn(COPY, new StringReader(rows.toString()));
		this.connections[thread].commit();
		return size;
	}

	private static void bindEvent(PreparedStatement insert, @Nullable String streamId) throws SQLException {
		UUID id = EventIds.next();
		insert.setObject(1, id);
		insert.setString(2, (streamId != null) ? streamId : id.toString());
		insert.setString(3, StoreAppendBenchmark.RAW_PAYLOAD);
		insert.setString(4, "{}");
		insert.setObject(5, occurredAt());
	}

	private static OffsetDateTime occurredAt() {
		long micros = EventIds.nowMicros();
		return OffsetDateTime.ofInstant(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
				ZoneOffset.UTC);
	}

	/** The "2 ms more work" of a business transaction: a REST call or a query the transaction waits for. */
	static void work(long nanos) {
		long end = System.nanoTime() + nanos;
		long left;
		while ((left = end - System.nanoTime()) > 0) {
			LockSupport.parkNanos(left);
		}
	}

	static long millis(double millis) {
		return (long) (millis * TimeUnit.MILLISECONDS.toNanos(1));
	}

	@Override
	public void close() throws SQLException {
		for (Connection connection : this.connections) {
			connection.close();
		}
	}

}
