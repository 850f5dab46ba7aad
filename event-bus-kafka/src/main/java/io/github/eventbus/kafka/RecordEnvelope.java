package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The envelope of a consumed record, read from its {@link EventHeaders}. A record from a producer that
 * does not write them still gets a stable event id and position derived from its topic, partition and
 * offset, so a redelivery of it is recognized.
 */
record RecordEnvelope(UUID eventId, String streamId, long version, long position, @Nullable String type,
		int typeVersion, EventMetadata metadata, long occurredAtMicros) {

	static RecordEnvelope of(ConsumerRecord<?, ?> record) {
		UUID id = uuid(record, EventHeaders.EVENT_ID);
		if (id == null) {
			id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
				.getBytes(StandardCharsets.UTF_8));
		}
		String key = (record.key() instanceof String text) ? text : null;
		String streamId = (key != null) ? key : id.toString();
		long position = number(record, EventHeaders.POSITION, record.offset());
		Map<String, String> entries = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			if (header.key().startsWith(EventHeaders.ENTRY_PREFIX) && header.value() != null) {
				entries.put(header.key().substring(EventHeaders.ENTRY_PREFIX.length()),
						new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		EventMetadata metadata = new EventMetadata(uuid(record, EventHeaders.CORRELATION_ID),
				uuid(record, EventHeaders.CAUSATION_ID), entries);
		return new RecordEnvelope(id, streamId, number(record, EventHeaders.STREAM_VERSION, 0), position,
				text(record, EventHeaders.EVENT_TYPE), (int) number(record, EventHeaders.TYPE_VERSION, 1), metadata,
				occurredAt(record));
	}

	<T> Event<T> toEvent(T payload) {
		return new Event<>(this.eventId, this.streamId, this.version, this.position,
				(this.type != null) ? this.type : "unknown", payload, this.metadata, this.occurredAtMicros);
	}

	private static long occurredAt(ConsumerRecord<?, ?> record) {
		String text = text(record, EventHeaders.OCCURRED_AT);
		if (text != null) {
			try {
				Instant instant = Instant.parse(text);
				return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
			}
			catch (DateTimeParseException | ArithmeticException ex) {
				// fall back to the record's timestamp
			}
		}
		return record.timestamp() * 1000L;
	}

	private static @Nullable String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static @Nullable UUID uuid(ConsumerRecord<?, ?> record, String name) {
		String text = text(record, name);
		try {
			return (text != null) ? UUID.fromString(text) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static long number(ConsumerRecord<?, ?> record, String name, long fallback) {
		String text = text(record, name);
		try {
			return (text != null) ? Long.parseLong(text) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

}
