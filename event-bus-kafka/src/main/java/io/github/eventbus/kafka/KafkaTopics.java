package io.github.eventbus.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.eventbus.EventBusException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

/**
 * Creates the topics the relay sends to and the consumers read from when they do not exist yet, with the
 * configured partition count and replication factor. Existing topics are left as they are: adding
 * partitions would move streams to other partitions and break their order.
 * <p>
 * Thread-safe. Each topic is checked once per instance; a failure is thrown to the caller, which retries.
 */
public final class KafkaTopics implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KafkaTopics.class);

	private final Map<String, Object> adminConfig;

	private final Optional<Integer> partitions;

	private final Optional<Short> replicationFactor;

	private final Duration timeout;

	private final Set<String> known = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Admin admin;

	/**
	 * @param adminConfig the admin client configuration (bootstrap servers, security)
	 * @param partitions the partition count of created topics, or {@code null} for the broker's default
	 * @param replicationFactor the replication factor of created topics, or {@code null} for the broker's
	 * default
	 * @param timeout how long one creation may take
	 */
	public KafkaTopics(Map<String, Object> adminConfig, @Nullable Integer partitions,
			@Nullable Short replicationFactor, Duration timeout) {
		this.adminConfig = Map.copyOf(adminConfig);
		this.partitions = Optional.ofNullable(partitions);
		this.replicationFactor = Optional.ofNullable(replicationFactor);
		this.timeout = timeout;
	}

	/**
	 * Creates the topics among {@code topics} that do not exist.
	 * @param topics topic names
	 * @throws EventBusException if the cluster cannot be reached or refuses
	 */
	public void ensure(Collection<String> topics) {
		List<NewTopic> missing = new ArrayList<>();
		for (String topic : topics) {
			if (!this.known.contains(topic)) {
				missing.add(new NewTopic(topic, this.partitions, this.replicationFactor));
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin().createTopics(missing).values();
		for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : results.entrySet()) {
			try {
				result.getValue().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				logger.info("Created Kafka topic '" + result.getKey() + "'");
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw new EventBusException("Cannot create Kafka topic '" + result.getKey() + "'", ex.getCause());
				}
			}
			catch (TimeoutException ex) {
				throw new EventBusException("Timed out creating Kafka topic '" + result.getKey() + "'", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new EventBusException("Interrupted creating Kafka topic '" + result.getKey() + "'", ex);
			}
			this.known.add(result.getKey());
		}
	}

	private Admin admin() {
		Admin current = this.admin;
		if (current == null) {
			synchronized (this) {
				current = this.admin;
				if (current == null) {
					current = Admin.create(this.adminConfig);
					this.admin = current;
				}
			}
		}
		return current;
	}

	@Override
	public void close() {
		Admin current = this.admin;
		if (current != null) {
			current.close(Duration.ofSeconds(5));
		}
	}

}
