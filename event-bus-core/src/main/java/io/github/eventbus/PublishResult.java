package io.github.eventbus;

import java.util.List;

/**
 * What {@link EventBus#publish(Object)} returns. What it can tell depends on the dispatch modes of the
 * observers the events went to:
 * <ul>
 * <li>{@code SEQUENTIAL} and {@code CONCURRENT_AWAIT} observers have finished when {@code publish}
 * returns, and their failures are listed in {@link #failures()};</li>
 * <li>{@code FIRE_AND_FORGET} observers have only accepted the event; their failures go to the
 * {@link ObserverErrorHandler} only;</li>
 * <li>inside a transaction nothing is dispatched before commit: {@link #isDispatched()} is
 * {@code false} and {@link #failures()} is empty.</li>
 * </ul>
 * Failures are never thrown at the publisher unless it asks with {@link #throwIfFailed()}.
 */
public interface PublishResult {

	/** The stored events, in order. */
	List<Event<?>> events();

	/** The first (for a single publish, the only) stored event. */
	default Event<?> event() {
		return events().get(0);
	}

	/** Whether dispatch to observers has happened (false while a transaction is still open). */
	boolean isDispatched();

	/** Failures of the observers that were awaited; empty when they all succeeded. */
	List<ObserverFailure> failures();

	/**
	 * Throws if an awaited observer failed.
	 * @return this result, when none failed
	 * @throws ObserverFailedException carrying the first failure, with the others suppressed
	 */
	default PublishResult throwIfFailed() {
		List<ObserverFailure> failures = failures();
		if (!failures.isEmpty()) {
			throw new ObserverFailedException(failures);
		}
		return this;
	}

}
