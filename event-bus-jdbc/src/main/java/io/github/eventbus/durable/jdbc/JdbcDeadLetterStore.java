package io.github.eventbus.durable.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link DeadLetterStore} in the {@code <prefix>dead_letter} table, unique per observer and event id. Messages are cut at 4,000 characters and stack traces at 16,000. Thread-safe.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore {

	private static final int MAX_MESSAGE = 4000;

	private static final int MAX_STACK_TRACE = 16000;

	private static final String COLUMNS = """
			id, observer_id, event_position, event_id, stream_id, event_type, status, blocked_by, exception_class,
			message, stack_trace, attempts, first_failure_at, last_failure_at, replay_requested""";

	private static final String INSERT = """
			INSERT INTO eventbus_dead_letter (observer_id, event_position, event_id, stream_id, event_type, status,
				blocked_by, exception_class, message, stack_trace, attempts, first_failure_at, last_failure_at,
				replay_requested, event_copy)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private static final String UPDATE = """
			UPDATE eventbus_dead_letter SET status = ?, blocked_by = ?, exception_class = ?, message = ?,
				stack_trace = ?, attempts = ?, last_failure_at = ?, replay_requested = ?
			WHERE id = ?
			""";

	private static final String DELETE = "DELETE FROM eventbus_dead_letter WHERE id = ?";

	private static final String DELETE_ALL = "DELETE FROM eventbus_dead_letter WHERE observer_id = ?";

	private static final String COPY = "SELECT event_copy FROM eventbus_dead_letter WHERE id = ?";

	private static final String SELECT = "SELECT " + COLUMNS + " FROM eventbus_dead_letter ";

	private static final String ORDER = " ORDER BY event_position, observer_id";

	private static final String BLOCKED = """
			SELECT stream_id, MIN(event_position) FROM eventbus_dead_letter
			WHERE observer_id = ? AND status <> 'UNREADABLE' GROUP BY stream_id
			""";

	private static final String COUNT = "SELECT COUNT(*) FROM eventbus_dead_letter WHERE observer_id = ?";

	private static final String MARK = "UPDATE eventbus_dead_letter SET replay_requested = TRUE WHERE observer_id = ?";

	private final JdbcTemplate jdbc;

	private final DurableTables tables;

	private final RowMapper<DeadLetter> mapper = JdbcDeadLetterStore::map;

	/**
	 * @param jdbc the database, with the tables created
	 * @param tables the table names
	 */
	public JdbcDeadLetterStore(JdbcTemplate jdbc, DurableTables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
	}

	@Override
	public boolean add(DeadLetter entry) {
		return add(entry, null);
	}

	@Override
	public boolean add(DeadLetter entry, @Nullable String eventCopy) {
		try {
			this.jdbc.update(this.tables.sql(INSERT), entry.observerId(), entry.eventPosition(),
					entry.eventId().toString(), entry.streamId(), entry.eventType(), entry.status().name(),
					entry.blockedBy(), entry.exceptionClass(), cut(entry.message(), MAX_MESSAGE),
					cut(entry.stackTrace(), MAX_STACK_TRACE), entry.attempts(), Timestamp.from(entry.firstFailureAt()),
					Timestamp.from(entry.lastFailureAt()), entry.replayRequested(), eventCopy);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void update(DeadLetter entry) {
		this.jdbc.update(this.tables.sql(UPDATE), entry.status().name(), entry.blockedBy(), entry.exceptionClass(),
				cut(entry.message(), MAX_MESSAGE), cut(entry.stackTrace(), MAX_STACK_TRACE), entry.attempts(),
				Timestamp.from(entry.lastFailureAt()), entry.replayRequested(), entry.id());
	}

	@Override
	public Optional<String> eventCopy(long id) {
		return this.jdbc.queryForList(this.tables.sql(COPY), String.class, id).stream().filter(Objects::nonNull)
			.findFirst();
	}

	@Override
	public void delete(long id) {
		this.jdbc.update(this.tables.sql(DELETE), id);
	}

	@Override
	public int deleteAll(String observerId) {
		return this.jdbc.update(this.tables.sql(DELETE_ALL), observerId);
	}

	@Override
	public Optional<DeadLetter> find(long id) {
		return this.jdbc.query(this.tables.sql(SELECT + "WHERE id = ?"), this.mapper, id).stream().findFirst();
	}

	@Override
	public List<DeadLetter> list(@Nullable String observerId, int offset, int limit) {
		if (observerId == null) {
			return this.jdbc.query(this.tables.sql(SELECT + ORDER + " LIMIT ? OFFSET ?"), this.mapper, limit, offset);
		}
		return this.jdbc.query(this.tables.sql(SELECT + "WHERE observer_id = ?" + ORDER + " LIMIT ? OFFSET ?"),
				this.mapper, observerId, limit, offset);
	}

	@Override
	public List<DeadLetter> listStream(String observerId, String streamId) {
		return this.jdbc.query(this.tables.sql(SELECT + "WHERE observer_id = ? AND stream_id = ?" + ORDER),
				this.mapper, observerId, streamId);
	}

	@Override
	public Map<String, Long> blockedStreams(String observerId) {
		Map<String, Long> blocked = new HashMap<>();
		this.jdbc.query(this.tables.sql(BLOCKED), (ResultSet rs) -> {
			blocked.put(rs.getString(1), rs.getLong(2));
		}, observerId);
		return blocked;
	}

	@Override
	public int requestReplay(String observerId, @Nullable String streamId, @Nullable Long id) {
		StringBuilder sql = new StringBuilder(MARK);
		List<Object> args = new ArrayList<>(3);
		args.add(observerId);
		if (streamId != null) {
			sql.append(" AND stream_id = ?");
			args.add(streamId);
		}
		if (id != null) {
			sql.append(" AND id = ?");
			args.add(id);
		}
		return this.jdbc.update(this.tables.sql(sql.toString()), args.toArray());
	}

	@Override
	public List<DeadLetter> replayRequested(String observerId, int limit) {
		return this.jdbc.query(
				this.tables.sql(SELECT + "WHERE observer_id = ? AND replay_requested = TRUE" + ORDER + " LIMIT ?"),
				this.mapper, observerId, limit);
	}

	@Override
	public long count(String observerId) {
		Long count = this.jdbc.queryForObject(this.tables.sql(COUNT), Long.class, observerId);
		return (count != null) ? count : 0;
	}

	private static DeadLetter map(ResultSet rs, int row) throws SQLException {
		long blockedBy = rs.getLong(8);
		Long blocked = rs.wasNull() ? null : blockedBy;
		return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getLong(3), UUID.fromString(rs.getString(4)),
				rs.getString(5), rs.getString(6), DeadLetter.Status.valueOf(rs.getString(7)), blocked, rs.getString(9),
				rs.getString(10), rs.getString(11), rs.getInt(12), rs.getTimestamp(13).toInstant(),
				rs.getTimestamp(14).toInstant(), rs.getBoolean(15));
	}

	private static @Nullable String cut(@Nullable String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}
