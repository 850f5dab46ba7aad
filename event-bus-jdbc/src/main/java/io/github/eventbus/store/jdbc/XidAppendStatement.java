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
 * them, so a caller's transaction is never aborted by a conflict.
 * <p>
 * The SQL ({@link XidAppendSql}) has three shapes, each planned on its own: one stream (the common
 * append), new streams only in autocommit mode (no stream rows, no lookups), and any other round.
 */
final class XidAppendStatement {

	/** Bits of a position that count events within a group. */
	static final int GROUP_BITS = 20;

	private final String any;

	private final String oneStream;

	private final String newStreamsAlone;

	XidAppendStatement(String tablePrefix) {
		this.any = JdbcEventStoreSchema.withTablePrefix(XidAppendSql.ANY, tablePrefix);
		this.oneStream = JdbcEventStoreSchema.withTablePrefix(XidAppendSql.ONE_STREAM, tablePrefix);
		this.newStreamsAlone = JdbcEventStoreSchema.withTablePrefix(XidAppendSql.NEW_STREAMS_ALONE, tablePrefix);
	}

	/**
	 * Runs the statement for one round.
	 * @return position and version of every event stored, by event id
	 */
	Map<UUID, long[]> run(Connection connection, XidRound round) throws SQLException {
		List<XidRound.Row> rows = round.rows();
		List<XidRound.Item> items = round.items();
		if (rows.isEmpty() && items.size() < (1 << GROUP_BITS) && connection.getAutoCommit()) {
			try (PreparedStatement statement = connection.prepareStatement(this.newStreamsAlone)) {
				bindEvents(connection, statement, 1, 2, items);
				return execute(statement, items.size());
			}
		}
		if (rows.size() == 1 && rows.get(0).count() == items.size()) {
			XidRound.Row row = rows.get(0);
			try (PreparedStatement statement = connection.prepareStatement(this.oneStream)) {
				statement.setString(1, row.streamId());
				statement.setLong(2, row.count());
				statement.setLong(3, row.expectedVersion());
				statement.setLong(4, row.count());
				statement.setLong(5, row.expectedVersion());
				statement.setLong(6, row.count());
				bindEvents(connection, statement, 7, 8, items);
				return execute(statement, items.size());
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.any)) {
			bindAny(connection, statement, rows, items);
			return execute(statement, items.size());
		}
	}

	private static void bindAny(Connection connection, PreparedStatement statement, List<XidRound.Row> rows,
			List<XidRound.Item> items) throws SQLException {
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
		String[] streams = new String[items.size()];
		Integer[] indexes = new Integer[items.size()];
		for (int i = 0; i < items.size(); i++) {
			streams[i] = items.get(i).streamId();
			indexes[i] = items.get(i).index();
		}
		statement.setArray(1, connection.createArrayOf("text", rowStreams));
		statement.setArray(2, connection.createArrayOf("int4", counts));
		statement.setArray(3, connection.createArrayOf("int8", expected));
		statement.setArray(4, connection.createArrayOf("int4", lastOrds));
		bindEvents(connection, statement, 5, 8, items);
		statement.setArray(6, connection.createArrayOf("text", streams));
		statement.setArray(7, connection.createArrayOf("int4", indexes));
	}

	/**
	 * Binds the events' ids at {@code idsAt}, then their type names, type versions, payloads, metadata and
	 * micros from {@code restFrom} on.
	 */
	private static void bindEvents(Connection connection, PreparedStatement statement, int idsAt, int restFrom,
			List<XidRound.Item> items) throws SQLException {
		int size = items.size();
		UUID[] ids = new UUID[size];
		String[] typeNames = new String[size];
		Integer[] typeVersions = new Integer[size];
		String[] payloads = new String[size];
		String[] metadata = new String[size];
		Long[] micros = new Long[size];
		for (int i = 0; i < size; i++) {
			AppendRequest.Pending pending = items.get(i).pending();
			ids[i] = pending.id;
			typeNames[i] = pending.typeName;
			typeVersions[i] = pending.typeVersion;
			payloads[i] = pending.json;
			metadata[i] = pending.metadataJson;
			micros[i] = pending.occurredAtMicros;
		}
		statement.setArray(idsAt, connection.createArrayOf("uuid", ids));
		statement.setArray(restFrom, connection.createArrayOf("text", typeNames));
		statement.setArray(restFrom + 1, connection.createArrayOf("int4", typeVersions));
		statement.setArray(restFrom + 2, connection.createArrayOf("text", payloads));
		statement.setArray(restFrom + 3, connection.createArrayOf("text", metadata));
		statement.setArray(restFrom + 4, connection.createArrayOf("int8", micros));
	}

	private static Map<UUID, long[]> execute(PreparedStatement statement, int size) throws SQLException {
		Map<UUID, long[]> stored = new HashMap<>(size * 2);
		try (ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				stored.put(result.getObject(1, UUID.class), new long[] { result.getLong(2), result.getLong(3) });
			}
		}
		return stored;
	}

}
