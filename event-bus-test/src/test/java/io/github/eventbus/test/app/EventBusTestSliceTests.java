package io.github.eventbus.test.app;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.app.ShopEvents.InvoiceIssued;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static io.github.eventbus.test.EventBusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The slice starts the bus on the in-memory store with the application's observers and sagas only. */
@EventBusTest
class EventBusTestSliceTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsObserversAndSagasButNothingElse() {
		assertThat(this.context.getBeansOfType(Billing.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(Warehouse.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(CheckoutSaga.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(Catalog.class)).isEmpty();
	}

	@Test
	void runsOnTheInMemoryStoreWithoutADataSource() {
		assertThat(this.context.getBean(EventStore.class).getClass().getSimpleName()).isEqualTo("InMemoryEventStore");
		assertThat(this.context.getBeansOfType(DataSource.class)).isEmpty();
	}

	@Test
	void observersReceiveWhatTheTestPublishes(Scenario scenario, RecordedEvents events) {
		// when
		scenario.publish(new OrderPlaced("order-1", 1250)).andWaitForEvent(InvoiceIssued.class);
		// then
		assertThat(events).contains(InvoiceIssued.class,
				(invoice) -> invoice.orderId().equals("order-1") && invoice.amountCents() == 1250);
		assertThat(this.context.getBean(EventBus.class)).isNotNull();
	}

}
