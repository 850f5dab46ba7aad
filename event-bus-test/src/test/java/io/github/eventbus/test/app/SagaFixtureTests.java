package io.github.eventbus.test.app;

import java.time.Duration;

import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.SagaFixture;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.app.ShopEvents.OrderExpired;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;
import org.junit.jupiter.api.Test;

import static io.github.eventbus.test.EventBusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A 30-minute saga deadline fires as soon as the test moves the clock, without waiting. */
@EventBusTest
class SagaFixtureTests {

	@Test
	void thirtyMinutesLaterTheUnpaidOrderExpires(Scenario scenario, SagaFixture sagas, RecordedEvents events) {
		// given
		scenario.publish(new OrderPlaced("order-30", 100))
			.andWaitForSaga(CheckoutSaga.class, "orderId", "order-30")
			.toReach(Checkout.class, (state) -> state.getStatus().equals("awaiting payment"));
		// when
		OrderExpired expired = sagas.advanceTime(CheckoutSaga.PAYMENT_TIME)
			.andWaitForEvent(OrderExpired.class, (order) -> order.orderId().equals("order-30"));
		// then
		assertThat(expired).isNotNull();
		assertThat(events).contains(OrderExpired.class, (order) -> order.orderId().equals("order-30"));
	}

	@Test
	void aMinuteEarlierNothingFires(Scenario scenario, SagaFixture sagas, RecordedEvents events) {
		// given
		scenario.publish(new OrderPlaced("order-29", 100))
			.andWaitForSaga(CheckoutSaga.class, "orderId", "order-29")
			.toReach(Checkout.class, (state) -> state.getStatus().equals("awaiting payment"));
		// when
		int fired = sagas.advanceTime(CheckoutSaga.PAYMENT_TIME.minus(Duration.ofMinutes(1)))
			.andWaitForDurableObservers()
			.result();
		// then
		assertThat(fired).isZero();
		assertThat(events).doesNotContain(OrderExpired.class, (order) -> order.orderId().equals("order-29"));
	}

}
