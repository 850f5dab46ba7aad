package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL: checked once per store, before its first append, so that a wrong schema or a database that
 * breaks the position scheme fails loudly instead of writing events followers would skip.
 * <ul>
 * <li>Schema version 2 or later: the tables have {@code <prefix>streams}.</li>
 * <li>Every stored position is below {@code next transaction id << 20}. New positions start at the
 * appending transaction's id {@code << 20}, so they must come after the stored ones. This fails on a
 * database restored logically (pg_dump) into a cluster whose transaction ids are lower than the original's,
 * and on an upgraded store whose old, dense positions reach that high.</li>
 * </ul>
 */
final class XidSchemaCheck {

	/** The schema version that has the xid positions. */
	static final int SCHEMA_VERSION = 2;

	private static final String CHECK = """
			SELECT (SELECT MAX(schema_version) FROM @@prefix@@store),
				(SELECT COALESCE(MAX(position), 0) FROM @@prefix@@events),
				CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS text) AS bigint)
			""";

	private XidSchemaCheck() {
	}

	static void check(Connection connection, String tablePrefix) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement(JdbcEventStoreSchema.withTablePrefix(CHECK, tablePrefix));
				ResultSet result = statement.executeQuery()) {
			result.next();
			int version = result.getInt(1);
			long maxPosition = result.getLong(2);
			long nextXid = result.getLong(3);
			if (version < SCHEMA_VERSION) {
				throw new IllegalStateException("The event store tables " + tablePrefix + "* are at schema version "
						+ version + ", this release needs " + SCHEMA_VERSION + " (table " + tablePrefix
						+ "streams, positions from transaction ids): run " + JdbcEventStoreSchema.SCHEMA_LOCATION
						+ " again, it only adds what is missing (docs/schema.md)");
			}
			if (maxPosition >= nextXid << XidAppendStatement.GROUP_BITS) {
				throw new IllegalStateException("The event store " + tablePrefix + "events holds position "
						+ maxPosition + ", beyond what this PostgreSQL cluster's transaction ids (next " + nextXid
						+ ") give new events: they would be read before older ones and followers would skip them."
						+ " Was the database restored into another cluster? See \"Backups and restores\" in"
						+ " docs/store.md");
			}
		}
	}

}
