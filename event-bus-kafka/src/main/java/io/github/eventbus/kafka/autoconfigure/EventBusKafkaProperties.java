package io.github.eventbus.kafka.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventbus.autoconfigure.jdbc.TableSetProperties;
import io.github.eventbus.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;

/**
 * Settings of the Kafka transport ({@code eventbus.kafka.*}). Connections (bootstrap servers, security,
 * client settings) come from Spring Boot's {@code spring.kafka.*}.
 */
@ConfigurationProperties("eventbus.kafka")
public class EventBusKafkaProperties extends TableSetProperties {

	/** Whether to send stored events to Kafka and feed Kafka observers. */
	private boolean enabled;

	private final Relay relay = new Relay();

	private final Topics topics = new Topics();

	private final Consumer consumer = new Consumer();

	/** Topics read by each Kafka observer, by observer id. */
	private Map<String, ObserverConsumer> consumers = new LinkedHashMap<>();

	private final Processed processed = new Processed();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public Topics getTopics() {
		return this.topics;
	}

	public Consumer getConsumer() {
		return this.consumer;
	}

	public Map<String, ObserverConsumer> getConsumers() {
		return this.consumers;
	}

	public void setConsumers(Map<String, ObserverConsumer> consumers) {
		this.consumers = consumers;
	}

	public Processed getProcessed() {
		return this.processed;
	}

	@Override
	protected void validateSettings(Errors errors) {
		atLeast(errors, "relay.batch-size", this.relay.getBatchSize(), 1);
		atLeast(errors, "relay.poll-interval", this.relay.getPollInterval(), Duration.ofMillis(1));
		atLeast(errors, "relay.lease-duration", this.relay.getLeaseDuration(), Duration.ofMillis(30));
		atLeast(errors, "relay.send-timeout", this.relay.getSendTimeout(), Duration.ofMillis(1));
		atLeast(errors, "relay.retry-backoff", this.relay.getRetryBackoff(), Duration.ZERO);
		if (this.topics.getPattern().isBlank()) {
			errors.rejectValue("topics.pattern", "blank", "must not be blank");
		}
		atLeast(errors, "topics.partitions", this.topics.getPartitions(), 1);
		Short replicationFactor = this.topics.getReplicationFactor();
		atLeast(errors, "topics.replication-factor", (replicationFactor != null) ? replicationFactor.intValue() : null, 1);
		if (!List.of("earliest", "latest", "none").contains(this.consumer.getAutoOffsetReset())) {
			errors.rejectValue("consumer.auto-offset-reset", "unknown", "must be earliest, latest or none");
		}
		Retry retry = this.consumer.getRetry();
		atLeast(errors, "consumer.retry.max-attempts", retry.getMaxAttempts(), 1);
		atLeast(errors, "consumer.retry.initial-backoff", retry.getInitialBackoff(), Duration.ZERO);
		atLeast(errors, "consumer.retry.max-backoff", retry.getMaxBackoff(), Duration.ZERO);
		Double multiplier = retry.getMultiplier();
		if (multiplier != null && !(multiplier >= 1.0 && multiplier < Double.POSITIVE_INFINITY)) {
			errors.rejectValue("consumer.retry.multiplier", "tooSmall", "must be at least 1");
		}
		this.consumers.forEach((id, consumer) -> atLeast(errors, "consumers[" + id + "].concurrency",
				consumer.getConcurrency(), 1));
	}

	private static void atLeast(Errors errors, String property, @Nullable Integer value, int minimum) {
		if (value != null && value < minimum) {
			errors.rejectValue(property, "tooSmall", "must be at least " + minimum);
		}
	}

	private static void atLeast(Errors errors, String property, @Nullable Duration value, Duration minimum) {
		if (value != null && value.compareTo(minimum) < 0) {
			errors.rejectValue(property, "tooSmall", "must be at least " + minimum.toMillis() + " ms");
		}
	}

	/** The outbox relay: follows the event store and sends every event to Kafka. */
	public static class Relay {

		/** Whether this application runs the relay (one instance at a time sends). */
		private boolean enabled = true;

		/** Name of the relay's lease and checkpoint; instances sharing a database and this name share one relay. */
		private String name = "eventbus-kafka-relay";

		/** Id of this instance as lease owner; defaults to host name, process id and a random part. */
		private @Nullable String instanceId;

