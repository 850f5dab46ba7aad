package io.github.eventbus.durable.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.Lease;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link CheckpointStore} in the {@code <prefix>checkpoint} table. A save is one statement that only
 * writes while the caller's lease row still carries its owner and fencing token, so the lease check and
 * the write cannot be separated by a takeover that has committed. Thread-safe.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

	private static final String FIND = """
			SELECT checkpoint_position FROM eventbus_checkpoint WHERE name = ?
			""";

	private static final String UPDATE = """
			UPDATE eventbus_checkpoint SET checkpoint_position = ?, updated_at = ?
			WHERE name = ? AND EXISTS (SELECT 1 FROM eventbus_lease l
				WHERE l.name = ? AND l.lease_owner = ? AND l.fencing_token = ?)
			""";

	private static final String INSERT = """
			INSERT INTO eventbus_checkpoint (name, checkpoint_position, updated_at)
			SELECT CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE)
			FROM eventbus_lease l WHERE l.name = ? AND l.lease_owner = ? AND l.fencing_token = ?
			""";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final String find;

	private final String update;

	private final String insert;

	/**
	 * @param jdbc the database, with the tables created
	 * @param tables the table names
	 * @param clock stamps {@code updated_at}
	 */
	public JdbcCheckpointStore(JdbcTemplate jdbc, DurableTables tables, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.find = tables.sql(FIND);
		this.update = tables.sql(UPDATE);
		this.insert = tables.sql(INSERT);
	}

	@Override
	public OptionalLong find(String name) {
		List<Long> found = this.jdbc.queryForList(this.find, Long.class, name);
		return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
	}

	@Override
	public boolean save(String name, long position, Lease lease) {
		Timestamp now = Timestamp.from(this.clock.instant());
		if (this.jdbc.update(this.update, position, now, name, lease.name(), lease.owner(), lease.token()) == 1) {
			return true;
		}
		try {
			return this.jdbc.update(this.insert, name, position, now, lease.name(), lease.owner(), lease.token()) == 1;
		}
		catch (DuplicateKeyException ex) {
			// Created meanwhile, by a takeover or by this owner's previous call: the update decides.
			return this.jdbc.update(this.update, position, now, name, lease.name(), lease.owner(), lease.token()) == 1;
		}
	}

}
