package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;

import io.github.eventbus.retry.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How durable observers retry a failed event ({@code eventbus.retry.*}); {@code @Retry} on an observer
 * method overrides these.
 */
@ConfigurationProperties("eventbus.retry")
public class RetryProperties {

	/**
	 * Attempts in total, the first included, before an event is dead-lettered; 1 disables retries.
	 */
	private int maxAttempts = RetryPolicy.DEFAULT.maxAttempts();

	/**
	 * Delay before the second attempt.
	 */
	private Duration initialBackoff = RetryPolicy.DEFAULT.initialBackoff();

	/**
	 * Factor applied to the delay after each failed attempt.
	 */
	private double multiplier = RetryPolicy.DEFAULT.multiplier();

	/**
	 * Upper bound of the delay between two attempts.
	 */
	private Duration maxBackoff = RetryPolicy.DEFAULT.maxBackoff();

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	/**
	 * The policy these settings describe.
	 * @return the policy
	 */
	public RetryPolicy toPolicy() {
		return new RetryPolicy(this.maxAttempts, this.initialBackoff, this.multiplier, this.maxBackoff);
	}

}
