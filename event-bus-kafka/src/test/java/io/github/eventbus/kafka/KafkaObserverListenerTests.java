package io.github.eventbus.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A Kafka observer handles a record on the consumer's thread, outside the bus's own dispatch. */
class KafkaObserverListenerTests {

	private final EventStore store = EventStore.inMemory(100);

	private final EventBus bus = new DefaultEventBus(this.store, Runnable::run, DispatchSettings.defaults(),
			(failure) -> {
			});

	@Test
	void whatAKafkaObserverPublishesIsCausedByTheConsumedEventAndKeepsItsCorrelation() {
		// given
		KafkaObserverListener testSubject = listener(new Forwarder(this.bus));
		UUID consumedId = UUID.randomUUID();
		UUID correlationId = UUID.randomUUID();
		ConsumerRecord<String, String> record = new ConsumerRecord<>("order-events", 0, 7, "order-1",
				"{\"orderId\":\"order-1\",\"sequence\":1}");
		header(record, EventHeaders.EVENT_ID, consumedId);
		header(record, EventHeaders.EVENT_TYPE, "order-placed");
		header(record, EventHeaders.CORRELATION_ID, correlationId);
		// when
		testSubject.onMessage(record);
		// then: one hop further in the same causal chain, not a new root event
		List<Event<?>> forwarded = this.store.readStream("shipping-order-1");
		assertThat(forwarded).singleElement().satisfies((event) -> {
			assertThat(event.metadata().causationId()).isEqualTo(consumedId);
			assertThat(event.metadata().correlationId()).isEqualTo(correlationId);
		});
	}

	private static KafkaObserverListener listener(Object bean) {
		ObserverDefinition definition = ObserverMethods.discover("forwarder", bean).get(0);
		EventTypeRegistry types = new EventTypeRegistry();
		types.register(OrderPlaced.class);
		return new KafkaObserverListener(definition, new EventSerializer(JsonMapper.builder().build(), types),
				new InMemoryProcessedEvents(), DeadLetterStore.inMemory(), (failure) -> {
				}, RetryPolicy.noRetries(), Clock.systemUTC());
	}

	private static void header(ConsumerRecord<String, String> record, String name, Object value) {
		record.headers().add(name, value.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A Kafka observer that publishes locally what it consumed. */
	static class Forwarder {

		private final EventBus bus;

		Forwarder(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver(id = "forwarder", source = "kafka")
		void on(OrderPlaced order) {
			this.bus.publish("shipping-" + order.orderId(), "shipped");
		}

	}

}
