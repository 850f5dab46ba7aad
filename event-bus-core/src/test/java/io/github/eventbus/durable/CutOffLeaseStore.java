package io.github.eventbus.durable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import org.springframework.dao.DataAccessResourceFailureException;

/** One instance's view of a shared lease store that fails while cut off, as an unreachable database does. */
final class CutOffLeaseStore implements LeaseStore {

	final AtomicBoolean cutOff = new AtomicBoolean();

	private final LeaseStore delegate;

	CutOffLeaseStore(LeaseStore delegate) {
		this.delegate = delegate;
	}

	private void check() {
		if (this.cutOff.get()) {
			throw new DataAccessResourceFailureException("database unreachable");
		}
	}

	@Override
	public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
		check();
		return this.delegate.tryAcquire(name, owner, duration);
	}

	@Override
	public Optional<Lease> renew(Lease lease, Duration duration) {
		check();
		return this.delegate.renew(lease, duration);
	}

	@Override
	public void release(Lease lease) {
		check();
		this.delegate.release(lease);
	}

	@Override
	public boolean isCurrent(Lease lease) {
		check();
		return this.delegate.isCurrent(lease);
	}

	@Override
	public Optional<Lease> find(String name) {
		check();
		return this.delegate.find(name);
	}

	@Override
	public List<Lease> findLive(List<String> names) {
		check();
		return this.delegate.findLive(names);
	}

}
