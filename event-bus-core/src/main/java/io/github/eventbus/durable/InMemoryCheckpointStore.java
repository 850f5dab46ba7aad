package io.github.eventbus.durable;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;

/** A {@link CheckpointStore} in a map; the lease check and the write happen under one lock. */
final class InMemoryCheckpointStore implements CheckpointStore {

	private final Map<String, Long> positions = new ConcurrentHashMap<>();

	private final LeaseStore leases;

	InMemoryCheckpointStore(LeaseStore leases) {
		this.leases = leases;
	}

	@Override
	public OptionalLong find(String name) {
		Long position = this.positions.get(name);
		return (position != null) ? OptionalLong.of(position) : OptionalLong.empty();
	}

	@Override
	public synchronized boolean save(String name, long position, Lease lease) {
		if (!this.leases.isCurrent(lease)) {
			return false;
		}
		this.positions.put(name, position);
		return true;
	}

	@Override
	public Map<String, Long> findByPrefix(String prefix) {
		Map<String, Long> found = new TreeMap<>();
		this.positions.forEach((name, position) -> {
			if (name.startsWith(prefix)) {
				found.put(name, position);
			}
		});
		return found;
	}

}
