package io.github.eventbus.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.eventbus.durable.DurableObserverStatus.SegmentStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.sample.inventory.Inventory;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.sample.saga.ConcurrencyDetector;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the application on one database, the saga split into four segments by order: 1,000
 * orders posted concurrently to both over HTTP all settle, nothing is oversold, both instances run saga
 * segments, and no order's events are handled twice at once or out of the order of its stream.
 */
class TwoInstancesConcurrentOrdersIntegrationTests {

	private static final int ORDERS = 1000;

	private static final int STOCK = 300;

	private static final String SAGA = "saga:OrderFulfillmentSaga";

	private static final Set<String> SAGA_EVENTS = Set.of("OrderPlaced", "InventoryReserved", "InventoryShort",
			"PaymentCharged", "PaymentDeclined", "OrderShipped");

	/** Shared by both instances, so that it sees one order handled on both at once. */
	private final ConcurrencyDetector detector = new ConcurrencyDetector();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start(String name) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderFulfillmentApplication.class)
			.initializers((ctx) -> ctx.getBeanFactory().addBeanPostProcessor(this.detector))
			// arguments, not default properties: the sample's application.yml would win over those and give
			// both instances the database other test classes of this JVM use
			.run("--spring.datasource.url=jdbc:h2:mem:two-instances;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
					"--server.port=0", "--fulfillment.stock.WIDGET=" + STOCK, "--fulfillment.payment-timeout=30s",
					"--eventbus.observers.segments=4", "--eventbus.observers.instance-id=" + name,
					"--eventbus.observers.lease-duration=3s", "--eventbus.observers.poll-interval=50ms");
		this.instances.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static List<String> owners(ConfigurableApplicationContext context) {
		return context.getBean(DurableObservers.class)
			.status(SAGA)
			.orElseThrow()
			.segments()
			.stream()
			.map(SegmentStatus::owner)
			.filter(Objects::nonNull)
			.toList();
	}

	@Test
	void everyOrderSettlesWithTheSagaSharedByTwoInstances() throws Exception {
		// given: two instances sharing the saga's four segments
		ConfigurableApplicationContext first = start("first");
		ConfigurableApplicationContext second = start("second");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(owners(first)).hasSize(4).contains("first", "second"));
		List<FulfillmentClient> clients = List.of(new FulfillmentClient(port(first)), new FulfillmentClient(port(second)));
		// when: sixteen clients post 1,000 orders of one widget to both; every tenth card is declined
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<String>> placed = new ArrayList<>();
		for (int i = 0; i < ORDERS; i++) {
			String card = (i % 10 == 0) ? Payments.DECLINED_CARD : Payments.GOOD_CARD;
			FulfillmentClient client = clients.get(i % 2);
			placed.add(pool.submit(() -> client.place("WIDGET", 1, card)));
		}
		List<String> ids = new ArrayList<>();
		for (Future<String> order : placed) {
			ids.add(order.get());
		}
		pool.shutdown();
		// then
		Orders orders = first.getBean(Orders.class);
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> orders.countOpen() == 0);
		Inventory.Stock widgets = first.getBean(Inventory.class)
			.stock()
			.stream()
			.filter((stock) -> stock.sku().equals("WIDGET"))
			.findFirst()
			.orElseThrow();
		Map<String, Long> outcomes = orders.countByOutcome();
		assertThat(widgets.reserved()).isZero();
		assertThat(widgets.available() + widgets.sold()).isEqualTo(STOCK);
		assertThat(outcomes).containsEntry("COMPLETED", (long) widgets.sold());
		assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ORDERS);
		assertThat(this.detector.overlaps()).as("handler calls overlapping for one order").isZero();
		assertThat(this.detector.mostAtOnce()).as("orders handled at once").isGreaterThan(1);
		assertThat(owners(first)).contains("first", "second");
		EventStore events = first.getBean(EventStore.class);
		for (String id : ids) {
			List<String> stream = events.readStream(id)
				.stream()
				.map((event) -> event.payload().getClass().getSimpleName())
				.filter(SAGA_EVENTS::contains)
				.toList();
			assertThat(this.detector.handled(id)).as("saga events of order " + id).isEqualTo(stream);
		}
	}

}
