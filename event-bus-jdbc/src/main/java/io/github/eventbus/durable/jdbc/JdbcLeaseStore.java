package io.github.eventbus.durable.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link LeaseStore} in the {@code <prefix>lease} table, one row per lease name. Acquisition is a
 * single conditional {@code UPDATE} (or the first {@code INSERT}), so the database decides between
 * competing instances; every acquisition increases the fencing token. Each call runs in its own
 * transaction (auto-commit). Thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {

	private static final String TAKE = """
			UPDATE eventbus_lease SET lease_owner = ?, fencing_token = fencing_token + 1, expires_at = ?
			WHERE name = ? AND (lease_owner = ? OR expires_at <= ?)
			""";

	private static final String CREATE = """
			INSERT INTO eventbus_lease (name, lease_owner, fencing_token, expires_at) VALUES (?, ?, 1, ?)
			""";

	private static final String TOKEN = """
			SELECT fencing_token FROM eventbus_lease WHERE name = ? AND lease_owner = ?
			""";

	private static final String RENEW = """
			UPDATE eventbus_lease SET expires_at = ? WHERE name = ? AND lease_owner = ? AND fencing_token = ?
			""";

	private static final String COUNT_CURRENT = """
			SELECT COUNT(*) FROM eventbus_lease WHERE name = ? AND lease_owner = ? AND fencing_token = ?
			""";

	private static final String FIND = """
			SELECT name, lease_owner, fencing_token, expires_at FROM eventbus_lease WHERE name = ?
			""";

	private final JdbcTemplate jdbc;

	private final String take;

	private final String create;

	private final String token;

	private final String renew;

	private final String countCurrent;

	private final String find;

	/**
	 * @param jdbc the database, with the tables created
	 * @param tables the table names
	 */
	public JdbcLeaseStore(JdbcTemplate jdbc, DurableTables tables) {
		this.jdbc = jdbc;
		this.take = tables.sql(TAKE);
		this.create = tables.sql(CREATE);
		this.token = tables.sql(TOKEN);
		this.renew = tables.sql(RENEW);
		this.countCurrent = tables.sql(COUNT_CURRENT);
		this.find = tables.sql(FIND);
	}

	@Override
	public Optional<Lease> tryAcquire(String name, String owner, Instant now, Instant expiresAt) {
		long expires = expiresAt.toEpochMilli();
		if (this.jdbc.update(this.take, owner, expires, name, owner, now.toEpochMilli()) == 1) {
			List<Long> tokens = this.jdbc.queryForList(this.token, Long.class, name, owner);
			return tokens.isEmpty() ? Optional.empty() : Optional.of(new Lease(name, owner, tokens.get(0), expiresAt));
		}
		if (find(name).isPresent()) {
			// Held by someone else: no INSERT, which would fail and log an error on the server each poll.
			return Optional.empty();
		}
		try {
			this.jdbc.update(this.create, name, owner, expires);
			return Optional.of(new Lease(name, owner, 1, expiresAt));
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	@Override
	public Optional<Lease> renew(Lease lease, Instant expiresAt) {
		int updated = this.jdbc.update(this.renew, expiresAt.toEpochMilli(), lease.name(), lease.owner(),
				lease.token());
		return (updated == 1) ? Optional.of(new Lease(lease.name(), lease.owner(), lease.token(), expiresAt))
				: Optional.empty();
	}

	@Override
	public void release(Lease lease) {
		this.jdbc.update(this.renew, 0L, lease.name(), lease.owner(), lease.token());
	}

	@Override
	public boolean isCurrent(Lease lease) {
		Long count = this.jdbc.queryForObject(this.countCurrent, Long.class, lease.name(), lease.owner(),
				lease.token());
		return count != null && count > 0;
	}

	@Override
	public Optional<Lease> find(String name) {
		return this.jdbc
			.query(this.find, (rs, row) -> new Lease(rs.getString(1), rs.getString(2), rs.getLong(3),
					Instant.ofEpochMilli(rs.getLong(4))), name)
			.stream()
			.findFirst();
	}

}
