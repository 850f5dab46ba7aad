package io.github.eventbus.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link LeaseStore} in a map, on its own clock; each operation is atomic per lease name. */
final class InMemoryLeaseStore implements LeaseStore {

	private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

	private final Clock clock;

	InMemoryLeaseStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
		Lease[] granted = new Lease[1];
		this.leases.compute(name, (key, current) -> {
			Instant now = this.clock.instant();
			if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
				return current;
			}
			granted[0] = new Lease(name, owner, (current != null) ? current.token() + 1 : 1, now.plus(duration));
			return granted[0];
		});
		return Optional.ofNullable(granted[0]);
	}

	@Override
	public Optional<Lease> renew(Lease lease, Duration duration) {
		Lease result = this.leases.computeIfPresent(lease.name(), (key, current) -> current.sameGrant(lease)
				? new Lease(lease.name(), lease.owner(), lease.token(), this.clock.instant().plus(duration)) : current);
		return (result != null && result.sameGrant(lease)) ? Optional.of(result) : Optional.empty();
	}

	@Override
	public void release(Lease lease) {
		this.leases.computeIfPresent(lease.name(), (key, current) -> current.sameGrant(lease)
				? new Lease(lease.name(), lease.owner(), lease.token(), Instant.EPOCH) : current);
	}

	@Override
	public boolean isCurrent(Lease lease) {
		Lease current = this.leases.get(lease.name());
		return current != null && current.sameGrant(lease);
	}

	@Override
	public Optional<Lease> find(String name) {
		return Optional.ofNullable(this.leases.get(name));
	}

	@Override
	public List<Lease> findLive(List<String> names) {
		Instant now = this.clock.instant();
		List<Lease> live = new ArrayList<>();
		for (String name : names) {
			Lease lease = this.leases.get(name);
			if (lease != null && lease.expiresAt().isAfter(now)) {
				live.add(lease);
			}
		}
		return live;
	}

	@Override
	public List<Lease> findLiveByPrefix(String prefix) {
		Instant now = this.clock.instant();
		List<Lease> live = new ArrayList<>();
		for (Lease lease : this.leases.values()) {
			if (lease.name().startsWith(prefix) && lease.expiresAt().isAfter(now)) {
				live.add(lease);
			}
		}
		return live;
	}

}
