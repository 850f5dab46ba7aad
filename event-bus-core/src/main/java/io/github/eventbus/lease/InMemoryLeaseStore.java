package io.github.eventbus.lease;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link LeaseStore} in a map; each operation is atomic per lease name. */
final class InMemoryLeaseStore implements LeaseStore {

	private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

	@Override
	public Optional<Lease> tryAcquire(String name, String owner, Instant now, Instant expiresAt) {
		Lease[] granted = new Lease[1];
		this.leases.compute(name, (key, current) -> {
			if (current != null && !current.owner().equals(owner) && !current.isExpiredAt(now)) {
				return current;
			}
			granted[0] = new Lease(name, owner, (current != null) ? current.token() + 1 : 1, expiresAt);
			return granted[0];
		});
		return Optional.ofNullable(granted[0]);
	}

	@Override
	public Optional<Lease> renew(Lease lease, Instant expiresAt) {
		Lease result = this.leases.computeIfPresent(lease.name(),
				(key, current) -> sameGrant(current, lease) ? new Lease(lease.name(), lease.owner(), lease.token(),
						expiresAt) : current);
		return (result != null && sameGrant(result, lease)) ? Optional.of(result) : Optional.empty();
	}

	@Override
	public void release(Lease lease) {
		this.leases.computeIfPresent(lease.name(), (key, current) -> sameGrant(current, lease)
				? new Lease(lease.name(), lease.owner(), lease.token(), Instant.EPOCH) : current);
	}

	@Override
	public boolean isCurrent(Lease lease) {
		Lease current = this.leases.get(lease.name());
		return current != null && sameGrant(current, lease);
	}

	@Override
	public Optional<Lease> find(String name) {
		return Optional.ofNullable(this.leases.get(name));
	}

	private static boolean sameGrant(Lease a, Lease b) {
		return a.token() == b.token() && a.owner().equals(b.owner());
	}

}
