package io.github.eventbus.durable.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.Lease;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link CheckpointStore} in the {@code <prefix>checkpoint} table. A save is one statement that only
 * writes while the caller's lease row still carries its owner and fencing token, so the lease check and
 * the write cannot be separated by a takeover that has committed. Thread-safe.
 * <p>
 * Bound to an event store (its id, {@code JdbcEventStore.storeId()}), every saved checkpoint carries that
 * id: a position only means something in the store it was taken on. Finding a checkpoint taken on another
 * store throws instead of resuming from a position that would skip or repeat events;
 * {@link #checkpointsOfOtherStores()} lets an application refuse to start in that case. Rows saved before
 * checkpoints carried a store id are adopted by the next save.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

	private static final String FIND = """
			SELECT checkpoint_position, store_id FROM eventbus_checkpoint WHERE name = ?
			""";

	private static final String FIND_BY_PREFIX = """
			SELECT name, checkpoint_position FROM eventbus_checkpoint WHERE SUBSTRING(name, 1, ?) = ? ORDER BY name
			""";

	private static final String OTHER_STORES = """
			SELECT name FROM eventbus_checkpoint WHERE store_id IS NOT NULL AND store_id <> ? ORDER BY name
			""";

	private static final String UPDATE = """
			UPDATE eventbus_checkpoint SET checkpoint_position = ?, store_id = COALESCE(CAST(? AS VARCHAR(36)), store_id), updated_at = ?
			WHERE name = ? AND EXISTS (SELECT 1 FROM eventbus_lease l
				WHERE l.name = ? AND l.lease_owner = ? AND l.fencing_token = ?)
			""";

	private static final String INSERT = """
			INSERT INTO eventbus_checkpoint (name, checkpoint_position, store_id, updated_at)
			SELECT CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS VARCHAR(36)),
				CAST(? AS TIMESTAMP WITH TIME ZONE)
			FROM eventbus_lease l WHERE l.name = ? AND l.lease_owner = ? AND l.fencing_token = ?
			""";

	private final JdbcTemplate jdbc;

	private final DurableTables tables;

	private final Clock clock;

	private final @Nullable String storeId;

	private final String find;

	private final String update;

	private final String insert;

	/**
	 * Creates a store whose checkpoints are bound to no event store.
	 * @param jdbc the database, with the tables created
	 * @param tables the table names
	 * @param clock stamps {@code updated_at}
	 */
	public JdbcCheckpointStore(JdbcTemplate jdbc, DurableTables tables, Clock clock) {
		this(jdbc, tables, clock, null);
	}

	/**
	 * Creates a store whose checkpoints are bound to one event store.
	 * @param jdbc the database, with the tables created
	 * @param tables the table names
	 * @param clock stamps {@code updated_at}
	 * @param storeId id of the event store the checkpoints are positions in; {@code null} for none
	 */
	public JdbcCheckpointStore(JdbcTemplate jdbc, DurableTables tables, Clock clock, @Nullable String storeId) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.clock = clock;
		this.storeId = storeId;
		this.find = tables.sql(FIND);
		this.update = tables.sql(UPDATE);
		this.insert = tables.sql(INSERT);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the checkpoint was taken on another event store than the bound one
	 */
	@Override
	public OptionalLong find(String name) {
		List<Map<String, Object>> rows = this.jdbc.queryForList(this.find, name);
		if (rows.isEmpty()) {
			return OptionalLong.empty();
		}
		Object takenOn = rows.get(0).get("store_id");
		if (this.storeId != null && takenOn != null && !this.storeId.equals(takenOn)) {
			throw new IllegalStateException("Checkpoint '" + name + "' in table " + this.tables.checkpoint()
					+ " was taken on event store " + takenOn + ", not on this application's event store "
					+ this.storeId + ": resuming from it would skip or repeat events. Give the event store's"
					+ " tables and the checkpoint table one prefix, or delete the checkpoint to start over");
		}
		return OptionalLong.of(((Number) rows.get(0).get("checkpoint_position")).longValue());
	}

	@Override
	public Map<String, Long> findByPrefix(String prefix) {
		Map<String, Long> found = new TreeMap<>();
		this.jdbc.query(this.tables.sql(FIND_BY_PREFIX),
				(rs) -> {
					found.put(rs.getString(1), rs.getLong(2));
				}, prefix.length(), prefix);
		return found;
	}

	/**
	 * Names of the checkpoints taken on another event store than the bound one.
	 * @return the names, sorted; empty when this store is bound to no event store
	 */
	public List<String> checkpointsOfOtherStores() {
		return (this.storeId != null) ? this.jdbc.queryForList(this.tables.sql(OTHER_STORES), String.class, this.storeId)
				: List.of();
	}

	/**
	 * The table the checkpoints are in.
	 * @return its name
	 */
	public String tableName() {
		return this.tables.checkpoint();
	}

	@Override
	public boolean save(String name, long position, Lease lease) {
		Timestamp now = Timestamp.from(this.clock.instant());
		if (update(name, position, now, lease)) {
			return true;
		}
		try {
			return this.jdbc.update(this.insert, name, position, this.storeId, now, lease.name(), lease.owner(),
					lease.token()) == 1;
		}
		catch (DuplicateKeyException ex) {
			// Created meanwhile, by a takeover or by this owner's previous call: the update decides.
			return update(name, position, now, lease);
		}
	}

	private boolean update(String name, long position, Timestamp now, Lease lease) {
		return this.jdbc.update(this.update, position, this.storeId, now, name, lease.name(), lease.owner(),
				lease.token()) == 1;
	}

}
