package io.github.eventbus.sample;

import java.time.Duration;
import java.util.Map;

import io.github.eventbus.sample.payment.Payments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every outcome of the saga, driven and observed over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:outcomes;DB_CLOSE_DELAY=-1",
				"fulfillment.payment-timeout=1s", "eventbus.saga.deadline-poll-interval=100ms",
				"fulfillment.stock.GADGET=10", "fulfillment.stock.RARE=2" })
class OrderFulfillmentIntegrationTests {

	@LocalServerPort
	private int port;

	private FulfillmentClient client;

	@BeforeEach
	void setUp() {
		this.client = new FulfillmentClient(this.port);
	}

	private void awaitStatus(String id, String status) {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.client.status(id)).isEqualTo(status));
	}

	@Test
	void paidOrderIsReservedChargedShippedAndCompleted() {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		// when
		String id = this.client.place("GADGET", 2, Payments.GOOD_CARD);
		// then
		awaitStatus(id, "COMPLETED");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-reserved", "payment-requested",
				"payment-charged", "order-shipped", "inventory-sold", "order-completed");
		Map<String, Object> after = this.client.stock("GADGET");
		assertThat(after.get("sold")).isEqualTo((Integer) before.get("sold") + 2);
		assertThat(after.get("available")).isEqualTo((Integer) before.get("available") - 2);
		assertThat(after.get("reserved")).isEqualTo(before.get("reserved"));
	}

	@Test
	void declinedPaymentReleasesTheStockAndCancels() {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		// when
		String id = this.client.place("GADGET", 3, Payments.DECLINED_CARD);
		// then
		awaitStatus(id, "CANCELLED");
		assertThat(this.client.order(id).get("reason")).isEqualTo("PAYMENT_DECLINED");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-reserved", "payment-requested",
				"payment-declined", "inventory-released", "order-cancelled");
		assertThat(this.client.stock("GADGET")).isEqualTo(before);
	}

	@Test
	void orderLargerThanTheStockIsCancelledWithoutReserving() {
		// when
		String id = this.client.place("RARE", 3, Payments.GOOD_CARD);
		// then
		awaitStatus(id, "CANCELLED");
		assertThat(this.client.order(id).get("reason")).isEqualTo("OUT_OF_STOCK");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-short", "order-cancelled");
		assertThat(this.client.stock("RARE")).containsEntry("available", 2).containsEntry("reserved", 0);
	}

	@Test
	void paymentWithoutAnswerTimesOutReleasesTheStockAndCancels() {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		// when
		String id = this.client.place("GADGET", 1, Payments.SILENT_CARD);
		// then
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.client.status(id)).isEqualTo("AWAITING_PAYMENT"));
		awaitStatus(id, "CANCELLED");
		assertThat(this.client.order(id).get("reason")).isEqualTo("PAYMENT_TIMEOUT");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-reserved", "payment-requested",
				"inventory-released", "order-cancelled");
		assertThat(this.client.stock("GADGET")).isEqualTo(before);
	}

	@Test
	void unknownOrderIsNotFound() {
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> this.client.order("nope")))
			.hasMessageContaining("404");
	}

}
