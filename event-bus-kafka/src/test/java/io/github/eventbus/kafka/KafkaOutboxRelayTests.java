package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.eventbus.EventMetadata;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay against a mock producer whose acknowledgements the test hands out one by one. */
class KafkaOutboxRelayTests {

	private final EventStore store = EventStore.inMemory(100);

	private final LeaseStore leases = LeaseStore.inMemory();

	private final CheckpointStore checkpoints = CheckpointStore.inMemory(this.leases);

	private final ManualProducer producer = new ManualProducer();

	private KafkaOutboxRelay testSubject;

	@BeforeEach
	void createRelay() {
		KafkaTemplate<String, String> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer));
		this.testSubject = new KafkaOutboxRelay(this.store, String::valueOf, template,
				TopicResolver.byCategory("{category}-events"), null, this.leases, this.checkpoints,
				new KafkaRelaySettings("relay", "me", 10, Duration.ofMillis(20), Duration.ofSeconds(5),
						Duration.ofSeconds(10), Duration.ofMillis(50)),
				Clock.systemUTC());
	}

	@AfterEach
	void stopRelay() {
		this.testSubject.halt();
	}

	@Test
	void theCheckpointMovesOnlyPastRecordsKafkaAcknowledgedInOrder() {
		// given
		this.store.append("order-1", 0, List.of("a", "b", "c"), EventMetadata.empty());
		this.testSubject.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 3);
		assertThat(this.checkpoints.find("relay")).isEmpty();

		// when: the first record is acknowledged, the second fails
		this.producer.completeNext();
		this.producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no broker"));
		this.producer.completeNext();

		// then: the checkpoint stops before the failure and the rest is sent again
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producer.history().size() == 5);
		assertThat(this.checkpoints.find("relay")).hasValue(1);
		this.producer.completeNext();
		this.producer.completeNext();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.checkpoints.find("relay").orElse(0) == 3);
		assertThat(this.producer.history()).extracting(KafkaOutboxRelayTests::position)
			.containsExactly("1", "2", "3", "2", "3");
		assertThat(this.producer.history()).extracting(ProducerRecord::topic).containsOnly("order-events");
		assertThat(this.producer.history()).extracting(ProducerRecord::key).containsOnly("order-1");
	}

	@Test
	void aRelayWhoseLeaseIsHeldElsewhereStandsBy() {
		// given
		java.time.Instant now = java.time.Instant.now();
		this.leases.tryAcquire("relay", "someone-else", now, now.plusSeconds(60));
		this.store.append("order-1", 0, List.of("a"), EventMetadata.empty());

		// when
		this.testSubject.start();

		// then
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.until(() -> this.producer.history().isEmpty() && !this.testSubject.isOwner());
	}

	private static String position(ProducerRecord<String, String> record) {
		return new String(record.headers().lastHeader(EventHeaders.POSITION).value(), StandardCharsets.UTF_8);
	}

	/**
	 * Acknowledges only when told, even on flush; survives the close that KafkaTemplate sends after a
	 * failure (Boot's factory would hand out a new producer instead).
	 */
	static final class ManualProducer extends MockProducer<String, String> {

		ManualProducer() {
			super(false, null, new StringSerializer(), new StringSerializer());
		}

		@Override
		public synchronized void flush() {
		}

		@Override
		public void close(Duration timeout) {
		}

		@Override
		public void close() {
		}

	}

}
