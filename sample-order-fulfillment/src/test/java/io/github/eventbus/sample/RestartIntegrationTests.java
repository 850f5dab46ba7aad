package io.github.eventbus.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.eventbus.durable.DurableObserverStatus.SegmentStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application runs, one after the other, on one file-based H2 database: what the first leaves behind,
 * the second finishes, and replaying what is done already changes nothing.
 */
class RestartIntegrationTests {

	private static final String SAGA_OBSERVER = "saga:OrderFulfillmentSaga";

	private final String url = "jdbc:h2:file:" + Path.of("target", "restart-" + UUID.randomUUID()).toAbsolutePath()
			+ ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";

	private ConfigurableApplicationContext start(String paymentTimeout) {
		return new SpringApplicationBuilder(OrderFulfillmentApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + this.url,
					"fulfillment.payment-timeout=" + paymentTimeout, "eventbus.saga.deadline-poll-interval=100ms",
					"spring.main.banner-mode=off")
			.run();
	}

	private static long lag(ConfigurableApplicationContext context) {
		return context.getBean(DurableObservers.class).status(SAGA_OBSERVER).orElseThrow().lag();
	}

	@Test
	void deadlineScheduledBeforeARestartFiresAfterIt() {
		// given: an order waits for a payment that never comes when the application stops
		String orderId;
		try (ConfigurableApplicationContext first = start("6s")) {
			orderId = first.getBean(Orders.class).place("BOOK", 1, Payments.SILENT_CARD);
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
					"SELECT COUNT(*) FROM eventbus_saga_deadline WHERE fired = FALSE", Integer.class) == 1);
			assertThat(first.getBean(Orders.class).find(orderId).orElseThrow().status().name())
				.isEqualTo("AWAITING_PAYMENT");
		}
		// when
		try (ConfigurableApplicationContext second = start("6s")) {
			// then
			Orders orders = second.getBean(Orders.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(orders.find(orderId).orElseThrow().reason()).isEqualTo("PAYMENT_TIMEOUT"));
			assertThat(second.getBean(JdbcTemplate.class)
				.queryForObject("SELECT COUNT(*) FROM eventbus_saga_deadline", Integer.class)).isZero();
		}
	}

	@Test
	void redeliveredEventsChangeNothing() {
		// given: settled orders of every kind
		long events;
		List<Map<String, Object>> ordersBefore;
		List<Map<String, Object>> stockBefore;
		try (ConfigurableApplicationContext first = start("1s")) {
			Orders orders = first.getBean(Orders.class);
			orders.place("BOOK", 2, Payments.GOOD_CARD);
			orders.place("MUG", 1, Payments.DECLINED_CARD);
			orders.place("LAMP", 99, Payments.GOOD_CARD);
			orders.place("MUG", 2, Payments.SILENT_CARD);
			await().atMost(Duration.ofSeconds(30)).until(() -> orders.countOpen() == 0 && lag(first) == 0);
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			events = first.getBean(EventStore.class).headPosition();
			ordersBefore = jdbc.queryForList("SELECT id, status, reason FROM orders ORDER BY id");
			stockBefore = jdbc.queryForList("SELECT * FROM inventory ORDER BY sku");
			// the saga forgets how far it got (in each of its segments), so the next run feeds it every event again
			for (SegmentStatus segment : first.getBean(DurableObservers.class).status(SAGA_OBSERVER).orElseThrow().segments()) {
				jdbc.update("DELETE FROM eventbus_checkpoint WHERE name = ?", segment.name());
			}
		}
		// when
		try (ConfigurableApplicationContext second = start("1s")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> lag(second) == 0);
			// then
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			assertThat(second.getBean(EventStore.class).headPosition()).isEqualTo(events);
			assertThat(jdbc.queryForList("SELECT id, status, reason FROM orders ORDER BY id")).isEqualTo(ordersBefore);
			assertThat(jdbc.queryForList("SELECT * FROM inventory ORDER BY sku")).isEqualTo(stockBefore);
		}
	}

}
