package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStoreFollower;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due saga deadlines: it reads the pending deadlines due by the {@link Clock}, publishes a
 * {@link DeadlineFired} event for each one and marks it fired, both in one transaction when a transaction
 * manager is given (rolled back if the deadline was cancelled meanwhile). The saga then receives that event in
 * order with its other events. Since deadlines are stored, one scheduled before a restart fires after it;
 * marking is a compare-and-set, so with several instances on one database each deadline fires once.
 * <p>
 * <b>When.</b> After each pass it waits until the earliest pending deadline falls due
 * ({@link SagaStore#nextDue()}), at most {@code pollInterval}. A deadline that a saga of this instance
 * schedules earlier than that wakes it once committed ({@link SagaManager#setDeadlineScheduler}); one stored
 * by another instance is seen at the next pass here: on an event store wake-up ({@link #wakeUp()}) or after
 * the poll interval, while the instance that stored it fires it on time.
 * <p>
 * A {@link SmartLifecycle} with one daemon thread of its own. Thread-safe.
 */
public final class DeadlineScheduler implements SmartLifecycle, EventStoreFollower {

	private static final Log logger = LogFactory.getLog(DeadlineScheduler.class);

	private final SagaStore store;

	private final DueDeadlines due;

	private final Clock clock;

	private final Duration pollInterval;

	private volatile @Nullable ScheduledThreadPoolExecutor executor;

	private final AtomicBoolean wakeUpPending = new AtomicBoolean();

	/** When the next pass runs, by the clock; {@link Instant#MAX} while a pass runs or when stopped. */
	private volatile Instant nextPassAt = Instant.MAX;

	/** The timer of the next pass; used on the scheduler's thread only. */
	private @Nullable ScheduledFuture<?> nextPass;

	/**
	 * Creates a scheduler.
	 * @param store where deadlines are kept
	 * @param bus where {@link DeadlineFired} events are published
	 * @param transactionManager marks and publishes in one transaction, or {@code null}
	 * @param clock tells which deadlines are due
	 * @param pollInterval the longest wait between two reads of the store
	 */
	public DeadlineScheduler(SagaStore store, EventBus bus, @Nullable PlatformTransactionManager transactionManager,
			Clock clock, Duration pollInterval) {
		this.store = Objects.requireNonNull(store, "store");
		this.due = new DueDeadlines(store, Objects.requireNonNull(bus, "bus"),
				(transactionManager != null) ? new TransactionTemplate(transactionManager) : null,
				Objects.requireNonNull(clock, "clock"));
		this.clock = clock;
		this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
		if (pollInterval.toMillis() < 1) {
			throw new IllegalArgumentException("pollInterval must be at least 1 ms");
		}
	}

	/**
	 * Fires the deadlines due now; called by the poll, callable from tests.
	 * @return how many this call fired
	 */
	public int fireDue() {
		return this.due.fire();
	}

	/**
	 * Wakes the scheduler if a deadline, committed now, falls due before its next pass (or while a pass runs,
	 * which may have missed it).
	 */
	void scheduled(Instant dueAt) {
		if (dueAt.isBefore(this.nextPassAt)) {
			wakeUp();
		}
	}

	/** Looks for due deadlines now rather than at the next poll; coalesced, never on the caller's thread. */
	@Override
	public void wakeUp() {
		ScheduledThreadPoolExecutor running = this.executor;
		if (running != null && this.wakeUpPending.compareAndSet(false, true)) {
			try {
				running.execute(() -> {
					this.wakeUpPending.set(false);
					poll();
				});
			}
			catch (RuntimeException ex) {
				this.wakeUpPending.set(false);
			}
		}
	}

	/** One pass, then the timer of the next one; on the scheduler's thread. */
	private void poll() {
		ScheduledThreadPoolExecutor running = this.executor;
		if (running == null) {
			return;
		}
		this.nextPassAt = Instant.MAX;
		Instant start = this.clock.instant();
		Duration wait = this.pollInterval;
		try {
			fireDue();
			Instant nextDue = this.store.nextDue().orElse(null);
			if (nextDue != null) {
				wait = until(nextDue, start);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Firing due saga deadlines failed; trying again in " + this.pollInterval, ex);
		}
		ScheduledFuture<?> previous = this.nextPass;
		if (previous != null) {
			previous.cancel(false);
		}
		this.nextPassAt = this.clock.instant().plus(wait);
		try {
			this.nextPass = running.schedule(this::poll, wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private Duration until(Instant nextDue, Instant passStart) {
		if (!nextDue.isAfter(passStart)) {
			// Due before this pass yet not fired by it (another instance holds it, or firing failed): no busy loop.
			return this.pollInterval;
		}
		Duration wait = Duration.between(this.clock.instant(), nextDue);
		if (wait.isNegative()) {
			return Duration.ZERO;
		}
		return (wait.compareTo(this.pollInterval) < 0) ? wait : this.pollInterval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "eventbus-saga-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		// A pass replaces the timer of the next one; a stop drops it rather than waiting for it.
		pool.setRemoveOnCancelPolicy(true);
		pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor = pool;
		// Deadlines that fell due while this instance was down fire now.
		pool.execute(this::poll);
	}

	@Override
	public synchronized void stop() {
		ScheduledThreadPoolExecutor running = this.executor;
		this.executor = null;
		this.nextPassAt = Instant.MAX;
		if (running != null) {
			running.shutdown();
			try {
				running.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/** Stops before the bus drains, so no deadline is published into a stopping bus. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
