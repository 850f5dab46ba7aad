package io.github.eventbus.store.jdbc.notify;

import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A loop on a daemon thread of its own, which parks while it has nothing to do: the start and stop that
 * {@link Listener} and {@link Notifier} share. The loop runs while {@link #isRunning()}; stopping unparks
 * it so that it sees the change at once.
 */
abstract class DaemonLoop implements Runnable {

	private final String threadName;

	private final long stopWaitMillis;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	/**
	 * @param threadName the name of the thread
	 * @param stopWaitMillis how long {@link #stop()} waits for the loop to end; 0 not to wait
	 */
	DaemonLoop(String threadName, long stopWaitMillis) {
		this.threadName = threadName;
		this.stopWaitMillis = stopWaitMillis;
	}

	final void start() {
		this.running = true;
		Thread started = new Thread(this, this.threadName);
		started.setDaemon(true);
		this.thread = started;
		started.start();
	}

	final void stop() {
		this.running = false;
		Thread started = this.thread;
		this.thread = null;
		if (started != null) {
			LockSupport.unpark(started);
			if (this.stopWaitMillis > 0) {
				try {
					started.join(this.stopWaitMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	final boolean isRunning() {
		return this.running;
	}

	/** Wakes the loop if it is parked. */
	final void unpark() {
		Thread started = this.thread;
		if (started != null) {
			LockSupport.unpark(started);
		}
	}

}
