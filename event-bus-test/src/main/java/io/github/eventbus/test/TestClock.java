package io.github.eventbus.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Clock} a test moves forward: it follows the system clock plus everything {@link #advance(Duration)
 * advanced} so far, or stands still once {@link #freeze() frozen} (until the next test method begins). The test
 * slices register one as the application's primary {@code Clock} bean, which sagas schedule and fire their
 * deadlines by.
 * <p>
 * Thread-safe.
 */
public final class TestClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset;

	private final AtomicReference<@Nullable Instant> frozen;

	/** A clock that follows the system clock (UTC) until advanced or frozen. */
	public TestClock() {
		this(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO), new AtomicReference<>());
	}

	private TestClock(Clock base, AtomicReference<Duration> offset, AtomicReference<@Nullable Instant> frozen) {
		this.base = base;
		this.offset = offset;
		this.frozen = frozen;
	}

	/**
	 * Moves time forward.
	 * @param duration how far, not negative
	 * @return the new current instant
	 */
	public Instant advance(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A test clock only moves forward, not by " + duration);
		}
		this.offset.accumulateAndGet(duration, Duration::plus);
		this.frozen.getAndUpdate((instant) -> (instant != null) ? instant.plus(duration) : null);
		return instant();
	}

	/**
	 * Stops time at the current instant; {@link #advance(Duration)} still moves it.
	 * @return the instant it stands at
	 */
	public Instant freeze() {
		Instant now = instant();
		this.frozen.set(now);
		return now;
	}

	/**
	 * Lets a frozen clock follow the system clock again, from where it stands or later (never back); done
	 * before each test method.
	 */
	void thaw() {
		// Never back: advance() moved the offset along with the frozen instant, and the system clock went on.
		this.frozen.set(null);
	}

	@Override
	public Instant instant() {
		Instant stopped = this.frozen.get();
		return (stopped != null) ? stopped : this.base.instant().plus(this.offset.get());
	}

	@Override
	public ZoneId getZone() {
		return this.base.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new TestClock(this.base.withZone(zone), this.offset, this.frozen);
	}

}
