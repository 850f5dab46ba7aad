package io.github.eventbus.store;

import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import org.jspecify.annotations.Nullable;

/**
 * An append-only store of events, grouped in streams.
 * <p>
 * Every appended event gets a version within its stream (from 1, no gaps) and a global position (from
 * 1, increasing in the order {@link #readAll(long, int)} returns events; not necessarily dense, see
 * {@link Event#position()}). {@code append} checks the stream's current version against
 * {@code expectedVersion} and fails with {@link ConcurrencyConflictException} when they differ, so two
 * writers can never both append version N of one stream.
 * <p>
 * Implementations are thread-safe. Readers that follow {@link #readAll(long, int)} never skip an event:
 * an event is only returned once no event can appear at a lower position any more.
 */
public interface EventStore {

	/** Pass as expected version to skip the concurrency check. */
	long ANY_VERSION = -1;

	/**
	 * Appends payloads to one stream, atomically.
	 * @param streamId the stream id
	 * @param expectedVersion the stream's current version (0 for a new stream) or {@link #ANY_VERSION}
	 * @param payloads the payloads, in order
	 * @return the stored events, in order
	 * @throws ConcurrencyConflictException if the stream is at another version
	 */
	default List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads) {
		return append(streamId, expectedVersion, payloads, EventMetadata.empty());
	}

	/**
	 * Appends payloads to one stream, atomically, with the given metadata on every event.
	 * @param streamId the stream id
	 * @param expectedVersion the stream's current version (0 for a new stream) or {@link #ANY_VERSION}
	 * @param payloads the payloads, in order
	 * @param metadata the metadata of every event
	 * @return the stored events, in order
	 * @throws ConcurrencyConflictException if the stream is at another version
	 */
	List<Event<?>> append(String streamId, long expectedVersion, List<?> payloads, EventMetadata metadata);

	/**
	 * Appends one payload without a version check; the bus's single-event path.
	 * @param streamId the stream id, or {@code null} to start a new stream named after the event id
	 * @param payload the payload
	 * @param metadata the metadata
	 * @return the stored event
	 */
	default Event<?> appendOne(@Nullable String streamId, Object payload, EventMetadata metadata) {
		String stream = (streamId != null) ? streamId : EventIds.next().toString();
		return append(stream, ANY_VERSION, List.of(payload), metadata).get(0);
	}

	/**
	 * Whether an append made now, on the calling thread, joins a transaction that commits later (the
	 * outbox): the bus then dispatches the appended events once that transaction commits, and never if it
	 * rolls back. A store that writes at once, whatever transaction is open, returns {@code false} (the
	 * default), and the bus dispatches at once.
	 * @return {@code true} only while the next append would be part of the current transaction
	 */
	default boolean joinsCurrentTransaction() {
		return false;
	}

	/**
	 * Reads every retained event of one stream, in version order.
	 * @param streamId the stream id
	 * @return the events; empty for an unknown stream
	 */
	List<Event<?>> readStream(String streamId);

	/**
	 * Reads events in global position order. Safe to call in a loop, each time from the position of the last
	 * event returned plus one (the follower's own high-water mark): an event whose transaction commits after
	 * a later one's is never skipped, since the store returns an event only once nothing can appear below it
	 * any more, and uncommitted or rolled-back events are never returned. Positions may have gaps, so an
	 * empty result or a result shorter than {@code limit} says nothing about the positions after the last
	 * one returned. A store may hold back committed events for a while (the JDBC store on PostgreSQL does
	 * while an older transaction of the database is still running).
	 * @param fromPosition the first position to read (inclusive)
	 * @param limit the maximum number of events
	 * @return the events, at most {@code limit}
	 */
	List<Event<?>> readAll(long fromPosition, int limit);

	/** The highest position readable now, 0 when empty. */
	long headPosition();

	/**
	 * How many readable events have a position after {@code position}: what a follower whose high-water
	 * mark is {@code position} still has to read (its lag). Positions are increasing but need not be
	 * dense, so followers ask the store rather than subtract positions.
	 * <p>
	 * The default is {@code max(0, headPosition() - position)}, exact for stores with dense positions;
	 * stores with gaps override it.
	 * @param position a follower's last position read (0 for none)
	 * @return the number of events after it, 0 when none
	 */
	default long countAfter(long position) {
		return Math.max(0, headPosition() - position);
	}

	/**
	 * A store in memory that keeps the latest {@code capacity} events and drops the oldest.
	 * @param capacity how many events to keep
	 * @return a new store
	 */
	static EventStore inMemory(int capacity) {
		return new InMemoryEventStore(capacity);
	}

	/**
	 * A store that keeps no events: it assigns ids, versions and positions and forgets the events.
	 * @return a new store
	 */
	static EventStore none() {
		return new NonRetainingEventStore();
	}

}
