package io.github.eventbus.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Thresholds of the {@code eventbus} health indicator.
 */
@ConfigurationProperties("eventbus.health")
public class EventBusHealthProperties {

	/** Default status reported when a threshold is exceeded. */
	public static final String DEFAULT_STATUS = "OUT_OF_SERVICE";

	/**
	 * Most events a durable observer may be behind (stored after its checkpoint) before health reports it; unset for
	 * no limit.
	 */
	private @Nullable Long maxLag;

	/**
	 * Most pending dead letters a durable observer may have before health reports it; unset for no limit.
	 */
	private @Nullable Long maxDeadLetters;

	/**
	 * Health status reported when an observer exceeds a threshold.
	 */
	private String status = DEFAULT_STATUS;

	public @Nullable Long getMaxLag() {
		return this.maxLag;
	}

	public void setMaxLag(@Nullable Long maxLag) {
		this.maxLag = maxLag;
	}

	public @Nullable Long getMaxDeadLetters() {
		return this.maxDeadLetters;
	}

	public void setMaxDeadLetters(@Nullable Long maxDeadLetters) {
		this.maxDeadLetters = maxDeadLetters;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

}
