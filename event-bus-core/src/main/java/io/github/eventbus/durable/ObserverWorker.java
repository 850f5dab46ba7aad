package io.github.eventbus.durable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.StartFrom;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.DurableObserverStatus.State;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseKeeper;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.UnreadableEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one durable observer on this instance: for the segments whose lease this instance holds, reads the
 * store from the lowest of their checkpoints on, hands their events to the {@link Lanes}, and saves each
 * segment's checkpoint fenced by that segment's lease. One read feeds every segment held here, and
 * {@code concurrency} bounds the events handled at once on this instance, so more instances add capacity.
 * <p>
 * The loop runs as short tasks on the shared scheduler, never two at once for one observer: a wake-up
 * while it runs asks for one more turn. It never sleeps: retries and polls are timed wake-ups. Any
 * unexpected failure (a database error) drops what is held in memory and resumes from the checkpoints.
 * {@link SegmentClaims} decides, at each turn, which segments to compete for and which to hand over.
 */
final class ObserverWorker implements Ownership {

	private static final Log logger = LogFactory.getLog(ObserverWorker.class);

	private static final int IDLE = 0;

	private static final int RUNNING = 1;

	private static final int RUN_AGAIN = 2;

	private static final long BLOCKED_RELOAD_MILLIS = 5000;

	private static final long REPLAY_CHECK_MILLIS = 1000;

	private static final long IDLE_SAVE_MILLIS = 1000;

	private static final int MAX_READ_FACTOR = 8;

	private final String id;

	private final StartFrom startFrom;

	private final EventStore store;

	private final CheckpointStore checkpoints;

	private final DurableSettings settings;

	private final Clock clock;

	private final int segmentCount;

	private final SegmentKey segmentKey;

	private final String[] names;

	private final SegmentClaims claims;

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

	/** Each segment's checkpoint as last saved or read here, -1 while this instance does not hold it. */
	private final AtomicLongArray localCheckpoints;

	// Touched by the loop only (and read by lane threads while the loop waits for them).
	private final @Nullable Segment[] owned;

	private long nextPosition;

	private long blockedLoadedAt;

	private long replaysCheckedAt;

	private boolean failing;

	/** The last read stopped before an event whose key is not known while retries ran. */
	private boolean waitingForRetries;

	ObserverWorker(Delivery delivery, int concurrency, @Nullable Function<Event<?>, @Nullable String> orderingKey,
			int segments, SegmentKey segmentKey, RetryPolicy retry, StartFrom startFrom, EventStore store,
			CheckpointStore checkpoints, LeaseStore leases,
			DeadLetterStore deadLetters, DurableSettings settings, Clock clock) {
		this.id = delivery.observerId();
		this.startFrom = startFrom;
		this.store = store;
		this.checkpoints = checkpoints;
		this.settings = settings;
		this.clock = clock;
		this.delivery = delivery;
		this.segmentCount = segments;
		this.segmentKey = segmentKey;
		this.names = new String[segments];
		for (int i = 0; i < segments; i++) {
			this.names[i] = Segments.name(this.id, i, segments);
		}
		this.owned = new Segment[segments];
		this.localCheckpoints = new AtomicLongArray(segments);
		for (int i = 0; i < segments; i++) {
			this.localCheckpoints.set(i, -1);
		}
		long interval = Math.max(settings.pollInterval().toMillis(), settings.leaseDuration().toMillis() / 10);
		this.claims = new SegmentClaims(this.id, this.names, settings.instanceId(), leases, interval);
		this.sequencer = new Lanes(concurrency, orderingKey, delivery, retry, deadLetters,
				new BlockingKeys(this.id, deadLetters, store, this), clock, this);
	}

	String id() {
		return this.id;
	}

	/** How many events this observer may handle at once here (its {@code concurrency}). */
	int lanes() {
		return this.sequencer.count();
	}

	int segmentCount() {
		return this.segmentCount;
	}

