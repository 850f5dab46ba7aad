package io.github.eventbus.sample;

import java.time.Duration;

import io.github.eventbus.Event;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole application: demo orders placed at startup, and orders placed over HTTP, flow to shipment. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderFulfillmentApplicationTests {

	@Autowired
	private EventStore store;

	@Autowired
	private MockMvcTester mvc;

	@Test
	void demoOrdersPlacedAtStartupArePaidAndShipped() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.store.readStream("demo-1")).extracting(Event::type)
				.containsExactly("order-placed", "payment-received", "order-shipped"));
		assertThat(this.store.readStream("demo-3")).extracting(Event::version).containsExactly(1L, 2L, 3L);
	}

	@Test
	void anOrderPlacedOverHttpIsShipped() throws Exception {
		// when
		MvcTestResult placed = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"customer\":\"ada\",\"amount\":42.50}")
			.exchange();
		// then
		assertThat(placed).hasStatus(201);
		String orderId = placed.getResponse().getContentAsString().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
		assertThat(this.mvc.get().uri("/orders/{id}/events", orderId)).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].type")
			.asArray()
			.containsExactly("order-placed", "payment-received", "order-shipped");
	}

}
