package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;

import io.github.eventbus.StartFrom;
import io.github.eventbus.autoconfigure.jdbc.TableSetProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Durable observers ({@code eventbus.observers.*}): which observers are durable by default and how they run.
 */
@ConfigurationProperties("eventbus.observers")
public class DurableObserversProperties extends TableSetProperties {

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

	static final int DEFAULT_BATCH_SIZE = 100;

	static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(10);

	/**
	 * Whether observers that do not set @EventObserver(durable = ...) are durable: fed from the event store
	 * behind a checkpoint.
	 */
	private boolean durableByDefault;

	/**
	 * How long one call of any observer (in-memory, durable, saga) may run unless it sets
	 * @EventObserver(timeout = ...); a call that runs longer fails and is interrupted. Unset: no limit.
	 */
	private @Nullable Duration timeout;

	/**
	 * How often a durable observer reads the store for events appended by other instances; events appended
	 * by this instance wake it at once.
	 */
	private Duration pollInterval = DEFAULT_POLL_INTERVAL;

	/**
	 * Maximum number of events a durable observer reads at once.
	 */
	private int batchSize = DEFAULT_BATCH_SIZE;

	/**
	 * How long an instance owns a durable observer without renewing; another instance takes over at most
	 * this long after the owner dies.
	 */
	private Duration leaseDuration = DEFAULT_LEASE_DURATION;

	/**
	 * How many segments a durable observer that does not set @EventObserver(segments = ...) is split into, by
	 * stream id (a saga's by saga instance), so that application instances share it; 1 runs it on one instance
	 * at a time.
	 */
	private int segments = 1;

	/**
	 * Where a durable observer without a checkpoint starts: from the beginning of the store or from now.
	 */
	private StartFrom startFrom = StartFrom.BEGINNING;

	/**
	 * Id of this application instance, recorded as lease owner. Defaults to host name, process id and a
	 * random suffix.
	 */
	private @Nullable String instanceId;

	/**
	 * Prefix of the checkpoint, lease and dead-letter table names, when it differs from
	 * eventbus.jdbc.table-prefix.
	 */
	private @Nullable String tablePrefix;

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("eventbus.observers.timeout must not be negative, not " + timeout);
		}
		this.timeout = timeout;
	}

	public boolean isDurableByDefault() {
		return this.durableByDefault;
	}

	public void setDurableByDefault(boolean durableByDefault) {
		this.durableByDefault = durableByDefault;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public int getSegments() {
		return this.segments;
	}

	public void setSegments(int segments) {
		this.segments = segments;
	}

	public StartFrom getStartFrom() {
		return this.startFrom;
	}

	public void setStartFrom(StartFrom startFrom) {
		this.startFrom = startFrom;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public @Nullable String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(@Nullable String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	@Override
	protected @Nullable String tableSetPrefix() {
		return this.tablePrefix;
	}

}
