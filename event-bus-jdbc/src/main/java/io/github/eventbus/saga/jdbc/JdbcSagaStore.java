package io.github.eventbus.saga.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.saga.SagaStore;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link SagaStore} in an H2 or PostgreSQL database (tables: schema scripts {@value #SCHEMA_LOCATION}, created with Spring Boot's database initialization or
 * {@code JdbcSchema.create(dataSource, JdbcSagaStore.SCHEMA_LOCATION, prefix)}). Runs on the caller's
 * transaction when there is one, so a saga's new state, its deadlines and what its handler wrote and
 * published commit together. Instances are updated with an optimistic version check.
 * <p>
 * Thread-safe.
 */
public final class JdbcSagaStore implements SagaStore {

	/** Where the schema scripts are, with Spring Boot's {@code @@platform@@} placeholder. */
	public static final String SCHEMA_LOCATION = "classpath:io/github/eventbus/saga/schema-@@platform@@.sql";

	private static final String FIND_SAGA_ID = """
			SELECT saga_id FROM eventbus_saga_association
			WHERE saga_type = ? AND association_key = ? AND association_value = ?
			""";

	private static final String LOAD = """
			SELECT saga_type, saga_id, saga_state, saga_version, last_position, ended FROM eventbus_saga
			WHERE saga_type = ? AND saga_id = ?
			""";

	private static final String INSERT = """
			INSERT INTO eventbus_saga (saga_type, saga_id, saga_state, saga_version, last_position, ended, updated_at)
			VALUES (?, ?, ?, 1, ?, ?, ?)
			""";

	private static final String UPDATE = """
			UPDATE eventbus_saga SET saga_state = ?, saga_version = ?, last_position = ?, ended = ?, updated_at = ?
			WHERE saga_type = ? AND saga_id = ? AND saga_version = ?
			""";

	/** Inserts an association unless one is stored already (one statement; the lookup only when it was). */
	private static final String ASSOCIATE = """
			INSERT INTO eventbus_saga_association (saga_type, association_key, association_value, saga_id)
			SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM eventbus_saga_association
				WHERE saga_type = ? AND association_key = ? AND association_value = ?)
			""";

	private static final String SCHEDULE = """
			INSERT INTO eventbus_saga_deadline (deadline_id, saga_type, saga_id, deadline_name, due_at, payload, fired)
			VALUES (?, ?, ?, ?, ?, ?, FALSE)
			""";

	private static final String CANCEL = "DELETE FROM eventbus_saga_deadline WHERE deadline_id = ?";

	private static final String CANCEL_ALL = "DELETE FROM eventbus_saga_deadline WHERE saga_type = ? AND saga_id = ?";

	private static final String CANCEL_NAMED = CANCEL_ALL + " AND deadline_name = ?";

	private static final String DEADLINE_COLUMNS = """
			SELECT deadline_id, saga_type, saga_id, deadline_name, due_at, payload, fired FROM eventbus_saga_deadline
			""";

	private static final String DUE = DEADLINE_COLUMNS + """
			WHERE fired = FALSE AND due_at <= ? ORDER BY due_at LIMIT ?
			""";

	/** Reads the index on {@code (fired, due_at)} only. */
	private static final String NEXT_DUE = "SELECT MIN(due_at) FROM eventbus_saga_deadline WHERE fired = FALSE";

	private static final String FIND_DEADLINE = DEADLINE_COLUMNS + " WHERE deadline_id = ?";

	private static final String MARK_FIRED = """
			UPDATE eventbus_saga_deadline SET fired = TRUE WHERE deadline_id = ? AND fired = FALSE
			""";

	private static final RowMapper<SagaInstance> INSTANCE = (rs, row) -> new SagaInstance(rs.getString(1),
			rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6));

	private static final RowMapper<SagaDeadline> DEADLINE = JdbcSagaStore::deadline;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final String findSagaId;

	private final String load;

	private final String insert;

	private final String update;

	private final String associate;

	private final String schedule;

	private final String cancel;

	private final String cancelAll;

	private final String cancelNamed;

	private final String due;

	private final String nextDue;

	private final String findDeadline;

	private final String markFired;

	/**
	 * Creates a store.
	 * @param jdbc the database, with the schema created
	 * @param tablePrefix the table prefix, for example {@code eventbus_}
	 * @param clock stamps {@code updated_at}
	 * @throws IllegalArgumentException if the prefix is not a plain SQL identifier
	 */
	public JdbcSagaStore(JdbcTemplate jdbc, String tablePrefix, Clock clock) {
		JdbcSchema.checkTablePrefix(tablePrefix);
		this.jdbc = jdbc;
		this.clock = clock;
		this.findSagaId = prefixed(FIND_SAGA_ID, tablePrefix);
		this.load = prefixed(LOAD, tablePrefix);
		this.insert = prefixed(INSERT, tablePrefix);
		this.update = prefixed(UPDATE, tablePrefix);
		this.associate = prefixed(ASSOCIATE, tablePrefix);
		this.schedule = prefixed(SCHEDULE, tablePrefix);
		this.cancel = prefixed(CANCEL, tablePrefix);
		this.cancelAll = prefixed(CANCEL_ALL, tablePrefix);
		this.cancelNamed = prefixed(CANCEL_NAMED, tablePrefix);
		this.due = prefixed(DUE, tablePrefix);
		this.nextDue = prefixed(NEXT_DUE, tablePrefix);
		this.findDeadline = prefixed(FIND_DEADLINE, tablePrefix);
		this.markFired = prefixed(MARK_FIRED, tablePrefix);
	}

	private static String prefixed(String sql, String tablePrefix) {
		return sql.replace(JdbcSchema.DEFAULT_TABLE_PREFIX, tablePrefix);
	}

	@Override
	public Optional<String> findSagaId(String sagaType, String key, String value) {
		return this.jdbc.queryForList(this.findSagaId, String.class, sagaType, key, value).stream().findFirst();
	}

	@Override
	public Optional<SagaInstance> load(String sagaType, String sagaId) {
		return this.jdbc.query(this.load, INSTANCE, sagaType, sagaId).stream().findFirst();
	}

	@Override
	public void insert(SagaInstance instance) {
		this.jdbc.update(this.insert, instance.sagaType(), instance.sagaId(), instance.state(),
				instance.lastPosition(), instance.ended(), now());
	}

	@Override
	public void update(SagaInstance instance) {
		int updated = this.jdbc.update(this.update, instance.state(), instance.version(), instance.lastPosition(),
				instance.ended(), now(), instance.sagaType(), instance.sagaId(), instance.version() - 1);
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Saga " + instance.sagaType() + " " + instance.sagaId()
					+ " is not at version " + (instance.version() - 1) + " any more");
		}
	}

	@Override
	public void associate(String sagaType, String sagaId, String key, String value) {
		if (this.jdbc.update(this.associate, sagaType, key, value, sagaId, sagaType, key, value) == 1) {
			return;
		}
		Optional<String> existing = findSagaId(sagaType, key, value);
		if (existing.isPresent() && !existing.get().equals(sagaId)) {
			throw new DuplicateKeyException(key + "=" + value + " is associated with saga " + existing.get() + " already");
		}
	}

	@Override
	public void schedule(SagaDeadline deadline) {
		this.jdbc.update(this.schedule, deadline.deadlineId(), deadline.sagaType(), deadline.sagaId(),
				deadline.name(), deadline.dueAt().toEpochMilli(), deadline.payload());
	}

	@Override
	public boolean cancel(String deadlineId) {
		return this.jdbc.update(this.cancel, deadlineId) > 0;
	}

	@Override
	public void cancelAll(String sagaType, String sagaId, @Nullable String name) {
		if (name == null) {
			this.jdbc.update(this.cancelAll, sagaType, sagaId);
		}
		else {
			this.jdbc.update(this.cancelNamed, sagaType, sagaId, name);
		}
	}

	@Override
	public List<SagaDeadline> due(Instant now, int limit) {
		return this.jdbc.query(this.due, DEADLINE, now.toEpochMilli(), limit);
	}

	@Override
	public Optional<Instant> nextDue() {
		Long dueAt = this.jdbc.queryForObject(this.nextDue, Long.class);
		return Optional.ofNullable(dueAt).map(Instant::ofEpochMilli);
	}

	@Override
	public boolean markFired(String deadlineId) {
		return this.jdbc.update(this.markFired, deadlineId) == 1;
	}

	@Override
	public Optional<SagaDeadline> findDeadline(String deadlineId) {
		return this.jdbc.query(this.findDeadline, DEADLINE, deadlineId).stream().findFirst();
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	private static SagaDeadline deadline(ResultSet rs, int row) throws SQLException {
		return new SagaDeadline(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getBoolean(7));
	}

}
