package io.github.eventbus.durable;

import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.StartFrom;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.DurableObserverStatus.State;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.UnreadableEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one durable observer: while this instance holds the observer's lease, reads the store from the
 * checkpoint on, hands events to the {@link Sequencer}, and saves the checkpoint fenced by the lease.
 * <p>
 * The loop runs as short tasks on the shared scheduler, never two at once for one observer: a wake-up
 * while it runs asks for one more turn. It never sleeps: retries and polls are timed wake-ups. Any
 * unexpected failure (a database error) drops what is held in memory and resumes from the checkpoint.
 */
final class ObserverWorker {

	private static final Log logger = LogFactory.getLog(ObserverWorker.class);

	private static final int IDLE = 0;

	private static final int RUNNING = 1;

	private static final int RUN_AGAIN = 2;

	private static final long BLOCKED_RELOAD_MILLIS = 5000;

	private static final long REPLAY_CHECK_MILLIS = 1000;

	private final String id;

	private final StartFrom startFrom;

	private final EventStore store;

	private final CheckpointStore checkpoints;

	private final DurableSettings settings;

	private final Clock clock;

	private volatile ScheduledExecutorService scheduler;

	private final Lanes sequencer;

	private final Delivery delivery;

	private final AtomicInteger loop = new AtomicInteger();

	private final Catchup catchup = new Catchup();

	private volatile @Nullable LeaseKeeper keeper;

	private volatile boolean refreshBlocked;

	private volatile boolean replayRequested;

	private volatile boolean halted;

	private volatile @Nullable ScheduledFuture<?> timer;

	private volatile State state = State.STOPPED;

	private volatile long checkpoint = -1;

	// Touched by the loop only.
	private @Nullable Lease lease;

	private long nextPosition;

	private long blockedLoadedAt;

	private long replaysCheckedAt;

	private boolean failing;

	ObserverWorker(Delivery delivery, int concurrency, RetryPolicy retry, StartFrom startFrom, EventStore store,
			CheckpointStore checkpoints, DeadLetterStore deadLetters, DurableSettings settings, Clock clock) {
		this(delivery, concurrency, null, retry, startFrom, store, checkpoints, deadLetters, settings, clock);
	}

	ObserverWorker(Delivery delivery, int concurrency, @Nullable Function<Event<?>, @Nullable String> orderingKey,
			RetryPolicy retry, StartFrom startFrom, EventStore store, CheckpointStore checkpoints,
			DeadLetterStore deadLetters, DurableSettings settings, Clock clock) {
		this.id = delivery.observerId();
		this.startFrom = startFrom;
		this.store = store;
		this.checkpoints = checkpoints;
		this.settings = settings;
		this.clock = clock;
		this.delivery = delivery;
		this.sequencer = new Lanes(concurrency, orderingKey, delivery, retry, deadLetters, store, clock,
				this::checkLease);
	}

	String id() {
		return this.id;
	}

	/** How many events this observer may handle at once (its {@code concurrency}). */
	int lanes() {
		return this.sequencer.count();
	}

	void start(LeaseKeeper keeper, ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
		this.halted = false;
		this.keeper = keeper;
		this.state = State.STANDBY;
		keeper.keep(this.id, this::leaseChanged);
		wake();
	}

	/** Told by the lease keeper (on its thread) when the lease is gained or lost. */
	private void leaseChanged() {
		LeaseKeeper keeper = this.keeper;
		if (keeper != null && keeper.held(this.id) == null) {
			int interrupted = this.delivery.interruptRunning();
			if (interrupted > 0) {
				logger.warn("Durable observer '" + this.id + "' lost its lease while handling " + interrupted
						+ " event(s): interrupted them; their outcome is not recorded here and the new owner "
						+ "delivers them again");
			}
		}
		wake();
	}

