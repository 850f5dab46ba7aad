package io.github.eventbus.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.sample.inventory.Inventory;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.sample.saga.ConcurrencyDetector;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 orders posted concurrently over HTTP against stock for a fraction of them: every order settles,
 * nothing is oversold, available + reserved + sold equals the initial stock whenever it is looked at, and
 * the saga never handles two events of one order at once, handles each order's events in the order of its
 * stream, and handles several orders at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:concurrent;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"fulfillment.stock.WIDGET=300", "fulfillment.payment-timeout=30s" })
@Import(ConcurrentOrdersIntegrationTests.Detector.class)
class ConcurrentOrdersIntegrationTests {

	private static final int ORDERS = 1000;

	private static final int STOCK = 300;

	private static final Set<String> SAGA_EVENTS = Set.of("OrderPlaced", "InventoryReserved", "InventoryShort",
			"PaymentCharged", "PaymentDeclined", "OrderShipped");

	@Autowired
	private EventStore events;

	@LocalServerPort
	private int port;

	@Autowired
	private Orders orders;

	@Autowired
	private Inventory inventory;

	@Autowired
	private ConcurrencyDetector detector;

	private Inventory.Stock widgets() {
		return this.inventory.stock().stream().filter((s) -> s.sku().equals("WIDGET")).findFirst().orElseThrow();
	}

	@Test
	void everyOrderSettlesAndStockIsNeverOversold() throws Exception {
		// given
		FulfillmentClient client = new FulfillmentClient(this.port);
		ConcurrentLinkedQueue<Inventory.Stock> samples = new ConcurrentLinkedQueue<>();
		AtomicBoolean sampling = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(17);
		Future<?> sampler = pool.submit(() -> {
			while (sampling.get()) {
				samples.add(widgets());
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
		});
		// when: sixteen clients post 1,000 orders of one widget; every tenth card is declined
		List<Future<String>> placed = new ArrayList<>();
		for (int i = 0; i < ORDERS; i++) {
			String card = (i % 10 == 0) ? Payments.DECLINED_CARD : Payments.GOOD_CARD;
			placed.add(pool.submit(() -> client.place("WIDGET", 1, card)));
		}
		List<String> ids = new ArrayList<>();
		for (Future<String> order : placed) {
			ids.add(order.get());
			assertThat(ids.get(ids.size() - 1)).isNotBlank();
		}
		// then
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
			.until(() -> this.orders.countOpen() == 0);
		sampling.set(false);
		sampler.get();
		pool.shutdown();
		Inventory.Stock end = widgets();
		Map<String, Long> outcomes = this.orders.countByOutcome();
		assertThat(end.reserved()).isZero();
		assertThat(end.available() + end.sold()).isEqualTo(STOCK);
		assertThat(end.sold()).isPositive();
		assertThat(outcomes).containsEntry("COMPLETED", (long) end.sold())
			.containsKey("CANCELLED/OUT_OF_STOCK");
		assertThat(outcomes.get("CANCELLED/PAYMENT_DECLINED")).isBetween(1L, (long) ORDERS / 10);
		assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ORDERS);
		assertThat(this.detector.calls()).isGreaterThanOrEqualTo(2 * ORDERS);
		assertThat(this.detector.overlaps()).as("handler calls overlapping for one order").isZero();
		assertThat(this.detector.mostAtOnce()).as("orders handled at once").isGreaterThan(1);
		for (String id : ids) {
			List<String> stream = this.events.readStream(id)
				.stream()
				.map((event) -> event.payload().getClass().getSimpleName())
				.filter(SAGA_EVENTS::contains)
				.toList();
			assertThat(this.detector.handled(id)).as("saga events of order " + id).isEqualTo(stream);
		}
		assertThat(samples).isNotEmpty().allSatisfy((stock) -> {
			assertThat(stock.available() + stock.reserved() + stock.sold()).isEqualTo(STOCK);
			assertThat(stock.available()).isNotNegative();
			assertThat(stock.sold()).isLessThanOrEqualTo(STOCK);
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Detector {

		@Bean
		static ConcurrencyDetector concurrencyDetector() {
			return new ConcurrencyDetector();
		}

	}

}
