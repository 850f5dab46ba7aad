package io.github.eventbus.kafka.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.autoconfigure.durable.RetryProperties;
import io.github.eventbus.autoconfigure.jdbc.EventBusJdbcProperties;
import io.github.eventbus.autoconfigure.jdbc.EventBusSchemaInitializer;
import io.github.eventbus.autoconfigure.jdbc.OnEventBusSchemaInitializationCondition;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.kafka.KafkaObservers;
import io.github.eventbus.kafka.KafkaOutboxRelay;
import io.github.eventbus.kafka.KafkaRelaySettings;
import io.github.eventbus.kafka.KafkaTopics;
import io.github.eventbus.kafka.ProcessedEvents;
import io.github.eventbus.kafka.TopicResolver;
import io.github.eventbus.kafka.jdbc.JdbcProcessedEvents;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the Kafka transport: the {@link KafkaOutboxRelay} and the {@link KafkaObservers}.
 * Active with spring-kafka on the class path and {@code eventbus.kafka.enabled=true}.
 * <p>
 * Connections come from Spring Boot's Kafka auto-configuration: the relay's producer and the observers'
 * consumers start from the configuration of Boot's producer and consumer factories (so
 * {@code spring.kafka.*} and service connections apply), with string serialization, an idempotent
 * producer with {@code acks=all}, and auto-commit off. Leases, checkpoints, dead letters and processed
 * events live in the application's database when it has one {@code DataSource}, otherwise in memory.
 * Every bean backs off when the application defines its own.
 * <p>
 * Runs after the durable observers' auto-configuration, so that the relay, Kafka observers and durable
 * observers share its one lease, checkpoint and dead-letter store (and its table prefix); the stores here
 * are only for applications without it. Kafka observers retry as {@code eventbus.kafka.consumer.retry.*}
 * says, each unset setting falling back to {@code eventbus.retry.*}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"io.github.eventbus.autoconfigure.EventBusAutoConfiguration",
		"io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration",
		"io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty("eventbus.kafka.enabled")
