package io.github.eventbus.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay and Kafka observers on a real (embedded KRaft) broker, one per class, each test on its own
 * topic and database.
 */
class KafkaTransportIntegrationTests {

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestBroker.start();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void tenThousandEventsPublishedInOneContextAreConsumedInAnotherInStreamOrder() {
		// given
		String database = KafkaTestApps.newDatabase();
		try (ConfigurableApplicationContext publisher = KafkaTestApps.publisher(broker, database);
				ConfigurableApplicationContext consumer = KafkaTestApps.consumer(broker, database,
						"eventbus.kafka.consumers.orders-projection.topics=bulk-events",
						"eventbus.kafka.consumer.group-prefix=bulk-")) {
			RecordingKafkaObserver observer = consumer.getBean(RecordingKafkaObserver.class);

			// when
			KafkaTestApps.publish(publisher.getBean(EventBus.class), "bulk-", 50, 20, 10);

			// then
			await().atMost(Duration.ofSeconds(90)).until(() -> observer.timesById.size() == 10_000);
			assertThat(observer.versionsByStream).hasSize(50);
			observer.versionsByStream.forEach((stream, versions) -> assertThat(versions).as(stream)
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList()));
			assertThat(observer.timesById.values()).containsOnly(1);
		}
	}

	@Test
	void aPlainKafkaConsumerReadsTheHeadersAndTheStoredJson() {
		// given
		String database = KafkaTestApps.newDatabase();
		try (ConfigurableApplicationContext publisher = KafkaTestApps.publisher(broker, database)) {
			EventBus bus = publisher.getBean(EventBus.class);

			// when
			bus.publishAll("plain-1", 0, List.of(new OrderPlaced("plain-1", 1), new OrderPlaced("plain-1", 2)));
			List<Event<?>> stored = publisher.getBean(EventStore.class).readStream("plain-1");

			// then
			List<ConsumerRecord<String, String>> records = KafkaTestBroker.readAll(broker, List.of("plain-events"), 2,
					Duration.ofSeconds(30));
			assertThat(records).hasSize(2);
			JsonMapper json = JsonMapper.builder().build();
			for (int i = 0; i < 2; i++) {
				ConsumerRecord<String, String> record = records.get(i);
				Event<?> event = stored.get(i);
				assertThat(record.key()).isEqualTo("plain-1");
				assertThat(KafkaTestBroker.header(record, "eventbus-event-id")).isEqualTo(event.id().toString());
				assertThat(KafkaTestBroker.header(record, "eventbus-event-type")).isEqualTo("order-placed");
				assertThat(KafkaTestBroker.header(record, "eventbus-type-version")).isEqualTo("1");
				assertThat(KafkaTestBroker.header(record, "eventbus-stream-version")).isEqualTo(String.valueOf(i + 1));
				assertThat(KafkaTestBroker.header(record, "eventbus-position"))
					.isEqualTo(String.valueOf(event.position()));
				assertThat(KafkaTestBroker.header(record, "eventbus-correlation-id"))
					.isEqualTo(event.metadata().correlationId().toString());
				assertThat(KafkaTestBroker.header(record, "eventbus-causation-id")).isNull();
				assertThat(KafkaTestBroker.header(record, "eventbus-occurred-at")).isEqualTo(event.occurredAt().toString());
				JsonNode value = json.readTree(record.value());
				assertThat(value.get("orderId").asString()).isEqualTo("plain-1");
				assertThat(value.get("sequence").asInt()).isEqualTo(i + 1);
			}
		}
	}

	@Test
	void twoConsumersInOneGroupSplitThePartitionsAndHandleEveryEventOnce() {
		// given
		String database = KafkaTestApps.newDatabase();
		String[] consumerProperties = { "eventbus.kafka.consumers.orders-projection.topics=split-events",
				"eventbus.kafka.consumer.group-prefix=split-" };
		try (ConfigurableApplicationContext publisher = KafkaTestApps.publisher(broker, database);
				ConfigurableApplicationContext first = KafkaTestApps.consumer(broker, database, consumerProperties)) {
			RecordingKafkaObserver one = first.getBean(RecordingKafkaObserver.class);
			EventBus bus = publisher.getBean(EventBus.class);
			KafkaTestApps.publish(bus, "split-", 40, 5, 10);
			await().atMost(Duration.ofSeconds(60)).until(() -> one.handled() > 0);

			// when: a second instance joins the group while events flow, forcing a rebalance
			try (ConfigurableApplicationContext second = KafkaTestApps.consumer(broker, database, consumerProperties)) {
				RecordingKafkaObserver two = second.getBean(RecordingKafkaObserver.class);
				KafkaObservers firstObservers = first.getBean(KafkaObservers.class);
				KafkaObservers secondObservers = second.getBean(KafkaObservers.class);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> !secondObservers.assignedPartitions(RecordingKafkaObserver.ID).isEmpty()
							&& firstObservers.assignedPartitions(RecordingKafkaObserver.ID).size()
									+ secondObservers.assignedPartitions(RecordingKafkaObserver.ID).size() == 4);
				KafkaTestApps.publishMore(bus, "split-", 40, 5, 10, 5);

				// then
				await().atMost(Duration.ofSeconds(90)).until(() -> union(one, two).size() == 4000);
				assertThat(two.handled()).as("the second instance got partitions").isPositive();
				Set<UUID> both = new HashSet<>(one.timesById.keySet());
				both.retainAll(two.timesById.keySet());
				assertThat(both).as("handled by both instances").isEmpty();
				assertThat(one.timesById.values()).containsOnly(1);
				assertThat(two.timesById.values()).containsOnly(1);
				assertThat(one.handled() + two.handled()).isEqualTo(4000);
			}
		}
	}

	@Test
	void aRelayKilledMidStreamAndRestartedSendsEverythingWithoutLoss() {
		// given
		String database = KafkaTestApps.newDatabase();
		ConfigurableApplicationContext first = KafkaTestApps.publisher(broker, database,
				"eventbus.kafka.relay.batch-size=100", "eventbus.kafka.relay.instance-id=first");
		KafkaOutboxRelay relay = first.getBean(KafkaOutboxRelay.class);
		EventBus bus = first.getBean(EventBus.class);
		KafkaTestApps.publish(bus, "crash-", 30, 4, 10);
		await().atMost(Duration.ofSeconds(60)).until(() -> relay.checkpoint() >= 300);

		// when: the relay dies without saving or releasing anything while the application goes on
		// publishing, then another instance starts
		relay.halt();
		long checkpointAtCrash = relay.checkpoint();
		KafkaTestApps.publishMore(bus, "crash-", 30, 6, 10, 4);
		first.close();
		try (ConfigurableApplicationContext second = KafkaTestApps.publisher(broker, database,
				"eventbus.kafka.relay.instance-id=second")) {
			KafkaOutboxRelay successor = second.getBean(KafkaOutboxRelay.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> successor.checkpoint() == 3000);

			// then
			List<ConsumerRecord<String, String>> records = KafkaTestBroker.readAll(broker, List.of("crash-events"),
					3000, Duration.ofSeconds(60));
			Set<String> ids = new HashSet<>();
			Set<String> positions = new HashSet<>();
			for (ConsumerRecord<String, String> record : records) {
				ids.add(KafkaTestBroker.header(record, "eventbus-event-id"));
				positions.add(KafkaTestBroker.header(record, "eventbus-position"));
			}
			assertThat(checkpointAtCrash).isLessThanOrEqualTo(1200);
			assertThat(ids).hasSize(3000);
			assertThat(positions).hasSize(3000);
			assertThat(inStreamOrderAfterDedup(records)).isTrue();
		}
	}

	static Set<UUID> union(RecordingKafkaObserver one, RecordingKafkaObserver two) {
		Set<UUID> all = new HashSet<>(one.timesById.keySet());
		all.addAll(two.timesById.keySet());
		return all;
	}

	/** Whether, skipping ids seen before, each key's stream versions arrive as 1, 2, 3, ... */
	static boolean inStreamOrderAfterDedup(List<ConsumerRecord<String, String>> records) {
		Set<String> seen = new HashSet<>();
		Map<String, Long> last = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (ConsumerRecord<String, String> record : records) {
			if (!seen.add(KafkaTestBroker.header(record, "eventbus-event-id"))) {
				continue;
			}
			long version = Long.parseLong(KafkaTestBroker.header(record, "eventbus-stream-version"));
			long previous = last.getOrDefault(record.key(), 0L);
			if (version != previous + 1) {
				problems.add(record.key() + ": " + previous + " then " + version);
			}
			last.put(record.key(), version);
		}
		assertThat(problems).isEmpty();
		return true;
	}

}
