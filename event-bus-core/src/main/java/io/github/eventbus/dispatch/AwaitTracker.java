package io.github.eventbus.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.ObserverFailure;
import org.jspecify.annotations.Nullable;

/**
 * Counts down the observers a concurrent-await publisher waits for, and collects their failures.
 * <p>
 * One waiter (the publisher). It spins for a few microseconds before parking: fast observers usually
 * finish within that time, and parking then unparking costs more than they took. It never calls
 * {@link Thread#yield()}, which on a loaded machine gives the core away for a whole time slice.
 */
final class AwaitTracker {

	private static final AtomicIntegerFieldUpdater<AwaitTracker> REMAINING = AtomicIntegerFieldUpdater
		.newUpdater(AwaitTracker.class, "remaining");

	private static final long SPIN_NANOS = 5_000;

	private volatile int remaining;

	private volatile @Nullable Thread waiter;

	private @Nullable List<ObserverFailure> failures;

	AwaitTracker(int observers) {
		this.remaining = observers;
	}

	/**
	 * Counts one more observer to wait for, before its delivery is queued. Deliveries already queued may
	 * finish meanwhile; the count only has to be complete when {@link #await()} starts.
	 */
	void expect() {
		REMAINING.incrementAndGet(this);
	}

	void done(@Nullable ObserverFailure failure) {
		if (failure != null) {
			synchronized (this) {
				if (this.failures == null) {
					this.failures = new ArrayList<>(2);
				}
				this.failures.add(failure);
			}
		}
		if (REMAINING.decrementAndGet(this) == 0) {
			// Both sides use volatile fields: either the waiter sees remaining == 0, or we see the waiter.
			Thread parked = this.waiter;
			if (parked != null) {
				LockSupport.unpark(parked);
			}
		}
	}

	/** Waits until every awaited observer is done; an interrupt is kept for the caller, not acted on. */
	void await() {
		if (this.remaining == 0 || spinUntilDone()) {
			return;
		}
		this.waiter = Thread.currentThread();
		boolean interrupted = false;
		while (this.remaining != 0) {
			LockSupport.park(this);
			// Clear it, or park would return at once from now on.
			interrupted |= Thread.interrupted();
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean spinUntilDone() {
		long deadline = System.nanoTime() + SPIN_NANOS;
		int spins = 0;
		while (this.remaining != 0) {
			if ((++spins & 15) != 0) {
				Thread.onSpinWait();
			}
			else if (System.nanoTime() - deadline >= 0) {
				return false;
			}
		}
		return true;
	}

	synchronized List<ObserverFailure> failures() {
		return (this.failures != null) ? List.copyOf(this.failures) : List.of();
	}

}
