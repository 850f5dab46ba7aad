package io.github.eventbus.sample;

import java.time.Duration;
import java.util.Map;

import io.github.eventbus.sample.order.OrderCancelled;
import io.github.eventbus.sample.order.OrderCompleted;
import io.github.eventbus.sample.payment.PaymentRequested;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.test.AutoConfigureEventBusTest;
import io.github.eventbus.test.SagaFixture;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.ScenarioResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every outcome of the saga, driven over HTTP: a scenario waits for the event that settles the order, and the
 * saga fixture moves the clock past the 30-minute payment deadline instead of waiting for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:outcomes;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"fulfillment.payment-timeout=30m",
				"fulfillment.stock.GADGET=10", "fulfillment.stock.RARE=2" })
@AutoConfigureEventBusTest
class OrderFulfillmentIntegrationTests {

	@LocalServerPort
	private int port;

	private FulfillmentClient client;

	@BeforeEach
	void setUp() {
		this.client = new FulfillmentClient(this.port);
	}

	private String placeAndAwaitCompletion(Scenario scenario, String sku, int quantity, String card) {
		ScenarioResult<String> placed = scenario.stimulate(() -> this.client.place(sku, quantity, card));
		placed.andWaitForEvent(OrderCompleted.class, (completed) -> completed.orderId().equals(placed.result()));
		return placed.result();
	}

	private String placeAndAwaitCancellation(Scenario scenario, String sku, int quantity, String card) {
		ScenarioResult<String> placed = scenario.stimulate(() -> this.client.place(sku, quantity, card));
		placed.andWaitForEvent(OrderCancelled.class, (cancelled) -> cancelled.orderId().equals(placed.result()));
		return placed.result();
	}

	@Test
	void paidOrderIsReservedChargedShippedAndCompleted(Scenario scenario) {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		// when
		String id = placeAndAwaitCompletion(scenario, "GADGET", 2, Payments.GOOD_CARD);
		// then
		scenario.awaitDurableObservers();
		assertThat(this.client.status(id)).isEqualTo("COMPLETED");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-reserved", "payment-requested",
				"payment-charged", "order-shipped", "inventory-sold", "order-completed");
		Map<String, Object> after = this.client.stock("GADGET");
		assertThat(after.get("sold")).isEqualTo((Integer) before.get("sold") + 2);
		assertThat(after.get("available")).isEqualTo((Integer) before.get("available") - 2);
		assertThat(after.get("reserved")).isEqualTo(before.get("reserved"));
	}

	@Test
	void declinedPaymentReleasesTheStockAndCancels(Scenario scenario) {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		// when
		String id = placeAndAwaitCancellation(scenario, "GADGET", 3, Payments.DECLINED_CARD);
		// then
		scenario.awaitDurableObservers();
		assertThat(this.client.status(id)).isEqualTo("CANCELLED");
		assertThat(this.client.order(id).get("reason")).isEqualTo("PAYMENT_DECLINED");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-reserved", "payment-requested",
				"payment-declined", "inventory-released", "order-cancelled");
		assertThat(this.client.stock("GADGET")).isEqualTo(before);
	}

	@Test
	void orderLargerThanTheStockIsCancelledWithoutReserving(Scenario scenario) {
		// when
		String id = placeAndAwaitCancellation(scenario, "RARE", 3, Payments.GOOD_CARD);
		// then
		scenario.awaitDurableObservers();
		assertThat(this.client.status(id)).isEqualTo("CANCELLED");
		assertThat(this.client.order(id).get("reason")).isEqualTo("OUT_OF_STOCK");
		assertThat(this.client.history(id)).containsExactly("order-placed", "inventory-short", "order-cancelled");
		assertThat(this.client.stock("RARE")).containsEntry("available", 2).containsEntry("reserved", 0);
	}

	@Test
	void paymentWithoutAnswerTimesOutAfterThirtyMinutesReleasesTheStockAndCancels(Scenario scenario,
			SagaFixture sagas) {
		// given
		Map<String, Object> before = this.client.stock("GADGET");
		ScenarioResult<String> placed = scenario.stimulate(() -> this.client.place("GADGET", 1, Payments.SILENT_CARD));
		String id = placed.result();
		placed.andWaitForEvent(PaymentRequested.class, (requested) -> requested.orderId().equals(id));
		scenario.awaitDurableObservers();
		assertThat(this.client.status(id)).isEqualTo("AWAITING_PAYMENT");
		// when
		sagas.advanceTime(Duration.ofMinutes(30))
			.andWaitForEvent(OrderCancelled.class, (cancelled) -> cancelled.orderId().equals(id));
		// then
		scenario.awaitDurableObservers();
		assertThat(this.client.status(id)).isEqualTo("CANCELLED");
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
