package io.github.eventbus.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids: version 7 UUIDs (milliseconds since the epoch, then random bits), so ids sort
 * roughly by time. Uses {@link ThreadLocalRandom}, not {@code SecureRandom}: ids must be unique, not
 * unguessable, and this keeps id generation off the hot path's profile.
 */
public final class EventIds {

	private EventIds() {
	}

	/** A new time-ordered id. */
	public static UUID next() {
		return next(System.currentTimeMillis());
	}

	/**
	 * A new time-ordered id for an event stored at {@code epochMillis}; lets a store read the clock once
	 * for both the id and {@code occurredAt} (the clock read is a measurable part of an in-memory publish).
	 * @param epochMillis milliseconds since the epoch
	 * @return the id
	 */
	public static UUID next(long epochMillis) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = epochMillis;
		long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
		long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}

	/** The current time in microseconds since the epoch, as stored in {@code occurredAt}. */
	public static long nowMicros() {
		return System.currentTimeMillis() * 1000L;
	}

}
