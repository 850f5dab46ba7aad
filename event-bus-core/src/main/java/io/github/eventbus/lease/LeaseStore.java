package io.github.eventbus.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where leases live: a database table shared by every application instance
 * ({@code io.github.eventbus.durable.jdbc.JdbcLeaseStore}) or memory ({@link #inMemory()}, one JVM).
 * <p>
 * Each operation is atomic: of two instances calling {@link #tryAcquire} on a free lease, exactly one
 * gets it. <b>Expiry is judged by the store's own clock</b> (the database's for a table): callers pass
 * durations, never times, so instances whose clocks disagree still never hold a lease at once. A caller
 * that wants to know locally how long it may act counts the duration from before its call, on a
 * monotonic clock ({@link LeaseKeeper} does).
 * <p>
 * Thread-safe. Failures of the underlying database propagate as runtime exceptions.
 */
public interface LeaseStore {

	/**
	 * Acquires the lease if it is free, expired, or already ours; a new grant (fencing token) each time.
	 * @param name the lease name
	 * @param owner the acquiring instance
	 * @param duration how long the grant lasts without renewal, from the store's now
	 * @return the grant; empty when another owner holds it
	 */
	Optional<Lease> tryAcquire(String name, String owner, Duration duration);

	/**
	 * Extends a grant that has not been taken over (even if it expired meanwhile: no one took it).
	 * @param lease the current grant
	 * @param duration the new validity, from the store's now
	 * @return the extended grant; empty when the lease was lost (another token is current)
	 */
	Optional<Lease> renew(Lease lease, Duration duration);

	/**
	 * Ends a grant now so another instance can take over at once; a no-op if it was lost already.
	 * @param lease the grant
	 */
	void release(Lease lease);

	/**
	 * Whether {@code lease} is still the current grant (same token and owner): no one took it over.
	 * @param lease the grant
	 * @return {@code true} if no one took it over
	 */
	boolean isCurrent(Lease lease);

	/**
	 * The last grant of a lease, expired or not.
	 * @param name the lease name
	 * @return the last grant; empty if never acquired
	 */
	Optional<Lease> find(String name);

	/**
	 * The grant of a lease if it has not expired by the store's clock.
	 * @param name the lease name
	 * @return the live grant; empty when the lease is free
	 */
	default Optional<Lease> findLive(String name) {
		return findLive(List.of(name)).stream().findFirst();
	}

	/**
	 * The grants among {@code names} that have not expired by the store's clock, in one read.
	 * @param names the lease names
	 * @return the live grants, in no particular order
	 */
	List<Lease> findLive(List<String> names);

	/**
	 * The grants whose name starts with {@code prefix} that have not expired by the store's clock, in one
	 * read: how instances sharing the segments of a durable observer see each other.
	 * @param prefix the start of the names, taken literally
	 * @return the live grants, in no particular order
	 * @throws UnsupportedOperationException if this store cannot list leases (the default): durable
	 * observers with more than one segment need it
	 */
	default List<Lease> findLiveByPrefix(String prefix) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot list leases by prefix");
	}

	/** Leases in memory, on the system clock: only meaningful between components of one JVM (and in tests). */
	static LeaseStore inMemory() {
		return inMemory(Clock.systemUTC());
	}

	/**
	 * Leases in memory whose expiry is judged by {@code clock}.
	 * @param clock the store's clock
	 * @return a new store
	 */
	static LeaseStore inMemory(Clock clock) {
		return new InMemoryLeaseStore(clock);
	}

}
