package io.github.eventbus.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link KafkaOutboxRelay} runs ({@code eventbus.kafka.relay.*}).
 *
 * @param name the name of the relay's lease and checkpoint; instances sharing a database and this name
 * share one relay
 * @param instanceId this instance's id, recorded as lease owner
 * @param batchSize how many events are read and sent before the checkpoint is saved
 * @param pollInterval how often the store is read for events appended by other instances
 * @param leaseDuration how long an instance owns the relay without renewing; another instance takes over
 * at most this long after the owner dies
 * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch before resending it
 * @param retryBackoff how long the relay waits after a failed batch
 */
public record KafkaRelaySettings(String name, String instanceId, int batchSize, Duration pollInterval,
		Duration leaseDuration, Duration sendTimeout, Duration retryBackoff) {

	/** The default lease and checkpoint name. */
	public static final String DEFAULT_NAME = "eventbus-kafka-relay";

	public KafkaRelaySettings {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(leaseDuration, "leaseDuration");
		Objects.requireNonNull(sendTimeout, "sendTimeout");
		Objects.requireNonNull(retryBackoff, "retryBackoff");
		if (batchSize < 1) {
			throw new IllegalArgumentException("eventbus.kafka.relay.batch-size must be positive but was " + batchSize);
		}
		if (pollInterval.toMillis() < 1 || leaseDuration.toMillis() < 30) {
			throw new IllegalArgumentException("eventbus.kafka.relay.poll-interval must be at least 1 ms and "
					+ "eventbus.kafka.relay.lease-duration at least 30 ms");
		}
	}

}
