package io.github.eventbus;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What an event carries besides its payload: the correlation id shared by every event of one causal
 * chain, the id of the event that caused it, and free user entries.
 *
 * @param correlationId id shared by all events of a causal chain; for a root event, its own id
 * @param causationId id of the event being handled when this one was published; {@code null} for a root
 * @param entries user entries, never {@code null}
 */
public record EventMetadata(@Nullable UUID correlationId, @Nullable UUID causationId, Map<String, String> entries) {

	private static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

	public EventMetadata {
		entries = Map.copyOf(entries);
	}

	/** Metadata of a root event with no entries. */
	public static EventMetadata empty() {
		return EMPTY;
	}

	/** Metadata of an event caused by {@code cause}: same correlation id, causation id = its id. */
	public static EventMetadata causedBy(Event<?> cause) {
		return new EventMetadata(cause.metadata().correlationId(), cause.id(), Map.of());
	}

	/** A copy with one more user entry. */
	public EventMetadata with(String key, String value) {
		HashMap<String, String> copy = new HashMap<>(this.entries);
		copy.put(key, value);
		return new EventMetadata(this.correlationId, this.causationId, copy);
	}

}
