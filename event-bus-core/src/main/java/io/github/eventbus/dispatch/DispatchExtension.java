package io.github.eventbus.dispatch;

import java.util.List;

import io.github.eventbus.Event;

/**
 * A component that feeds some observers by other means than in-memory mailboxes (durable observers read
 * the store behind a checkpoint) or that follows what the bus stores (a transport relay).
 */
public interface DispatchExtension {

	/**
	 * Offered every observer at registration.
	 * @param definition the observer
	 * @param defaultDurable the value of {@code eventbus.observers.durable-by-default}
	 * @return {@code true} to take it over: the bus then gives it no mailbox
	 */
	default boolean register(ObserverDefinition definition, boolean defaultDurable) {
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
