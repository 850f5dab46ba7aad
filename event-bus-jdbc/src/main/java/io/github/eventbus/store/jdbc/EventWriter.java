package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch of append requests on one connection: inside the connection's current transaction, or,
 * in autocommit mode, in transactions of its own. Requests are checked in order, so a request whose
 * expected version is wrong fails alone with a {@link io.github.eventbus.store.ConcurrencyConflictException}
 * and the others are still written.
 */
sealed interface EventWriter permits HeadLockEventWriter, XidEventWriter {

	/**
	 * Writes the requests.
	 * @return per request, its stored events or its {@link io.github.eventbus.store.ConcurrencyConflictException}
	 */
	Object[] write(Connection connection, List<AppendRequest> requests) throws SQLException;

	/** The writer for a database. */
	static EventWriter of(JdbcDialect dialect, String tablePrefix) {
		return (dialect == JdbcDialect.POSTGRESQL) ? new XidEventWriter(tablePrefix)
				: new HeadLockEventWriter(tablePrefix);
	}

}
