package io.github.eventbus.durable;

import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.Event;
import io.github.eventbus.StartFrom;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.DurableObserverStatus.State;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
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

	private final String id;

	private final StartFrom startFrom;

	private final EventStore store;

	private final CheckpointStore checkpoints;

	private final DurableSettings settings;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final Sequencer sequencer;

	private final AtomicInteger loop = new AtomicInteger();

	private volatile @Nullable LeaseKeeper keeper;

	private volatile boolean refreshBlocked;

	private volatile boolean halted;

	private volatile @Nullable ScheduledFuture<?> timer;

	private volatile State state = State.STOPPED;

	private volatile long checkpoint = -1;

	// Touched by the loop only.
	private @Nullable Lease lease;

	private long nextPosition;

	private long blockedLoadedAt;

	ObserverWorker(Delivery delivery, RetryPolicy retry, StartFrom startFrom, EventStore store,
			CheckpointStore checkpoints, DeadLetterStore deadLetters, DurableSettings settings, Clock clock,
			ScheduledExecutorService scheduler) {
		this.id = delivery.observerId();
		this.startFrom = startFrom;
		this.store = store;
		this.checkpoints = checkpoints;
		this.settings = settings;
		this.clock = clock;
		this.scheduler = scheduler;
		this.sequencer = new Sequencer(delivery, retry, deadLetters, store, clock, this::checkLease);
	}

	String id() {
		return this.id;
	}

	void start(LeaseKeeper keeper) {
		this.keeper = keeper;
		this.state = State.STANDBY;
		keeper.keep(this.id, this::wake);
		wake();
	}

	/** Stops after the current event; waits for the loop up to {@code timeout}. */
	void stop(long timeoutMillis) {
		this.keeper = null;
		this.state = State.STOPPED;
		ScheduledFuture<?> pending = this.timer;
		if (pending != null) {
			pending.cancel(false);
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (this.loop.get() != IDLE && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/** Stops at once without saving anything, as a crash would. */
	void halt() {
		this.halted = true;
		stop(0);
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

	/** Makes the next turn reload the blocked streams (after a discard). */
	void refreshBlocked() {
		this.refreshBlocked = true;
		wake();
	}

	private void run() {
		long delay = this.settings.pollInterval().toMillis();
		try {
			delay = turn();
		}
		catch (LeaseLostException ex) {
			logger.info("Durable observer '" + this.id + "' lost its lease; another instance takes over");
			this.lease = null;
		}
		catch (RuntimeException ex) {
			logger.error("Durable observer '" + this.id + "' failed; resuming from its checkpoint", ex);
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

	private void schedule(long delayMillis) {
		if (this.keeper == null || delayMillis < 0) {
			return;
		}
		try {
			ScheduledFuture<?> previous = this.timer;
			this.timer = this.scheduler.schedule(this::wake, delayMillis, TimeUnit.MILLISECONDS);
			if (previous != null) {
				previous.cancel(false);
			}
		}
		catch (RuntimeException ex) {
			// the scheduler is shutting down
		}
	}

	/** One turn; returns the delay before the next one, 0 to run again at once. */
	private long turn() {
		LeaseKeeper keeper = this.keeper;
		Lease current = (keeper != null) ? keeper.held(this.id) : null;
		if (current == null) {
			this.lease = null;
			if (keeper != null) {
				this.state = State.STANDBY;
			}
			return this.settings.pollInterval().toMillis();
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
		this.sequencer.replayRequested();
		long nextRetry = this.sequencer.retryDue();
		boolean more = false;
		if (this.sequencer.held() < this.settings.maxHeldEvents()) {
			more = readBatch();
		}
		saveCheckpoint(current);
		this.state = this.sequencer.isRetrying() ? State.RETRYING : State.RUNNING;
		if (more) {
			return 0;
		}
		long untilRetry = Math.max(0, nextRetry - this.clock.millis());
		return Math.min(this.settings.pollInterval().toMillis(), untilRetry);
	}

	private void takeOver(Lease lease) {
		OptionalLong saved = this.checkpoints.find(this.id);
		long position;
		if (saved.isPresent()) {
			position = saved.getAsLong();
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
		logger.info("Durable observer '" + this.id + "' runs on this instance from position " + this.nextPosition);
	}

	private boolean readBatch() {
		int batchSize = this.settings.batchSize();
		List<Event<?>> batch = this.store.readAll(this.nextPosition, batchSize);
		for (Event<?> event : batch) {
			if (this.keeper == null) {
				return false;
			}
			this.sequencer.deliver(event);
			this.nextPosition = event.position() + 1;
		}
		return batch.size() == batchSize;
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
