package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.Event;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL: writes a batch without any lock shared by all appenders. Positions are
 * {@code (g << 20) + k} where {@code g} is the appending transaction's group, at first its id
 * ({@code pg_current_xact_id()}), and readers stop below {@code pg_snapshot_xmin(pg_current_snapshot()) << 20},
 * so they never pass a position that a running transaction may still fill (see {@link JdbcEventStore}).
 * No transaction ever writes in another's group, so {@code k} needs no coordination.
 * <p>
 * One statement per round ({@link XidAppendStatement}); usually one round per batch. Streams the statement
 * could not advance are looked at again: a wrong expected version fails its request alone with a
 * {@link ConcurrencyConflictException}; a stream whose last event is in a younger group (a transaction
 * that got its id after ours appended to it and committed) makes this transaction move to a new group:
 * the id of a subtransaction it starts now, higher than every id given so far, so its next events come
 * after that stream's last one. No reader passes that group while we run, since the barrier stays at or
 * below our own id. Later appends of the transaction stay in the new group, keeping its own order.
 * Everything else (a race with a new stream) is simply retried.
 * <p>
 * In autocommit mode (the group commit writer) each round is a transaction of its own, whose fresh id is
 * higher than any group already written, so it never needs a new group.
 */
final class XidEventWriter implements EventWriter {

	private static final int MAX_ROUNDS = 1000;

	private static final String STREAM_STATES = """
			SELECT r.stream_id, COALESCE(s.version, ev.version, 0), COALESCE(s.last_position, ev.position, 0),
				GREATEST(COALESCE(CAST(CAST(pg_current_xact_id_if_assigned() AS text) AS bigint), 0),
					COALESCE(CAST(NULLIF(current_setting('eventbus.group_@@prefix@@', true), '') AS bigint), 0))
			FROM unnest(CAST(? AS text[])) AS r(stream_id)
			LEFT JOIN @@prefix@@streams s ON s.stream_id = r.stream_id
			LEFT JOIN LATERAL (SELECT e.version, e.position FROM @@prefix@@events e
				WHERE s.stream_id IS NULL AND e.stream_id = r.stream_id ORDER BY e.version DESC LIMIT 1) ev ON true
			""";

	/* Run in a savepoint: locks (or creates) the stream row, which gives the subtransaction its id. */
	private static final String SUBTRANSACTION_ID = """
			INSERT INTO @@prefix@@streams AS s (stream_id, version, last_position)
			SELECT ?, COALESCE(ev.version, 0), COALESCE(ev.position, 0)
			FROM (SELECT 1) one
			LEFT JOIN LATERAL (SELECT e.version, e.position FROM @@prefix@@events e WHERE e.stream_id = ?
				ORDER BY e.version DESC LIMIT 1) ev ON true
			ON CONFLICT (stream_id) DO UPDATE SET version = s.version
			RETURNING CAST(CAST(s.xmin AS text) AS bigint), CAST(CAST(pg_current_xact_id() AS text) AS bigint)
			""";

	private static final String SET_GROUP = """
			SELECT set_config('eventbus.group_@@prefix@@', ?, true)
			""";

	private final XidAppendStatement append;

	private final String streamStates;

	private final String subtransactionId;

	private final String setGroup;

	XidEventWriter(String tablePrefix) {
		this.append = new XidAppendStatement(tablePrefix);
		this.streamStates = JdbcEventStoreSchema.withTablePrefix(STREAM_STATES, tablePrefix);
		this.subtransactionId = JdbcEventStoreSchema.withTablePrefix(SUBTRANSACTION_ID, tablePrefix);
		this.setGroup = JdbcEventStoreSchema.withTablePrefix(SET_GROUP, tablePrefix);
	}

	@Override
	public Object[] write(Connection connection, List<AppendRequest> requests) throws SQLException {
		Object[] outcomes = new Object[requests.size()];
		write(connection, requests, outcomes);
		return outcomes;
	}

