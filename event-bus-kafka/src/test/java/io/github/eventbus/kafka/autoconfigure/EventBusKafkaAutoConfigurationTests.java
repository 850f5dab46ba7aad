package io.github.eventbus.kafka.autoconfigure;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.kafka.KafkaObservers;
import io.github.eventbus.kafka.KafkaOutboxRelay;
import io.github.eventbus.kafka.KafkaTopics;
import io.github.eventbus.kafka.ProcessedEvents;
import io.github.eventbus.kafka.TopicResolver;
import io.github.eventbus.kafka.jdbc.JdbcProcessedEvents;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventBusAutoConfiguration.class, EventBusKafkaAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:1");

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(KafkaOutboxRelay.class)
			.doesNotHaveBean(KafkaObservers.class)
			.doesNotHaveBean(TopicResolver.class));
	}

	@Test
	void eventbusEnabledFalseTurnsItOffEvenWhenKafkaIsEnabledWithOrWithoutADataSource() {
		this.contextRunner.withPropertyValues("eventbus.enabled=false", "eventbus.kafka.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KafkaOutboxRelay.class)
				.doesNotHaveBean(KafkaObservers.class)
				.doesNotHaveBean(ProcessedEvents.class));
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("eventbus.enabled=false", "eventbus.kafka.enabled=true",
					"spring.datasource.generate-unique-name=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ProcessedEvents.class);
				assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
						"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'eventbus%'",
						Long.class))
					.isZero();
			});
	}

	@ParameterizedTest
	@CsvSource({ "relay.batch-size, 0", "relay.poll-interval, 0ms", "relay.lease-duration, 10ms",
			"relay.send-timeout, 0s", "relay.retry-backoff, -1s", "topics.pattern, ' '", "topics.partitions, 0",
			"topics.replication-factor, 0", "consumer.auto-offset-reset, oldest", "consumer.retry.max-attempts, 0",
			"consumer.retry.initial-backoff, -1s", "consumer.retry.multiplier, 0.5", "consumer.retry.max-backoff, -1s",
			"consumers.orders-projection.concurrency, 0" })
	void anInvalidValueFailsStartupNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka." + property + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Binding validation errors on eventbus.kafka")
				.hasStackTraceContaining("on field '" + property.replace("orders-projection", "[orders-projection]")
					.replace(".[", "[") + "'"));
	}

	@Test
	void whenEnabledRunsTheRelayAndTheObserversWithStoresInMemory() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(KafkaOutboxRelay.class)
				.hasSingleBean(KafkaObservers.class)
				.hasSingleBean(KafkaTopics.class)
				.hasSingleBean(TopicResolver.class);
			assertThat(context.getBean(TopicResolver.class).topicOf("order-1", "x")).isEqualTo("order-events");
			assertThat(context.getBean(ProcessedEvents.class).getClass().getSimpleName())
				.isEqualTo("InMemoryProcessedEvents");
		});
	}

	@Test
	void theRelayProducerIsIdempotentWithAcksAll() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true", "spring.kafka.producer.acks=1")
			.run((context) -> {
				KafkaTemplate<?, ?> template = context.getBean("eventBusKafkaRelayTemplate", KafkaTemplate.class);
				assertThat(template.getProducerFactory().getConfigurationProperties())
					.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
					.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
					.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("localhost:1"));
				assertThat(context.getBeanProvider(KafkaTemplate.class).getIfUnique())
					.as("the application's template stays Boot's").isNotSameAs(template);
			});
	}

	@Test
	void withADataSourceKeepsLeasesAndProcessedEventsInIt() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, DurableObserversAutoConfiguration.class))
			.withPropertyValues("eventbus.kafka.enabled=true",
					"spring.datasource.url=jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1", "eventbus.jdbc.table-prefix=shop_")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcProcessedEvents.class);
				assertThat(context.getBean(LeaseStore.class)).isInstanceOf(JdbcLeaseStore.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_kafka_processed", Integer.class)).isZero();
			});
	}

	@Test
	void theRelayCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.relay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaOutboxRelay.class)
				.hasSingleBean(KafkaObservers.class));
	}

	@Test
	void topicCreationCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.topics.create=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTopics.class)
				.hasSingleBean(KafkaOutboxRelay.class));
	}

	@Test
	void aUserTopicResolverReplacesOurs() {
		TopicResolver mine = (streamId, type) -> "everything";
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true")
			.withBean(TopicResolver.class, () -> mine)
			.run((context) -> assertThat(context.getBean(TopicResolver.class)).isSameAs(mine));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true")
			.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaOutboxRelay.class)
				.doesNotHaveBean(KafkaObservers.class));
	}

	@Test
	void aKafkaObserverWithoutTopicsFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("eventbus.kafka.enabled=true")
			.withBean(TopiclessObserver.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("eventbus.kafka.consumers.topicless.topics"));
	}

	@Test
	void aKafkaObserverWhileTheModuleIsOffFailsStartupRatherThanGetLocalEvents() {
		this.contextRunner.withBean(TopiclessObserver.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("eventbus.kafka.enabled=true"));
	}

	@Test
	void anObserverMappedByPropertyIsTakenOffTheLocalBus() {
		this.contextRunner
			.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.consumers.local.topics=local-events",
					"eventbus.kafka.topics.create=false")
			.withBean(LocalObserver.class)
			.run((context) -> assertThat(context.getBean(KafkaObservers.class).observerIds()).containsExactly("local"));
	}

	@Nested
	class WithTheDurableObserversAutoConfiguration {

		private final ApplicationContextRunner contextRunner = EventBusKafkaAutoConfigurationTests.this.contextRunner
			.withConfiguration(AutoConfigurations.of(JdbcEventStoreAutoConfiguration.class,
					DurableObserversAutoConfiguration.class))
			.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.topics.create=false");

		@Test
		void sharesItsOneLeaseCheckpointAndDeadLetterStoreInMemory() {
			this.contextRunner.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(LeaseStore.class)
					.hasSingleBean(CheckpointStore.class)
					.hasSingleBean(DeadLetterStore.class)
					.hasBean("eventBusLeaseStore")
					.hasBean("eventBusCheckpointStore")
					.hasBean("eventBusDeadLetterStore");
			});
		}

		@Test
		void sharesItsOneSetOfTablesInTheDatabaseAndStillCreatesTheProcessedTable() {
			this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=jdbc:h2:mem:kafka-durable;DB_CLOSE_DELAY=-1",
						"eventbus.observers.table-prefix=shared_")
				.run((context) -> {
					assertThat(context).hasNotFailed()
						.hasSingleBean(LeaseStore.class)
						.hasSingleBean(CheckpointStore.class)
						.hasSingleBean(DeadLetterStore.class)
						.hasSingleBean(DurableTables.class)
						.hasBean("eventBusLeaseStore")
						.hasSingleBean(JdbcProcessedEvents.class);
					assertThat(context.getBean(DurableTables.class).names())
						.allMatch((name) -> name.startsWith("shared_"));
					JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
					assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_kafka_processed", Integer.class))
						.isZero();
				});
		}

	}

	@Nested
	class Retries {

		@Test
		void fallBackToTheDurableObserversRetrySettings() {
			EventBusKafkaAutoConfigurationTests.this.contextRunner
				.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.topics.create=false",
						"eventbus.retry.max-attempts=7", "eventbus.retry.initial-backoff=1s",
						"eventbus.kafka.consumer.retry.max-backoff=3s")
				.run((context) -> assertThat(retryOf(context.getBean(KafkaObservers.class)))
					.isEqualTo(new RetryPolicy(7, Duration.ofSeconds(1), RetryPolicy.DEFAULT.multiplier(),
							Duration.ofSeconds(3))));
		}

		@Test
		void useTheirOwnSettingsFirst() {
			EventBusKafkaAutoConfigurationTests.this.contextRunner
				.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.topics.create=false",
						"eventbus.retry.max-attempts=7", "eventbus.kafka.consumer.retry.max-attempts=2")
				.run((context) -> assertThat(retryOf(context.getBean(KafkaObservers.class)).maxAttempts())
					.isEqualTo(2));
		}

		@Test
		void withNeitherAreTheDefaults() {
			EventBusKafkaAutoConfigurationTests.this.contextRunner
				.withPropertyValues("eventbus.kafka.enabled=true", "eventbus.kafka.topics.create=false")
				.run((context) -> assertThat(retryOf(context.getBean(KafkaObservers.class)))
					.isEqualTo(RetryPolicy.DEFAULT));
		}

		private static RetryPolicy retryOf(KafkaObservers observers) {
			return (RetryPolicy) ReflectionTestUtils.getField(observers, "retry");
		}

	}

	static class TopiclessObserver {

		@EventObserver(id = "topicless", source = "kafka")
		void on(String event) {
		}

	}

	static class LocalObserver {

		@EventObserver(id = "local")
		void on(String event) {
		}

	}

}
