package io.github.eventbus.dispatch;

/** What a publisher does when an observer's mailbox is full ({@code eventbus.dispatch.overflow}). */
public enum Overflow {

	/** Wait up to the publish timeout for room, then throw {@link io.github.eventbus.MailboxFullException}. */
	BLOCK,

	/** Throw {@link io.github.eventbus.MailboxFullException} at once. */
	FAIL,

	/**
	 * Drop the oldest queued event of that observer to make room, log a warning and count it. Meant for
	 * throw-away observers such as cache invalidation.
	 */
	DROP_OLDEST

}
