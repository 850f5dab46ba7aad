package io.github.eventbus.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.json.JsonMapper;

/** Applications for the broker tests: each is a full Boot context on a shared H2 database. */
final class KafkaTestApps {

	private KafkaTestApps() {
	}

	/** A new H2 database name, kept open between contexts of this JVM. */
	static String newDatabase() {
		return "jdbc:h2:mem:kafka-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	/** A publishing application: JDBC store, bus, relay, no Kafka observers. */
	static ConfigurableApplicationContext publisher(EmbeddedKafkaBroker broker, String database, String... extra) {
		return start(PublisherApp.class, broker, database, List.of("eventbus.kafka.relay.lease-duration=1s",
				"eventbus.kafka.relay.poll-interval=50ms", "eventbus.kafka.relay.retry-backoff=200ms"), extra);
	}

	/** A consuming application: the recording Kafka observer, no relay. */
	static ConfigurableApplicationContext consumer(EmbeddedKafkaBroker broker, String database, String... extra) {
		return start(ConsumerApp.class, broker, database, List.of("eventbus.kafka.relay.enabled=false",
				"eventbus.kafka.consumers." + RecordingKafkaObserver.ID + ".topics=order-events",
				"eventbus.kafka.consumer.group-prefix=test-"), extra);
	}

	private static ConfigurableApplicationContext start(Class<?> app, EmbeddedKafkaBroker broker, String database,
			List<String> defaults, String... extra) {
		List<String> properties = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"spring.datasource.url=" + database, "eventbus.kafka.enabled=true", "eventbus.kafka.topics.partitions=4",
				"spring.kafka.consumer.properties.max.poll.records=200"));
		properties.addAll(defaults);
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/** Publishes {@code rounds * streams * perRound} events, interleaving the streams. */
	static void publish(EventBus bus, String prefix, int streams, int rounds, int perRound) {
		for (int round = 0; round < rounds; round++) {
			for (int stream = 0; stream < streams; stream++) {
				List<OrderPlaced> payloads = new ArrayList<>(perRound);
				for (int i = 0; i < perRound; i++) {
					payloads.add(new OrderPlaced(prefix + stream, round * perRound + i + 1));
				}
				bus.publishAll(prefix + stream, (long) round * perRound, payloads);
			}
		}
	}

	/** Publishes {@code rounds} more rounds on streams that already have {@code doneRounds * perRound} events. */
	static void publishMore(EventBus bus, String prefix, int streams, int rounds, int perRound, int doneRounds) {
		for (int round = doneRounds; round < doneRounds + rounds; round++) {
			for (int stream = 0; stream < streams; stream++) {
				List<OrderPlaced> payloads = new ArrayList<>(perRound);
				for (int i = 0; i < perRound; i++) {
					payloads.add(new OrderPlaced(prefix + stream, round * perRound + i + 1));
				}
				bus.publishAll(prefix + stream, (long) round * perRound, payloads);
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PublisherApp {

		@Bean
		JdbcEventStore eventStore(DataSource dataSource, JsonMapper mapper) {
			JdbcEventStoreSchema.create(dataSource, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
			return new JdbcEventStore(dataSource, new EventSerializer(mapper, new EventTypeRegistry()));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ConsumerApp {

		@Bean
		RecordingKafkaObserver recordingKafkaObserver() {
			return new RecordingKafkaObserver();
		}

	}

}
