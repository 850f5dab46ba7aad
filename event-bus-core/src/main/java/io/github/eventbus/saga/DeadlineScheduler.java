package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStoreFollower;
import io.github.eventbus.saga.SagaStore.SagaDeadline;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due saga deadlines: every {@code pollInterval} it reads the pending deadlines due by the
 * {@link Clock}, publishes a {@link DeadlineFired} event for each one and marks it fired, both in one
 * transaction when a transaction manager is given (rolled back if the deadline was cancelled meanwhile). The saga then receives that event in order with its
 * other events. Since deadlines are stored, one scheduled before a restart fires after it; marking is
 * a compare-and-set, so with several instances on one database each deadline fires once.
 * <p>
 * A {@link SmartLifecycle} with one daemon thread of its own. Thread-safe.
 */
public final class DeadlineScheduler implements SmartLifecycle, EventStoreFollower {

	private static final Log logger = LogFactory.getLog(DeadlineScheduler.class);

	private static final int BATCH_SIZE = 100;

	private final SagaStore store;

	private final EventBus bus;

	private final @Nullable TransactionTemplate transactions;

	private final Clock clock;

	private final Duration pollInterval;

	private volatile @Nullable ScheduledExecutorService executor;

	private final AtomicBoolean wakeUpPending = new AtomicBoolean();

	/**
	 * Creates a scheduler.
	 * @param store where deadlines are kept
	 * @param bus where {@link DeadlineFired} events are published
	 * @param transactionManager marks and publishes in one transaction, or {@code null}
	 * @param clock tells which deadlines are due
	 * @param pollInterval how often the store is read
	 */
	public DeadlineScheduler(SagaStore store, EventBus bus, @Nullable PlatformTransactionManager transactionManager,
			Clock clock, Duration pollInterval) {
		this.store = Objects.requireNonNull(store, "store");
		this.bus = Objects.requireNonNull(bus, "bus");
		this.transactions = (transactionManager != null) ? new TransactionTemplate(transactionManager) : null;
		this.clock = Objects.requireNonNull(clock, "clock");
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
		int fired = 0;
		List<SagaDeadline> due;
		do {
			due = this.store.due(this.clock.instant(), BATCH_SIZE);
			for (SagaDeadline deadline : due) {
				if (fire(deadline)) {
					fired++;
				}
			}
		}
		while (due.size() == BATCH_SIZE);
		return fired;
	}

	private boolean fire(SagaDeadline deadline) {
		if (this.transactions == null) {
			if (!this.store.markFired(deadline.deadlineId())) {
				return false;
			}
			publish(deadline);
			return true;
		}
		// Publish first: like a saga handler, take the event store's head lock before the deadline row,
		// so that a saga cancelling this deadline while the scheduler fires it cannot deadlock with it.
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			publish(deadline);
			if (this.store.markFired(deadline.deadlineId())) {
				return true;
			}
			status.setRollbackOnly();
			return false;
		}));
	}

	private void publish(SagaDeadline deadline) {
		this.bus.publish("saga-deadline-" + deadline.sagaId(), new DeadlineFired(deadline.sagaType(),
				deadline.sagaId(), deadline.deadlineId(), deadline.name(), deadline.payload()));
	}

	/** Looks for due deadlines now rather than at the next poll; coalesced, never on the caller's thread. */
	@Override
	public void wakeUp() {
		ScheduledExecutorService running = this.executor;
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

	private void poll() {
		try {
			fireDue();
		}
		catch (RuntimeException ex) {
			logger.warn("Firing due saga deadlines failed; trying again in " + this.pollInterval, ex);
		}
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
		pool.scheduleWithFixedDelay(this::poll, this.pollInterval.toMillis(), this.pollInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = pool;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
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
