package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.MailboxFullException;

/**
 * One bounded queue of deliveries for one observer (one per lane with {@code concurrency > 1}), drained
 * by at most one task at a time on the bus executor: that is what keeps one observer's events in order
 * while observers run in parallel.
 * <p>
 * The drain task handles a bounded batch, then gives its thread back, so a busy observer cannot hold a
 * pool thread forever.
 */
final class Mailbox implements Runnable {

	private static final int BATCH = 256;

	private static final long BLOCK_PARK_NANOS = 50_000;

	private final Subscriber observer;

	private final Executor executor;

	private final int capacity;

	private final ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	/** 1 while a drain task is submitted or running. */
	private final AtomicInteger scheduled = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	Mailbox(Subscriber observer, Executor executor, int capacity) {
		this.observer = observer;
		this.executor = executor;
		this.capacity = capacity;
	}

	/**
	 * Queues a delivery, applying the overflow policy when full.
	 * @param delivery the delivery
	 * @param force whether to ignore the capacity: for re-entrant publishes to an observer that is busy
	 * up the call chain, which would otherwise wait for itself
	 */
	void enqueue(Delivery delivery, boolean force, Overflow overflow, Duration timeout) {
		if (!force && !reserve(delivery, overflow, timeout)) {
			return;
		}
		if (force) {
			this.size.incrementAndGet();
		}
		this.queue.offer(delivery);
		schedule();
	}

	private boolean reserve(Delivery delivery, Overflow overflow, Duration timeout) {
		if (this.size.incrementAndGet() <= this.capacity) {
			return true;
		}
		this.size.decrementAndGet();
		switch (overflow) {
			case FAIL -> throw new MailboxFullException(this.observer.id(), this.capacity, Duration.ZERO);
			case DROP_OLDEST -> {
				dropOldest();
				this.size.incrementAndGet();
				return true;
			}
			default -> {
				long deadline = System.nanoTime() + timeout.toNanos();
				while (true) {
					if (this.size.incrementAndGet() <= this.capacity) {
						return true;
					}
					this.size.decrementAndGet();
					if (System.nanoTime() - deadline >= 0) {
						throw new MailboxFullException(this.observer.id(), this.capacity, timeout);
					}
					LockSupport.parkNanos(BLOCK_PARK_NANOS);
				}
			}
		}
	}

	private void dropOldest() {
		Delivery oldest = this.queue.poll();
		if (oldest != null) {
			this.size.decrementAndGet();
			long count = this.dropped.incrementAndGet();
			this.observer.dropped(oldest, count);
		}
	}

	private void schedule() {
		if (this.scheduled.get() == 0 && this.scheduled.compareAndSet(0, 1)) {
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
		int handled = 0;
		Delivery delivery;
		while (handled < BATCH && (delivery = this.queue.poll()) != null) {
			this.size.decrementAndGet();
			this.observer.deliver(delivery);
			handled++;
		}
		if (handled == BATCH && !this.queue.isEmpty()) {
			submit();
			return;
		}
		this.scheduled.set(0);
		if (!this.queue.isEmpty() && this.scheduled.compareAndSet(0, 1)) {
			submit();
		}
	}

	/** Whether nothing is queued or running. */
	boolean isIdle() {
		return this.scheduled.get() == 0 && this.size.get() == 0;
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
