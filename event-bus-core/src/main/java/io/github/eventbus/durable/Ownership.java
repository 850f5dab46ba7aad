package io.github.eventbus.durable;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * Which segments of one observer this instance delivers now, as its worker knows from the leases. The
 * sequencers ask before each attempt, so an event of a segment this instance lost is never started.
 */
interface Ownership {

	/** The segment of a stored event. */
	int segmentOf(Event<?> event);

	/** The segment of a {@link #blockingKey}: where the events a dead letter holds back are handled. */
	int segmentOfKey(String key);

	/**
	 * What a dead letter of this event holds back, and where it is replayed: its stream, or, for an observer
	 * segmented by its ordering key ({@link #segmentedByKey()}), that key (the stream id while none is known),
	 * since that key's events are handled in one segment and may be on any stream.
	 */
	String blockingKey(Event<?> event);

	/**
	 * Whether this instance handles an event now, asked once every event before it is handled here. Always
	 * true, except for an observer segmented by its ordering key ({@link OrderedSegmentKey}), which reads an
	 * event whose key was not known in every segment: it handles it only when this instance delivers the
	 * segment of the key known now and has not gone past the event in that segment.
	 * @param event an event read by a segment held here
	 * @param key its ordering key now, {@code null} while no saga instance is associated with it
	 */
	boolean handles(Event<?> event, @Nullable String key);

	/** Whether {@link #handles} may say no: the observer is split into segments by its ordering key. */
	boolean segmentedByKey();

	/** Whether this instance delivers the segment now. */
	boolean delivers(int segment);

	/**
	 * Throws when this instance no longer holds the segment's lease.
	 * @param segment the segment
	 */
	void check(int segment);

}
