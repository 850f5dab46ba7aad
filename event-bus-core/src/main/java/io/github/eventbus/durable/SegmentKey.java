package io.github.eventbus.durable;

import io.github.eventbus.Event;

/**
 * What decides the segment of an event for a segmented durable observer ({@link Segments}). Events
 * with one key are handled by one instance at a time, in position order. The default is the stream id;
 * a saga type keys by its saga instance.
 * <p>
 * Must be a pure function of the event: the same event always has the same key, on every instance.
 */
@FunctionalInterface
public interface SegmentKey {

	/** The stream id: every stream is handled by one instance at a time. */
	SegmentKey STREAM_ID = Event::streamId;

	/**
	 * The key of an event.
	 * @param event a stored event (its payload may be an {@link io.github.eventbus.store.UnreadableEvent})
	 * @return its key
	 */
	String of(Event<?> event);

}
