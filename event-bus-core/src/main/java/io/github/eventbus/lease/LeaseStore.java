package io.github.eventbus.lease;

import java.time.Instant;
import java.util.Optional;

/**
 * Where leases live: a database table shared by every application instance
 * ({@code io.github.eventbus.durable.jdbc.JdbcLeaseStore}) or memory ({@link #inMemory()}, one JVM).
 * <p>
 * Each operation is atomic: of two instances calling {@link #tryAcquire} on a free lease, exactly one
 * gets it. Expiry times are computed by the caller's clock, so instances must keep their clocks in sync to
 * well within a lease duration (NTP does).
 */
public interface LeaseStore {

	/**
	 * Acquires the lease if it is free, expired, or already ours.
	 * @param name the lease name
	 * @param owner the acquiring instance
	 * @param now the current time
	 * @param expiresAt the end of the new grant
	 * @return the grant, with a new fencing token; empty when another owner holds it
	 */
	Optional<Lease> tryAcquire(String name, String owner, Instant now, Instant expiresAt);

	/**
	 * Extends a grant that has not been taken over.
	 * @param lease the current grant
	 * @param expiresAt the new end
	 * @return the extended grant; empty when the lease was lost (another token is current)
	 */
	Optional<Lease> renew(Lease lease, Instant expiresAt);

	/**
	 * Ends a grant now so another instance can take over at once; a no-op if it was lost already.
	 * @param lease the grant
	 */
	void release(Lease lease);

	/**
	 * Whether {@code lease} is still the current grant (same token and owner).
	 * @param lease the grant
	 * @return {@code true} if no one took it over
	 */
	boolean isCurrent(Lease lease);

	/**
	 * The current grant of a lease, expired or not.
	 * @param name the lease name
	 * @return the last grant; empty if never acquired
	 */
	Optional<Lease> find(String name);

	/** Leases in memory: only meaningful between components of one JVM (and in tests). */
	static LeaseStore inMemory() {
		return new InMemoryLeaseStore();
	}

}
