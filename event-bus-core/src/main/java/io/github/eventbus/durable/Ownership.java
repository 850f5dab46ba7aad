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
	 * What a failure of this event holds back while it is retried and once it is dead-lettered, and where it is
	 * replayed: its stream, or, for an observer with an ordering key ({@link #blocksByKey()}), that key (the
	 * stream id while none is known), since that key's events may be on any stream.
	 */
	String blockingKey(Event<?> event);

	/**
	 * The {@link #blockingKey} of an event as far as it is final: {@code null} while its ordering key is not
	 * known, since the stream id it falls back to is not what it holds back once its key is known.
	 */
	@Nullable String knownBlockingKey(Event<?> event);

	/**
	 * Whether failures hold back an ordering key (a saga instance, whatever its events' streams) rather than
	 * a stream: the observer has an ordering key, whatever its segment count.
	 */
	boolean blocksByKey();

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
