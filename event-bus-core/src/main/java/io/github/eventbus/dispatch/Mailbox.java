package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.Event;
import io.github.eventbus.MailboxFullException;

/**
 * One bounded queue of deliveries for one observer (one per lane with {@code concurrency > 1}), drained
 * by at most one thread at a time: that is what keeps one observer's events in order while observers
 * run in parallel.
 * <p>
 * An item is a {@link Delivery}, or the bare {@link Event} when nothing but the event is needed (a
 * fire-and-forget publish from outside any observer), which saves an object per observer per event.
 * <p>
 * The drain task handles a bounded batch, then gives its thread back, so a busy observer cannot hold a
 * pool thread forever. When the queue runs dry it lingers, spinning, for a few microseconds before
 * leaving: waking a parked pool thread costs 5-20 µs, more than many observers take, so an event that
 * follows closely is picked up by the thread still there. A lingering thread can be preempted by the OS
 * for milliseconds; it stamps a heartbeat while it spins, and a publisher that finds the heartbeat stale
 * takes over and submits a drain task as for an idle mailbox. A publisher that must wait for an idle
 * mailbox anyway may claim it ({@link #enqueueOrClaim}) and drain it on its own thread.
 */
final class Mailbox implements Runnable {

	private static final int BATCH = 256;

	/**
	 * Longest park of a publisher blocked on a full mailbox between checks. The drain wakes it sooner, once
	 * half of the mailbox is free; this only bounds a missed wake-up.
	 */
	private static final long BLOCK_PARK_NANOS = 1_000_000;

	/** How long a drain task waits for more work once its queue is empty. */
	private static final long LINGER_NANOS = 10_000;

	/**
	 * At most this many threads linger at once, over all mailboxes: more spinning threads than spare
	 * cores would take CPU from the threads doing the work.
	 */
	private static final int MAX_LINGERING = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

	private static final AtomicInteger lingeringThreads = new AtomicInteger();

	/**
	 * A lingering thread that finds it was off the CPU this long between two spin rounds concludes that
	 * the machine has more runnable threads than cores; then no thread lingers for {@link #NO_LINGER_NANOS}:
	 * spinning would only take time slices from threads with work.
	 */
	private static final long PREEMPTED_NANOS = 50_000;

	private static final long NO_LINGER_NANOS = 100_000_000;

	private static volatile long noLingerUntil = System.nanoTime();

	/** A lingering thread whose heartbeat is older than this is not running: do not count on it. */
	private static final long STALE_HEARTBEAT_NANOS = 5_000;

	/** No drain task: the next enqueue must submit one. */
	private static final int IDLE = 0;

	/** A drain task is submitted to the executor and has not started. */
	private static final int SUBMITTED = 1;

	/** A thread is draining (a pool thread, or a publisher that claimed the mailbox). */
	private static final int RUNNING = 2;

	// A negative state: a pool thread found the queue empty and waits briefly for more, taking what comes.
	// Each lingering spell has its own negative value, so a thread that was descheduled and taken over
	// can never mistake a later spell, by another thread, for its own.

	private final Subscriber observer;

	private final Executor executor;

	private final int capacity;

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicInteger state = new AtomicInteger(IDLE);

	private final AtomicLong dropped = new AtomicLong();

	/** How many publishers wait for room ({@link Overflow#BLOCK}); the drain wakes them. */
	private final AtomicInteger blockedCount = new AtomicInteger();

	private final ConcurrentLinkedQueue<Thread> blocked = new ConcurrentLinkedQueue<>();

	/**
	 * Size at which the drain wakes blocked publishers: half empty, so that each wake-up (microseconds)
	 * buys room for a batch rather than for one event.
	 */
	private final int wakeAt;

	/** {@link System#nanoTime()} of the lingering thread's latest spin round. */
	private volatile long heartbeat;

	/** Numbers lingering spells; written only by the draining thread. */
	private int spells;

	// Lingering pays only when events come closer together than the spell lasts. After
	// MISSES_BEFORE_PAUSE spells in a row that caught nothing, this mailbox stops lingering (each
	// spell also costs sparse events: see BENCHMARKS.md) until an event arrives within LINGER_NANOS
	// of the drain going idle, which says the traffic is dense again. Volatile because a descheduled
	// lingering thread may still write them after a publisher took over; being a heuristic, a lost
	// update there costs nothing.

