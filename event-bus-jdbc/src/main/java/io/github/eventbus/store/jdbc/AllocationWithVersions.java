package io.github.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL: allocates positions and reads the current versions of the named streams in one statement,
 * saving a round trip per batch.
 * <p>
 * The versions are read from the statement's snapshot, taken before the head lock was granted, so they
 * are only trusted when no append committed in between: the snapshot's head plus the allocated count
 * must equal the head the update returned (every append updates the head). Otherwise
 * {@link #versions()} is {@code null} and the caller reads them again, in a new statement.
 */
final class AllocationWithVersions {

	private static final String ALLOCATE_READING_VERSIONS = """
			WITH allocated AS (
				UPDATE @@prefix@@head SET position = position + ? WHERE id = 1 RETURNING position
			)
			SELECT NULL, allocated.position, (SELECT h.position FROM @@prefix@@head h WHERE h.id = 1)
			FROM allocated
			UNION ALL
			SELECT s.stream_id, (SELECT MAX(e.version) FROM @@prefix@@events e WHERE e.stream_id = s.stream_id),
				NULL
			FROM unnest(CAST(? AS text[])) AS s(stream_id)
			""";

	private final long head;

	private final @Nullable Map<String, Long> versions;

	private AllocationWithVersions(long head, @Nullable Map<String, Long> versions) {
		this.head = head;
		this.versions = versions;
	}

	/** The head after allocation. */
	long head() {
		return this.head;
	}

	/** The current versions of the existing streams, or {@code null} when they must be read again. */
	@Nullable Map<String, Long> versions() {
		return this.versions;
	}

	static String sql(String tablePrefix) {
		return JdbcEventStoreSchema.withTablePrefix(ALLOCATE_READING_VERSIONS, tablePrefix);
	}

	static AllocationWithVersions run(Connection connection, String sql, int count, Set<String> streamIds)
			throws SQLException {
		Long head = null;
		long snapshotHead = -1;
		Map<String, Long> versions = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, count);
			statement.setArray(2, connection.createArrayOf("text", streamIds.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					String streamId = result.getString(1);
					if (streamId == null) {
						head = result.getLong(2);
						snapshotHead = result.getLong(3);
						continue;
					}
					long version = result.getLong(2);
					if (!result.wasNull()) {
						versions.put(streamId, version);
					}
				}
			}
		}
		if (head == null) {
			throw new EventWriter.HeadMissingException();
		}
		boolean fresh = (snapshotHead + count == head);
		return new AllocationWithVersions(head, fresh ? versions : null);
	}

}
