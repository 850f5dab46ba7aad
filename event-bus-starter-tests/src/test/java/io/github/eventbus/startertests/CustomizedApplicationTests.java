package io.github.eventbus.startertests;

import java.time.Duration;

import io.github.eventbus.EventBus;
import io.github.eventbus.startertests.CustomizedApplication.ParcelShipped;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter, added as users add it, applies a bean of each customizer type. */
@SpringBootTest(properties = "spring.datasource.generate-unique-name=true")
class CustomizedApplicationTests {

	@Autowired
	private CustomizedApplication application;

	@Autowired
	private EventBus bus;

	@Autowired
	private EventStore store;

	@Autowired
	private MeterRegistry meters;

	@Test
	void everyCustomizerIsApplied() {
		// when
		this.bus.publish("parcel-1", new ParcelShipped("p-1"));
		// then
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.application.received.isEmpty());
		assertThat(this.application.decorated).contains("parcels");
		assertThat(this.store).isInstanceOf(JdbcEventStore.class);
		assertThat(this.store.readStream("parcel-1")).singleElement()
			.satisfies((event) -> assertThat(event.type()).isEqualTo("parcel-shipped"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.meters.find("eventbus.observer.handling")
				.tag("observer", "parcels")
				.tag("bounded.context", "shipping")
				.timer()).isNotNull());
	}

}
