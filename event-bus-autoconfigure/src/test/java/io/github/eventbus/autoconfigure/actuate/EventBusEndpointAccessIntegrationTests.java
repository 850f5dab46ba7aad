package io.github.eventbus.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.eventbus.EventObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the endpoint exposed but its access left at the default, reads work and replay and discard are
 * not mapped at all.
 */
@SpringBootTest(classes = EventBusEndpointAccessIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=eventbus", "eventbus.store.type=memory" })
class EventBusEndpointAccessIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void writeOperationsAreOffUntilAccessIsUnrestricted() throws Exception {
		assertThat(status(HttpRequest.newBuilder(uri("/actuator/eventbus")).GET())).isEqualTo(200);
		assertThat(status(HttpRequest.newBuilder(uri("/actuator/eventbus/packing/dead-letters")).GET()))
			.isEqualTo(200);
		assertThat(status(HttpRequest.newBuilder(uri("/actuator/eventbus/packing/dead-letters"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")))).isIn(404, 405);
		assertThat(status(HttpRequest.newBuilder(uri("/actuator/eventbus/packing/dead-letters/1")).DELETE()))
			.isIn(404, 405);
	}

	private int status(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Packing.class)
	static class App {

	}

	record Packed(String orderId) {
	}

	static class Packing {

		@EventObserver(id = "packing", durable = true)
		void on(Packed packed) {
		}

	}

}
