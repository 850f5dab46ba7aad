package io.github.eventbus.deadletter;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What an application (or an operator through the actuator) does with dead letters.
 * <p>
 * A replay only marks entries: the instance that currently runs the observer delivers them, through the
 * observer, in stream order, at its next turn (at once when it runs in this instance). Replaying an entry
 * always replays its stream from the failed event on: the failed event first, then the events parked
 * behind it, so order is never broken; if one fails again, it becomes the stream's failed event and the
 * rest stay parked. A replayed delivery is one attempt, reported to the
 * {@link io.github.eventbus.ObserverErrorHandler} like any other.
 */
public interface DeadLetters {

	/**
	 * Lists dead letters in event position order.
	 * @param observerId the observer, or {@code null} for all
	 * @param offset how many to skip
	 * @param limit the page size
	 * @return the page
	 */
	List<DeadLetter> list(@Nullable String observerId, int offset, int limit);

	/**
	 * Finds one dead letter.
	 * @param id its id
	 * @return the entry
	 */
	Optional<DeadLetter> find(long id);

	/**
	 * Replays the stream of one dead letter from its failed event on.
	 * @param id the entry id
	 * @return how many entries were marked for replay
	 */
	int replay(long id);

	/**
	 * Replays one stream of one observer.
	 * @param observerId the observer
	 * @param streamId the stream
	 * @return how many entries were marked for replay
	 */
	int replayStream(String observerId, String streamId);

	/**
	 * Replays every dead letter of one observer.
	 * @param observerId the observer
	 * @return how many entries were marked for replay
	 */
	int replayAll(String observerId);

	/**
	 * Drops a dead letter for good: the observer never gets that event. Discarding a stream's failed event
	 * releases the events parked behind it, which are delivered in order.
	 * @param id the entry id
	 * @return whether it existed
	 */
	boolean discard(long id);

}
