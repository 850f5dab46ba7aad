package io.github.eventbus;

import java.time.Duration;
import java.util.List;

/**
 * Publishes events: each is appended to the {@link io.github.eventbus.store.EventStore} (which assigns
 * its stream version and global position) and then dispatched to every {@link EventObserver} whose
 * parameter type matches the payload.
 *
 * <h2>Posting events</h2> When {@code publish} returns depends on the observers' dispatch modes (see
 * {@link DispatchMode} and {@link PublishResult}). When the store joins the open Spring transaction
 * (the JDBC store, in a transaction on its {@code DataSource}), the events are appended in that
 * transaction and dispatched after commit, outside of it; a rollback stores and dispatches nothing. A
 * store that writes at once (the memory store, or a transaction on another {@code DataSource}) gets its
 * events dispatched at once.
 *
 * <h2>Receiving events</h2> Every observer has its own bounded mailbox drained on the bus executor:
 * observers never block each other, and one observer sees the events of one stream in the order they
 * were published, provided the publishes to that stream do not overlap in time (each starts after the
 * previous one returned, or, in a transaction, after the previous transaction committed). Two threads
 * publishing to one stream at the same moment may have their events delivered in either order.
 * A publish made from inside an observer never deadlocks.
 *
 * <h2>Failures</h2> An observer's exception never reaches the publisher or other observers; it is
 * reported to the {@link ObserverErrorHandler}, and to the publisher in {@link PublishResult#failures()}
 * for awaited observers. Room in every mailbox the event goes to is taken before it is stored: a full
 * mailbox makes the publisher wait up to the publish timeout (or fail at once, per the overflow policy),
 * then throws {@link MailboxFullException}, and then nothing was stored or dispatched. Inside a
 * transaction the policy is applied when publishing, and the events are queued at commit even if a
 * mailbox has filled up meanwhile.
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