	private static final int MISSES_BEFORE_PAUSE = 2;

	private volatile int lingerMisses;

	private volatile long idleSince;

	Mailbox(Subscriber observer, Executor executor, int capacity) {
		this.observer = observer;
		this.executor = executor;
		this.capacity = capacity;
		this.wakeAt = capacity - Math.max(1, capacity / 2);
	}

	/**
	 * Queues a delivery, applying the overflow policy when full.
	 * @param item the {@link Delivery}, or the bare {@link Event} for a delivery with no tracker nor chain
	 * @param force whether to ignore the capacity: for re-entrant publishes to an observer that is busy
	 * up the call chain, which would otherwise wait for itself
	 */
	void enqueue(Object item, boolean force, Overflow overflow, Duration timeout) {
		add(item, force, overflow, timeout);
		schedule();
	}

	/**
	 * Queues a delivery like {@link #enqueue}, but when no thread drains this mailbox, claims it for the
	 * caller instead of submitting a drain task.
	 * @return {@code true} if the caller now owns the mailbox and must call {@link #drainClaimed()}
	 */
	boolean enqueueOrClaim(Object item, boolean force, Overflow overflow, Duration timeout) {
		add(item, force, overflow, timeout);
		if (this.state.get() == IDLE && this.state.compareAndSet(IDLE, RUNNING)) {
			return true;
		}
		schedule();
		return false;
	}

	private void add(Object item, boolean force, Overflow overflow, Duration timeout) {
		if (force) {
			this.size.incrementAndGet();
		}
		else {
			reserve(overflow, timeout);
		}
		this.queue.offer(item);
	}

	private void reserve(Overflow overflow, Duration timeout) {
		if (this.size.incrementAndGet() <= this.capacity) {
			return;
		}
		this.size.decrementAndGet();
		switch (overflow) {
			case FAIL -> throw new MailboxFullException(this.observer.id(), this.capacity, Duration.ZERO);
			case DROP_OLDEST -> {
				dropOldest();
				this.size.incrementAndGet();
			}
			default -> awaitRoom(timeout);
		}
	}

