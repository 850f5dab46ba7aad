package io.github.eventbus.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a mailbox drain that the executor rejected (every pool thread busy and no queue, or the pool shut
 * down) on a new daemon thread of its own.
 * <p>
 * Not on the publisher's thread, as a caller-runs policy would: the publisher may be inside a transaction,
 * and when it is itself an observer the drain could publish to it and wait for it, below it on the same
 * stack. A mailbox has at most one drain at a time, so this makes at most one thread per mailbox lane, and
 * the drain hands its lane back to the executor after a batch like any other.
 */
final class RejectedDrains {

	private static final AtomicLong threads = new AtomicLong();

	private RejectedDrains() {
	}

	static void start(Runnable drain, String observerId) {
		Thread thread = new Thread(drain, "eventbus-rejected-" + threads.incrementAndGet() + "-" + observerId);
		thread.setDaemon(true);
		thread.start();
	}

}
