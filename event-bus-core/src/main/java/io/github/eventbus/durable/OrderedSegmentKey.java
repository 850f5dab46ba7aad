package io.github.eventbus.durable;

import java.util.function.Function;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * Segments an observer by its ordering key (a saga type by saga instance). An event whose key is not known
 * when it is read (its saga instance is not associated yet) belongs to every segment: each segment asks
 * again once it has handled every event before it, and only the segment of the key found then handles it
 * ({@link Ownership#handles}). Keys, once known, never change, so at most one segment ever handles it.
 *
 * @param orderingKey the observer's ordering key, {@code null} for a key not known yet
 */
record OrderedSegmentKey(Function<Event<?>, @Nullable String> orderingKey) implements SegmentKey {

	/** The key, or the stream id for an event whose key is not known yet. */
	@Override
	public String of(Event<?> event) {
		String key = this.orderingKey.apply(event);
		return (key != null) ? key : event.streamId();
	}

	/** The key, or {@code null} while it is not known. */
	@Nullable String known(Event<?> event) {
		return this.orderingKey.apply(event);
	}

}
