package io.github.eventbus.test.app;

import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.app.ShopEvents.InvoiceIssued;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;
import io.github.eventbus.test.app.ShopEvents.ParcelShipped;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.github.eventbus.test.EventBusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Assertions over the events of one test, which start empty for every test. */
@EventBusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordedEventsTests {

	@Test
	@Order(1)
	void recordsWhatATestPublishes(Scenario scenario, RecordedEvents events) {
		// when
		scenario.publish(new OrderPlaced("a-1", 10)).andWaitForEvent(InvoiceIssued.class);
		// then
		assertThat(events).hasSize(2)
			.contains(OrderPlaced.class)
			.contains(InvoiceIssued.class, (invoice) -> invoice.amountCents() == 10)
			.doesNotContain(ParcelShipped.class)
			.containsInOrder(OrderPlaced.class, InvoiceIssued.class);
		assertThat(events).ofType(InvoiceIssued.class).extracting(InvoiceIssued::orderId).containsExactly("a-1");
		assertThat(events.ofStream("a-1")).hasSize(2);
	}

	@Test
	@Order(2)
	void startsEmptyForTheNextTest(RecordedEvents events) {
		assertThat(events.all()).isEmpty();
	}

	@Test
	@Order(3)
	void failuresListThePublishedEvents(Scenario scenario, RecordedEvents events) {
		// given
		scenario.publish(new OrderPlaced("a-3", 30)).andWaitForEvent(InvoiceIssued.class);
		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(events).contains(ParcelShipped.class))
			.withMessageContaining("Expected a published ParcelShipped event")
			.withMessageContaining("OrderPlaced[orderId=a-3, amountCents=30]")
			.withMessageContaining("InvoiceIssued[orderId=a-3, amountCents=30]");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(events).containsInOrder(InvoiceIssued.class, OrderPlaced.class))
			.withMessageContaining("OrderPlaced did not follow");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(events).doesNotContain(InvoiceIssued.class, (invoice) -> invoice.amountCents() == 30))
			.withMessageContaining("Expected no published InvoiceIssued event");
	}

}
