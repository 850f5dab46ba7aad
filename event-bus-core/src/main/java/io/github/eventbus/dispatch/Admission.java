package io.github.eventbus.dispatch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The room in one observer's mailboxes ({@code eventbus.dispatch.mailbox-capacity}, over all its lanes):
 * how many deliveries are reserved or queued, and the publishers waiting for room.
 * <p>
 * A publisher takes room <em>before</em> the event is stored and hands the delivery over after, so a full
 * mailbox refuses an event that does not exist yet instead of one that is stored and already went to some
 * observers. Room taken by a publish whose append then fails is given back.
 */
final class Admission {

	/**
	 * Longest park of a publisher blocked on a full mailbox between checks. The drain wakes it sooner, once
	 * half of the mailbox is free; this only bounds a missed wake-up.
	 */
	private static final long BLOCK_PARK_NANOS = 1_000_000;

	private final int capacity;

	/**
	 * Size at which the drain wakes blocked publishers: half empty, so that each wake-up (microseconds) buys
	 * room for a batch rather than for one event.
	 */
	private final int wakeAt;

	private final AtomicInteger size = new AtomicInteger();

	/** How many publishers wait for room ({@link Overflow#BLOCK}); the drain wakes them. */
	private final AtomicInteger blockedCount = new AtomicInteger();

	private final ConcurrentLinkedQueue<Thread> blocked = new ConcurrentLinkedQueue<>();

	Admission(int capacity) {
		this.capacity = capacity;
		this.wakeAt = capacity - Math.max(1, capacity / 2);
	}

	int capacity() {
		return this.capacity;
	}

	/** Deliveries reserved or queued and not yet taken by a drain. */
	int size() {
		return this.size.get();
	}

	/**
	 * Takes room for {@code count} deliveries if there is room. A batch larger than the whole mailbox is let
	 * into an empty one, or it could never get in.
	 */
	boolean tryTake(int count) {
		while (true) {
			int current = this.size.get();
			if (current + count > this.capacity && current != 0) {
				return false;
			}
			if (this.size.compareAndSet(current, current + count)) {
				return true;
			}
		}
	}

	/** Takes room whether or not there is any. */
	void force(int count) {
		this.size.addAndGet(count);
	}

	/**
	 * Parks until there is room for {@code count} deliveries, or until {@code deadline}.
	 * @return whether room was taken
	 */
	boolean awaitRoom(int count, long deadline) {
		Thread current = Thread.currentThread();
		this.blockedCount.incrementAndGet();
		this.blocked.add(current);
		try {
			while (true) {
				// After registering: either this sees the room a drain made, or that drain sees the count.
				if (tryTake(count)) {
					return true;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				LockSupport.parkNanos(this, Math.min(remaining, BLOCK_PARK_NANOS));
			}
		}
		finally {
			this.blocked.remove(current);
			this.blockedCount.decrementAndGet();
		}
	}

	/** Gives back room a publisher took and did not use: its append failed, or it only checked for room. */
	void giveBack(int count) {
		this.size.addAndGet(-count);
		wakeBlocked();
	}

	/** A drain took one delivery off a queue. */
	void taken() {
		// Only when crossing the mark, not for every event below it while the publisher gets going: a
		// publisher that registers after the crossing finds the room itself when it checks again.
		if (this.size.decrementAndGet() == this.wakeAt) {
			wakeBlocked();
		}
	}

	/** Whether more is queued than the capacity allows, which {@link Overflow#DROP_OLDEST} trims. */
	boolean isOverfull() {
		return this.size.get() > this.capacity;
	}

	private void wakeBlocked() {
		if (this.blockedCount.get() != 0) {
			for (Thread thread : this.blocked) {
				LockSupport.unpark(thread);
			}
		}
	}

}
