package io.github.eventbus.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.store.EventIds;
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
 * The floor for the JDBC store: raw pgjdbc inserts of event rows into a table of our own, no pool, no
 * Spring. One {@code INSERT} + commit per event from 1 and from 16 threads (each with its own
 * connection), and batches of {@value #BATCH} rows in one commit with {@code reWriteBatchedInserts}.
 * The store benchmarks will sit next to these and be read as ratios to them.
 * <p>
 * Needs PostgreSQL on 127.0.0.1:5432, database {@code test}, user {@code postgres} (override with
 * {@code -p url=...}); creates and empties table {@code eventbus_pgjdbc_baseline}, a name no other
 * benchmark or test uses (the database is shared).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PgjdbcBaselineBenchmark {

	static final int BATCH = 100;

	/** The row shape of an event store: ids, stream and version, type, JSON payload and metadata. */
	private static final String CREATE = """
			CREATE TABLE IF NOT EXISTS eventbus_pgjdbc_baseline (
			    position      BIGSERIAL PRIMARY KEY,
			    event_id      UUID NOT NULL UNIQUE,
			    stream_id     TEXT NOT NULL,
			    version       BIGINT NOT NULL,
			    type_name     TEXT NOT NULL,
			    type_version  INTEGER NOT NULL,
			    payload       JSONB NOT NULL,
			    metadata      JSONB,
			    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
			    UNIQUE (stream_id, version)
			)""";

	private static final String INSERT = """
			INSERT INTO eventbus_pgjdbc_baseline
			    (event_id, stream_id, version, type_name, type_version, payload, metadata, occurred_at)
			VALUES (?, ?, ?, ?, 1, CAST(? AS JSONB), CAST(? AS JSONB), ?)""";

	private static final String PAYLOAD = "{\"orderId\":42,\"sku\":\"SKU-1\"}";

	private static final String METADATA = "{}";

	/** Creates and empties the table once per trial. */
	@State(Scope.Benchmark)
	public static class Database {

		@Param("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
		String url;

		final AtomicInteger threads = new AtomicInteger();

		@Setup(Level.Trial)
		public void createTable() throws SQLException {
			try (Connection connection = DriverManager.getConnection(this.url);
					Statement statement = connection.createStatement()) {
				statement.execute(CREATE);
				statement.execute("TRUNCATE eventbus_pgjdbc_baseline");
			}
		}

	}

	/** One connection per benchmark thread, as a pool would hand out. */
	@State(Scope.Thread)
	public static class Writer {

		Connection connection;

		PreparedStatement insert;

		String streamPrefix;

		long sequence;

		@Setup(Level.Trial)
		public void open(Database database) throws SQLException {
			String url = database.url + (database.url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
			this.connection = DriverManager.getConnection(url);
			this.connection.setAutoCommit(false);
			this.insert = this.connection.prepareStatement(INSERT);
			this.streamPrefix = "raw-" + database.threads.incrementAndGet() + "-" + System.nanoTime() + "-";
		}

		void bind() throws SQLException {
			UUID id = EventIds.next();
			this.insert.setObject(1, id);
			// A stream per event, version 1: the shape of publish(payload) without a stream id.
			this.insert.setString(2, this.streamPrefix + (++this.sequence));
			this.insert.setLong(3, 1);
			this.insert.setString(4, "OrderPlaced");
			this.insert.setString(5, PAYLOAD);
			this.insert.setString(6, METADATA);
			this.insert.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
		}

		@TearDown(Level.Trial)
		public void close() throws SQLException {
			this.connection.close();
		}

	}

	@Benchmark
	@Threads(1)
	public int insertCommit1Thread(Writer writer) throws SQLException {
		return insertCommit(writer);
	}

	@Benchmark
	@Threads(16)
	public int insertCommit16Threads(Writer writer) throws SQLException {
		return insertCommit(writer);
	}

	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public int[] batch100RewriteBatchedInserts(Writer writer) throws SQLException {
		for (int i = 0; i < BATCH; i++) {
			writer.bind();
			writer.insert.addBatch();
		}
		int[] counts = writer.insert.executeBatch();
		writer.connection.commit();
		return counts;
	}

	private static int insertCommit(Writer writer) throws SQLException {
		writer.bind();
		int count = writer.insert.executeUpdate();
		writer.connection.commit();
		return count;
	}

}
