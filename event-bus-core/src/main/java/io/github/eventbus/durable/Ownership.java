package io.github.eventbus.durable;

import io.github.eventbus.Event;

/**
 * Which segments of one observer this instance delivers now, as its worker knows from the leases. The
 * sequencers ask before each attempt, so an event of a segment this instance lost is never started.
 */
interface Ownership {

	/** The segment of a stored event. */
	int segmentOf(Event<?> event);

	/** The segment of a dead letter's stream, for entries whose event is not at hand. */
	int segmentOfStream(String streamId);

	/** Whether this instance delivers the segment now. */
	boolean delivers(int segment);

	/**
	 * Throws when this instance no longer holds the segment's lease.
	 * @param segment the segment
	 */
	void check(int segment);

}
