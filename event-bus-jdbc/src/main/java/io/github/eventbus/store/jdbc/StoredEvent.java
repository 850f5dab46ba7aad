package io.github.eventbus.store.jdbc;

import java.util.Objects;
import java.util.UUID;

import io.github.eventbus.EventMetadata;

/**
 * One row of the events table as stored, with the payload still JSON: what a transport relay sends on,
 * so a payload is serialized once, when appended, and never again.
 *
 * @param position the global position
 * @param eventId the event id
 * @param streamId the stream id
 * @param version the version within the stream
 * @param typeName the stable type name
 * @param typeVersion the payload version
 * @param payloadJson the payload exactly as stored
 * @param metadata the metadata; a {@code null} correlation id means "the event's own id"
 * @param occurredAtMicros when the event was stored, in microseconds since the epoch
 */
public record StoredEvent(long position, UUID eventId, String streamId, long version, String typeName,
		int typeVersion, String payloadJson, EventMetadata metadata, long occurredAtMicros) {

	public StoredEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(streamId, "streamId");
		Objects.requireNonNull(typeName, "typeName");
		Objects.requireNonNull(payloadJson, "payloadJson");
		Objects.requireNonNull(metadata, "metadata");
	}

}