	/**
	 * Writes the requests, filling {@code outcomes} round by round: in autocommit mode, what it holds when
	 * this throws is committed.
	 */
	void write(Connection connection, List<AppendRequest> requests, Object[] outcomes) throws SQLException {
		List<Integer> pending = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			pending.add(i);
		}
		for (int round = 0; !pending.isEmpty(); round++) {
			if (round == MAX_ROUNDS) {
				throw new SQLException("Appends still contended after " + MAX_ROUNDS + " rounds");
			}
			XidRound next = XidRound.of(requests, pending);
			Map<UUID, long[]> stored = this.append.run(connection, next);
			pending = new ArrayList<>(next.deferred());
			List<XidRound.Row> failed = collect(requests, next, stored, outcomes);
			if (!failed.isEmpty()) {
				pending.addAll(settle(connection, requests, failed, outcomes));
			}
			Collections.sort(pending);
		}
	}

	/** Completes what was stored; returns the rows that were not. */
	private static List<XidRound.Row> collect(List<AppendRequest> requests, XidRound round, Map<UUID, long[]> stored,
			Object[] outcomes) throws SQLException {
		Map<Integer, List<Event<?>>> events = new HashMap<>();
		for (XidRound.Item item : round.items()) {
			long[] row = stored.get(item.pending().id);
			if (row == null) {
				if (item.streamId() == null) {
					throw new SQLException("Event " + item.pending().id + " was not stored");
				}
				continue;
			}
			AppendRequest request = requests.get(item.request());
			AppendRequest.Pending pending = item.pending();
			events.computeIfAbsent(item.request(), (key) -> new ArrayList<>(request.events.size()))
				.add(new Event<>(pending.id, request.stream(), row[1], row[0], pending.typeName, pending.payload,
						pending.metadata, pending.occurredAtMicros));
		}
		events.forEach((request, stored1) -> outcomes[request] = stored1);
		List<XidRound.Row> failed = new ArrayList<>();
		for (XidRound.Row row : round.rows()) {
			if (!events.containsKey(row.requests.get(0))) {
				failed.add(row);
			}
		}
		return failed;
	}

	/**
	 * Looks at the streams that were not advanced, with a new snapshot.
	 * @return the requests to write in the next round
	 */
	private List<Integer> settle(Connection connection, List<AppendRequest> requests, List<XidRound.Row> failed,
			Object[] outcomes) throws SQLException {
		Map<String, long[]> states = states(connection, failed);
		List<Integer> retry = new ArrayList<>();
		@Nullable String newGroupFor = null;
		for (XidRound.Row row : failed) {
			long[] state = states.get(row.streamId());
			long version = state[0];
			long lastGroup = state[1] >> XidAppendStatement.GROUP_BITS;
			long group = state[2];
			int first = row.requests.get(0);
			if (row.expectedVersion() != EventStore.ANY_VERSION && row.expectedVersion() != version) {
				outcomes[first] = new ConcurrencyConflictException(row.streamId(), row.expectedVersion(), version);
				retry.addAll(row.requests.subList(1, row.requests.size()));
				continue;
			}
			if (group > 0 && lastGroup > group) {
				newGroupFor = row.streamId();
			}
			retry.addAll(row.requests);
		}
		if (newGroupFor != null) {
			moveToNewGroup(connection, newGroupFor);
		}
		return retry;
	}

	/** Per stream id: its version, its last position, and the transaction's current group (0 without an id). */
	private Map<String, long[]> states(Connection connection, List<XidRound.Row> rows) throws SQLException {
		String[] ids = new String[rows.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = rows.get(i).streamId();
		}
		Map<String, long[]> states = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(this.streamStates)) {
			statement.setArray(1, connection.createArrayOf("text", ids));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					states.put(result.getString(1),
							new long[] { result.getLong(2), result.getLong(3), result.getLong(4) });
				}
			}
		}
		return states;
	}

	/**
	 * Moves the transaction's later events to a group younger than every group written so far: the id of a
	 * subtransaction started now, which no other transaction can write in.
	 */
	private void moveToNewGroup(Connection connection, String streamId) throws SQLException {
		Savepoint savepoint = connection.setSavepoint();
		long group;
		try (PreparedStatement statement = connection.prepareStatement(this.subtransactionId)) {
			statement.setString(1, streamId);
			statement.setString(2, streamId);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				group = fullId(result.getLong(1), result.getLong(2));
			}
		}
		connection.releaseSavepoint(savepoint);
		try (PreparedStatement statement = connection.prepareStatement(this.setGroup)) {
			statement.setString(1, Long.toString(group));
			statement.execute();
		}
	}

	/** The 64-bit id of a subtransaction from its 32-bit one and its top transaction's 64-bit id. */
	static long fullId(long subtransactionId, long topId) {
		long epoch = topId >>> 32;
		if (subtransactionId < (topId & 0xFFFF_FFFFL)) {
			epoch++;
		}
		return (epoch << 32) | subtransactionId;
	}

}
