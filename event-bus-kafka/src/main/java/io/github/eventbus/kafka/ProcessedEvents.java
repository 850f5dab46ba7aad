package io.github.eventbus.kafka;

import java.util.UUID;

/**
 * Which events each Kafka observer has handled, so that a record Kafka delivers again (after a rebalance,
 * a crash before the offset commit, or a resend by the relay) is not applied twice.
 * <p>
 * Implementations are thread-safe. {@code io.github.eventbus.kafka.jdbc.JdbcProcessedEvents} records the
 * event in the same database transaction as the observer's own writes on that database, so for them
 * "handled" and "recorded" commit together: exactly once. {@link #inMemory()} records after the observer
 * returns and forgets on restart.
 */
public interface ProcessedEvents {

	/**
	 * Runs {@code handler} unless the event was handled by the observer already, and records it.
	 * @param observerId the observer
	 * @param eventId the event id
	 * @param handler calls the observer; an exception leaves the event unrecorded and is rethrown
	 * @return {@code false} if the event had been handled already and {@code handler} did not run
	 */
	boolean handleOnce(String observerId, UUID eventId, Runnable handler);

	/**
	 * Whether the observer handled the event.
	 * @param observerId the observer
	 * @param eventId the event id
	 * @return {@code true} once recorded
	 */
	boolean isProcessed(String observerId, UUID eventId);

	/** Processed events in memory, lost on restart: for tests and single-instance applications. */
	static ProcessedEvents inMemory() {
		return new InMemoryProcessedEvents();
	}

}
