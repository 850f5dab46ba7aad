package io.github.eventbus.test.app;

import javax.sql.DataSource;

import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.app.ShopEvents.OrderPlaced;
import io.github.eventbus.test.app.ShopEvents.ParcelShipped;
import io.github.eventbus.test.app.ShopEvents.PaymentReceived;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Asked for, the slice runs the JDBC store (on embedded H2 here) and the durable observers' tables. */
@EventBusTest(store = EventBusTest.Store.JDBC, properties = "spring.datasource.url=jdbc:h2:mem:slice;DB_CLOSE_DELAY=-1")
class EventBusTestJdbcSliceIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void runsOnTheJdbcStore() {
		assertThat(this.context.getBean(EventStore.class)).isInstanceOf(JdbcEventStore.class);
		assertThat(this.context.getBeansOfType(DataSource.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(Catalog.class)).isEmpty();
	}

	@Test
	void durableObserversCatchUpFromTheStore(Scenario scenario, @Autowired Warehouse warehouse) {
		// when
		scenario.publish(new OrderPlaced("jdbc-1", 500)).andWaitForDurableObservers();
		ParcelShipped shipped = scenario.publish(new PaymentReceived("jdbc-1"))
			.andWaitForDurableObservers()
			.andWaitForEvent(ParcelShipped.class);
		// then
		assertThat(shipped.orderId()).isEqualTo("jdbc-1");
		assertThat(warehouse.hasShipped("jdbc-1")).isTrue();
	}

}
