package io.github.eventbus.kafka;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.Retry;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.jdbc.EventSerializer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Feeds Kafka observers, {@code @EventObserver(source = "kafka")} methods and observers whose id has an
 * {@code eventbus.kafka.consumers.<id>} entry, from Kafka topics instead of the local bus.
 *
 * <h2>Delivery</h2>
 * Each observer has its own listener container in the consumer group named after its id (with the
 * configured prefix), reading the topics mapped to it with {@code concurrency} consumer threads; the
 * instances of an application share the partitions between them. Records of one partition, hence of one
 * stream, are handled in order. Offsets are committed by the container after the records of a poll have
 * been handled or dead-lettered, never before, so a crash redelivers instead of losing; a redelivered
 * event is recognized by its id in {@link ProcessedEvents} and not handed to the observer again.
 *
 * <h2>Failures</h2>
 * A failed attempt is reported to the {@link ObserverErrorHandler} and retried after the backoff of the
 * {@link RetryPolicy} (or {@link Retry} on the method), blocking its partition meanwhile. After the last
 * attempt the event becomes a {@link io.github.eventbus.deadletter.DeadLetter} and later events of its
 * stream are parked behind it as dead letters too, so a stream is never applied out of order. A record
 * whose type is not registered, or whose JSON does not fit the class, is dead-lettered at once as
 * unreadable: the consumer never loops on it. Each dead letter keeps a copy of its record (the event lives
 * in another application's store, and Kafka may delete it), so dead letters are replayed and discarded as
 * for durable observers: the instance consuming the record's partition delivers the entries marked for
 * replay within a second, stream by stream and in order; discarding a stream's failed event releases the
 * events parked behind it the same way.
 * <p>
 * Thread-safe. A {@link SmartLifecycle}: containers start with the context and stop with it.
 */
public final class KafkaObservers implements DispatchExtension, SmartLifecycle, Ordered {

	/** The value of {@link EventObserver#source()} that makes an observer a Kafka observer. */
	public static final String SOURCE = "kafka";

	private static final Log logger = LogFactory.getLog(KafkaObservers.class);

	private final ConsumerFactory<String, String> consumerFactory;

	private final Map<String, Consumer> consumers;

	private final EventSerializer serializer;

	private final ProcessedEvents processed;

	private final DeadLetterStore deadLetters;

	private final ObserverErrorHandler errorHandler;

	private final RetryPolicy retry;

	private final String groupPrefix;

	private final @Nullable KafkaTopics topics;

	private final Clock clock;

	private final Map<String, Registered> observers = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile @Nullable ScheduledExecutorService replays;

	/**
	 * What one observer reads.
	 * @param topics the topics
	 * @param concurrency consumer threads, or {@code null} for the observer's {@code concurrency}
	 */
	public record Consumer(List<String> topics, @Nullable Integer concurrency) {

		public Consumer {
			topics = List.copyOf(topics);
		}

	}

	/**
	 * @param consumerFactory creates consumers with string keys and values and auto-commit off
	 * @param consumers the topics of each observer id
	 * @param serializer reads payloads, allow-listed by its registry
	 * @param processed remembers handled events
	 * @param deadLetters keeps events given up on
	 * @param errorHandler told every failed attempt
	 * @param retry the retry policy of observers without {@link Retry}
	 * @param groupPrefix prepended to the observer id to name its consumer group
	 * @param topics creates missing topics at start, or {@code null}
	 * @param clock stamps dead letters
	 */
	public KafkaObservers(ConsumerFactory<String, String> consumerFactory, Map<String, Consumer> consumers,
			EventSerializer serializer, ProcessedEvents processed, DeadLetterStore deadLetters,
			ObserverErrorHandler errorHandler, RetryPolicy retry, String groupPrefix, @Nullable KafkaTopics topics,
			Clock clock) {
		this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
		this.consumers = Map.copyOf(consumers);
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		this.processed = Objects.requireNonNull(processed, "processed");
		this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
		this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
		this.retry = Objects.requireNonNull(retry, "retry");
		this.groupPrefix = Objects.requireNonNull(groupPrefix, "groupPrefix");
		this.topics = topics;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public boolean register(ObserverDefinition definition) {
		EventObserver annotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(),
				EventObserver.class);
		boolean fromKafka = annotation != null && SOURCE.equals(annotation.source());
		Consumer consumer = this.consumers.get(definition.id());
		if (!fromKafka && consumer == null) {
			return false;
		}
		if (consumer == null || consumer.topics().isEmpty()) {
			throw new IllegalStateException("Kafka observer '" + definition.id() + "' (" + definition.describe()
					+ ") has no topics: set eventbus.kafka.consumers." + definition.id() + ".topics");
		}
		this.serializer.registry().registerObserved(definition.payloadType());
		Retry retryAnnotation = AnnotatedElementUtils.findMergedAnnotation(definition.method(), Retry.class);
		KafkaObserverListener listener = new KafkaObserverListener(definition, this.serializer, this.processed,
				this.deadLetters, this.errorHandler, this.retry.overriddenBy(retryAnnotation), this.clock);
		int concurrency = (consumer.concurrency() != null) ? consumer.concurrency() : definition.concurrency();
		Registered registered = new Registered(listener, consumer.topics(), Math.max(1, concurrency));
		if (this.observers.putIfAbsent(definition.id(), registered) != null) {
			throw new IllegalStateException("Two Kafka observers have the id '" + definition.id() + "': "
					+ definition.describe() + " and another one; give one of them another id()");
		}
		if (this.running) {
			start(registered);
		}
		return true;
	}

	/**
	 * The partitions this instance reads for one observer now.
	 * @param observerId the observer id
	 * @return the assigned partitions, as {@code topic-partition}; empty when none or not running
	 */
	public List<String> assignedPartitions(String observerId) {
		Registered registered = this.observers.get(observerId);
		ConcurrentMessageListenerContainer<String, String> container = (registered != null) ? registered.container
				: null;
		if (container == null || container.getAssignedPartitions() == null) {
			return List.of();
		}
		return container.getAssignedPartitions().stream().map(Object::toString).sorted().toList();
	}

	/** The ids of the observers fed from Kafka. */
	public List<String> observerIds() {
		return new ArrayList<>(this.observers.keySet());
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		for (Registered registered : this.observers.values()) {
			start(registered);
		}
		ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "eventbus-kafka-replays");
			thread.setDaemon(true);
			return thread;
		});
		pool.scheduleWithFixedDelay(this::runReplays, 1, 1, TimeUnit.SECONDS);
		this.replays = pool;
		for (String id : this.consumers.keySet()) {
			if (!this.observers.containsKey(id)) {
				logger.warn("eventbus.kafka.consumers." + id + " names no @EventObserver id; nothing consumes "
						+ this.consumers.get(id).topics());
			}
		}
	}

	private void start(Registered registered) {
		String observerId = registered.listener.observerId();
		if (this.topics != null) {
			try {
				this.topics.ensure(registered.topics);
			}
			catch (RuntimeException ex) {
				// The container waits for its topics; an unreachable cluster must not stop the application.
				logger.warn("Could not create the topics of Kafka observer '" + observerId + "'; consuming anyway", ex);
			}
		}
		ContainerProperties properties = new ContainerProperties(registered.topics.toArray(String[]::new));
		properties.setGroupId(this.groupPrefix + observerId);
		properties.setClientId("eventbus-" + observerId);
		properties.setAckMode(ContainerProperties.AckMode.BATCH);
		properties.setMessageListener(registered.listener);
		ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
				this.consumerFactory, properties);
		container.setConcurrency(registered.concurrency);
		container.setBeanName("eventbus-kafka-" + observerId);
		container.setCommonErrorHandler(errorHandler(registered.listener));
		container.start();
		registered.container = container;
		logger.info("Kafka observer '" + observerId + "' consumes " + registered.topics + " in group '"
				+ this.groupPrefix + observerId + "'");
	}

	private static DefaultErrorHandler errorHandler(KafkaObserverListener listener) {
		RetryPolicy retry = listener.retry();
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxAttempts() - 1);
		backOff.setInitialInterval(Math.max(1, retry.initialBackoff().toMillis()));
		backOff.setMultiplier(retry.multiplier());
		backOff.setMaxInterval(Math.max(1, retry.maxBackoff().toMillis()));
		DefaultErrorHandler handler = new DefaultErrorHandler(listener, backOff);
		handler.addNotRetryableExceptions(KafkaObserverListener.UnreadableRecordException.class);
		handler.setRetryListeners(listener);
		handler.setCommitRecovered(true);
		return handler;
	}

	/** Delivers the dead letters marked for replay, for the partitions this instance consumes. */
	private void runReplays() {
		for (Registered registered : this.observers.values()) {
			String observerId = registered.listener.observerId();
			try {
				registered.listener.runReplays(new HashSet<>(assignedPartitions(observerId)));
			}
			catch (RuntimeException ex) {
				logger.warn("Replaying dead letters of Kafka observer '" + observerId + "' failed; trying again", ex);
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		ScheduledExecutorService pool = this.replays;
		this.replays = null;
		if (pool != null) {
			pool.shutdown();
		}
		for (Registered registered : this.observers.values()) {
			ConcurrentMessageListenerContainer<String, String> container = registered.container;
			if (container != null) {
				container.stop();
				registered.container = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Offered observers before durable observers, so a Kafka observer is never also fed from the store. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	private static final class Registered {

		final KafkaObserverListener listener;

		final List<String> topics;

		final int concurrency;

		volatile @Nullable ConcurrentMessageListenerContainer<String, String> container;

		Registered(KafkaObserverListener listener, List<String> topics, int concurrency) {
			this.listener = listener;
			this.topics = List.copyOf(topics);
			this.concurrency = concurrency;
		}

	}

}
