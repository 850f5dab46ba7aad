package io.github.eventbus.durable;

import java.util.OptionalLong;

import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;

/**
 * Where followers of the event store (durable observers, relays) keep their checkpoint: the position up
 * to which every event has been handled or dead-lettered.
 * <p>
 * A save is fenced by the caller's lease: it only succeeds while that grant is current, in the same
 * atomic step, so an instance that lost its lease can never move a checkpoint its successor relies on.
 */
public interface CheckpointStore {

	/**
	 * The saved checkpoint.
	 * @param name the follower's name, for example an observer id
	 * @return the position; empty if never saved
	 */
	OptionalLong find(String name);

	/**
	 * Saves a checkpoint if {@code lease} is still current.
	 * @param name the follower's name
	 * @param position the new checkpoint
	 * @param lease the caller's grant for {@code name}
	 * @return {@code false} if the lease was lost, in which case nothing was saved
	 */
	boolean save(String name, long position, Lease lease);

	/**
	 * Checkpoints in memory, fenced by leases of {@code leases}.
	 * @param leases the lease store the callers acquire from
	 * @return a new store
	 */
	static CheckpointStore inMemory(LeaseStore leases) {
		return new InMemoryCheckpointStore(leases);
	}

}
