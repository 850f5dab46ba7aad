package io.github.eventbus.sample.saga;

import java.time.Duration;

import io.github.eventbus.sample.inventory.Inventory;
import io.github.eventbus.sample.inventory.InventoryReleased;
import io.github.eventbus.sample.inventory.InventoryReserved;
import io.github.eventbus.sample.inventory.InventorySold;
import io.github.eventbus.sample.order.CancellationReason;
import io.github.eventbus.sample.order.OrderCancelled;
import io.github.eventbus.sample.order.OrderCompleted;
import io.github.eventbus.sample.order.OrderPlaced;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.PaymentCharged;
import io.github.eventbus.sample.payment.PaymentRequested;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.sample.shipping.OrderShipped;
import io.github.eventbus.sample.shipping.Shipping;
import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.SagaFixture;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.ScenarioResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static io.github.eventbus.test.EventBusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga and the services it calls, on the JDBC store, without the web layer: an {@code @EventBusTest} slice
 * with the domain services imported.
 */
@EventBusTest(store = EventBusTest.Store.JDBC,
		properties = { "spring.datasource.url=jdbc:h2:mem:saga-slice;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"fulfillment.payment-timeout=30m", "fulfillment.stock.GADGET=10" })
@Import({ Orders.class, Inventory.class, Payments.class, Shipping.class })
class OrderFulfillmentSagaTests {

	@Autowired
	private Orders orders;

	@Autowired
	private Inventory inventory;

	@Test
	void startsTheSagaButNotTheWebLayer(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(OrderFulfillmentSaga.class)).hasSize(1);
		assertThat(context.containsBean("orderController")).isFalse();
		assertThat(context.containsBean("inventoryController")).isFalse();
	}

	@Test
	void paidOrderGoesThroughTheWholeChain(Scenario scenario, RecordedEvents events) {
		// when
		ScenarioResult<String> placed = scenario.stimulate(() -> this.orders.place("GADGET", 2, Payments.GOOD_CARD));
		String id = placed.result();
		placed.andWaitForEvent(OrderCompleted.class, (completed) -> completed.orderId().equals(id));
		// then
		OrderFulfillment saga = placed.andWaitForSaga(OrderFulfillmentSaga.class, "orderId", id)
			.toEnd(OrderFulfillment.class);
		assertThat(saga.getStep()).isEqualTo("completed");
		assertThat(events).containsInOrder(OrderPlaced.class, InventoryReserved.class, PaymentRequested.class,
				PaymentCharged.class, OrderShipped.class, InventorySold.class, OrderCompleted.class)
			.doesNotContain(OrderCancelled.class);
	}

	@Test
	void unansweredPaymentIsCancelledThirtyMinutesLaterWithoutWaiting(Scenario scenario, SagaFixture sagas,
			RecordedEvents events) {
		// given
		int availableBefore = available("GADGET");
		ScenarioResult<String> placed = scenario.stimulate(() -> this.orders.place("GADGET", 1, Payments.SILENT_CARD));
		String id = placed.result();
		placed.andWaitForSaga(OrderFulfillmentSaga.class, "orderId", id)
			.toReach(OrderFulfillment.class, (state) -> state.getStep().equals("paying"));
		// when
		OrderCancelled cancelled = sagas.advanceTime(Duration.ofMinutes(30))
			.andWaitForEvent(OrderCancelled.class, (order) -> order.orderId().equals(id));
		// then
		assertThat(cancelled.reason()).isEqualTo(CancellationReason.PAYMENT_TIMEOUT.name());
		assertThat(events).contains(InventoryReleased.class, (released) -> released.orderId().equals(id));
		scenario.awaitDurableObservers();
		assertThat(available("GADGET")).isEqualTo(availableBefore);
	}

	@Test
	void twentyNineMinutesAreNotEnoughForTheDeadline(Scenario scenario, SagaFixture sagas, RecordedEvents events) {
		// given
		ScenarioResult<String> placed = scenario.stimulate(() -> this.orders.place("GADGET", 1, Payments.SILENT_CARD));
		String id = placed.result();
		placed.andWaitForSaga(OrderFulfillmentSaga.class, "orderId", id)
			.toReach(OrderFulfillment.class, (state) -> state.getStep().equals("paying"));
		// when
		int fired = sagas.advanceTime(Duration.ofMinutes(29)).andWaitForDurableObservers().result();
		// then
		assertThat(fired).isZero();
		assertThat(events).doesNotContain(OrderCancelled.class, (order) -> order.orderId().equals(id));
	}

	private int available(String sku) {
		return this.inventory.stock()
			.stream()
			.filter((stock) -> stock.sku().equals(sku))
			.findFirst()
			.orElseThrow()
			.available();
	}

}
