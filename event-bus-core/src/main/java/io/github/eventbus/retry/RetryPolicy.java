package io.github.eventbus.retry;

import java.time.Duration;
import java.util.Objects;

import io.github.eventbus.Retry;
import org.jspecify.annotations.Nullable;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * Exponential backoff: attempt {@code n + 1} runs {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}
 * after attempt {@code n} failed; after {@code maxAttempts} failed attempts the caller gives up (for
 * durable observers: dead-letters the event). Immutable and thread-safe.
 *
 * @param maxAttempts attempts in total, the first included; at least 1
 * @param initialBackoff delay after the first failure
 * @param multiplier growth factor of the delay, at least 1
 * @param maxBackoff upper bound of any delay
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

	/** 3 attempts, 100 ms, times 2, at most 10 s: the {@code eventbus.retry.*} defaults. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));

	public RetryPolicy {
		Objects.requireNonNull(initialBackoff, "initialBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
		}
		if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
			throw new IllegalArgumentException("backoffs must not be negative");
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("multiplier must be at least 1 but was " + multiplier);
		}
	}

	/** A policy that gives up after the first failure. */
	public static RetryPolicy noRetries() {
		return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
	}

	/**
	 * The delay before the next attempt.
	 * @param failedAttempts how many attempts have failed so far, from 1
	 * @return the delay, never more than {@link #maxBackoff()}
	 */
	public Duration backoffAfter(int failedAttempts) {
		double millis = this.initialBackoff.toMillis() * Math.pow(this.multiplier, Math.max(0, failedAttempts - 1));
		long max = this.maxBackoff.toMillis();
		return Duration.ofMillis((millis >= max) ? max : (long) millis);
	}

	/** Whether another attempt may follow {@code failedAttempts} failed ones. */
	public boolean allowsAnotherAttempt(int failedAttempts) {
		return failedAttempts < this.maxAttempts;
	}

	/**
	 * This policy with the attributes set on {@code retry} replacing ours.
	 * @param retry the annotation, or {@code null}
	 * @return the merged policy
	 */
	public RetryPolicy overriddenBy(@Nullable Retry retry) {
		if (retry == null) {
			return this;
		}
		return new RetryPolicy((retry.maxAttempts() > 0) ? retry.maxAttempts() : this.maxAttempts,
				parse(retry.initialBackoff(), this.initialBackoff), (retry.multiplier() > 0) ? retry.multiplier()
						: this.multiplier, parse(retry.maxBackoff(), this.maxBackoff));
	}

	private static Duration parse(String text, Duration fallback) {
		return text.isBlank() ? fallback : DurationFormatterUtils.detectAndParse(text.strip());
	}

}
