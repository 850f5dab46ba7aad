package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import io.github.eventbus.EventMetadata;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.lease.Lease;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
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
						Duration.ofSeconds(10), Duration.ofMillis(50)));
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
		this.producer.errorNext(new TimeoutException("no broker"));
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
		this.leases.tryAcquire("relay", "someone-else", Duration.ofSeconds(60));
		this.store.append("order-1", 0, List.of("a"), EventMetadata.empty());

		// when
		this.testSubject.start();

		// then
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.until(() -> this.producer.history().isEmpty() && !this.testSubject.isOwner());
	}

	@Test
	void aBatchNeverOutlivesTheLeaseTheProducerIsResetBeforeAnotherRelayCanStart() {
		// given: a relay whose lease store becomes unreachable while Kafka does not acknowledge its batch
		CutOffLeases cutOff = new CutOffLeases(this.leases);
		ManualProducer stuck = new ManualProducer();
		ResettableFactory stuckFactory = new ResettableFactory(stuck);
		KafkaOutboxRelay first = new KafkaOutboxRelay(this.store, String::valueOf, new KafkaTemplate<>(stuckFactory),
				TopicResolver.byCategory("{category}-events"), null, cutOff, this.checkpoints,
				new KafkaRelaySettings("relay", "first", 10, Duration.ofMillis(20), Duration.ofMillis(900),
						Duration.ofMinutes(2), Duration.ofMillis(50)));
		KafkaOutboxRelay second = new KafkaOutboxRelay(this.store, String::valueOf,
				new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)),
				TopicResolver.byCategory("{category}-events"), null, this.leases, this.checkpoints,
				new KafkaRelaySettings("relay", "second", 10, Duration.ofMillis(20), Duration.ofMillis(900),
						Duration.ofMinutes(2), Duration.ofMillis(50)));
		this.store.append("order-1", 0, List.of("a", "b"), EventMetadata.empty());
		first.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stuck.history().size() == 2);
		second.start();
		try {
			// when
			cutOff.cutOff = true;
			// then: the first relay drops its batch before the second one sends anything
			await().atMost(Duration.ofSeconds(20)).until(() -> this.producer.history().size() == 2);
			assertThat(stuckFactory.resetAt).isPositive().isLessThan(this.producer.firstSendAt);
			this.producer.completeNext();
			this.producer.completeNext();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.checkpoints.find("relay").orElse(0) == 2);
		}
		finally {
			first.halt();
			second.halt();
		}
	}

	private static String position(ProducerRecord<String, String> record) {
		return new String(record.headers().lastHeader(EventHeaders.POSITION).value(), StandardCharsets.UTF_8);
	}

	/** A producer factory that records when the relay resets it (dropping what its producer still holds). */
	static final class ResettableFactory extends MockProducerFactory<String, String> {

		volatile long resetAt;

		ResettableFactory(ManualProducer producer) {
			super(() -> producer);
		}

		@Override
		public void reset() {
			if (this.resetAt == 0) {
				this.resetAt = System.nanoTime();
			}
		}

	}

	/** A lease store that fails while cut off, as an unreachable database does. */
	static final class CutOffLeases implements LeaseStore {

		volatile boolean cutOff;

		private final LeaseStore delegate;

		CutOffLeases(LeaseStore delegate) {
			this.delegate = delegate;
		}

		private void check() {
			if (this.cutOff) {
				throw new IllegalStateException("database unreachable");
			}
		}

		@Override
		public Optional<Lease> tryAcquire(String name, String owner,
				Duration duration) {
			check();
			return this.delegate.tryAcquire(name, owner, duration);
		}

		@Override
		public Optional<Lease> renew(Lease lease,
				Duration duration) {
			check();
			return this.delegate.renew(lease, duration);
		}

		@Override
		public void release(Lease lease) {
			check();
			this.delegate.release(lease);
		}

		@Override
		public boolean isCurrent(Lease lease) {
			check();
			return this.delegate.isCurrent(lease);
		}

		@Override
		public Optional<Lease> find(String name) {
			return this.delegate.find(name);
		}

		@Override
		public List<Lease> findLive(List<String> names) {
			check();
			return this.delegate.findLive(names);
		}

	}

	/**
	 * Acknowledges only when told, even on flush; survives the close that KafkaTemplate sends after a
	 * failure (Boot's factory would hand out a new producer instead).
	 */
	static final class ManualProducer extends MockProducer<String, String> {

		volatile long firstSendAt = Long.MAX_VALUE;

		ManualProducer() {
			super(false, null, new StringSerializer(), new StringSerializer());
		}

		@Override
		public synchronized Future<RecordMetadata> send(
				ProducerRecord<String, String> record, Callback callback) {
			if (this.firstSendAt == Long.MAX_VALUE) {
				this.firstSendAt = System.nanoTime();
			}
			return super.send(record, callback);
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
