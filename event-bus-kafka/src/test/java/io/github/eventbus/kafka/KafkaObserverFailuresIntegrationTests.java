package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventObserver;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka observers fed by a producer that knows nothing of the event bus but writes its headers: unknown
 * types, failing observers and redelivered records.
 */
class KafkaObserverFailuresIntegrationTests {

	private static EmbeddedKafkaKraftBroker broker;

	private static ConfigurableApplicationContext consumer;

	private static KafkaProducer<String, String> producer;

	@BeforeAll
	static void start() {
		broker = KafkaTestBroker.start();
		consumer = new SpringApplicationBuilder(FailuresApp.class).web(WebApplicationType.NONE)
			.properties("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"spring.datasource.url=" + KafkaTestApps.newDatabase(), "eventbus.kafka.enabled=true",
					"eventbus.kafka.relay.enabled=false", "eventbus.kafka.topics.partitions=2",
					"eventbus.kafka.consumers.picky.topics=picky-events",
					"eventbus.kafka.consumer.retry.max-attempts=2",
					"eventbus.kafka.consumer.retry.initial-backoff=10ms")
			.run();
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
				new StringSerializer(), new StringSerializer());
	}

	@AfterAll
	static void stop() {
		producer.close();
		consumer.close();
		broker.destroy();
	}

	@Test
	void anUnknownTypeIsDeadLetteredAsUnreadableAndTheNextRecordIsHandled() throws Exception {
		// given
		PickyObserver observer = consumer.getBean(PickyObserver.class);
		UUID mystery = UUID.randomUUID();

		// when
		send("unknown-1", mystery, "mystery-type", 1, "{\"what\":1}");
		send("unknown-1", UUID.randomUUID(), "order-placed", 2, "{\"orderId\":\"after-mystery\",\"sequence\":2}");

		// then
		await().atMost(Duration.ofSeconds(60)).until(() -> observer.received.contains("after-mystery"));
		assertThat(deadLetters()).anySatisfy((entry) -> {
			assertThat(entry.eventId()).isEqualTo(mystery);
			assertThat(entry.status()).isEqualTo(DeadLetter.Status.UNREADABLE);
			assertThat(entry.eventType()).isEqualTo("mystery-type");
		});
	}

	@Test
	void aFailingObserverIsRetriedThenTheEventIsDeadLetteredAndItsStreamParked() throws Exception {
		// given
		PickyObserver observer = consumer.getBean(PickyObserver.class);
		UUID poison = UUID.randomUUID();
		UUID behind = UUID.randomUUID();

		// when
		send("poison-1", poison, "order-placed", 1, "{\"orderId\":\"poison\",\"sequence\":1}");
		send("poison-1", behind, "order-placed", 2, "{\"orderId\":\"behind-poison\",\"sequence\":2}");
		send("healthy-1", UUID.randomUUID(), "order-placed", 1, "{\"orderId\":\"healthy\",\"sequence\":1}");

		// then
		await().atMost(Duration.ofSeconds(60))
			.until(() -> deadLetters().stream().anyMatch((entry) -> entry.eventId().equals(behind)));
		await().atMost(Duration.ofSeconds(60)).until(() -> observer.received.contains("healthy"));
		assertThat(observer.attemptsOnPoison).hasSize(2);
		assertThat(observer.received).doesNotContain("behind-poison");
		assertThat(deadLetters()).anySatisfy((entry) -> {
			assertThat(entry.eventId()).isEqualTo(poison);
			assertThat(entry.status()).isEqualTo(DeadLetter.Status.FAILED);
			assertThat(entry.attempts()).isEqualTo(2);
			assertThat(entry.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
		}).anySatisfy((entry) -> {
			assertThat(entry.eventId()).isEqualTo(behind);
			assertThat(entry.status()).isEqualTo(DeadLetter.Status.PARKED);
		});
	}

	@Test
	void aRedeliveredRecordIsHandledOnce() throws Exception {
		// given
		PickyObserver observer = consumer.getBean(PickyObserver.class);
		UUID id = UUID.randomUUID();

		// when
		send("twice-1", id, "order-placed", 1, "{\"orderId\":\"twice\",\"sequence\":1}");
		send("twice-1", id, "order-placed", 1, "{\"orderId\":\"twice\",\"sequence\":1}");
		send("twice-1", UUID.randomUUID(), "order-placed", 2, "{\"orderId\":\"after-twice\",\"sequence\":2}");

		// then
		await().atMost(Duration.ofSeconds(60)).until(() -> observer.received.contains("after-twice"));
		assertThat(observer.received.stream().filter("twice"::equals)).hasSize(1);
		assertThat(consumer.getBean(ProcessedEvents.class).isProcessed("picky", id)).isTrue();
	}

	@Test
	void failuresOfTwoRecordsAtTheSamePositionAreBothDeadLettered() throws Exception {
		// given: two producers' events whose position headers collide
		UUID one = UUID.randomUUID();
		UUID two = UUID.randomUUID();

		// when
		send("collide-1", one, "order-placed", 1, "{\"orderId\":\"doomed-collide-1\",\"sequence\":1}", 42);
		send("collide-2", two, "order-placed", 1, "{\"orderId\":\"doomed-collide-2\",\"sequence\":1}", 42);

		// then
		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters().stream()
			.filter((entry) -> entry.eventId().equals(one) || entry.eventId().equals(two))
			.count() == 2);
		assertThat(deadLetters()).filteredOn((entry) -> entry.eventId().equals(one) || entry.eventId().equals(two))
			.extracting(DeadLetter::status, DeadLetter::eventPosition)
			.containsOnly(org.assertj.core.groups.Tuple.tuple(DeadLetter.Status.FAILED, 42L));
	}

	@Test
	void aReplayedDeadLetterIsDeliveredFromItsCopyThenTheEventsParkedBehindItInOrder() throws Exception {
		// given
		PickyObserver observer = consumer.getBean(PickyObserver.class);
		UUID failed = UUID.randomUUID();
		send("replay-1", failed, "order-placed", 1, "{\"orderId\":\"doomed-replay\",\"sequence\":1}");
		send("replay-1", UUID.randomUUID(), "order-placed", 2, "{\"orderId\":\"replay-behind\",\"sequence\":2}");
		await().atMost(Duration.ofSeconds(60)).until(() -> deadLettersOf("replay-1").size() == 2);
		DeadLetter entry = deadLettersOf("replay-1").get(0);
		assertThat(entry.eventId()).isEqualTo(failed);
		observer.cured.add("doomed-replay");

		// when
		int marked = consumer.getBean(DeadLetters.class).replay(entry.id());

		// then
		assertThat(marked).isEqualTo(2);
		await().atMost(Duration.ofSeconds(60)).until(() -> deadLettersOf("replay-1").isEmpty());
		assertThat(observer.received).containsSubsequence("doomed-replay", "replay-behind");
		send("replay-1", UUID.randomUUID(), "order-placed", 3, "{\"orderId\":\"replay-after\",\"sequence\":3}");
		await().atMost(Duration.ofSeconds(60)).until(() -> observer.received.contains("replay-after"));
		assertThat(deadLettersOf("replay-1")).isEmpty();
	}

	@Test
	void discardingAFailedDeadLetterReleasesTheEventsParkedBehindItInOrder() throws Exception {
		// given
		PickyObserver observer = consumer.getBean(PickyObserver.class);
		send("discard-1", UUID.randomUUID(), "order-placed", 1, "{\"orderId\":\"doomed-discard\",\"sequence\":1}");
		send("discard-1", UUID.randomUUID(), "order-placed", 2, "{\"orderId\":\"discard-behind-1\",\"sequence\":2}");
		send("discard-1", UUID.randomUUID(), "order-placed", 3, "{\"orderId\":\"discard-behind-2\",\"sequence\":3}");
		await().atMost(Duration.ofSeconds(60)).until(() -> deadLettersOf("discard-1").size() == 3);
		DeadLetter failed = deadLettersOf("discard-1").get(0);
		assertThat(failed.status()).isEqualTo(DeadLetter.Status.FAILED);

		// when
		boolean discarded = consumer.getBean(DeadLetters.class).discard(failed.id());

		// then
		assertThat(discarded).isTrue();
		await().atMost(Duration.ofSeconds(60)).until(() -> deadLettersOf("discard-1").isEmpty());
		assertThat(observer.received).containsSubsequence("discard-behind-1", "discard-behind-2")
			.doesNotContain("doomed-discard");
		send("discard-1", UUID.randomUUID(), "order-placed", 4, "{\"orderId\":\"discard-after\",\"sequence\":4}");
		await().atMost(Duration.ofSeconds(60)).until(() -> observer.received.contains("discard-after"));
	}

	private static List<DeadLetter> deadLettersOf(String streamId) {
		return deadLetters().stream().filter((entry) -> entry.streamId().equals(streamId)).toList();
	}

	private static void send(String streamId, UUID eventId, String type, long version, String json)
			throws Exception {
		send(streamId, eventId, type, version, json, System.nanoTime());
	}

	private static void send(String streamId, UUID eventId, String type, long version, String json, long position)
			throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>("picky-events", streamId, json);
		record.headers()
			.add(new RecordHeader(EventHeaders.EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8)))
			.add(new RecordHeader(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8)))
			.add(new RecordHeader(EventHeaders.STREAM_VERSION,
					Long.toString(version).getBytes(StandardCharsets.UTF_8)))
			.add(new RecordHeader(EventHeaders.POSITION,
					Long.toString(position).getBytes(StandardCharsets.UTF_8)));
		producer.send(record).get();
	}

	private static List<DeadLetter> deadLetters() {
		return consumer.getBean(DeadLetterStore.class).list("picky", 0, 100);
	}

	static class PickyObserver {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<Integer> attemptsOnPoison = new CopyOnWriteArrayList<>();

		final Set<String> cured = ConcurrentHashMap.newKeySet();

		@EventObserver(id = "picky", source = "kafka")
		void on(OrderPlaced event) {
			if (event.orderId().equals("poison")) {
				this.attemptsOnPoison.add(event.sequence());
				throw new IllegalStateException("poisoned");
			}
			if (event.orderId().startsWith("doomed") && !this.cured.contains(event.orderId())) {
				throw new IllegalStateException("doomed");
			}
			this.received.add(event.orderId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FailuresApp {

		@Bean
		PickyObserver pickyObserver() {
			return new PickyObserver();
		}

	}

}
