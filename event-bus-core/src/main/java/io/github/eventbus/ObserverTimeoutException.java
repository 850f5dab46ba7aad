package io.github.eventbus;

import java.time.Duration;

/**
 * An observer call that ran longer than its timeout ({@link EventObserver#timeout()} or
 * {@code eventbus.observers.timeout}). It is the call's failure, reported like any other: a durable observer
 * retries the event and then dead-letters it, an in-memory one hands it to the {@link ObserverErrorHandler}.
 * Its stack trace is where the call's thread was when the time ran out; that thread was interrupted.
 */
public class ObserverTimeoutException extends EventBusException {

	private final String observerId;

	private final Duration timeout;

	private final Duration elapsed;

	/**
	 * Creates an exception.
	 * @param observerId the observer that timed out
	 * @param timeout its timeout
	 * @param elapsed how long the call had run when it was given up
	 * @param threadName the thread that ran the call, interrupted
	 */
	public ObserverTimeoutException(String observerId, Duration timeout, Duration elapsed, String threadName) {
		super("Observer '" + observerId + "' timed out: still running after " + elapsed.toMillis() + " ms (timeout "
				+ timeout.toMillis() + " ms); its thread " + threadName + " was interrupted");
		this.observerId = observerId;
		this.timeout = timeout;
		this.elapsed = elapsed;
	}

	/** The observer that timed out. */
	public String observerId() {
		return this.observerId;
	}

	/** Its timeout. */
	public Duration timeout() {
		return this.timeout;
	}

	/** How long the call had run when it was given up. */
	public Duration elapsed() {
		return this.elapsed;
	}

}
