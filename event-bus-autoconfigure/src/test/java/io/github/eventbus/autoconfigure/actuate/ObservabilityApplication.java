package io.github.eventbus.autoconfigure.actuate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.observation.EventBusMdc;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application with a JDBC event store, in-memory and durable observers, and a causal chain of three
 * observers that each publish the next event.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ObservabilityApplication {

	@Bean
	JdbcEventStore eventStore(DataSource dataSource) {
		JdbcEventStoreSchema.create(dataSource, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		EventTypeRegistry types = new EventTypeRegistry();
		for (Class<?> type : List.of(OrderPlaced.class, Invoice.class, Hop1.class, Hop2.class, Hop3.class)) {
			types.register(type);
		}
		return new JdbcEventStore(dataSource, new EventSerializer(JsonMapper.builder().build(), types));
	}

	@Bean
	Orders orders() {
		return new Orders();
	}

	@Bean
	Billing billing() {
		return new Billing();
	}

	@Bean
	Hops hops(EventBus bus) {
		return new Hops(bus);
	}

	record OrderPlaced(String orderId) {
	}

	record Invoice(String invoiceId) {
	}

	record Hop1(String chain) {
	}

	record Hop2(String chain) {
	}

	record Hop3(String chain) {
	}

	/** An in-memory observer that records the MDC it runs with. */
	static class Orders {

		final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		@EventObserver(id = "orders")
		void on(OrderPlaced order) {
			this.mdc.add(Map.of("order", order.orderId(), "eventId", String.valueOf(MDC.get(EventBusMdc.EVENT_ID)),
					"correlationId", String.valueOf(MDC.get(EventBusMdc.CORRELATION_ID)), "causationId",
					String.valueOf(MDC.get(EventBusMdc.CAUSATION_ID)), "observer",
					String.valueOf(MDC.get(EventBusMdc.OBSERVER))));
		}

	}

	/** A durable observer that fails while {@link #failing} is set. */
	static class Billing {

		final AtomicBoolean failing = new AtomicBoolean();

		final List<String> billed = new CopyOnWriteArrayList<>();

		@EventObserver(id = "billing", durable = true)
		void on(Invoice invoice) {
			if (this.failing.get()) {
				throw new IllegalStateException("Billing is down for " + invoice.invoiceId());
			}
			this.billed.add(invoice.invoiceId());
		}

	}

	/** Three observers, each publishing the next hop of a chain while it handles its event. */
	static class Hops {

		private final EventBus bus;

		final List<Event<?>> seen = new CopyOnWriteArrayList<>();

		final List<String> causationInMdc = new CopyOnWriteArrayList<>();

		Hops(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver(id = "hop1")
		void hop1(Event<Hop1> event) {
			this.seen.add(event);
			this.bus.publish(new Hop2(event.payload().chain()));
		}

		@EventObserver(id = "hop2")
		void hop2(Event<Hop2> event) {
			this.seen.add(event);
			this.bus.publish(new Hop3(event.payload().chain()));
		}

		@EventObserver(id = "hop3")
		void hop3(Event<Hop3> event) {
			this.seen.add(event);
			this.causationInMdc.add(String.valueOf(MDC.get(EventBusMdc.CAUSATION_ID)));
		}

	}

}