@EnableConfigurationProperties({ EventBusKafkaProperties.class, RetryProperties.class })
public final class EventBusKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TopicResolver eventBusTopicResolver(EventBusKafkaProperties properties) {
		return TopicResolver.byCategory(properties.getTopics().getPattern());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "eventbus.kafka.topics.create", matchIfMissing = true)
	KafkaTopics eventBusKafkaTopics(ObjectProvider<KafkaAdmin> admin, ObjectProvider<KafkaProperties> kafka,
			EventBusKafkaProperties properties) {
		KafkaAdmin kafkaAdmin = admin.getIfUnique();
		Map<String, Object> config = (kafkaAdmin != null) ? kafkaAdmin.getConfigurationProperties()
				: kafka.getObject().buildAdminProperties();
		return new KafkaTopics(config, properties.getTopics().getPartitions(),
				properties.getTopics().getReplicationFactor(), Duration.ofSeconds(30));
	}

	@Bean
	@ConditionalOnMissingBean(LeaseStore.class)
	LeaseStore eventBusKafkaInMemoryLeaseStore() {
		return LeaseStore.inMemory();
	}

	@Bean
	@ConditionalOnMissingBean(CheckpointStore.class)
	CheckpointStore eventBusKafkaInMemoryCheckpointStore(LeaseStore leases) {
		return CheckpointStore.inMemory(leases);
	}

	@Bean
	@ConditionalOnMissingBean(DeadLetterStore.class)
	DeadLetterStore eventBusKafkaInMemoryDeadLetterStore() {
		return DeadLetterStore.inMemory();
	}

	@Bean
	@ConditionalOnMissingBean(ProcessedEvents.class)
	ProcessedEvents eventBusKafkaInMemoryProcessedEvents() {
		return ProcessedEvents.inMemory();
	}

	/** The relay's own producer: not a default candidate, so the application's injection points never see it. */
	@Bean(defaultCandidate = false)
	@ConditionalOnBooleanProperty(name = "eventbus.kafka.relay.enabled", matchIfMissing = true)
	@ConditionalOnBean(EventStore.class)
	KafkaTemplate<String, String> eventBusKafkaRelayTemplate(ObjectProvider<ProducerFactory<?, ?>> producerFactory,
			ObjectProvider<KafkaProperties> kafka) {
		ProducerFactory<?, ?> boot = producerFactory.getIfUnique();
		Map<String, Object> config = new HashMap<>(
				(boot != null) ? boot.getConfigurationProperties() : kafka.getObject().buildProducerProperties());
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new StringSerializer());
		factory.setBeanName("eventBusKafkaRelayProducerFactory");
		// A relay that lost its lease resets its producer: what is still buffered must be dropped at once,
		// not sent next to the new owner's batch.
		factory.setPhysicalCloseTimeout(0);
		return new KafkaTemplate<>(factory);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "eventbus.kafka.relay.enabled", matchIfMissing = true)
	@ConditionalOnBean(EventStore.class)
	KafkaOutboxRelay eventBusKafkaRelay(EventStore store, ObjectProvider<JsonMapper> jsonMapper,
			@org.springframework.beans.factory.annotation.Qualifier("eventBusKafkaRelayTemplate") KafkaTemplate<String, String> template,
			TopicResolver topics, ObjectProvider<KafkaTopics> topicCreator, LeaseStore leases,
			CheckpointStore checkpoints, EventBusKafkaProperties properties) {
		EventBusKafkaProperties.Relay relay = properties.getRelay();
		String instanceId = (relay.getInstanceId() != null) ? relay.getInstanceId()
				: DurableSettings.defaultInstanceId();
		KafkaRelaySettings settings = new KafkaRelaySettings(relay.getName(), instanceId, relay.getBatchSize(),
				relay.getPollInterval(), relay.getLeaseDuration(), relay.getSendTimeout(), relay.getRetryBackoff());
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		return new KafkaOutboxRelay(store, mapper::writeValueAsString, template, topics, topicCreator.getIfAvailable(),
				leases, checkpoints, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaObservers eventBusKafkaObservers(ObjectProvider<ConsumerFactory<?, ?>> consumerFactory,
			ObjectProvider<KafkaProperties> kafka, ObjectProvider<EventSerializer> serializer,
			ObjectProvider<EventStore> store, ObjectProvider<JsonMapper> jsonMapper, ProcessedEvents processed,
			DeadLetterStore deadLetters, ObjectProvider<ObserverErrorHandler> errorHandler,
			ObjectProvider<KafkaTopics> topicCreator, EventBusKafkaProperties properties, RetryProperties durableRetry) {
		ConsumerFactory<?, ?> boot = consumerFactory.getIfUnique();
		Map<String, Object> config = new HashMap<>(
				(boot != null) ? boot.getConfigurationProperties() : kafka.getObject().buildConsumerProperties());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, properties.getConsumer().getAutoOffsetReset());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		DefaultKafkaConsumerFactory<String, String> factory = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new StringDeserializer());
		Map<String, KafkaObservers.Consumer> consumers = new LinkedHashMap<>();
		properties.getConsumers()
			.forEach((id, consumer) -> consumers.put(id,
					new KafkaObservers.Consumer(consumer.getTopics(), consumer.getConcurrency())));
		EventSerializer eventSerializer = serializer.getIfUnique(() -> {
			EventStore eventStore = store.getIfUnique();
			return (eventStore instanceof JdbcEventStore jdbc) ? jdbc.serializer()
					: new EventSerializer(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
							new EventTypeRegistry());
		});
		ObserverErrorHandler handler = errorHandler.getIfAvailable(() -> (failure) -> LogFactory
			.getLog(KafkaObservers.class)
			.warn("Kafka observer '" + failure.observerId() + "' failed on " + failure.event() + " (attempt "
					+ failure.attempt() + ")", failure.exception()));
		return new KafkaObservers(factory, consumers, eventSerializer, processed, deadLetters, handler,
				properties.getConsumer().getRetry().toPolicy(durableRetry.toPolicy()),
				properties.getConsumer().getGroupPrefix(),
				topicCreator.getIfAvailable(), Clock.systemUTC());
	}

	/**
	 * Processed events in the application's database, shared by its instances. Processed first, so the
	 * in-memory store above backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@EnableConfigurationProperties(EventBusJdbcProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcProcessedEventsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "eventBusKafkaSchemaInitializer")
		@Conditional(OnEventBusSchemaInitializationCondition.class)
		EventBusSchemaInitializer eventBusKafkaSchemaInitializer(DataSource dataSource, EventBusJdbcProperties jdbc,
				EventBusKafkaProperties properties) {
			return new EventBusSchemaInitializer(dataSource, jdbc, JdbcProcessedEvents.SCHEMA_LOCATION,
					jdbc.tablePrefix(properties.getProcessed().getTablePrefix()));
		}

		@Bean
		@ConditionalOnMissingBean(ProcessedEvents.class)
		@DependsOnDatabaseInitialization
		JdbcProcessedEvents eventBusKafkaProcessedEvents(DataSource dataSource,
				ObjectProvider<PlatformTransactionManager> transactionManager, EventBusJdbcProperties jdbc,
				EventBusKafkaProperties properties) {
			PlatformTransactionManager manager = transactionManager
				.getIfUnique(() -> new DataSourceTransactionManager(dataSource));
			return new JdbcProcessedEvents(dataSource, manager,
					jdbc.tablePrefix(properties.getProcessed().getTablePrefix()), Clock.systemUTC());
		}

	}

}
