package io.github.eventbus.durable.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A {@link LeaseStore} in the {@code <prefix>lease} table, one row per lease name. Acquisition is a
 * single conditional {@code UPDATE} (or the first {@code INSERT}), so the database decides between
 * competing instances; every acquisition increases the fencing token. Expiry times are computed and
 * compared by the database's clock ({@code clock_timestamp()} on PostgreSQL, {@code CURRENT_TIMESTAMP}
 * on H2), never by an instance's, so skewed instance clocks cannot make two owners. Each call runs in
 * its own transaction (auto-commit). Thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {

	/** Replaced by the database's now in epoch milliseconds. */
	private static final String NOW = "@@now@@";

	private static final String TAKE = """
			UPDATE eventbus_lease SET lease_owner = ?, fencing_token = fencing_token + 1, expires_at = @@now@@ + ?
			WHERE name = ? AND (lease_owner = ? OR expires_at <= @@now@@)
			""";

	private static final String CREATE = """
			INSERT INTO eventbus_lease (name, lease_owner, fencing_token, expires_at) VALUES (?, ?, 1, @@now@@ + ?)
			""";

	private static final String GRANT = """
			SELECT name, lease_owner, fencing_token, expires_at FROM eventbus_lease WHERE name = ? AND lease_owner = ?
			""";

	private static final String RENEW = """
			UPDATE eventbus_lease SET expires_at = @@now@@ + ? WHERE name = ? AND lease_owner = ? AND fencing_token = ?
			""";

	private static final String RELEASE = """
			UPDATE eventbus_lease SET expires_at = 0 WHERE name = ? AND lease_owner = ? AND fencing_token = ?
			""";

	private static final String COUNT_CURRENT = """
			SELECT COUNT(*) FROM eventbus_lease WHERE name = ? AND lease_owner = ? AND fencing_token = ?
			""";

	private static final String FIND = """
			SELECT name, lease_owner, fencing_token, expires_at FROM eventbus_lease WHERE name = ?
			""";

	private static final String FIND_LIVE = """
			SELECT name, lease_owner, fencing_token, expires_at FROM eventbus_lease
			WHERE name IN (:names) AND expires_at > @@now@@
			""";

	private static final String FIND_LIVE_BY_PREFIX = """
			SELECT name, lease_owner, fencing_token, expires_at FROM eventbus_lease
			WHERE SUBSTRING(name, 1, ?) = ? AND expires_at > @@now@@
			""";

	private static final RowMapper<Lease> LEASE = JdbcLeaseStore::lease;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final String take;

	private final String create;

	private final String grant;

	private final String renew;

	private final String release;

	private final String countCurrent;

	private final String find;

	private final String findLive;

	private final String findLiveByPrefix;

	/**
	 * @param jdbc the database, H2 or PostgreSQL, with the tables created
	 * @param tables the table names
	 */
	public JdbcLeaseStore(JdbcTemplate jdbc, DurableTables tables) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		DataSource dataSource = jdbc.getDataSource();
		String now = nowMillis((dataSource != null) ? JdbcSchema.platform(dataSource) : "postgresql");
		this.take = sql(tables, TAKE, now);
		this.create = sql(tables, CREATE, now);
		this.grant = sql(tables, GRANT, now);
		this.renew = sql(tables, RENEW, now);
		this.release = sql(tables, RELEASE, now);
		this.countCurrent = sql(tables, COUNT_CURRENT, now);
		this.find = sql(tables, FIND, now);
		this.findLive = sql(tables, FIND_LIVE, now);
		this.findLiveByPrefix = sql(tables, FIND_LIVE_BY_PREFIX, now);
	}

	/** The database's now in epoch milliseconds: the clock every instance's leases are judged by. */
	static String nowMillis(String platform) {
		return switch (platform) {
			case "h2" -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
			default -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
		};
	}

	private static String sql(DurableTables tables, String sql, String now) {
		return tables.sql(sql).replace(NOW, now);
	}

	@Override
	public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
		long millis = duration.toMillis();
		if (this.jdbc.update(this.take, owner, millis, name, owner) == 1) {
			return grant(name, owner);
		}
		if (find(name).isPresent()) {
			// Held by someone else: no INSERT, which would fail and log an error on the server each poll.
			return Optional.empty();
		}
		try {
			this.jdbc.update(this.create, name, owner, millis);
			return grant(name, owner);
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	private Optional<Lease> grant(String name, String owner) {
		return this.jdbc.query(this.grant, LEASE, name, owner).stream().findFirst();
	}

	@Override
	public Optional<Lease> renew(Lease lease, Duration duration) {
		if (this.jdbc.update(this.renew, duration.toMillis(), lease.name(), lease.owner(), lease.token()) != 1) {
			return Optional.empty();
		}
		return grant(lease.name(), lease.owner()).filter(lease::sameGrant);
	}

	@Override
	public void release(Lease lease) {
		this.jdbc.update(this.release, lease.name(), lease.owner(), lease.token());
	}

	@Override
	public boolean isCurrent(Lease lease) {
		Long count = this.jdbc.queryForObject(this.countCurrent, Long.class, lease.name(), lease.owner(),
				lease.token());
		return count != null && count > 0;
	}

	@Override
	public Optional<Lease> find(String name) {
		return this.jdbc.query(this.find, LEASE, name).stream().findFirst();
	}

	@Override
	public List<Lease> findLive(List<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		return this.named.query(this.findLive, new MapSqlParameterSource("names", names), LEASE);
	}

	@Override
	public List<Lease> findLiveByPrefix(String prefix) {
		// SUBSTRING rather than LIKE: observer ids may hold '_' and '%'.
		return this.jdbc.query(this.findLiveByPrefix, LEASE, prefix.length(), prefix);
	}

	private static Lease lease(ResultSet rs, int row) throws SQLException {
		return new Lease(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)));
	}

}
