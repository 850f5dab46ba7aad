package io.github.eventbus.durable;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one durable observer, as seen from this instance.
 *
 * @param observerId the observer id
 * @param checkpoint the position up to which every event is handled or dead-lettered
 * @param headPosition the store's highest position
 * @param lag how many events the store holds after the checkpoint ({@link io.github.eventbus.store.EventStore#countAfter(long)}): positions need not be dense
 * @param pendingDeadLetters the observer's dead letters (failed, parked and unreadable)
 * @param owner the instance holding the observer's lease, {@code null} when none does
 * @param state what the observer does in this instance
 */
public record DurableObserverStatus(String observerId, long checkpoint, long headPosition, long lag,
		long pendingDeadLetters, @Nullable String owner, State state) {

	/** What a durable observer does in this instance. */
	public enum State {

		/** Owned here and delivering. */
		RUNNING,

		/** Owned here; at least one stream waits for a retry. */
		RETRYING,

		/** Another instance owns it (or no one does yet); this one takes over when that lease ends. */
		STANDBY,

		/** Not running in this instance. */
		STOPPED

	}

}