	/** Stops after the current event; waits for the loop up to {@code timeoutMillis}. */
	void stop(long timeoutMillis) {
		requestStop();
		awaitStopped(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
	}

	/** Asks the loop to stop after the current event, without waiting. */
	void requestStop() {
		this.keeper = null;
		this.state = State.STOPPED;
		ScheduledFuture<?> pending = this.timer;
		if (pending != null) {
			pending.cancel(false);
		}
	}

	/** Waits until the loop is idle or {@code deadlineNanos} ({@link System#nanoTime()}) has passed. */
	void awaitStopped(long deadlineNanos) {
		while (this.loop.get() != IDLE && System.nanoTime() < deadlineNanos) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/** Stops at once without saving anything, as a crash would. */
	void halt() {
		this.halted = true;
		stop(0);
	}

	/** Whether any of these events is for this observer (unreadable ones may be). */
	boolean wants(List<Event<?>> events) {
		for (Event<?> event : events) {
			Object payload = event.payload();
			if (this.delivery.accepts(payload) || payload instanceof UnreadableEvent) {
				return true;
			}
		}
		return false;
	}

	/** Asks for a turn of the loop; cheap enough for the publisher's thread. */
	void wake() {
		while (true) {
			int current = this.loop.get();
			if (current == RUN_AGAIN || (current == RUNNING && this.loop.compareAndSet(RUNNING, RUN_AGAIN))) {
				return;
			}
			if (current == IDLE && this.loop.compareAndSet(IDLE, RUNNING)) {
				try {
					this.scheduler.execute(this::run);
				}
				catch (RuntimeException ex) {
					this.loop.set(IDLE);
				}
				return;
			}
		}
	}

	/**
	 * Asks for a turn: events up to {@code committedUpTo} are committed, and the loop reads until it has
	 * seen them (they may not be readable at once).
	 */
	void wakeFor(long committedUpTo) {
		this.catchup.expect(committedUpTo);
		wake();
	}

	/** Asks for a turn: events appended elsewhere may be readable now. */
	void nudge() {
		this.catchup.nudge();
		wake();
	}

	/**
	 * Makes the next turn reload the blocked streams and look for replays marked here. Marks made on
	 * other instances are found within a second, without a query per turn on the hot path.
	 */
	void refreshBlocked() {
		this.refreshBlocked = true;
		this.replayRequested = true;
		wake();
	}

	private void run() {
		long delay = this.settings.pollInterval().toNanos();
		try {
			delay = turn();
			if (this.failing) {
				this.failing = false;
				logger.info("Durable observer '" + this.id + "' recovered");
			}
		}
		catch (LeaseLostException ex) {
			logger.info("Durable observer '" + this.id + "' lost its lease; another instance takes over");
			this.lease = null;
		}
		catch (RuntimeException ex) {
			// Once per outage, not once per poll: a database that is down fails every turn.
			if (!this.failing) {
				logger.error("Durable observer '" + this.id + "' failed; resuming from its checkpoint", ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Durable observer '" + this.id + "' still failing", ex);
			}
			this.failing = true;
			this.lease = null;
		}
		finally {
			if (this.loop.getAndUpdate((current) -> (current == RUN_AGAIN) ? RUNNING : IDLE) == RUN_AGAIN) {
				resubmit();
			}
			else {
				schedule(delay);
			}
		}
	}

	private void resubmit() {
		try {
			this.scheduler.execute(this::run);
		}
		catch (RuntimeException ex) {
			this.loop.set(IDLE);
		}
	}

	private void schedule(long delayNanos) {
		if (this.keeper == null || delayNanos < 0) {
			return;
		}
		try {
			ScheduledFuture<?> previous = this.timer;
			this.timer = this.scheduler.schedule(this::wake, delayNanos, TimeUnit.NANOSECONDS);
			if (previous != null) {
				previous.cancel(false);
			}
		}
		catch (RuntimeException ex) {
			// the scheduler is shutting down
		}
	}

	/** One turn; returns the delay in nanoseconds before the next one, 0 to run again at once. */
	private long turn() {
		LeaseKeeper keeper = this.keeper;
		Lease current = (keeper != null) ? keeper.held(this.id) : null;
		if (current == null) {
			this.lease = null;
			if (keeper != null) {
				this.state = State.STANDBY;
			}
			return this.settings.pollInterval().toNanos();
		}
		if (this.lease == null || this.lease.token() != current.token()) {
			takeOver(current);
		}
		this.lease = current;
		long now = this.clock.millis();
		if (this.refreshBlocked || now - this.blockedLoadedAt > BLOCKED_RELOAD_MILLIS) {
			this.refreshBlocked = false;
			this.blockedLoadedAt = now;
			this.sequencer.reloadBlocked();
		}
		if (this.replayRequested || now - this.replaysCheckedAt >= REPLAY_CHECK_MILLIS) {
			this.replayRequested = false;
			this.replaysCheckedAt = now;
			this.sequencer.replayRequested();
		}
		long nextRetry = this.sequencer.retryDue();
		boolean more = false;
		long catchUp = Long.MAX_VALUE;
		if (this.sequencer.held() < this.settings.maxHeldEvents()) {
			boolean nudged = this.catchup.takeNudge();
			long before = this.nextPosition;
			more = readBatch();
			catchUp = this.catchup.afterRead(this.nextPosition, this.nextPosition > before, nudged,
					this.settings.pollInterval().toNanos());
		}
		saveCheckpoint(current);
		this.state = this.sequencer.isRetrying() ? State.RETRYING : State.RUNNING;
		if (more) {
			return 0;
		}
		long untilRetry = TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(nextRetry - this.clock.millis(),
				this.settings.pollInterval().toMillis())));
		return Math.min(Math.min(this.settings.pollInterval().toNanos(), untilRetry), catchUp);
	}

	private void takeOver(Lease lease) {
		OptionalLong saved = this.checkpoints.find(this.id);
		long position;
		if (saved.isPresent()) {
			position = saved.getAsLong();
			long head = this.store.headPosition();
			if (position > head) {
				logger.warn("Durable observer '" + this.id + "' has checkpoint " + position + " beyond the store's head "
						+ head + ": were the events deleted or kept in memory? Events up to " + position
						+ " will be skipped");
			}
		}
		else {
			position = (this.startFrom == StartFrom.NOW) ? this.store.headPosition() : 0;
			if (!this.checkpoints.save(this.id, position, lease)) {
				throw new LeaseLostException();
			}
		}
		this.checkpoint = position;
		this.nextPosition = position + 1;
		this.sequencer.reset();
		this.blockedLoadedAt = this.clock.millis();
		this.replayRequested = true;
		logger.info("Durable observer '" + this.id + "' runs on this instance from position " + this.nextPosition);
	}

	private boolean readBatch() {
		int batchSize = this.settings.batchSize();
		// Positions increase but need not be dense: the next read starts after the last position seen.
		List<Event<?>> batch = this.store.readAll(this.nextPosition, batchSize);
		int delivered = this.sequencer.deliver(batch, () -> this.keeper == null, this.scheduler);
		if (delivered > 0) {
			this.nextPosition = batch.get(delivered - 1).position() + 1;
		}
		return delivered == batchSize;
	}

	private void saveCheckpoint(Lease lease) {
		long target = this.sequencer.safeCheckpoint(this.nextPosition - 1);
		if (this.halted) {
			throw new LeaseLostException();
		}
		if (target > this.checkpoint) {
			if (!this.checkpoints.save(this.id, target, lease)) {
				throw new LeaseLostException();
			}
			this.checkpoint = target;
		}
	}

	private void checkLease() {
		LeaseKeeper keeper = this.keeper;
		Lease current = (keeper != null) ? keeper.held(this.id) : null;
		if (current == null || this.lease == null || current.token() != this.lease.token()) {
			throw new LeaseLostException();
		}
	}

	State state() {
		return this.state;
	}

	/** The checkpoint as last seen here, or -1 when this instance has not run the observer. */
	long checkpoint() {
		return this.checkpoint;
	}

	private static final class LeaseLostException extends RuntimeException {

		LeaseLostException() {
			super(null, null, false, false);
		}

	}

}
