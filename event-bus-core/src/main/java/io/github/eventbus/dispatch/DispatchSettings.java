package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.Objects;

import io.github.eventbus.DispatchMode;

/**
 * How the bus dispatches.
 *
 * @param defaultMode mode of observers that do not set one
 * @param mailboxCapacity how many events each observer's mailbox holds
 * @param publishTimeout how long a publisher waits for room in a full mailbox ({@link Overflow#BLOCK})
 * @param overflow what happens when a mailbox is full
 */
public record DispatchSettings(DispatchMode defaultMode, int mailboxCapacity, Duration publishTimeout,
		Overflow overflow) {

	/** Default mailbox capacity per observer. */
	public static final int DEFAULT_MAILBOX_CAPACITY = 1024;

	/** Default publish timeout. */
	public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

	public DispatchSettings {
		Objects.requireNonNull(defaultMode, "defaultMode");
		Objects.requireNonNull(publishTimeout, "publishTimeout");
		Objects.requireNonNull(overflow, "overflow");
		if (mailboxCapacity <= 0) {
			throw new IllegalArgumentException("mailboxCapacity must be positive but was " + mailboxCapacity);
		}
		if (publishTimeout.isNegative()) {
			throw new IllegalArgumentException("publishTimeout must not be negative but was " + publishTimeout);
		}
	}

	/** The defaults: {@code CONCURRENT_AWAIT}, 1024, 10 s, {@code BLOCK}. */
	public static DispatchSettings defaults() {
		return new DispatchSettings(DispatchMode.CONCURRENT_AWAIT, DEFAULT_MAILBOX_CAPACITY, DEFAULT_PUBLISH_TIMEOUT,
				Overflow.BLOCK);
	}

	/** A copy with another default mode. */
	public DispatchSettings withDefaultMode(DispatchMode mode) {
		return new DispatchSettings(mode, this.mailboxCapacity, this.publishTimeout, this.overflow);
	}

	/** A copy with another mailbox capacity. */
	public DispatchSettings withMailboxCapacity(int capacity) {
		return new DispatchSettings(this.defaultMode, capacity, this.publishTimeout, this.overflow);
	}

	/** A copy with another overflow policy and publish timeout. */
	public DispatchSettings withOverflow(Overflow overflow, Duration publishTimeout) {
		return new DispatchSettings(this.defaultMode, this.mailboxCapacity, publishTimeout, overflow);
	}

}
