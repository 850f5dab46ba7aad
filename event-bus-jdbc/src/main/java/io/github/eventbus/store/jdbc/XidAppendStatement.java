package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL: the one statement that appends a round of events (see {@link XidEventWriter}). It locks and
 * advances the row of every named stream in {@code <prefix>streams} (creating it for a new stream), checks
 * the expected versions on the locked, latest row, and inserts the events of the streams that passed, with
 * positions {@code (g << 20) + k}: {@code g} the transaction's group (its own xid, or a subtransaction's, see
 * {@link XidEventWriter}) and {@code k} counting up from the group's highest position. Events without a
 * stream id need no stream row: each starts its own stream at version 1.
 * <p>
 * A stream whose row is not advanced (wrong expected version, or its last event sits in a younger group
 * than {@code g}) gets no events; {@link XidEventWriter} sorts those out. The statement never fails for
 * them, so a caller's transaction is never aborted by a conflict. Stream rows are locked in stream id
 * order, so two batches never deadlock on each other.
 */
final class XidAppendStatement {

	/** Bits of a position that count events within a group. */
	static final int GROUP_BITS = 20;

	private static final String SQL = """
			WITH g AS (
				SELECT GREATEST(CAST(CAST(pg_current_xact_id() AS text) AS bigint),
					COALESCE(CAST(NULLIF(current_setting('eventbus.group_@@prefix@@', true), '') AS bigint), 0)) AS g
			), b AS (
				SELECT g.g, COALESCE((SELECT MAX(e.position) FROM @@prefix@@events e
					WHERE e.position >= g.g << 20 AND e.position < (g.g + 1) << 20), g.g << 20) AS base
				FROM g
			), r AS (
				SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS bigint[]), CAST(? AS int[]))
					AS r(stream_id, n, expected, last_ord)
			), s AS (
				INSERT INTO @@prefix@@streams AS s (stream_id, version, last_position)
				SELECT r.stream_id, COALESCE(ev.version, 0) + r.n, b.base + r.last_ord
				FROM r CROSS JOIN b
				LEFT JOIN @@prefix@@streams cur ON cur.stream_id = r.stream_id
				LEFT JOIN LATERAL (SELECT e.version, e.position FROM @@prefix@@events e
					WHERE cur.stream_id IS NULL AND e.stream_id = r.stream_id ORDER BY e.version DESC LIMIT 1) ev ON true
				WHERE cur.stream_id IS NOT NULL
					OR (r.expected IN (-1, COALESCE(ev.version, 0)) AND COALESCE(ev.position, 0) < (b.g + 1) << 20)
				ORDER BY r.stream_id
				ON CONFLICT (stream_id) DO UPDATE
					SET version = s.version + (SELECT r2.n FROM r r2 WHERE r2.stream_id = s.stream_id),
						last_position = excluded.last_position
					WHERE (SELECT r2.expected FROM r r2 WHERE r2.stream_id = s.stream_id) IN (-1, s.version)
						AND s.last_position < ((SELECT b.g FROM b) + 1) << 20
				RETURNING s.stream_id, s.version
			)
			INSERT INTO @@prefix@@events (position, event_id, stream_id, version, type_name, type_version, payload,
				metadata, occurred_at)
			SELECT CASE WHEN b.base + e.ord < (b.g + 1) << 20 THEN b.base + e.ord
					ELSE CAST('more than 1048575 events in one transaction: ' || e.ord AS bigint) END,
				e.event_id, COALESCE(e.stream_id, CAST(e.event_id AS text)), COALESCE(s.version - r.n + e.idx, 1),
				e.type_name, e.type_version, CAST(e.payload AS jsonb), CAST(e.metadata AS jsonb),
				TIMESTAMPTZ 'epoch' + e.micros * INTERVAL '1 microsecond'
			FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS int[]),
				CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[])) WITH ORDINALITY
				AS e(event_id, stream_id, idx, type_name, type_version, payload, metadata, micros, ord)
			CROSS JOIN b
			LEFT JOIN r ON r.stream_id = e.stream_id
			LEFT JOIN s ON s.stream_id = e.stream_id
			WHERE e.stream_id IS NULL OR s.stream_id IS NOT NULL
			RETURNING event_id, position, version
			""";

	private final String sql;

	XidAppendStatement(String tablePrefix) {
		this.sql = JdbcEventStoreSchema.withTablePrefix(SQL, tablePrefix);
	}

	/**
	 * Runs the statement for one round.
	 * @return position and version of every event stored, by event id
	 */
	Map<UUID, long[]> run(Connection connection, XidRound round) throws SQLException {
		List<XidRound.Row> rows = round.rows();
		String[] rowStreams = new String[rows.size()];
		Integer[] counts = new Integer[rows.size()];
		Long[] expected = new Long[rows.size()];
		Integer[] lastOrds = new Integer[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			XidRound.Row row = rows.get(i);
			rowStreams[i] = row.streamId();
			counts[i] = row.count();
			expected[i] = row.expectedVersion();
			lastOrds[i] = row.lastOrdinal();
		}
		List<XidRound.Item> items = round.items();
		int size = items.size();
		UUID[] ids = new UUID[size];
		String[] streams = new String[size];
		Integer[] indexes = new Integer[size];
		String[] typeNames = new String[size];
		Integer[] typeVersions = new Integer[size];
		String[] payloads = new String[size];
		String[] metadata = new String[size];
		Long[] micros = new Long[size];
		for (int i = 0; i < size; i++) {
			XidRound.Item item = items.get(i);
			AppendRequest.Pending pending = item.pending();
			ids[i] = pending.id;
			streams[i] = item.streamId();
			indexes[i] = item.index();
			typeNames[i] = pending.typeName;
			typeVersions[i] = pending.typeVersion;
			payloads[i] = pending.json;
			metadata[i] = pending.metadataJson;
			micros[i] = pending.occurredAtMicros;
		}
		Map<UUID, long[]> stored = new HashMap<>(size * 2);
		try (PreparedStatement statement = connection.prepareStatement(this.sql)) {
			statement.setArray(1, connection.createArrayOf("text", rowStreams));
			statement.setArray(2, connection.createArrayOf("int4", counts));
			statement.setArray(3, connection.createArrayOf("int8", expected));
			statement.setArray(4, connection.createArrayOf("int4", lastOrds));
			statement.setArray(5, connection.createArrayOf("uuid", ids));
			statement.setArray(6, connection.createArrayOf("text", streams));
			statement.setArray(7, connection.createArrayOf("int4", indexes));
			statement.setArray(8, connection.createArrayOf("text", typeNames));
			statement.setArray(9, connection.createArrayOf("int4", typeVersions));
			statement.setArray(10, connection.createArrayOf("text", payloads));
			statement.setArray(11, connection.createArrayOf("text", metadata));
			statement.setArray(12, connection.createArrayOf("int8", micros));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					stored.put(result.getObject(1, UUID.class), new long[] { result.getLong(2), result.getLong(3) });
				}
			}
		}
		return stored;
	}

}
