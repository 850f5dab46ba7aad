package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;

import io.github.eventbus.retry.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How durable observers retry a failed event ({@code eventbus.retry.*}); {@code @Retry} on an observer
 * method overrides these.
 * <p>
 * Defaults are literals so that the configuration metadata shows them; a test keeps them equal to
 * {@link RetryPolicy#DEFAULT}.
 */
@ConfigurationProperties("eventbus.retry")
public class RetryProperties {

	/**
	 * Attempts in total, the first included, before an event is dead-lettered; 1 disables retries.
	 */
	private int maxAttempts = 3;

	/**
	 * Delay before the second attempt.
	 */
	private Duration initialBackoff = Duration.ofMillis(100);

	/**
	 * Factor applied to the delay after each failed attempt.
	 */
	private double multiplier = 2.0;

	/**
	 * Upper bound of the delay between two attempts.
	 */
	private Duration maxBackoff = Duration.ofSeconds(10);

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
