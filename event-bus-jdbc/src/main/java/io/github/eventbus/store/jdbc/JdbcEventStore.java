package io.github.eventbus.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventBusException;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.EventIds;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventTypes;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@link EventStore} in an H2 or PostgreSQL database: table {@code <prefix>events} holds the events
 * (schema: {@link JdbcEventStoreSchema}).
 *
 * <h2>Positions readers can follow</h2>
 * Positions increase in the order {@link #readAll(long, int)} returns events, and a reader that continues
 * after the last position it saw never skips an event, even one whose transaction commits after a later
 * one, and never sees an uncommitted one. How depends on the database:
 * <ul>
 * <li><b>PostgreSQL</b>: appending transactions do not wait for each other. An event's position is
 * {@code (xid << 20) + k}, {@code xid} being the appending transaction's id ({@code pg_current_xact_id()})
 * and {@code k} counting that transaction's events; reads return only positions below
 * {@code pg_snapshot_xmin(pg_current_snapshot()) << 20}, computed in the same statement: the id of the
 * oldest transaction still running in the cluster. Every transaction below it has ended, so nothing can
 * appear there later. Positions are therefore <em>not dense</em>. A long-running transaction (anywhere in
 * the cluster) holds readers back, never writers; {@link #readBarrier()} and {@link #barrierAge()} show
 * it. Per-stream order and expected versions are kept by one row per stream in {@code <prefix>streams},
 * locked by the appender until it commits: appends to one stream wait for each other, appends to
 * different streams do not.</li>
 * <li><b>H2</b> (one process): the first statement of every appending transaction is
 * {@code UPDATE <prefix>head SET position = position + n}; its row lock, held until commit, serializes
 * appending transactions, so positions are dense and become visible in order.</li>
 * </ul>
 * Use READ COMMITTED (the default of both databases) for transactions that append.
 *
 * <h2>Transactions and group commit</h2>
 * Inside a Spring-managed transaction on this store's {@code DataSource}, an append runs on that
 * transaction's connection and commits or rolls back with it: the transactional outbox. Outside a
 * transaction, appends are queued to one writer thread that writes whatever has accumulated at once: on
 * PostgreSQL one autocommitted statement (stream rows, version checks and a multi-row insert together);
 * on H2 one position update, one version lookup, one JDBC batch insert, one commit. A lone publisher
 * writes on its own thread instead. Callers block until their events are committed.
 *
 * <h2>Failures</h2>
 * A request whose expected version is wrong fails alone with a {@link ConcurrencyConflictException}; the
 * rest of its batch is written. If a batch fails otherwise, its requests are retried one by one so only a
 * faulty one fails, with Spring's translated {@link org.springframework.dao.DataAccessException}.
 *
 * <h2>Payloads</h2>
 * Payloads are serialized once, on the caller's thread, by the {@link EventSerializer}. Reads return an
 * {@link UnreadableEvent} payload for a row that cannot be read (unregistered type, bad JSON) rather than
 * failing; {@link #readStreamStrict(String)} throws instead.
 * <p>
 * Thread-safe. Close it to stop the writer thread after writing what is queued.
 */
public final class JdbcEventStore implements EventStore, AutoCloseable {

	/** Default maximum number of append requests written in one transaction. */
	public static final int DEFAULT_MAX_BATCH_SIZE = 500;

	/** Default longest time the writer waits for a batch to fill. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(1);

	private static final String READ_STREAM = "SELECT " + EventRowMapper.COLUMNS + """
			FROM @@prefix@@events WHERE stream_id = ? ORDER BY version
			""";

	private static final String STREAM_VERSION = """
			SELECT COALESCE(MAX(version), 0) FROM @@prefix@@events WHERE stream_id = ?
			""";

	/* The transaction holding the barrier is the one whose (32-bit) xid is the snapshot's xmin. */
	private static final String BARRIER_AGE = """
			WITH x AS (
				SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint) % 4294967296 AS low
			)
			SELECT EXTRACT(EPOCH FROM clock_timestamp() - MIN(o.started)) FROM (
				SELECT a.xact_start AS started FROM pg_stat_activity a, x
				WHERE CAST(CAST(a.backend_xid AS text) AS bigint) = x.low
				UNION ALL
				SELECT p.prepared FROM pg_prepared_xacts p, x WHERE CAST(CAST(p.transaction AS text) AS bigint) = x.low
			) o
			""";

	private static final String STORE_ID = """
			SELECT store_id FROM @@prefix@@store WHERE id = 1
			""";

	private final EventSerializer serializer;

	private final String tablePrefix;

	private final JdbcTemplate jdbcTemplate;

	private final EventRowMapper rowMapper;

	private final GroupCommitter committer;

	private final String readStream;

	private final String streamVersion;

	private final DataSource dataSource;

	private volatile @Nullable Reads reads;

	private final AppendTransactions transactions;

	private volatile @Nullable AppendListener appendListener;

	/**
	 * Creates a store with the default table prefix and group commit settings.
	 * @param dataSource an H2 or PostgreSQL database with the schema created
	 * @param serializer turns payloads into JSON and back
	 */
	public JdbcEventStore(DataSource dataSource, EventSerializer serializer) {
		this(dataSource, serializer, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX, DEFAULT_MAX_BATCH_SIZE,
				DEFAULT_MAX_WAIT);
	}

	/**
	 * Creates a store.
	 * @param dataSource an H2 or PostgreSQL database with the schema created
	 * @param serializer turns payloads into JSON and back
	 * @param tablePrefix prefix of the table names
	 * @param maxBatchSize the most append requests written in one transaction
	 * @param maxWait the longest the writer waits for a batch to fill
	 * @throws IllegalArgumentException if the table prefix is not a plain SQL identifier
	 */
	public JdbcEventStore(DataSource dataSource, EventSerializer serializer, String tablePrefix, int maxBatchSize,
			Duration maxWait) {
		this.tablePrefix = JdbcEventStoreSchema.checkTablePrefix(tablePrefix);
		Objects.requireNonNull(dataSource, "dataSource");
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.rowMapper = new EventRowMapper(serializer);
		this.readStream = JdbcEventStoreSchema.withTablePrefix(READ_STREAM, tablePrefix);
		this.streamVersion = JdbcEventStoreSchema.withTablePrefix(STREAM_VERSION, tablePrefix);
		this.dataSource = dataSource;
		this.transactions = new AppendTransactions(dataSource, this.tablePrefix, this.jdbcTemplate);
		this.committer = new GroupCommitter(this.transactions::writeBatch, maxBatchSize, Objects.requireNonNull(maxWait),
				"eventbus-group-commit-" + tablePrefix);
	}

	@Override
	public List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads, EventMetadata metadata) {
		Objects.requireNonNull(streamId, "streamId");
		if (payloads.isEmpty()) {
			long current = version(streamId);
			if (expectedVersion != ANY_VERSION && expectedVersion != current) {
				throw new ConcurrencyConflictException(streamId, expectedVersion, current);
			}
			return List.of();
		}
		String metadataJson = this.serializer.serializeMetadata(metadata);
		List<AppendRequest.Pending> events = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			events.add(pending(payload, metadata, metadataJson));
		}
		return write(new AppendRequest(streamId, expectedVersion, events));
	}

	@Override
	public Event<?> appendOne(@Nullable String streamId, Object payload, EventMetadata metadata) {
		AppendRequest.Pending event = pending(payload, metadata, this.serializer.serializeMetadata(metadata));
		return write(new AppendRequest(streamId, ANY_VERSION, List.of(event))).get(0);
	}

	private AppendRequest.Pending pending(Object payload, EventMetadata metadata, @Nullable String metadataJson) {
		Objects.requireNonNull(payload, "payload");
		Class<?> type = payload.getClass();
		return new AppendRequest.Pending(EventIds.next(), payload, EventTypes.nameOf(type), EventTypes.versionOf(type),
				this.serializer.serialize(payload), metadataJson, metadata, EventIds.nowMicros());
	}

	/**
	 * {@code true} inside a Spring-managed transaction that holds a connection of this store's
	 * {@code DataSource} and whose synchronizations have not run yet.
	 */
	@Override
	public boolean joinsCurrentTransaction() {
		return this.transactions.joinsCurrentTransaction();
	}

	/**
	 * Sets the listener told about every append and every group commit batch, for metrics.
	 * @param listener the listener, or {@code null} for none
	 */
	public void setAppendListener(@Nullable AppendListener listener) {
		this.appendListener = listener;
		this.transactions.setAppendListener(listener);
	}

	private List<Event<?>> write(AppendRequest request) {
		AppendListener listener = this.appendListener;
		if (listener == null) {
			return writeRequest(request);
		}
		long start = System.nanoTime();
		boolean succeeded = false;
		try {
			List<Event<?>> events = writeRequest(request);
			succeeded = true;
			return events;
		}
		finally {
			try {
				listener.appended(request.events.size(), System.nanoTime() - start, succeeded);
			}
			catch (RuntimeException ex) {
				// a listener must not fail an append
			}
		}
	}

	private List<Event<?>> writeRequest(AppendRequest request) {
		List<Event<?>> inTransaction = this.transactions.writeInCurrentTransaction(request);
		if (inTransaction != null) {
			return inTransaction;
		}
		if (this.committer.tryEnterDirect()) {
			try {
				this.transactions.writeBatch(List.of(request));
			}
			finally {
				this.committer.exitDirect();
			}
		}
		else if (!this.committer.submit(request)) {
			this.transactions.writeBatch(List.of(request));
		}
		try {
			return request.result.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof ConcurrencyConflictException conflict) {
				// Rethrown here so the stack trace shows the caller, not the writer thread.
				throw new ConcurrencyConflictException(conflict.streamId(), conflict.expectedVersion(),
						conflict.actualVersion());
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new EventBusException("Append failed", cause);
		}
	}

	private long version(String streamId) {
		Long version = this.jdbcTemplate.queryForObject(this.streamVersion, Long.class, streamId);
		return (version != null) ? version : 0;
	}

	@Override
	public List<Event<?>> readStream(String streamId) {
		return this.jdbcTemplate.query(this.readStream, this.rowMapper, streamId);
	}

	/**
	 * Reads one stream, failing on the first event that cannot be read.
	 * @param streamId the stream id
	 * @return the events in version order
	 * @throws io.github.eventbus.store.UnknownEventTypeException if a stored type name is not registered
	 * @throws EventBusException if a stored payload cannot be read otherwise
	 */
	public List<Event<?>> readStreamStrict(String streamId) {
		List<Event<?>> events = readStream(streamId);
		for (Event<?> event : events) {
			if (event.payload() instanceof UnreadableEvent unreadable) {
				throw unreadable.error();
			}
		}
		return events;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Returns only final events: committed, and such that no event will ever be stored between them (see
	 * "Positions readers can follow" above). On PostgreSQL positions have gaps; a follower continues from
	 * the position of the last event it read plus one.
	 */
	@Override
	public List<Event<?>> readAll(long fromPosition, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		return this.jdbcTemplate.query(reads().readAll, this.rowMapper, fromPosition, limit);
	}

	/**
	 * Reads events in global position order without deserializing their payloads, so that a relay can
	 * send the stored JSON as it is, whatever the payload types (registered here or not).
	 * @param fromPosition the first position to read (inclusive)
	 * @param limit the maximum number of events
	 * @return the stored rows, at most {@code limit}
	 */
	public List<StoredEvent> readAllStored(long fromPosition, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		return this.jdbcTemplate.query(reads().readAll, this.rowMapper::mapStored, fromPosition, limit);
	}

	/** The highest position {@link #readAll(long, int)} returns now, 0 when none. */
	@Override
	public long headPosition() {
		Long head = this.jdbcTemplate.queryForObject(reads().head, Long.class);
		return (head != null) ? head : 0;
	}

	@Override
	public long countAfter(long position) {
		Long count = this.jdbcTemplate.queryForObject(reads().countAfter, Long.class, position);
		return (count != null) ? count : 0;
	}

	/**
	 * The position below which {@link #readAll(long, int)} reads now: every event below it is committed and
	 * no event will ever be stored below it. On PostgreSQL it is the id of the oldest transaction running in
	 * the cluster (any database, idle in transaction or prepared) shifted left by 20 bits; a transaction that
	 * stays open keeps it, and so followers, back. {@link Long#MAX_VALUE} on H2, where appends are serialized.
	 * @return the read barrier
	 */
	public long readBarrier() {
		Long barrier = this.jdbcTemplate.queryForObject(reads().barrier, Long.class);
		return (barrier != null) ? barrier : Long.MAX_VALUE;
	}

	/**
	 * How long the transaction that holds {@link #readBarrier()} back has been open: how late followers can
	 * be at most because of it. {@link Duration#ZERO} on H2, when no transaction with an id is running, and
	 * when PostgreSQL hides that transaction's start from this database user (grant it
	 * {@code pg_read_all_stats} to see other users' transactions).
	 * @return the age of the oldest running transaction that has written
	 */
	public Duration barrierAge() {
		if (reads().dialect != JdbcDialect.POSTGRESQL) {
			return Duration.ZERO;
		}
		Double seconds = this.jdbcTemplate.queryForObject(BARRIER_AGE, Double.class);
		return (seconds != null) ? Duration.ofNanos((long) (seconds * 1e9)) : Duration.ZERO;
	}

	private Reads reads() {
		Reads reads = this.reads;
		if (reads == null) {
			JdbcDialect dialect = JdbcDialect.of(this.dataSource);
			reads = new Reads(dialect, this.tablePrefix);
			this.reads = reads;
		}
		return reads;
	}

	/**
	 * The store's id, drawn when its tables were created ({@code <prefix>store}); checkpoints of followers
	 * carry it, so that a position is never used in another store.
	 * @return the id
	 * @throws IllegalStateException if the tables predate the store id: run the schema script again
	 */
	public String storeId() {
		String sql = JdbcEventStoreSchema.withTablePrefix(STORE_ID, this.tablePrefix);
		List<String> ids;
		try {
			ids = this.jdbcTemplate.queryForList(sql, String.class);
		}
		catch (BadSqlGrammarException ex) {
			ids = List.of();
		}
		if (ids.isEmpty()) {
			throw new IllegalStateException("Table " + this.tablePrefix + "store is missing or empty: run "
					+ JdbcEventStoreSchema.SCHEMA_LOCATION + " again (it only adds what is missing)");
		}
		return ids.get(0);
	}

	/** The serializer payloads are written and read with. */
	public EventSerializer serializer() {
		return this.serializer;
	}

	/** The read statements of the store's database, known after the first connection. */
	private static final class Reads {

		final JdbcDialect dialect;

		final String readAll;

		final String head;

		final String countAfter;

		final String barrier;

		Reads(JdbcDialect dialect, String tablePrefix) {
			this.dialect = dialect;
			this.readAll = JdbcEventStoreSchema.withTablePrefix(dialect.readAll(), tablePrefix);
			this.head = JdbcEventStoreSchema.withTablePrefix(dialect.head(), tablePrefix);
			this.countAfter = JdbcEventStoreSchema.withTablePrefix(dialect.countAfter(), tablePrefix);
			this.barrier = dialect.barrier();
		}

	}

	/** Writes what is queued, then stops the writer thread; later appends are written on the caller's thread. */
	@Override
	public void close() {
		this.committer.close();
	}

}
