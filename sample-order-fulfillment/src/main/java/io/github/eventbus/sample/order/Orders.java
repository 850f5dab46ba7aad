package io.github.eventbus.sample.order;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.github.eventbus.EventBus;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order domain: places orders and records how they end. Every change publishes an event on the order's
 * stream (its id), in the caller's transaction.
 */
@Service
public class Orders {

	private static final Map<String, Long> PRICES = Map.of("BOOK", 1500L, "MUG", 800L, "LAMP", 4500L);

	private static final long DEFAULT_PRICE = 1000L;

	private final JdbcTemplate jdbc;

	private final EventBus bus;

	private final Clock clock;

	private final ObjectProvider<MeterRegistry> meters;

	Orders(JdbcTemplate jdbc, EventBus bus, ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
		this.jdbc = jdbc;
		this.bus = bus;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		this.meters = meters;
	}

	/**
	 * Places an order and publishes {@link OrderPlaced}.
	 * @return the new order's id
	 */
	@Transactional
	public String place(String sku, int quantity, String card) {
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be at least 1");
		}
		String id = UUID.randomUUID().toString();
		long amount = PRICES.getOrDefault(sku, DEFAULT_PRICE) * quantity;
		this.jdbc.update("INSERT INTO orders (id, sku, quantity, amount_cents, status, placed_at) VALUES (?, ?, ?, ?, ?, ?)",
				id, sku, quantity, amount, OrderStatus.PLACED.name(), now());
		this.bus.publish(id, new OrderPlaced(id, sku, quantity, amount, card));
		return id;
	}

	/** Records a step on the way; publishes nothing. */
	public void advance(String orderId, OrderStatus status) {
		this.jdbc.update("UPDATE orders SET status = ? WHERE id = ? AND status NOT IN ('COMPLETED', 'CANCELLED')",
				status.name(), orderId);
	}

	/** Completes an order and publishes {@link OrderCompleted}. */
	public void complete(String orderId) {
		if (settle(orderId, OrderStatus.COMPLETED, null)) {
			this.bus.publish(orderId, new OrderCompleted(orderId));
		}
	}

	/** Cancels an order and publishes {@link OrderCancelled}. */
	public void cancel(String orderId, CancellationReason reason) {
		if (settle(orderId, OrderStatus.CANCELLED, reason)) {
			this.bus.publish(orderId, new OrderCancelled(orderId, reason.name()));
		}
	}

	private boolean settle(String orderId, OrderStatus status, CancellationReason reason) {
		int updated = this.jdbc.update("""
				UPDATE orders SET status = ?, reason = ?, settled_at = ?
				WHERE id = ? AND status NOT IN ('COMPLETED', 'CANCELLED')
				""", status.name(), (reason != null) ? reason.name() : null, now(), orderId);
		if (updated == 1) {
			MeterRegistry registry = this.meters.getIfAvailable();
			if (registry != null) {
				registry.counter("fulfillment.orders.settled", "status", status.name(), "reason",
						(reason != null) ? reason.name() : "none").increment();
			}
		}
		return updated == 1;
	}

	public Optional<Order> find(String orderId) {
		return this.jdbc.query("""
				SELECT id, sku, quantity, amount_cents, status, reason FROM orders WHERE id = ?
				""", (rs, row) -> new Order(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
				OrderStatus.valueOf(rs.getString(5)), rs.getString(6)), orderId).stream().findFirst();
	}

	/** How many orders there are per status and cancellation reason, e.g. {@code CANCELLED/OUT_OF_STOCK}. */
	public Map<String, Long> countByOutcome() {
		return countByOutcome(Instant.EPOCH);
	}

	/** Like {@link #countByOutcome()}, for the orders placed since an instant. */
	public Map<String, Long> countByOutcome(Instant since) {
		Map<String, Long> counts = new TreeMap<>();
		this.jdbc.query("SELECT status, reason, COUNT(*) FROM orders WHERE placed_at >= ? GROUP BY status, reason",
				(rs) -> {
					String reason = rs.getString(2);
					counts.put(rs.getString(1) + ((reason != null) ? "/" + reason : ""), rs.getLong(3));
				}, Timestamp.from(since));
		return counts;
	}

	/** How many orders are not settled yet. */
	public long countOpen() {
		Long open = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM orders WHERE status NOT IN ('COMPLETED', 'CANCELLED')", Long.class);
		return (open != null) ? open : 0;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	/** One order as stored. */
	public record Order(String id, String sku, int quantity, long amountCents, OrderStatus status, String reason) {
	}

}