		/** How many events are sent before the checkpoint is saved. */
		private int batchSize = 500;

		/** How often the store is read for events appended by other instances. */
		private Duration pollInterval = Duration.ofMillis(200);

		/** How long an instance owns the relay without renewing; another takes over at most this long after it dies. */
		private Duration leaseDuration = Duration.ofSeconds(10);

		/**
		 * How long the relay waits for Kafka to acknowledge a batch before sending it again; never longer
		 * than it holds its lease.
		 */
		private Duration sendTimeout = Duration.ofMinutes(2);

		/** How long the relay waits after a failed batch before sending again from its checkpoint. */
		private Duration retryBackoff = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public Duration getRetryBackoff() {
			return this.retryBackoff;
		}

		public void setRetryBackoff(Duration retryBackoff) {
			this.retryBackoff = retryBackoff;
		}

	}

	/** Topic names and their creation. */
	public static class Topics {

		/** Name of the topic of each stream category ("{category}" is the stream id up to the first '-' or ':'). */
		private String pattern = "{category}-events";

		/** Whether to create missing topics: the relay's before its first send to each, the consumers' at startup. */
		private boolean create = true;

		/** Partition count of created topics; the broker's default when unset. */
		private @Nullable Integer partitions;

		/** Replication factor of created topics; the broker's default when unset. */
		private @Nullable Short replicationFactor;

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public @Nullable Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(@Nullable Integer partitions) {
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

	}

	/** Settings shared by every Kafka observer. */
	public static class Consumer {

		/** Prefix of the consumer group names; each observer's group is this prefix plus its id. */
		private String groupPrefix = "";

		/** Where a new consumer group starts: earliest or latest. */
		private String autoOffsetReset = "earliest";

		private final Retry retry = new Retry();

		public String getGroupPrefix() {
			return this.groupPrefix;
		}

		public void setGroupPrefix(String groupPrefix) {
			this.groupPrefix = groupPrefix;
		}

		public String getAutoOffsetReset() {
			return this.autoOffsetReset;
		}

		public void setAutoOffsetReset(String autoOffsetReset) {
			this.autoOffsetReset = autoOffsetReset;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retries of Kafka observers without {@code @Retry}. Each setting left unset falls back to the same
	 * {@code eventbus.retry.*} setting of durable observers, then to {@link RetryPolicy#DEFAULT}.
	 */
	public static class Retry {

		/** Attempts in total, the first included, before an event becomes a dead letter. */
		private @Nullable Integer maxAttempts;

		/** Delay after the first failure. */
		private @Nullable Duration initialBackoff;

		/** Growth factor of the delay. */
		private @Nullable Double multiplier;

		/** Upper bound of any delay; keep it well under max.poll.interval.ms, since the partition waits. */
		private @Nullable Duration maxBackoff;

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		/**
		 * The policy of these settings, each unset one taken from {@code fallback}.
		 * @param fallback the durable observers' {@code eventbus.retry.*} policy, or the default one
		 */
		RetryPolicy toPolicy(RetryPolicy fallback) {
			return new RetryPolicy((this.maxAttempts != null) ? this.maxAttempts : fallback.maxAttempts(),
					(this.initialBackoff != null) ? this.initialBackoff : fallback.initialBackoff(),
					(this.multiplier != null) ? this.multiplier : fallback.multiplier(),
					(this.maxBackoff != null) ? this.maxBackoff : fallback.maxBackoff());
		}

	}

	/** What one Kafka observer reads. */
	public static class ObserverConsumer {

		/** Topics the observer reads. */
		private List<String> topics = new ArrayList<>();

		/** Consumer threads of this observer in this instance; the observer's concurrency when unset. */
		private @Nullable Integer concurrency;

		public List<String> getTopics() {
			return this.topics;
		}

		public void setTopics(List<String> topics) {
			this.topics = topics;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

	}

	/** The processed-events table that deduplicates redelivered records. */
	public static class Processed {

		/**
		 * Prefix of the processed-events table name, when it differs from eventbus.jdbc.table-prefix.
		 */
		private @Nullable String tablePrefix;

		public @Nullable String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(@Nullable String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

	@Override
	protected @Nullable String tableSetPrefix() {
		return this.processed.getTablePrefix();
	}

	@Override
	protected String tableSetPrefixProperty() {
		return "processed.table-prefix";
	}

}
