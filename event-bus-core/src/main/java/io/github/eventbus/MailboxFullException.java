package io.github.eventbus;

import java.time.Duration;

/**
 * Thrown at a publisher when an observer's mailbox stayed full: immediately with
 * {@code eventbus.dispatch.overflow=fail}, after {@code eventbus.dispatch.publish-timeout} with
 * {@code block}. The event was stored (when a store retains events) but that observer did not receive
 * it; observers earlier in the dispatch did.
 */
public class MailboxFullException extends EventBusException {

	private final String observerId;

	public MailboxFullException(String observerId, int capacity, Duration waited) {
		super("Mailbox of observer '" + observerId + "' is full (capacity " + capacity + ", waited " + waited
				+ "); raise eventbus.dispatch.mailbox-capacity or eventbus.dispatch.publish-timeout, or speed up the observer");
		this.observerId = observerId;
	}

	/** The observer whose mailbox was full. */
	public String observerId() {
		return this.observerId;
	}

}
