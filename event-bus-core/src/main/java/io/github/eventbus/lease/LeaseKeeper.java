package io.github.eventbus.lease;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Competes for named leases on behalf of one instance and keeps the ones it wins: tries to acquire the
 * wanted ones every {@code acquireInterval}, renews held leases every third of the lease duration, and
 * tells a listener when it gains or loses one. Reusable by anything that must run on one instance at a
 * time (durable observers and their segments, a transport relay).
 * <p>
 * <b>Time.</b> The {@link LeaseStore} judges expiry by its own clock (the database's), so instance clocks
 * never decide who owns a lease. Locally, {@link #held(String)} counts a grant as held from the moment its
 * request was <em>sent</em> until the lease duration minus a safety margin (a fifth of it) has passed on
 * this JVM's monotonic clock ({@link System#nanoTime()}): the store's expiry is always later than that,
 * so this instance stops before another one may start, whatever the wall clocks say. A renewal that
 * fails (database unreachable) counts as a loss once that local validity runs out, and the listener is
 * told at once, so work in flight can be stopped.
 * <p>
 * Renewals run on a thread of their own, so a busy worker pool never delays them. Thread-safe. Store
 * failures are logged once per outage and count as "not acquired".
 */
public final class LeaseKeeper implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

	private final LeaseStore store;

	private final String owner;

	private final Duration duration;

	private final long validNanos;

	private final long renewNanos;

	private final LongSupplier nanoTime;

	private final ScheduledExecutorService scheduler;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final ScheduledFuture<?> ticker;

	/**
	 * Creates a keeper and starts its timer thread.
	 * @param store where leases live
	 * @param owner this instance's id
	 * @param duration how long a grant lasts without renewal
	 * @param acquireInterval how often free leases are tried; capped at a third of {@code duration}
	 */
	public LeaseKeeper(LeaseStore store, String owner, Duration duration, Duration acquireInterval) {
		this(store, owner, duration, acquireInterval, System::nanoTime);
	}

	LeaseKeeper(LeaseStore store, String owner, Duration duration, Duration acquireInterval, LongSupplier nanoTime) {
		this.store = Objects.requireNonNull(store, "store");
		this.owner = Objects.requireNonNull(owner, "owner");
		this.duration = Objects.requireNonNull(duration, "duration");
		this.nanoTime = nanoTime;
		if (duration.toMillis() < 3) {
			throw new IllegalArgumentException("duration is too short: " + duration);
		}
		this.validNanos = duration.toNanos() - duration.toNanos() / 5;
		this.renewNanos = duration.toNanos() / 3;
		long tick = Math.max(1, Math.min(acquireInterval.toMillis(), duration.toMillis() / 3));
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "eventbus-lease-" + owner);
			thread.setDaemon(true);
			return thread;
		});
		this.ticker = this.scheduler.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
	}

	/** The id of the instance this keeper acquires for. */
	public String owner() {
		return this.owner;
	}

	/** The lease duration this keeper asks for. */
	public Duration duration() {
		return this.duration;
	}

	/**
	 * Starts competing for a lease.
	 * @param name the lease name
	 * @param listener told (on the keeper's thread) each time the lease is gained or lost; must be quick
	 */
	public void keep(String name, Runnable listener) {
		keep(name, listener, true);
	}

	/**
	 * Starts tracking a lease, competing for it only if {@code wanted} (see {@link #want(String, boolean)}).
	 * @param name the lease name
	 * @param listener told (on the keeper's thread) each time the lease is gained or lost; must be quick
	 * @param wanted whether to compete for it now
	 */
	public void keep(String name, Runnable listener, boolean wanted) {
		Entry entry = new Entry(name, listener);
		entry.wanted = wanted;
		this.entries.putIfAbsent(name, entry);
		if (wanted) {
			this.scheduler.execute(this::tick);
		}
	}

	/**
	 * Whether this keeper tries to acquire a lease it does not hold (default {@code true}). A held lease is
	 * kept either way, until {@link #handOver(String)}: the holder decides when its work can stop.
	 * @param name a lease passed to {@link #keep}
	 * @param wanted whether to compete for it
	 */
	public void want(String name, boolean wanted) {
		Entry entry = this.entries.get(name);
		if (entry != null && entry.wanted != wanted) {
			entry.wanted = wanted;
			if (wanted) {
				this.scheduler.execute(this::tick);
			}
		}
	}

	/**
	 * The lease if this instance holds it and its local validity has not run out.
	 * @param name the lease name
	 * @return the grant, or {@code null}
	 */
	public @Nullable Lease held(String name) {
		Entry entry = this.entries.get(name);
		if (entry == null) {
			return null;
		}
		Lease lease = entry.lease;
		return (lease != null && this.nanoTime.getAsLong() - entry.validUntilNanos < 0) ? lease : null;
	}

	/**
	 * How long this instance may still act under a lease without a successful renewal.
	 * @param name the lease name
	 * @return the remaining local validity, {@link Duration#ZERO} when not held
	 */
	public Duration remaining(String name) {
		Entry entry = this.entries.get(name);
		if (entry == null || entry.lease == null) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(Math.max(0, entry.validUntilNanos - this.nanoTime.getAsLong()));
	}

	/**
	 * Stops competing for a lease and releases it if held, so another instance can take over at once.
	 * @param name the lease name
	 */
	public void release(String name) {
		Entry entry = this.entries.remove(name);
		if (entry != null) {
			releaseGrant(entry);
		}
	}

	/**
	 * Releases a held lease now, so another instance takes it at once, and stops competing for it until
	 * {@link #want(String, boolean) wanted} again.
	 * @param name the lease name
	 */
	public void handOver(String name) {
		Entry entry = this.entries.get(name);
		if (entry != null) {
			entry.wanted = false;
			releaseGrant(entry);
		}
	}

	private void releaseGrant(Entry entry) {
		synchronized (entry) {
			Lease lease = entry.lease;
			entry.lease = null;
			if (lease != null) {
				try {
					this.store.release(lease);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not release lease '" + entry.name + "'; it expires at " + lease.expiresAt()
							+ " by the lease store's clock", ex);
				}
			}
		}
	}

	/** Releases every lease and stops the timer thread. */
	@Override
	public void close() {
		this.ticker.cancel(false);
		for (String name : this.entries.keySet()) {
			release(name);
		}
		this.scheduler.shutdown();
	}

	/**
	 * Stops renewing without releasing: the leases run out on their own, as after a crash. For tests that
	 * simulate one; applications call {@link #close()}.
	 */
	public void abandon() {
		this.scheduler.shutdownNow();
		this.entries.clear();
	}

	private void tick() {
		for (Entry entry : this.entries.values()) {
			try {
				refresh(entry);
				entry.failing = false;
			}
			catch (RuntimeException ex) {
				// Once per outage, not once per tick.
				if (!entry.failing) {
					logger.warn("Lease '" + entry.name + "' could not be acquired or renewed; will try again", ex);
				}
				entry.failing = true;
				if (expireIfRunOut(entry)) {
					entry.listener.run();
				}
			}
		}
	}

	private void refresh(Entry entry) {
		boolean changed;
		synchronized (entry) {
			if (this.entries.get(entry.name) != entry) {
				return;
			}
			long sentAt = this.nanoTime.getAsLong();
			Lease current = entry.lease;
			Optional<Lease> next;
			if (current == null) {
				if (!entry.wanted) {
					return;
				}
				next = this.store.tryAcquire(entry.name, this.owner, this.duration);
			}
			else if (sentAt - entry.renewAtNanos < 0) {
				changed = expireIfRunOut(entry);
				if (changed) {
					entry.listener.run();
				}
				return;
			}
			else {
				next = this.store.renew(current, this.duration);
			}
			changed = (current == null) == next.isPresent();
			entry.lease = next.orElse(null);
			entry.validUntilNanos = sentAt + this.validNanos;
			entry.renewAtNanos = sentAt + this.renewNanos;
		}
		if (changed) {
			entry.listener.run();
		}
	}

	/** Drops a grant whose local validity ran out without renewal; returns whether it did. */
	private boolean expireIfRunOut(Entry entry) {
		boolean lost = false;
		synchronized (entry) {
			if (entry.lease != null && this.nanoTime.getAsLong() - entry.validUntilNanos >= 0) {
				entry.lease = null;
				lost = true;
			}
		}
		if (lost) {
			logger.warn("Lease '" + entry.name + "' was not renewed in time; this instance stops using it");
		}
		return lost;
	}

	private static final class Entry {

		final String name;

		final Runnable listener;

		volatile @Nullable Lease lease;

		volatile long validUntilNanos;

		volatile boolean wanted = true;

		long renewAtNanos;

		boolean failing;

		Entry(String name, Runnable listener) {
			this.name = name;
			this.listener = listener;
		}

	}

}
