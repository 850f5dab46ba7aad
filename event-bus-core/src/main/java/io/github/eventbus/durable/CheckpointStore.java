package io.github.eventbus.durable;

import java.util.Map;
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
	 * The saved checkpoints whose name starts with {@code prefix}: the segments of one observer.
	 * @param prefix the start of the names, taken literally
	 * @return positions by name
	 * @throws UnsupportedOperationException if this store cannot list checkpoints (the default): durable
	 * observers with more than one segment need it
	 */
	default Map<String, Long> findByPrefix(String prefix) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot list checkpoints by prefix");
	}

	/**
	 * Checkpoints in memory, fenced by leases of {@code leases}.
	 * @param leases the lease store the callers acquire from
	 * @return a new store
	 */
	static CheckpointStore inMemory(LeaseStore leases) {
		return new InMemoryCheckpointStore(leases);
	}

}
