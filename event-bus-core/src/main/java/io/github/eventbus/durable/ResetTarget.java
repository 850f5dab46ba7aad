package io.github.eventbus.durable;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where {@link DurableObservers#reset} moves a durable observer: every segment's checkpoint is set so that
 * the observer handles again every event from the target on. Immutable.
 */
public final class ResetTarget {

	private final long position;

	private final @Nullable Instant time;

	private ResetTarget(long position, @Nullable Instant time) {
		this.position = position;
		this.time = time;
	}

	/** The beginning of the store: a full rebuild. */
	public static ResetTarget beginning() {
		return new ResetTarget(1, null);
	}

	/**
	 * The event at {@code position} and every later one are handled again.
	 * @param position a store position (positions need not be dense)
	 * @return the target
	 */
	public static ResetTarget position(long position) {
		if (position < 1) {
			throw new IllegalArgumentException("position must be at least 1: " + position);
		}
		return new ResetTarget(position, null);
	}

	/**
	 * The first event, in position order, that occurred at or after {@code time}, and every later one, are
	 * handled again. Finding it reads the store from the beginning.
	 * @param time the time
	 * @return the target
	 */
	public static ResetTarget time(Instant time) {
		return new ResetTarget(-1, Objects.requireNonNull(time, "time"));
	}

	/** The position to start from, or -1 for a time target. */
	long position() {
		return this.position;
	}

	@Nullable Instant time() {
		return this.time;
	}

	@Override
	public String toString() {
		return (this.time != null) ? "time " + this.time : "position " + this.position;
	}

}
