package io.github.eventbus.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStore;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay across a broker restart: the broker node of the embedded KRaft cluster is shut down and
 * started again on the same port and log directory while the application publishes. A class of its
 * own, since no other test should share a broker that goes away.
 */
class KafkaBrokerRestartIntegrationTests {

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
	void aBrokerRestartDuringPublishingLosesNothing() throws Exception {
		// given
		String database = KafkaTestApps.newDatabase();
		try (ConfigurableApplicationContext publisher = KafkaTestApps.publisher(broker, database,
				"eventbus.kafka.relay.batch-size=100", "eventbus.kafka.relay.send-timeout=20s")) {
			EventBus bus = publisher.getBean(EventBus.class);
			KafkaOutboxRelay relay = publisher.getBean(KafkaOutboxRelay.class);
			KafkaTestApps.publish(bus, "restart-", 20, 5, 10);
			await().atMost(Duration.ofSeconds(60)).until(() -> relay.checkpoint() > 0);

			// when: the broker goes down while the relay sends and the application keeps publishing
			BrokerServer node = broker.getCluster().brokers().values().iterator().next();
			node.shutdown();
			node.awaitShutdown();
			KafkaTestApps.publishMore(bus, "restart-", 20, 5, 10, 5);
			long checkpointWhileDown = relay.checkpoint();
			node.startup();

			// then
			long head = publisher.getBean(EventStore.class).headPosition();
			assertThat(head).isEqualTo(2000);
			assertThat(checkpointWhileDown).isLessThan(head);
			await().atMost(Duration.ofSeconds(90)).until(() -> relay.checkpoint() == head);
			List<ConsumerRecord<String, String>> records = KafkaTestBroker.readAll(broker,
					List.of("restart-events"), 2000, Duration.ofSeconds(60));
			Set<String> ids = new HashSet<>();
			for (ConsumerRecord<String, String> record : records) {
				ids.add(KafkaTestBroker.header(record, "eventbus-event-id"));
			}
			assertThat(ids).hasSize(2000);
			assertThat(KafkaTransportIntegrationTests.inStreamOrderAfterDedup(records)).isTrue();
		}
	}

}
