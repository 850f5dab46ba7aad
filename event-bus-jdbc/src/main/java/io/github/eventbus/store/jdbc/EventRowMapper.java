package io.github.eventbus.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.github.eventbus.Event;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads one row of the events table into an envelope. A payload that cannot be read becomes an
 * {@link io.github.eventbus.store.UnreadableEvent}, so a reader is never stopped by one bad row.
 */
final class EventRowMapper implements RowMapper<Event<?>> {

	/** The columns {@link #mapRow} expects, in order. */
	static final String COLUMNS = """
			position, event_id, stream_id, version, type_name, type_version, payload, metadata, occurred_at
			""";

	private final EventSerializer serializer;

	EventRowMapper(EventSerializer serializer) {
		this.serializer = serializer;
	}

	@Override
	public Event<?> mapRow(ResultSet row, int rowNum) throws SQLException {
		long position = row.getLong(1);
		UUID id = row.getObject(2, UUID.class);
		String streamId = row.getString(3);
		long version = row.getLong(4);
		String typeName = row.getString(5);
		int typeVersion = row.getInt(6);
		Object payload = this.serializer.deserializeOrPlaceholder(typeName, typeVersion, row.getString(7));
		String metadata = row.getString(8);
		OffsetDateTime occurredAt = row.getObject(9, OffsetDateTime.class);
		long micros = Math.addExact(Math.multiplyExact(occurredAt.toEpochSecond(), 1_000_000L),
				occurredAt.getNano() / 1000L);
		return new Event<>(id, streamId, version, position, typeName, payload,
				this.serializer.deserializeMetadata(metadata), micros);
	}

	/** Reads one row with the payload left as stored JSON. */
	StoredEvent mapStored(ResultSet row, int rowNum) throws SQLException {
		OffsetDateTime occurredAt = row.getObject(9, OffsetDateTime.class);
		long micros = Math.addExact(Math.multiplyExact(occurredAt.toEpochSecond(), 1_000_000L),
				occurredAt.getNano() / 1000L);
		return new StoredEvent(row.getLong(1), row.getObject(2, UUID.class), row.getString(3), row.getLong(4),
				row.getString(5), row.getInt(6), row.getString(7), this.serializer.deserializeMetadata(row.getString(8)),
				micros);
	}

}