	/** The checkpoint and lease name of each segment. */
	List<String> segmentNames() {
		return List.of(this.names);
	}

	void start(LeaseKeeper keeper, ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
		this.halted = false;
		this.keeper = keeper;
		this.state = State.STANDBY;
		this.claims.start(keeper);
		for (int i = 0; i < this.segmentCount; i++) {
			int segment = i;
			keeper.keep(this.names[i], () -> leaseChanged(segment), this.segmentCount == 1);
		}
		wake();
	}

	/** Told by the lease keeper (on its thread) when a segment's lease is gained or lost. */
	private void leaseChanged(int segment) {
		LeaseKeeper keeper = this.keeper;
		if (keeper != null && keeper.held(this.names[segment]) == null) {
			int interrupted = this.delivery.interruptRunning((event) -> segmentOf(event) == segment);
			if (interrupted > 0) {
				logger.warn("Durable observer '" + this.names[segment] + "' lost its lease while handling "
						+ interrupted + " event(s): interrupted them; their outcome is not recorded here and the "
						+ "new owner delivers them again");
			}
		}
		wake();
	}

	/** Pauses (or resumes) the observer here at once, for a reset started on this instance. */
	void pauseHere(boolean paused) {
		this.claims.pauseHere(paused);
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
		// A turn that ran while the stop was asked for may have set its own state last.
		if (this.keeper == null) {
			this.state = State.STOPPED;
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
			logger.info("Durable observer '" + this.id + "' lost a lease; another instance takes over");
			dropAll();
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
			dropAll();
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
		if (keeper == null) {
			dropAll();
			return this.settings.pollInterval().toNanos();
		}
		BitSet held = followLeases(keeper);
		BitSet release = this.claims.review(keeper, this.clock.millis(), held);
		for (int segment = release.nextSetBit(0); segment >= 0; segment = release.nextSetBit(segment + 1)) {
			handOver(keeper, segment);
			held.clear(segment);
		}
		if (held.isEmpty()) {
			this.state = (this.keeper != null) ? State.STANDBY : State.STOPPED;
			return this.settings.pollInterval().toNanos();
		}
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
		// A read that stopped before an event whose key is not known, behind a retry, would stop there again:
		// read once the retries settle (the turn runs at the next retry), not at every wake-up meanwhile.
		boolean behindRetries = this.waitingForRetries && this.sequencer.isRetrying();
		if (!behindRetries && this.sequencer.held() < this.settings.maxHeldEvents()) {
			boolean nudged = this.catchup.takeNudge();
			long before = this.nextPosition;
			more = readBatch(held.cardinality());
			catchUp = this.catchup.afterRead(this.nextPosition, this.nextPosition > before, nudged,
					this.settings.pollInterval().toNanos());
		}
		saveCheckpoints();
		if (this.keeper != null) {
			this.state = this.sequencer.isRetrying() ? State.RETRYING : State.RUNNING;
		}
		if (more) {
			return 0;
		}
		long untilRetry = TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(nextRetry - this.clock.millis(),
				this.settings.pollInterval().toMillis())));
		return Math.min(Math.min(this.settings.pollInterval().toNanos(), untilRetry), catchUp);
	}

	/** Takes over the segments newly held, drops the lost ones; returns the segments held. */
	private BitSet followLeases(LeaseKeeper keeper) {
		BitSet held = new BitSet();
		for (int i = 0; i < this.segmentCount; i++) {
			Lease current = keeper.held(this.names[i]);
			Segment segment = this.owned[i];
			if (segment != null && (current == null || current.token() != segment.lease.token())) {
				drop(i);
				segment = null;
			}
			if (current != null) {
				if (segment == null) {
					takeOver(i, current);
				}
				held.set(i);
			}
		}
		return held;
	}

	private void takeOver(int index, Lease lease) {
		String name = this.names[index];
		OptionalLong saved = this.checkpoints.find(name);
		long position;
		if (saved.isPresent()) {
			position = saved.getAsLong();
			long head = this.store.headPosition();
			if (position > head) {
				logger.warn("Durable observer '" + name + "' has checkpoint " + position + " beyond the store's head "
						+ head + ": were the events deleted or kept in memory? Events up to " + position
						+ " will be skipped");
			}
		}
		else {
			position = (this.startFrom == StartFrom.NOW) ? this.store.headPosition() : 0;
			if (!this.checkpoints.save(name, position, lease)) {
				throw new LeaseLostException();
			}
		}
		boolean first = isIdle();
		this.sequencer.forget(index);
		this.owned[index] = new Segment(lease, position);
		this.localCheckpoints.set(index, position);
		this.nextPosition = first ? position + 1 : Math.min(this.nextPosition, position + 1);
		this.refreshBlocked = true;
		this.replayRequested = true;
		logger.info("Durable observer '" + name + "' runs on this instance from position " + (position + 1));
	}

	private boolean isIdle() {
		for (Segment segment : this.owned) {
			if (segment != null) {
				return false;
			}
		}
		return true;
	}

	/** Saves what is safe of a segment's checkpoint and releases its lease so another instance takes it now. */
	private void handOver(LeaseKeeper keeper, int index) {
		Segment segment = this.owned[index];
		if (segment != null && !this.halted) {
			long target = this.sequencer.safeCheckpoint(segment.next - 1, index);
			if (target > segment.checkpoint) {
				this.checkpoints.save(this.names[index], target, segment.lease);
			}
		}
		drop(index);
		keeper.handOver(this.names[index]);
		logger.info("Durable observer '" + this.names[index] + "' handed over to another instance");
	}

	private void drop(int index) {
		this.owned[index] = null;
		this.localCheckpoints.set(index, -1);
		this.sequencer.forget(index);
	}

	/** Forgets every segment and its retries; the next turn resumes each held one from its checkpoint. */
	private void dropAll() {
		for (int i = 0; i < this.segmentCount; i++) {
			drop(i);
		}
		this.refreshBlocked = true;
	}

	private boolean readBatch(int held) {
		// Holding a share of the segments, read more at once: about batchSize events of our own per read.
		int batchSize = (int) Math.min((long) this.settings.batchSize() * MAX_READ_FACTOR,
				(long) this.settings.batchSize() * this.segmentCount / Math.max(1, held));
		// Positions increase but need not be dense: the next read starts after the last position seen.
		List<Event<?>> batch = this.store.readAll(this.nextPosition, batchSize);
		if (batch.isEmpty()) {
			return false;
		}
		List<Event<?>> mine = new ArrayList<>(batch.size());
		for (Event<?> event : batch) {
			int index = segmentAsRead(event);
			if (index >= 0) {
				Segment segment = this.owned[index];
				if (segment != null && event.position() >= segment.next) {
					mine.add(event);
					segment.moved = true;
				}
			}
			else if (readByEverySegment(event)) {
				mine.add(event);
			}
		}
		int delivered = this.sequencer.deliver(mine, () -> this.keeper == null, this.scheduler);
		this.waitingForRetries = delivered < mine.size() && this.sequencer.isRetrying();
		long upTo = (delivered < mine.size()) ? mine.get(delivered).position() - 1
				: batch.get(batch.size() - 1).position();
		for (Segment segment : this.owned) {
			if (segment != null) {
				segment.next = Math.max(segment.next, upTo + 1);
			}
		}
		this.nextPosition = upTo + 1;
		return delivered == mine.size() && batch.size() == batchSize;
	}

	/** The segment of an event as read, or -1 when it is in every segment: its ordering key is not known yet. */
	private int segmentAsRead(Event<?> event) {
		if (this.segmentCount == 1) {
			return 0;
		}
		if (this.segmentKey instanceof OrderedSegmentKey ordered) {
			String key = ordered.known(event);
			return (key != null) ? Segments.of(key, this.segmentCount) : -1;
		}
		return segmentOf(event);
	}

	/** Marks the segments held here that have not gone past the event; returns whether there is one. */
	private boolean readByEverySegment(Event<?> event) {
		boolean read = false;
		for (Segment segment : this.owned) {
			if (segment != null && event.position() >= segment.next) {
				segment.moved = true;
				read = true;
			}
		}
		return read;
	}

	private void saveCheckpoints() {
		if (this.halted) {
			throw new LeaseLostException();
		}
		long now = this.clock.millis();
		for (int i = 0; i < this.segmentCount; i++) {
			Segment segment = this.owned[i];
			if (segment == null) {
				continue;
			}
			// A segment none of whose events was read since its last save loses nothing by waiting: its
			// checkpoint only catches up with the read position once a second, for its lag.
			if (!segment.moved && now - segment.savedAt < IDLE_SAVE_MILLIS) {
				continue;
			}
			long target = this.sequencer.safeCheckpoint(segment.next - 1, i);
			segment.moved = false;
			segment.savedAt = now;
			if (target > segment.checkpoint) {
				if (!this.checkpoints.save(this.names[i], target, segment.lease)) {
					throw new LeaseLostException();
				}
				segment.checkpoint = target;
				this.localCheckpoints.set(i, target);
			}
		}
	}

	@Override
	public int segmentOf(Event<?> event) {
		return (this.segmentCount == 1) ? 0 : Segments.of(this.segmentKey.of(event), this.segmentCount);
	}

	@Override
	public int segmentOfKey(String key) {
		return Segments.of(key, this.segmentCount);
	}

	@Override
	public String blockingKey(Event<?> event) {
		return blocksByKey() ? this.segmentKey.of(event) : event.streamId();
	}

	@Override
	public @Nullable String knownBlockingKey(Event<?> event) {
		return (this.segmentKey instanceof OrderedSegmentKey ordered) ? ordered.known(event) : event.streamId();
	}

	@Override
	public boolean blocksByKey() {
		return this.segmentKey instanceof OrderedSegmentKey;
	}

	@Override
	public boolean handles(Event<?> event, @Nullable String key) {
		if (!segmentedByKey()) {
			return true;
		}
		if (key == null) {
			return false; // no instance is associated: every segment ignores it, as one segment would
		}
		Segment segment = this.owned[Segments.of(key, this.segmentCount)];
		return segment != null && event.position() >= segment.next;
	}

	@Override
	public boolean segmentedByKey() {
		return this.segmentCount > 1 && this.segmentKey instanceof OrderedSegmentKey;
	}

	@Override
	public boolean delivers(int segment) {
		return this.owned[segment] != null;
	}

	@Override
	public void check(int index) {
		LeaseKeeper keeper = this.keeper;
		Segment segment = this.owned[index];
		Lease current = (keeper != null) ? keeper.held(this.names[index]) : null;
		if (current == null || segment == null || current.token() != segment.lease.token()) {
			throw new LeaseLostException();
		}
	}

	State state() {
		return this.state;
	}

	/** A segment's checkpoint as last seen here, or -1 when this instance does not run it. */
	long checkpoint(int segment) {
		return this.localCheckpoints.get(segment);
	}

	/** A segment held here: its grant, saved checkpoint and the next position it has not seen. */
	private static final class Segment {

		final Lease lease;

		long checkpoint;

		long next;

		/** Whether events of this segment were read since its checkpoint was last saved. */
		boolean moved;

		long savedAt;

		Segment(Lease lease, long checkpoint) {
			this.lease = lease;
			this.checkpoint = checkpoint;
			this.next = checkpoint + 1;
		}

	}

	private static final class LeaseLostException extends RuntimeException {

		LeaseLostException() {
			super(null, null, false, false);
		}

	}

}
