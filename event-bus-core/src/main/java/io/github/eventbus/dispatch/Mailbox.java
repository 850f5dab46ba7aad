package io.github.eventbus.dispatch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * One bounded queue of deliveries for one observer (one per lane with {@code concurrency > 1}), drained
 * by at most one thread at a time: that is what keeps one observer's events in order while observers
 * run in parallel.
 * <p>
 * An item is a {@link TrackedEvent}, or the bare {@link Event} when nothing but the event is needed (a
 * fire-and-forget publish from outside any observer), which saves an object per observer per event.
 * <p>
 * The drain task handles a bounded batch, then gives its thread back, so a busy observer cannot hold a
 * pool thread forever. When the queue runs dry it lingers, spinning, for a few microseconds before
 * leaving: waking a parked pool thread costs 5-20 µs, more than many observers take, so an event that
 * follows closely is picked up by the thread still there. A lingering thread can be preempted by the OS
 * for milliseconds; it stamps a heartbeat while it spins, and a publisher that finds the heartbeat stale
 * takes over and submits a drain task as for an idle mailbox. A concurrent-await publisher outside
 * observers and transactions may own the drain instead ({@link #tryClaim()},
 * {@link #tryTakeOverSubmitted()}) and run it on its own thread; when the executor rejects a drain task,
 * the drain runs on a thread of its own ({@link RejectedDrains}), never on a publisher's.
 * <p>
 * The room in the queue is counted by the observer's {@link Admission}, over all its lanes: a publisher
 * takes room there first and {@link #offer offers} the delivery once the event is stored.
 */
final class Mailbox implements Runnable {

	private static final int BATCH = 256;

	/**
	 * At most this many deliveries are run by a publisher that drains a mailbox on its own thread; the rest
	 * goes back to the executor, so a publisher that helps is not kept by other publishers' events.
	 */
	private static final int HELP_BATCH = 16;

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

	/** A pool thread is draining. */
	private static final int RUNNING = 2;

	// A negative state: a pool thread found the queue empty and waits briefly for more, taking what comes.
	// Each lingering spell has its own negative value, so a thread that was descheduled and taken over
	// can never mistake a later spell, by another thread, for its own.

	private final Subscriber observer;

	private final Executor executor;

	private final Admission admission;

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger state = new AtomicInteger(IDLE);

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

	Mailbox(Subscriber observer, Executor executor, Admission admission) {
		this.observer = observer;
		this.executor = executor;
		this.admission = admission;
	}

	/**
	 * Queues a delivery for which room was taken in the observer's {@link Admission}, and makes sure a drain
	 * will run.
	 * @param item the {@link TrackedEvent}, or the bare {@link Event} for a delivery with no tracker nor chain
	 */
	void offer(Object item) {
		this.queue.offer(item);
		schedule();
	}

	/**
	 * Claims this mailbox for the calling publisher when no thread drains it: the caller then owns the drain
	 * as a pool thread would, and must call {@link #drainClaimed()} (after running, when nothing was queued,
	 * its own delivery directly).
	 */
	boolean tryClaim() {
		return this.state.get() == IDLE && this.state.compareAndSet(IDLE, RUNNING);
	}

	/** Whether nothing is queued; meaningful to the thread that owns the drain. */
	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/** Queues a delivery in a mailbox the caller claimed: the caller's drain runs it. */
	void offerClaimed(Object item) {
		this.queue.offer(item);
	}

	/**
	 * Takes over a drain task that is submitted but that no pool thread has started yet, for a publisher
	 * that would otherwise wait for it: the publisher drains on its own thread and the task, when it runs,
	 * finds nothing to do.
	 * @return whether the caller owns the drain now, and must call {@link #drainClaimed()}
	 */
	boolean tryTakeOverSubmitted() {
		return this.state.get() == SUBMITTED && this.state.compareAndSet(SUBMITTED, RUNNING);
	}

	/**
	 * Drains, on the calling publisher's thread, a mailbox it owns ({@link #tryClaim()},
	 * {@link #tryTakeOverSubmitted()}): up to {@link #HELP_BATCH} deliveries, never lingering, then gives
	 * the mailbox back, to the executor if more is queued.
	 */
	void drainClaimed() {
		int handled = 0;
		while (true) {
			Object item = this.queue.poll();
			if (item != null) {
				this.admission.taken();
				this.observer.deliver(item);
				if (++handled == HELP_BATCH) {
					this.state.set(SUBMITTED);
					submit();
					return;
				}
				continue;
			}
			this.state.set(IDLE);
			if (this.queue.isEmpty() || !this.state.compareAndSet(IDLE, RUNNING)) {
				return;
			}
		}
	}

	/** Removes the oldest queued delivery, for {@link Overflow#DROP_OLDEST}; {@code null} when none is. */
	@Nullable Object pollOldest() {
		return this.queue.poll();
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
			// The pool is saturated or shut down. Not the publisher's thread: it may be in a transaction or
			// inside an observer this drain could wait for.
			RejectedDrains.start(this, this.observer.id());
		}
	}

	@Override
	public void run() {
		if (this.state.compareAndSet(SUBMITTED, RUNNING)) {
			if (this.lingerMisses >= MISSES_BEFORE_PAUSE && System.nanoTime() - this.idleSince < LINGER_NANOS) {
				this.lingerMisses = 0;
			}
			drain();
		}
	}

	/** Runs with {@code state == RUNNING}, owned by the current thread. */
	private void drain() {
		int handled = 0;
		while (true) {
			Object item = this.queue.poll();
			if (item != null) {
				this.admission.taken();
				this.observer.deliver(item);
				if (++handled == BATCH) {
					this.state.set(SUBMITTED);
					submit();
					return;
				}
				continue;
			}
			if (this.lingerMisses < MISSES_BEFORE_PAUSE && startLingering()) {
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
				this.idleSince = System.nanoTime();
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
		// Queue first: an item leaves it only while the state says RUNNING, so an item taken for delivery
		// is never seen as neither queued nor running.
		if (!this.queue.isEmpty()) {
			return false;
		}
		int current = this.state.get();
		return current == IDLE || current < 0;
	}

}