	/**
	 * Parks until the drain makes room. Parking a fixed time instead left the observer idle: on Linux a
	 * park lasts at least ~50 µs of timer slack, long enough for a fast observer to empty its mailbox.
	 */
	private void awaitRoom(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Thread current = Thread.currentThread();
		this.blockedCount.incrementAndGet();
		this.blocked.add(current);
		try {
			while (true) {
				// After registering: either this sees the room a drain made, or that drain sees the count.
				if (this.size.incrementAndGet() <= this.capacity) {
					return;
				}
				this.size.decrementAndGet();
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new MailboxFullException(this.observer.id(), this.capacity, timeout);
				}
				LockSupport.parkNanos(this, Math.min(remaining, BLOCK_PARK_NANOS));
			}
		}
		finally {
			this.blocked.remove(current);
			this.blockedCount.decrementAndGet();
		}
	}

	private void wakeBlocked(int sizeNow) {
		// Only when crossing the mark, not for every event below it while the publisher gets going: a
		// publisher that registers after the crossing finds the room itself when it checks again.
		if (sizeNow == this.wakeAt && this.blockedCount.get() != 0) {
			for (Thread thread : this.blocked) {
				LockSupport.unpark(thread);
			}
		}
	}

	private void dropOldest() {
		Object oldest = this.queue.poll();
		if (oldest != null) {
			this.size.decrementAndGet();
			long count = this.dropped.incrementAndGet();
			this.observer.dropped(oldest, count);
		}
	}

	private void schedule() {
		// SUBMITTED and RUNNING have a drain that will see the new item; so has LINGERING while the
		// lingering thread is actually on a CPU.
		int current = this.state.get();
		if ((current == IDLE && this.state.compareAndSet(IDLE, SUBMITTED))
				|| (current < 0 && System.nanoTime() - this.heartbeat > STALE_HEARTBEAT_NANOS
						&& this.state.compareAndSet(current, SUBMITTED))) {
			submit();
		}
	}

	private void submit() {
		try {
			this.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// The pool is saturated or shutting down: the publisher's thread does the work rather than
			// leaving it queued with nobody to run it.
			run();
		}
	}

	@Override
	public void run() {
		if (this.state.compareAndSet(SUBMITTED, RUNNING)) {
			if (this.lingerMisses >= MISSES_BEFORE_PAUSE && System.nanoTime() - this.idleSince < LINGER_NANOS) {
				this.lingerMisses = 0;
			}
			drain(true);
		}
	}

	/** Drains a mailbox the caller claimed with {@link #enqueueOrClaim}, on the caller's thread. */
	void drainClaimed() {
		drain(false);
	}

	/**
	 * Drains this mailbox on the caller's thread if a drain task is submitted but no pool thread has
	 * started it yet: a publisher waiting for this observer does the work instead of waiting for a pool
	 * thread to wake up. The task, when it runs, finds nothing to do. Never takes work a thread is doing.
	 */
	void helpIfNotStarted() {
		if (this.state.get() == SUBMITTED && this.state.compareAndSet(SUBMITTED, RUNNING)) {
			drain(false);
		}
	}

	/** Runs with {@code state == RUNNING}, owned by the current thread. */
	private void drain(boolean linger) {
		int handled = 0;
		while (true) {
			Object item = this.queue.poll();
			if (item != null) {
				wakeBlocked(this.size.decrementAndGet());
				this.observer.deliver(item);
				if (++handled == BATCH) {
					this.state.set(SUBMITTED);
					submit();
					return;
				}
				continue;
			}
			if (linger && this.lingerMisses < MISSES_BEFORE_PAUSE && startLingering()) {
				int next;
				try {
					next = lingerForWork();
				}
				finally {
					lingeringThreads.decrementAndGet();
				}
				if (next == RUNNING) {
					this.lingerMisses = 0;
					continue;
				}
				if (next == SUBMITTED) {
					// A publisher took over while this thread was descheduled; its task drains.
					return;
				}
			}
			else {
				if (linger) {
					this.idleSince = System.nanoTime();
				}
				this.state.set(IDLE);
			}
			// An enqueue that saw RUNNING or a lingering spell before the line above submitted nothing: look again.
			if (this.queue.isEmpty() || !this.state.compareAndSet(IDLE, RUNNING)) {
				return;
			}
		}
	}

	private static boolean startLingering() {
		if (System.nanoTime() - noLingerUntil < 0) {
			return false;
		}
		if (lingeringThreads.incrementAndGet() <= MAX_LINGERING) {
			return true;
		}
		lingeringThreads.decrementAndGet();
		return false;
	}

	/**
	 * Waits up to {@link #LINGER_NANOS} for an item, spinning. Counts as idle meanwhile. No
	 * {@link Thread#yield()}: on a loaded machine it hands the core to another process for a whole time
	 * slice, milliseconds, while the publisher counts on this thread.
	 * @return {@link #RUNNING} if an item arrived and this thread drains it, {@link #IDLE} if none came,
	 * {@link #SUBMITTED} if a publisher took over
	 */
	private int lingerForWork() {
		int lingering = -1 - (++this.spells & Integer.MAX_VALUE);
		long now = System.nanoTime();
		this.heartbeat = now;
		this.state.set(lingering);
		long deadline = now + LINGER_NANOS;
		int spins = 0;
		while (this.queue.isEmpty()) {
			if ((++spins & 15) != 0) {
				Thread.onSpinWait();
				continue;
			}
			long previous = now;
			now = System.nanoTime();
			if (now - previous > PREEMPTED_NANOS) {
				noLingerUntil = now + NO_LINGER_NANOS;
				return this.state.compareAndSet(lingering, IDLE) ? IDLE : SUBMITTED;
			}
			if (now - deadline >= 0) {
				this.lingerMisses = this.lingerMisses + 1;
				this.idleSince = now;
				return this.state.compareAndSet(lingering, IDLE) ? IDLE : SUBMITTED;
			}
			this.heartbeat = now;
		}
		return this.state.compareAndSet(lingering, RUNNING) ? RUNNING : SUBMITTED;
	}

	/** Whether nothing is queued or running. */
	boolean isIdle() {
		// Size first: it drops only after the state says RUNNING, so an item taken for delivery is never
		// seen as neither queued nor running.
		if (this.size.get() != 0) {
			return false;
		}
		int current = this.state.get();
		return current == IDLE || current < 0;
	}

	/** How many deliveries are queued. */
	int size() {
		return this.size.get();
	}

	/** How many deliveries were dropped by {@link Overflow#DROP_OLDEST}. */
	long dropped() {
		return this.dropped.get();
	}

}
