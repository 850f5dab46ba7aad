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
 * An {@link EventStore} in an H2 or PostgreSQL database: table {@code <prefix>events} holds the events,
 * one-row table {@code <prefix>head} the highest position written (schema:
 * {@link JdbcEventStoreSchema}).
 *
 * <h2>Positions readers can follow</h2>
 * The first statement of every appending transaction is {@code UPDATE <prefix>head SET position =
 * position + n}, and the transaction takes its positions from the result. The row lock this takes is
 * held until the transaction ends, so position allocation and commit are serialized: a transaction can
 * only get positions after every transaction holding lower ones has committed or rolled back (and a
 * rollback returns its positions). Hence positions are dense, become visible strictly in order, and a
 * reader of {@link #readAll(long, int)} that continues after the last position it saw never skips an
 * event. Stream versions are read after the lock is taken, so the version checks see every committed
 * append. The price is that appending transactions do not overlap; group commit makes each of them
 * carry many events. Use READ COMMITTED (the default of both databases) for transactions that append.
 *
 * <h2>Transactions and group commit</h2>
 * Inside a Spring-managed transaction on this store's {@code DataSource}, an append runs on that
 * transaction's connection and commits or rolls back with it: the transactional outbox. Keep such
 * transactions short, since they hold the head lock from the append to the commit. Outside a transaction,
 * appends are queued to one writer thread that writes whatever has accumulated in one transaction: one
 * position update, one version lookup (for named streams only; on PostgreSQL in the same statement), one
 * JDBC batch insert, one commit. On PostgreSQL a batch of events without stream id is a single
 * autocommitted statement. A lone publisher writes on its own thread instead. Callers block until their
 * events are committed.
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

	private static final String READ_ALL = "SELECT " + EventRowMapper.COLUMNS + """
			FROM @@prefix@@events WHERE position >= ? ORDER BY position LIMIT ?
			""";

	private static final String STREAM_VERSION = """
			SELECT COALESCE(MAX(version), 0) FROM @@prefix@@events WHERE stream_id = ?
			""";

	private static final String HEAD = """
			SELECT COALESCE(MAX(position), 0) FROM @@prefix@@head
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

	private final String readAll;

	private final String streamVersion;

	private final String head;

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
		this.readAll = JdbcEventStoreSchema.withTablePrefix(READ_ALL, tablePrefix);
		this.streamVersion = JdbcEventStoreSchema.withTablePrefix(STREAM_VERSION, tablePrefix);
		this.head = JdbcEventStoreSchema.withTablePrefix(HEAD, tablePrefix);
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

	@Override
	public List<Event<?>> readAll(long fromPosition, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		return this.jdbcTemplate.query(this.readAll, this.rowMapper, fromPosition, limit);
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
		return this.jdbcTemplate.query(this.readAll, this.rowMapper::mapStored, fromPosition, limit);
	}

	@Override
	public long headPosition() {
		Long head = this.jdbcTemplate.queryForObject(this.head, Long.class);
		return (head != null) ? head : 0;
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

	/** Writes what is queued, then stops the writer thread; later appends are written on the caller's thread. */
	@Override
	public void close() {
		this.committer.close();
	}

}
