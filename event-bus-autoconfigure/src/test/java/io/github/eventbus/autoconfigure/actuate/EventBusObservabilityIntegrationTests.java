package io.github.eventbus.autoconfigure.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.Billing;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.Hop1;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.Hops;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.Invoice;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.OrderPlaced;
import io.github.eventbus.autoconfigure.actuate.ObservabilityApplication.Orders;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.store.EventStore;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observability surface over real HTTP: meters at {@code /actuator/metrics}, the {@code eventbus}
 * endpoint, a dead letter replayed and discarded through it, health going DOWN with the database and UP
 * again, the MDC inside observers, and causation across three hops. The database is H2 behind a TCP
 * server that the health test really stops.
 */
@SpringBootTest(classes = ObservabilityApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=eventbus,health,metrics",
				"management.endpoint.eventbus.access=unrestricted", "management.endpoint.health.show-details=always",
				"spring.datasource.hikari.connection-timeout=250", "spring.datasource.hikari.validation-timeout=250",
				"spring.datasource.hikari.maximum-pool-size=4", "eventbus.jdbc.initialize-schema=always",
				"spring.datasource.hikari.exception-override-class-name=io.github.eventbus.autoconfigure.actuate.EvictLostH2Connections", "eventbus.observers.poll-interval=50ms",
				"eventbus.retry.max-attempts=2", "eventbus.retry.initial-backoff=20ms",
				"eventbus.health.max-dead-letters=0", "eventbus.logging.mdc.enabled=true" })
class EventBusObservabilityIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Path databaseDirectory = createTempDirectory();

	private static Server database = startDatabase(0);

	@LocalServerPort
	int port;

	@Autowired
	EventBus bus;

	@Autowired
	EventStore store;

	@Autowired
	Orders orders;

	@Autowired
	Billing billing;

	@Autowired
	Hops hops;

	@Autowired
	DeadLetters deadLetters;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:tcp://localhost:" + database.getPort() + "/observability");
		registry.add("spring.datasource.username", () -> "sa");
	}

	@AfterEach
	void healBilling() {
		this.billing.failing.set(false);
		for (DeadLetter entry : this.deadLetters.list("billing", 0, 100)) {
			this.deadLetters.discard(entry.id());
		}
	}

	@AfterAll
	static void stopDatabase() {
		database.stop();
	}

	@Test
	void metersCarryTheDocumentedNamesAndTagsAfterTraffic() throws Exception {
		// given / when
		for (int i = 0; i < 3; i++) {
			this.bus.publish(new OrderPlaced("metered-" + i));
		}
		this.bus.publish(new Invoice("metered"));
		await().until(() -> this.billing.billed.contains("metered"));
		// then
		assertThat(count("eventbus.events.published", "event.type:OrderPlaced")).isGreaterThanOrEqualTo(3);
		assertThat(count("eventbus.observer.handling", "observer:orders", "event.type:OrderPlaced", "outcome:success"))
			.isGreaterThanOrEqualTo(3);
		assertThat(count("eventbus.observer.handling", "observer:billing", "event.type:Invoice", "outcome:success"))
			.isGreaterThanOrEqualTo(1);
		JsonNode handling = get("/actuator/metrics/eventbus.observer.handling").body();
		assertThat(tagKeys(handling)).contains("observer", "event.type", "outcome");
		assertThat(handling.get("baseUnit").asString()).isEqualTo("seconds");
		// Gauges are read, not pushed, and the durable ones from a status refreshed at most once a second:
		// wait for them to settle rather than read them once.
		await().untilAsserted(() -> assertThat(
				statistic(get("/actuator/metrics/eventbus.observer.mailbox.size?tag=observer:orders").body(), "VALUE"))
			.isZero());
		await().untilAsserted(() -> assertThat(
				statistic(get("/actuator/metrics/eventbus.observer.lag?tag=observer:billing").body(), "VALUE"))
			.isZero());
		await().untilAsserted(() -> assertThat(
				statistic(get("/actuator/metrics/eventbus.observer.dead.letters?tag=observer:billing").body(), "VALUE"))
			.isZero());
		assertThat(count("eventbus.store.append")).isGreaterThanOrEqualTo(4);
		assertThat(count("eventbus.store.append.batch.size")).isGreaterThanOrEqualTo(1);
		assertThat(statistic(get("/actuator/metrics/eventbus.executor.pool.max").body(), "VALUE")).isPositive();
		assertThat(get("/actuator/metrics/eventbus.executor.active").status()).isEqualTo(200);
		assertThat(get("/actuator/metrics/eventbus.executor.queued").status()).isEqualTo(200);
	}

	@Test
	void endpointListsEveryObserverAndTheStore() throws Exception {
		// given
		this.bus.publish(new Invoice("listed"));
		await().until(() -> this.billing.billed.contains("listed"));
		// when
		Response response = get("/actuator/eventbus");
		// then
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.body();
		assertThat(body.at("/store/type").asString()).isEqualTo("jdbc");
		assertThat(body.at("/store/headPosition").asLong()).isPositive();
		JsonNode orders = observer(body, "orders");
		assertThat(orders.get("bean").asString()).isEqualTo("orders");
		assertThat(orders.get("method").asString()).isEqualTo("on(OrderPlaced)");
		assertThat(orders.get("mode").asString()).isEqualTo("CONCURRENT_AWAIT");
		assertThat(orders.get("durable").asBoolean()).isFalse();
		assertThat(orders.get("concurrency").asInt()).isEqualTo(1);
		assertThat(orders.get("state").asString()).isEqualTo("RUNNING");
		assertThat(orders.get("mailboxSize").asInt()).isZero();
		await().untilAsserted(() -> {
			JsonNode billing = observer(get("/actuator/eventbus").body(), "billing");
			assertThat(billing.get("durable").asBoolean()).isTrue();
			assertThat(billing.get("state").asString()).isEqualTo("RUNNING");
			assertThat(billing.get("checkpoint").asLong()).isPositive();
			assertThat(billing.get("lag").asLong()).isZero();
			assertThat(billing.get("deadLetters").asLong()).isZero();
			assertThat(billing.get("owner").asString()).isNotBlank();
		});
		assertThat(get("/actuator/eventbus/hop2").body().get("method").asString()).isEqualTo("hop2(Event)");
		assertThat(get("/actuator/eventbus/no-such-observer").status()).isEqualTo(404);
	}

	@Test
	void deadLetterIsListedCountedAndReplayedThroughTheEndpoint() throws Exception {
		// given
		this.billing.failing.set(true);
		Event<?> invoice = this.bus.publish(new Invoice("replayed")).events().get(0);
		// when
		JsonNode entry = await().until(() -> get("/actuator/eventbus/billing/dead-letters?page=0&size=10").body(),
				(page) -> page.get("deadLetters").size() == 1)
			.get("deadLetters")
			.get(0);
		// then
		assertThat(entry.get("eventId").asString()).isEqualTo(invoice.id().toString());
		assertThat(entry.get("eventType").asString()).isEqualTo("Invoice");
		assertThat(entry.get("status").asString()).isEqualTo("FAILED");
		assertThat(entry.get("attempts").asInt()).isEqualTo(2);
		assertThat(entry.get("message").asString()).isEqualTo("Billing is down for replayed");
		assertThat(count("eventbus.observer.handling", "observer:billing", "outcome:retry")).isGreaterThanOrEqualTo(1);
		assertThat(count("eventbus.observer.handling", "observer:billing", "outcome:dead-lettered"))
			.isGreaterThanOrEqualTo(1);
		Response health = get("/actuator/health/eventbus");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.body().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		assertThat(health.body().at("/details/observers/billing/deadLetters").asLong()).isEqualTo(1);
		await().untilAsserted(() -> assertThat(
				statistic(get("/actuator/metrics/eventbus.observer.dead.letters?tag=observer:billing").body(), "VALUE"))
			.isEqualTo(1));
		// when
		this.billing.failing.set(false);
		Response replay = post("/actuator/eventbus/billing/dead-letters", Map.of("id", entry.get("id").asLong()));
		// then
		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.body().get("marked").asInt()).isEqualTo(1);
		await().until(() -> this.billing.billed.contains("replayed"));
		await().until(() -> get("/actuator/eventbus/billing/dead-letters").body().get("deadLetters").isEmpty());
		assertThat(get("/actuator/health/eventbus").body().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void deadLetterIsDiscardedThroughTheEndpoint() throws Exception {
		// given
		this.billing.failing.set(true);
		this.bus.publish(new Invoice("discarded"));
		long id = await().until(() -> this.deadLetters.list("billing", 0, 10), (page) -> page.size() == 1)
			.get(0)
			.id();
		this.billing.failing.set(false);
		// when
		Response discard = send(HttpRequest.newBuilder(uri("/actuator/eventbus/billing/dead-letters/" + id)).DELETE());
		// then
		assertThat(discard.status()).isEqualTo(200);
		assertThat(discard.body().get("discarded").asBoolean()).isTrue();
		assertThat(get("/actuator/eventbus/billing/dead-letters").body().get("deadLetters").isEmpty()).isTrue();
		assertThat(this.billing.billed).doesNotContain("discarded");
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/eventbus/billing/dead-letters/" + id)).DELETE())
			.status()).isEqualTo(404);
	}

	@Test
	void observerRunsWithTheEventIdsInTheMdc() {
		// given / when
		Event<?> event = this.bus.publish(new OrderPlaced("mdc")).events().get(0);
		// then
		Map<String, String> mdc = await().until(
				() -> this.orders.mdc.stream().filter((seen) -> seen.get("order").equals("mdc")).findFirst(),
				Optional::isPresent)
			.get();
		assertThat(mdc).containsEntry("eventId", event.id().toString())
			.containsEntry("correlationId", event.id().toString())
			.containsEntry("causationId", "null")
			.containsEntry("observer", "orders");
	}

	@Test
	void eventsPublishedFromObserversCarryTheCausationChainAcrossThreeHops() {
		// given / when
		Event<?> root = this.bus.publish(new Hop1("chain")).events().get(0);
		// then
		await().until(() -> this.hops.seen.size() >= 3);
		List<Event<?>> chain = new ArrayList<>(this.hops.seen);
		Event<?> first = chain.get(0);
		Event<?> second = chain.get(1);
		Event<?> third = chain.get(2);
		assertThat(first).isEqualTo(root);
		assertThat(first.metadata().correlationId()).isEqualTo(root.id());
		assertThat(first.metadata().causationId()).isNull();
		assertThat(second.payload()).isInstanceOf(ObservabilityApplication.Hop2.class);
		assertThat(second.metadata().causationId()).isEqualTo(first.id());
		assertThat(second.metadata().correlationId()).isEqualTo(root.id());
		assertThat(third.payload()).isInstanceOf(ObservabilityApplication.Hop3.class);
		assertThat(third.metadata().causationId()).isEqualTo(second.id());
		assertThat(third.metadata().correlationId()).isEqualTo(root.id());
		assertThat(this.hops.causationInMdc).containsExactly(second.id().toString());
		// and the stored events carry the same ids
		List<Event<?>> stored = this.store.readAll(root.position(), 100);
		assertThat(stored).filteredOn((event) -> event.equals(third))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.metadata().causationId()).isEqualTo(second.id());
				assertThat(event.metadata().correlationId()).isEqualTo(root.id());
			});
	}

	@Nested
	class WhenTheDatabaseStops {

		@Test
		void healthIsDownAndBackUpOnceItRestarts() throws Exception {
			// given
			assertThat(get("/actuator/health/eventbus").body().get("status").asString()).isEqualTo("UP");
			int port = database.getPort();
			// when
			database.stop();
			try {
				// then
				Response down = await().atMost(Duration.ofSeconds(20))
					.until(() -> get("/actuator/health/eventbus"), (health) -> health.status() == 503);
				assertThat(down.body().get("status").asString()).isEqualTo("DOWN");
				assertThat(down.body().at("/details/error").asString()).isNotBlank();
			}
			finally {
				database = startDatabase(port);
			}
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(get("/actuator/health/eventbus").body().get("status").asString())
					.isEqualTo("UP"));
			assertThat(get("/actuator/health/eventbus").body().at("/details/store").asString()).isEqualTo("jdbc");
		}

	}

	private static Server startDatabase(int port) {
		try {
			return Server
				.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", databaseDirectory.toString())
				.start();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path createTempDirectory() {
		try {
			Path directory = Files.createTempDirectory("eventbus-observability");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private JsonNode observer(JsonNode eventBus, String id) {
		for (JsonNode observer : eventBus.get("observers")) {
			if (observer.get("id").asString().equals(id)) {
				return observer;
			}
		}
		throw new AssertionError("No observer '" + id + "' in " + eventBus);
	}

	private double count(String meter, String... tags) throws IOException, InterruptedException {
		StringBuilder path = new StringBuilder("/actuator/metrics/").append(meter);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		Response response = get(path.toString());
		assertThat(response.status()).as("GET %s", path).isEqualTo(200);
		return statistic(response.body(), "COUNT");
	}

	private static double statistic(JsonNode meter, String statistic) {
		for (JsonNode measurement : meter.get("measurements")) {
			if (measurement.get("statistic").asString().equals(statistic)) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + meter);
	}

	private static List<String> tagKeys(JsonNode meter) {
		List<String> keys = new ArrayList<>();
		meter.get("availableTags").forEach((tag) -> keys.add(tag.get("tag").asString()));
		return keys;
	}

	private Response get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private Response post(String path, Object body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
	}

	private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		String body = response.body();
		return new Response(response.statusCode(), (body == null || body.isBlank()) ? json.createObjectNode()
				: json.readTree(body));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	record Response(int status, JsonNode body) {
	}

}
