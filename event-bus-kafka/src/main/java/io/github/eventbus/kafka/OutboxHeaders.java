package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.jdbc.StoredEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The {@link EventHeaders} of one stored event, as the relay writes them. */
final class OutboxHeaders {

	private OutboxHeaders() {
	}

	static List<Header> of(StoredEvent event) {
		EventMetadata metadata = event.metadata();
		UUID correlationId = (metadata.correlationId() != null) ? metadata.correlationId() : event.eventId();
		List<Header> headers = new ArrayList<>(8 + metadata.entries().size());
		headers.add(header(EventHeaders.EVENT_ID, event.eventId().toString()));
		headers.add(header(EventHeaders.EVENT_TYPE, event.typeName()));
		headers.add(header(EventHeaders.TYPE_VERSION, Integer.toString(event.typeVersion())));
		headers.add(header(EventHeaders.STREAM_VERSION, Long.toString(event.version())));
		headers.add(header(EventHeaders.POSITION, Long.toString(event.position())));
		headers.add(header(EventHeaders.CORRELATION_ID, correlationId.toString()));
		if (metadata.causationId() != null) {
			headers.add(header(EventHeaders.CAUSATION_ID, metadata.causationId().toString()));
		}
		headers.add(header(EventHeaders.OCCURRED_AT, Instant
			.ofEpochSecond(Math.floorDiv(event.occurredAtMicros(), 1_000_000L),
					Math.floorMod(event.occurredAtMicros(), 1_000_000L) * 1000L)
			.toString()));
		for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
			headers.add(header(EventHeaders.ENTRY_PREFIX + entry.getKey(), entry.getValue()));
		}
		return headers;
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
