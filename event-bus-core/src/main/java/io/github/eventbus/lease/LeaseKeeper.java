package io.github.eventbus.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Competes for named leases on behalf of one instance and keeps the ones it wins: tries to acquire every
 * {@code acquireInterval}, renews held leases every third of the lease duration, and tells a listener
 * when it gains or loses one. Reusable by anything that must run on one instance at a time (durable
 * observers, a transport relay).
 * <p>
 * {@link #held(String)} answers from memory and counts a lease as held only until a safety margin
 * (a fifth of the duration) before its stored expiry, so a slow or paused renewal makes this instance
 * stop before another one may start. Renewals run on a thread of their own, so a busy worker pool never
 * delays them.
 * <p>
 * Thread-safe. Store failures are logged and count as "not acquired" or, for renewals, as a loss once the
 * local validity runs out.
 */
public final class LeaseKeeper implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

	private final LeaseStore store;

	private final String owner;

	private final Duration duration;

	private final Duration margin;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final ScheduledFuture<?> ticker;

	/**
	 * Creates a keeper and starts its timer thread.
	 * @param store where leases live
	 * @param owner this instance's id
	 * @param duration how long a grant lasts without renewal
	 * @param acquireInterval how often free leases are tried; capped at a third of {@code duration}
	 * @param clock the time source
	 */
	public LeaseKeeper(LeaseStore store, String owner, Duration duration, Duration acquireInterval, Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.owner = Objects.requireNonNull(owner, "owner");
		this.duration = Objects.requireNonNull(duration, "duration");
		this.clock = Objects.requireNonNull(clock, "clock");
		if (duration.toMillis() < 3) {
			throw new IllegalArgumentException("duration is too short: " + duration);
		}
		this.margin = duration.dividedBy(5);
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

	/**
	 * Starts competing for a lease.
	 * @param name the lease name
	 * @param listener told (on the keeper's thread) each time the lease is gained or lost; must be quick
	 */
	public void keep(String name, Runnable listener) {
		this.entries.putIfAbsent(name, new Entry(name, listener));
		this.scheduler.execute(this::tick);
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
		return (lease != null && this.clock.millis() < entry.validUntilMillis) ? lease : null;
	}

	/**
	 * Stops competing for a lease and releases it if held, so another instance can take over at once.
	 * @param name the lease name
	 */
	public void release(String name) {
		Entry entry = this.entries.remove(name);
		if (entry != null) {
			synchronized (entry) {
				Lease lease = entry.lease;
				entry.lease = null;
				if (lease != null) {
					try {
						this.store.release(lease);
					}
					catch (RuntimeException ex) {
						logger.warn("Could not release lease '" + name + "'; it expires at " + lease.expiresAt(), ex);
					}
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
			}
		}
	}

	private void refresh(Entry entry) {
		boolean changed;
		synchronized (entry) {
			if (!this.entries.containsKey(entry.name)) {
				return;
			}
			Instant now = this.clock.instant();
			Instant expiresAt = now.plus(this.duration);
			Lease current = entry.lease;
			Optional<Lease> next;
			if (current == null) {
				next = this.store.tryAcquire(entry.name, this.owner, now, expiresAt);
			}
			else if (now.isBefore(entry.renewAt)) {
				return;
			}
			else {
				next = this.store.renew(current, expiresAt);
			}
			changed = (current == null) == next.isPresent();
			entry.lease = next.orElse(null);
			entry.validUntilMillis = expiresAt.minus(this.margin).toEpochMilli();
			entry.renewAt = now.plus(this.duration.dividedBy(3));
		}
		if (changed) {
			entry.listener.run();
		}
	}

	private static final class Entry {

		final String name;

		final Runnable listener;

		volatile @Nullable Lease lease;

		volatile long validUntilMillis;

		Instant renewAt = Instant.MIN;

		boolean failing;

		Entry(String name, Runnable listener) {
			this.name = name;
			this.listener = listener;
		}

	}

}
