package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.Event;

/**
 * Writes a batch in which every event starts a stream of its own (published without a stream id) in one
 * PostgreSQL statement: the head update and the insert together, run in autocommit mode, so the batch
 * costs one round trip including its commit. Such events are all at version 1, so nothing needs to be
 * read first. The head row stays locked until the statement's implicit commit, so positions still
 * become visible in order.
 */
final class NewStreamsWriter {

	private static final String INSERT = """
			WITH head AS (
				UPDATE @@prefix@@head SET position = position + ? WHERE id = 1 RETURNING position
			)
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at)
			SELECT head.position - ? + e.ord, e.event_id, CAST(e.event_id AS text), 1, e.type_name, e.type_version,
				CAST(e.payload AS jsonb), CAST(e.metadata AS jsonb),
				TIMESTAMPTZ 'epoch' + e.micros * INTERVAL '1 microsecond'
			FROM head, unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]),
				CAST(? AS text[]), CAST(? AS bigint[])) WITH ORDINALITY
				AS e(event_id, type_name, type_version, payload, metadata, micros, ord)
			RETURNING event_id, position
			""";

	private final String insert;

	NewStreamsWriter(String tablePrefix) {
		this.insert = JdbcEventStoreSchema.withTablePrefix(INSERT, tablePrefix);
	}

	/** Whether every request of the batch is a single event without a stream id. */
	static boolean accepts(List<AppendRequest> requests) {
		for (AppendRequest request : requests) {
			if (request.streamId != null || request.events.size() != 1) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes the batch with one statement; the caller runs it in autocommit mode.
	 * @return per request, its stored events
	 */
	Object[] write(Connection connection, List<AppendRequest> requests) throws SQLException {
		int size = requests.size();
		UUID[] ids = new UUID[size];
		String[] typeNames = new String[size];
		Integer[] typeVersions = new Integer[size];
		String[] payloads = new String[size];
		String[] metadata = new String[size];
		Long[] micros = new Long[size];
		for (int i = 0; i < size; i++) {
			AppendRequest.Pending pending = requests.get(i).events.get(0);
			ids[i] = pending.id;
			typeNames[i] = pending.typeName;
			typeVersions[i] = pending.typeVersion;
			payloads[i] = pending.json;
			metadata[i] = pending.metadataJson;
			micros[i] = pending.occurredAtMicros;
		}
		Map<UUID, Long> positions = new HashMap<>(size * 2);
		try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
			statement.setInt(1, size);
			statement.setInt(2, size);
			statement.setArray(3, connection.createArrayOf("uuid", ids));
			statement.setArray(4, connection.createArrayOf("text", typeNames));
			statement.setArray(5, connection.createArrayOf("int4", typeVersions));
			statement.setArray(6, connection.createArrayOf("text", payloads));
			statement.setArray(7, connection.createArrayOf("text", metadata));
			statement.setArray(8, connection.createArrayOf("int8", micros));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					positions.put(result.getObject(1, UUID.class), result.getLong(2));
				}
			}
		}
		if (positions.isEmpty()) {
			throw new EventWriter.HeadMissingException();
		}
		Object[] outcomes = new Object[size];
		for (int i = 0; i < size; i++) {
			AppendRequest.Pending pending = requests.get(i).events.get(0);
			List<Event<?>> events = new ArrayList<>(1);
			events.add(new Event<>(pending.id, pending.id.toString(), 1, positions.get(pending.id), pending.typeName,
					pending.payload, pending.metadata, pending.occurredAtMicros));
			outcomes[i] = events;
		}
		return outcomes;
	}

}
