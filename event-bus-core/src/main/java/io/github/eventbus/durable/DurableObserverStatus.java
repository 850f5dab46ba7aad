package io.github.eventbus.durable;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one durable observer, as seen from this instance.
 *
 * @param observerId the observer id
 * @param checkpoint the position up to which every event is handled or dead-lettered (the lowest segment
 * checkpoint)
 * @param headPosition the store's highest position
 * @param lag how many events the store holds after the checkpoint ({@link io.github.eventbus.store.EventStore#countAfter(long)}): positions need not be dense
 * @param pendingDeadLetters the observer's dead letters (failed, parked and unreadable)
 * @param owner the instance holding the observer's lease, {@code null} when none does; with several
 * segments, the owners of any of them, sorted and separated by {@code ", "}
 * @param state what the observer does in this instance
 * @param segments each segment's owner, checkpoint and lag; one entry for an observer with one segment
 */
public record DurableObserverStatus(String observerId, long checkpoint, long headPosition, long lag,
		long pendingDeadLetters, @Nullable String owner, State state, List<SegmentStatus> segments) {

	/**
	 * One segment of a durable observer.
	 *
	 * @param segment the segment, from 0
	 * @param name its checkpoint and lease name ({@link Segments#name})
	 * @param checkpoint the position up to which its events are handled or dead-lettered; -1 before its
	 * first run
	 * @param lag how many events the store holds after its checkpoint (of every segment: an upper bound)
	 * @param owner the instance holding its lease, {@code null} when none does
	 */
	public record SegmentStatus(int segment, String name, long checkpoint, long lag, @Nullable String owner) {
	}

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
