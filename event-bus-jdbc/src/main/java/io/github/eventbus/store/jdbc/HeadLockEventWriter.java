package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.eventbus.Event;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.EventStore;

/**
 * H2 (one process): writes a batch of append requests on one connection, inside the connection's current
 * transaction, in few round trips: allocate positions (which locks the head row until commit), read the
 * current version of the named streams, insert every accepted event in one JDBC batch. The head lock
 * serializes appending transactions, which is what makes positions dense and visible in order.
 * <p>
 * Requests are checked in order against the versions read and the ones earlier requests of the batch
 * produce, so a request whose expected version is wrong fails alone with a
 * {@link ConcurrencyConflictException} and the others are still written. Positions are dense: if a
 * request fails, the head is set back to the last position used.
 */
final class HeadLockEventWriter implements EventWriter {

	private static final String FIX_HEAD = """
			UPDATE @@prefix@@head SET position = ? WHERE id = 1
			""";

	private static final String SEED_HEAD = """
			INSERT INTO @@prefix@@head (id, position)
			SELECT 1, (SELECT COALESCE(MAX(position), 0) FROM @@prefix@@events)
			WHERE NOT EXISTS (SELECT 1 FROM @@prefix@@head WHERE id = 1)
			""";

	/*
	 * H2 finds the versions through the (stream_id, version) index with an IN list of one placeholder per
	 * stream, not with an array parameter.
	 */
	private static final String ALLOCATE = """
			SELECT position FROM FINAL TABLE (UPDATE @@prefix@@head SET position = position + ? WHERE id = 1)
			""";

	private static final String CURRENT_VERSIONS = """
			SELECT stream_id, MAX(version) FROM @@prefix@@events WHERE stream_id IN (@@ids@@) GROUP BY stream_id
			""";

	private static final String INSERT = """
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private final String allocate;

	private final String currentVersions;

	private final String insert;

	private final String fixHead;

	final String seedHead;

	HeadLockEventWriter(String tablePrefix) {
		this.allocate = JdbcEventStoreSchema.withTablePrefix(ALLOCATE, tablePrefix);
		this.currentVersions = JdbcEventStoreSchema.withTablePrefix(CURRENT_VERSIONS, tablePrefix);
		this.insert = JdbcEventStoreSchema.withTablePrefix(INSERT, tablePrefix);
		this.fixHead = JdbcEventStoreSchema.withTablePrefix(FIX_HEAD, tablePrefix);
		this.seedHead = JdbcEventStoreSchema.withTablePrefix(SEED_HEAD, tablePrefix);
	}

	/**
	 * Writes the requests; does not commit.
	 * @return per request, its stored events or its {@link ConcurrencyConflictException}
	 * @throws HeadMissingException if the head row does not exist
	 */
	@Override
	public Object[] write(Connection connection, List<AppendRequest> requests) throws SQLException {
		int total = 0;
		for (AppendRequest request : requests) {
			total += request.events.size();
		}
		Set<String> named = namedStreams(requests);
		long head = allocate(connection, total);
		Map<String, Long> versions = currentVersions(connection, named);
		long position = head - total;
		Object[] outcomes = new Object[requests.size()];
		List<Event<?>> accepted = new ArrayList<>(total);
		for (int i = 0; i < requests.size(); i++) {
			AppendRequest request = requests.get(i);
			String stream = request.stream();
			long current = (request.streamId != null) ? versions.getOrDefault(stream, 0L) : 0L;
			if (request.expectedVersion != EventStore.ANY_VERSION && request.expectedVersion != current) {
				outcomes[i] = new ConcurrencyConflictException(stream, request.expectedVersion, current);
				continue;
			}
			List<Event<?>> events = new ArrayList<>(request.events.size());
			for (AppendRequest.Pending pending : request.events) {
				events.add(new Event<>(pending.id, stream, ++current, ++position, pending.typeName, pending.payload,
						pending.metadata, pending.occurredAtMicros));
			}
			if (request.streamId != null) {
				versions.put(stream, current);
			}
			accepted.addAll(events);
			outcomes[i] = events;
		}
		if (position != head) {
			try (PreparedStatement statement = connection.prepareStatement(this.fixHead)) {
				statement.setLong(1, position);
				statement.executeUpdate();
			}
		}
		insert(connection, requests, outcomes, accepted.size());
		return outcomes;
	}

	private long allocate(Connection connection, int count) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.allocate)) {
			statement.setLong(1, count);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					throw new HeadMissingException();
				}
				return result.getLong(1);
			}
		}
	}

	private static Set<String> namedStreams(List<AppendRequest> requests) {
		Set<String> named = new LinkedHashSet<>();
		for (AppendRequest request : requests) {
			if (request.streamId != null) {
				named.add(request.streamId);
			}
		}
		return named;
	}

	private Map<String, Long> currentVersions(Connection connection, Set<String> named) throws SQLException {
		Map<String, Long> versions = new HashMap<>();
		if (named.isEmpty()) {
			return versions;
		}
		try (PreparedStatement statement = prepareCurrentVersions(connection, named)) {
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					long version = result.getLong(2);
					if (!result.wasNull()) {
						versions.put(result.getString(1), version);
					}
				}
			}
		}
		return versions;
	}

	private PreparedStatement prepareCurrentVersions(Connection connection, Set<String> streamIds)
			throws SQLException {
		String placeholders = String.join(", ", Collections.nCopies(streamIds.size(), "?"));
		PreparedStatement statement = connection.prepareStatement(this.currentVersions.replace("@@ids@@", placeholders));
		int index = 1;
		for (String streamId : streamIds) {
			statement.setString(index++, streamId);
		}
		return statement;
	}

	@SuppressWarnings("unchecked")
	private void insert(Connection connection, List<AppendRequest> requests, Object[] outcomes, int count)
			throws SQLException {
		if (count == 0) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
			for (int i = 0; i < requests.size(); i++) {
				if (!(outcomes[i] instanceof List<?> events)) {
					continue;
				}
				List<AppendRequest.Pending> pendings = requests.get(i).events;
				for (int j = 0; j < pendings.size(); j++) {
					AppendRequest.Pending pending = pendings.get(j);
					Event<?> event = ((List<Event<?>>) events).get(j);
					statement.setLong(1, event.position());
					statement.setObject(2, pending.id);
					statement.setString(3, event.streamId());
					statement.setLong(4, event.version());
					statement.setString(5, pending.typeName);
					statement.setInt(6, pending.typeVersion);
					statement.setString(7, pending.json);
					if (pending.metadataJson != null) {
						statement.setString(8, pending.metadataJson);
					}
					else {
						statement.setNull(8, Types.VARCHAR);
					}
					statement.setObject(9, toOffsetDateTime(pending.occurredAtMicros));
					statement.addBatch();
				}
			}
			statement.executeBatch();
		}
	}

	static OffsetDateTime toOffsetDateTime(long micros) {
		Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
				Math.floorMod(micros, 1_000_000L) * 1000L);
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/** The head row is missing: the schema was created without it. */
	static final class HeadMissingException extends SQLException {

		HeadMissingException() {
			super("The event store's head row is missing");
		}

	}

}
