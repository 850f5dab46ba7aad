package io.github.eventbus.dispatch;

import java.util.List;

import io.github.eventbus.Event;

/**
 * A component added to an {@link ObserverRegistry} that feeds some observers by other means than in-memory
 * mailboxes (durable observers read the store behind a checkpoint, Kafka observers read topics), or that
 * follows what the bus stores (a transport relay, metrics).
 */
public interface DispatchExtension {

	/**
	 * Offered every observer registered after this extension was added, before the bus, which offers it to
	 * the next extension only if this one does not take it.
	 * @param definition the observer
	 * @return {@code true} to take it over: the bus then gives it no mailbox
	 */
	default boolean register(ObserverDefinition definition) {
		return false;
	}

	/**
	 * Called with events once they are stored and, inside a transaction, committed; on the publisher's
	 * thread, so it must return quickly (wake a worker, do not handle here).
	 * @param events the events, in position order
	 */
	default void appended(List<Event<?>> events) {
	}

}
