package io.github.eventbus.test.app;

import java.time.Duration;

import io.github.eventbus.Event;
import io.github.eventbus.PublishResult;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.ScenarioResult;
import io.github.eventbus.test.app.ShopEvents.InvoiceIssued;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;
import io.github.eventbus.test.app.ShopEvents.ParcelShipped;
import io.github.eventbus.test.app.ShopEvents.PaymentReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.github.eventbus.test.EventBusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A scenario drives an observer chain: in-memory observer, saga, durable observer. */
@EventBusTest
class ScenarioTests {

	@Autowired
	private Scenario scenario;

	@Autowired
	private RecordedEvents events;

	@Autowired
	private Billing billing;

	@AfterEach
	void repair() {
		this.billing.breakDown(false);
	}

	@Test
	void returnsTheEnvelopeOfWhatFollowed() {
		// when
		ScenarioResult<PublishResult> placed = this.scenario.publish(new OrderPlaced("order-envelope", 120));
		Event<InvoiceIssued> invoice = placed.andWaitForEnvelope(InvoiceIssued.class);
		// then: on the order's stream, caused by the published event
		Event<?> order = placed.result().events().get(0);
		assertThat(invoice.streamId()).isEqualTo("order-envelope");
		assertThat(invoice.version()).isEqualTo(order.version() + 1);
		assertThat(invoice.metadata().causationId()).isEqualTo(order.id());
		assertThat(invoice.metadata().correlationId()).isEqualTo(order.id());
	}

	@Test
	void waitsForEachLinkOfTheChain(@Autowired DurableObservers durableObservers) {
		// when
		InvoiceIssued invoice = this.scenario.publish(new OrderPlaced("order-7", 990))
			.andWaitForEvent(InvoiceIssued.class, (issued) -> issued.orderId().equals("order-7"));
		Checkout checkout = this.scenario.stimulate(() -> { })
			.andWaitForSaga(CheckoutSaga.class, "orderId", "order-7")
			.toReach(Checkout.class, (state) -> state.getStatus().equals("awaiting payment"));
		Checkout paid = this.scenario.publish(new PaymentReceived("order-7"))
			.andWaitForDurableObservers()
			.andWaitForSaga(CheckoutSaga.class, "orderId", "order-7")
			.toEnd(Checkout.class);
		// then
		assertThat(invoice.amountCents()).isEqualTo(990);
		assertThat(checkout.getOrderId()).isEqualTo("order-7");
		assertThat(paid.getStatus()).isEqualTo("paid");
		assertThat(this.events).containsInOrder(OrderPlaced.class, InvoiceIssued.class, PaymentReceived.class,
				ParcelShipped.class);
		assertThat(durableObservers.statuses()).isNotEmpty().allSatisfy((status) -> assertThat(status.lag()).isZero());
	}

	@Test
	void failsListingWhatWasPublishedWhenTheChainBreaks() {
		// given
		this.billing.breakDown(true);
		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.scenario.withTimeout(Duration.ofMillis(300))
				.publish(new OrderPlaced("order-8", 100))
				.andWaitForEvent(InvoiceIssued.class))
			.withMessageContaining("No InvoiceIssued event matching the condition was published within 300 ms")
			.withMessageContaining("Events published meanwhile (1)")
			.withMessageContaining("OrderPlaced[orderId=order-8, amountCents=100]");
	}

	@Test
	void failsNamingTheSagaStateWhenItIsNotReached() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.scenario.withTimeout(Duration.ofMillis(300))
				.publish(new OrderPlaced("order-9", 100))
				.andWaitForSaga(CheckoutSaga.class, "orderId", "order-9")
				.toReach(Checkout.class, (state) -> state.getStatus().equals("paid")))
			.withMessageContaining("Saga CheckoutSaga associated with orderId=order-9 did not reach the expected state")
			.withMessageContaining("awaiting payment")
			.withMessageContaining("InvoiceIssued");
	}

}
