package io.github.eventbus.durable;

import io.github.eventbus.Event;

/**
 * A durable handler that is not an annotated method: what sagas or transport consumers register through
 * {@link DurableObservers#register(String, Class, DurableHandler)} to get checkpoints, retries, sequenced
 * dead letters and one owner per instance group, like a durable {@code @EventObserver}.
 */
@FunctionalInterface
public interface DurableHandler {

	/**
	 * Handles one event; throwing counts as a failed attempt.
	 * @param event the event, whose payload is an instance of the registered payload type
	 * @throws Exception to fail the attempt
	 */
	void handle(Event<?> event) throws Exception;

}
