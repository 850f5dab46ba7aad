package io.github.eventbus;

import java.time.Duration;
import java.util.List;

/**
 * Publishes events: each is appended to the {@link io.github.eventbus.store.EventStore} (which assigns
 * its stream version and global position) and then dispatched to every {@link EventObserver} whose
 * parameter type matches the payload.
 *
 * <h2>Posting events</h2> When {@code publish} returns depends on the observers' dispatch modes (see
 * {@link DispatchMode} and {@link PublishResult}). With a Spring transaction open, the events are
 * appended in that transaction and dispatched after commit; a rollback stores and dispatches nothing.
 *
 * <h2>Receiving events</h2> Every observer has its own bounded mailbox drained on the bus executor:
 * observers never block each other, and one observer sees the events of one stream in publish order.
 * A publish made from inside an observer never deadlocks.
 *
 * <h2>Failures</h2> An observer's exception never reaches the publisher or other observers; it is
 * reported to the {@link ObserverErrorHandler}, and to the publisher in {@link PublishResult#failures()}
 * for awaited observers. A full mailbox makes the publisher wait up to the publish timeout, then throws
 * {@link MailboxFullException}.
 * <p>
 * Implementations are thread-safe.
 */
public interface EventBus {

	/**
	 * Publishes one payload. Its stream is given by a {@link StreamId} member of the payload; without
	 * one, the event starts a new stream of its own.
	 * @param payload the payload, not {@code null}
	 * @return what happened to the event
	 */
	PublishResult publish(Object payload);

	/**
	 * Publishes one payload to the given stream, without a version check.
	 * @param streamId the stream id
	 * @param payload the payload
	 * @return what happened to the event
	 */
	PublishResult publish(String streamId, Object payload);

	/**
	 * Appends several payloads to one stream atomically, if the stream is at {@code expectedVersion},
	 * then dispatches them in order.
	 * @param streamId the stream id
	 * @param expectedVersion the stream's current version, 0 for a new stream, or
	 * {@link io.github.eventbus.store.EventStore#ANY_VERSION}
	 * @param payloads the payloads, in order
	 * @return what happened to the events
	 * @throws io.github.eventbus.store.ConcurrencyConflictException if the stream is at another version
	 */
	PublishResult publishAll(String streamId, long expectedVersion, List<?> payloads);

	/**
	 * Waits until no event is queued or being handled by any observer.
	 * @param timeout how long to wait at most
	 * @return {@code true} if the bus became idle, {@code false} on timeout
	 */
	boolean awaitIdle(Duration timeout);

}
