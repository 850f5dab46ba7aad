package io.github.eventbus.sample.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObserverStatus.SegmentStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.sample.inventory.Inventory;
import io.github.eventbus.sample.order.Orders;
import io.github.eventbus.sample.payment.Payments;
import io.github.eventbus.saga.SagaManager;
import io.github.eventbus.store.EventStore;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo mode ({@code --demo.orders=N}): places N orders with a mix of outcomes (good, declined and silent
 * cards; a scarce SKU) from {@code demo.clients} customers at once (default 8), waits until every order is settled, prints a summary (settle time, events per second
 * through the saga, which runs {@code eventbus.saga.concurrency} orders at once on each instance, and which of
 * the saga's segments this instance owns) and exits: its exit code is 0 once every order is settled
 * ({@link org.springframework.boot.SpringApplication#exit}). Other instances on the same database need no
 * {@code demo.orders}: they share the saga's segments and help.
 */
@Component
@ConditionalOnProperty("demo.orders")
class DemoRunner implements ApplicationRunner, ExitCodeGenerator {

	static final String SAGA = "saga:OrderFulfillmentSaga";

	private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);

	private final Orders orders;

	private final Inventory inventory;

	private final EventStore events;

	private final SagaManager sagas;

	private final DurableObservers durable;

	/** Customers placing orders at once unless {@code demo.clients} says otherwise. */
	static final int DEFAULT_CLIENTS = 8;

	private final int count;

	private final int clients;

	private final PrintStream out = System.out;

	private volatile int exitCode = 1;

	DemoRunner(Orders orders, Inventory inventory, EventStore events, SagaManager sagas, DurableObservers durable,
			Environment environment) {
		this.orders = orders;
		this.inventory = inventory;
		this.events = events;
		this.sagas = sagas;
		this.durable = durable;
		this.count = environment.getRequiredProperty("demo.orders", Integer.class);
		this.clients = environment.getProperty("demo.clients", Integer.class, DEFAULT_CLIENTS);
		if (this.clients < 1) {
			throw new IllegalArgumentException("demo.clients must be at least 1, was " + this.clients);
		}
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		long start = System.nanoTime();
		long headBefore = this.events.headPosition();
		Instant since = Instant.now().minusSeconds(1);
		placeOrders();
		double placedSeconds = (System.nanoTime() - start) / 1e9;
		this.out.printf("%nDemo: placed %d orders from %d clients in %.1f s; waiting for them to settle...%n",
				this.count, this.clients, placedSeconds);
		long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		while (this.orders.countOpen() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		printSummary(seconds, since, this.events.countAfter(headBefore));
		this.exitCode = (this.orders.countOpen() == 0) ? 0 : 1;
	}

	/** The same orders every run (a fixed seed), placed by {@code demo.clients} threads at once. */
	private void placeOrders() throws InterruptedException {
		Random random = new Random(42);
		List<Callable<Object>> placements = new ArrayList<>(this.count);
		for (int i = 0; i < this.count; i++) {
			int roll = random.nextInt(100);
			String card = (roll < 10) ? Payments.DECLINED_CARD : (roll < 15) ? Payments.SILENT_CARD : Payments.GOOD_CARD;
			int pick = random.nextInt(100);
			String sku = (pick < 20) ? "LAMP" : (pick < 50) ? "MUG" : "BOOK";
			int quantity = 1 + random.nextInt(3);
			placements.add(() -> this.orders.place(sku, quantity, card));
		}
		ExecutorService customers = Executors.newFixedThreadPool(this.clients);
		try {
			for (Future<Object> placed : customers.invokeAll(placements)) {
				placed.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not place an order", ex.getCause());
		}
		finally {
			customers.shutdown();
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	private void printSummary(double seconds, Instant since, long events) {
		Map<String, Long> outcomes = this.orders.countByOutcome(since);
		String line = "+--------------------------------------+--------+";
		this.out.println();
		this.out.printf("Demo summary: %d orders settled in %.1f s (%.0f orders/s)%n", this.count - this.orders.countOpen(),
				seconds, this.count / seconds);
		this.out.printf("%d events stored and handled, %.0f events/s through the saga pipeline (saga concurrency %d)%n",
				events, events / seconds, this.sagas.concurrency());
		printSegments();
		this.out.println(line);
		this.out.printf("| %-36s | %6s |%n", "outcome", "orders");
		this.out.println(line);
		outcomes.forEach((outcome, n) -> this.out.printf("| %-36s | %6d |%n", label(outcome), n));
		this.out.println(line);
		this.out.println();
		this.out.println("+--------+---------+-----------+----------+------+");
		this.out.println("| sku    | initial | available | reserved | sold |");
		this.out.println("+--------+---------+-----------+----------+------+");
		for (Inventory.Stock stock : this.inventory.stock()) {
			this.out.printf("| %-6s | %7d | %9d | %8d | %4d |%n", stock.sku(), stock.initial(), stock.available(),
					stock.reserved(), stock.sold());
		}
		this.out.println("+--------+---------+-----------+----------+------+");
		this.out.println();
	}

	private void printSegments() {
		DurableObserverStatus status = this.durable.status(SAGA).orElseThrow();
		String here = this.durable.settings().instanceId();
		List<Integer> mine = new ArrayList<>();
		List<Integer> theirs = new ArrayList<>();
		TreeSet<String> others = new TreeSet<>();
		for (SegmentStatus segment : status.segments()) {
			if (here.equals(segment.owner())) {
				mine.add(segment.segment());
			}
			else if (segment.owner() != null) {
				theirs.add(segment.segment());
				others.add(segment.owner());
			}
		}
		String elsewhere = others.isEmpty() ? ""
				: "; other instances (" + String.join(", ", others) + ") own " + list(theirs);
		this.out.printf("%d saga segments (eventbus.observers.segments): this instance (%s) owns %s%s%n",
				status.segments().size(), here, list(mine), elsewhere);
	}

	private static String list(List<Integer> segments) {
		return segments.isEmpty() ? "none" : segments.stream().map(String::valueOf).collect(Collectors.joining(", "));
	}

	private static String label(String outcome) {
		return switch (outcome) {
			case "COMPLETED" -> "completed";
			case "CANCELLED/OUT_OF_STOCK" -> "cancelled: out of stock";
			case "CANCELLED/PAYMENT_DECLINED" -> "cancelled: payment declined";
			case "CANCELLED/PAYMENT_TIMEOUT" -> "cancelled: payment timed out";
			default -> "still open: " + outcome.toLowerCase(Locale.ROOT);
		};
	}

}
