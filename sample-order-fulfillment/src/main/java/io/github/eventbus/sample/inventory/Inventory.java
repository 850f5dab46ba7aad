package io.github.eventbus.sample.inventory;

import java.util.List;
import java.util.Map;

import io.github.eventbus.EventBus;
import io.github.eventbus.sample.FulfillmentProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The inventory domain: reserves stock for orders, releases it, and marks it sold when shipped. Each
 * change moves units between {@code available}, {@code reserved} and {@code sold} in one statement, so
 * their sum always equals the initial stock, and a reservation never takes more than is available.
 * Idempotent per order: a second reserve, release or sale of the same order changes nothing.
 */
@Service
public class Inventory implements InitializingBean {

	private final JdbcTemplate jdbc;

	private final EventBus bus;

	private final FulfillmentProperties properties;

	Inventory(JdbcTemplate jdbc, EventBus bus, FulfillmentProperties properties) {
		this.jdbc = jdbc;
		this.bus = bus;
		this.properties = properties;
	}

	/** Loads the configured stock for SKUs the inventory does not know yet. */
	@Override
	public void afterPropertiesSet() {
		for (Map.Entry<String, Integer> stock : this.properties.getStock().entrySet()) {
			this.jdbc.update("""
					INSERT INTO inventory (sku, initial_stock, available, reserved, sold)
					SELECT ?, ?, ?, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM inventory WHERE sku = ?)
					""", stock.getKey(), stock.getValue(), stock.getValue(), stock.getKey());
		}
	}

	/** Reserves stock and publishes {@link InventoryReserved}, or publishes {@link InventoryShort}. */
	public void reserve(String orderId, String sku, int quantity) {
		int taken = this.jdbc.update("""
				UPDATE inventory SET available = available - ?, reserved = reserved + ?
				WHERE sku = ? AND available >= ?
					AND NOT EXISTS (SELECT 1 FROM inventory_reservation WHERE order_id = ?)
				""", quantity, quantity, sku, quantity, orderId);
		if (taken == 1) {
			this.jdbc.update("INSERT INTO inventory_reservation (order_id, sku, quantity, status) VALUES (?, ?, ?, 'RESERVED')",
					orderId, sku, quantity);
			this.bus.publish(orderId, new InventoryReserved(orderId, sku, quantity));
			return;
		}
		Integer existing = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM inventory_reservation WHERE order_id = ?", Integer.class, orderId);
		if (existing != null && existing > 0) {
			return; // reserved already
		}
		List<Integer> available = this.jdbc.queryForList("SELECT available FROM inventory WHERE sku = ?",
				Integer.class, sku);
		this.bus.publish(orderId, new InventoryShort(orderId, sku, quantity, available.isEmpty() ? 0 : available.get(0)));
	}

	/** Gives an order's reservation back and publishes {@link InventoryReleased}. */
	public void release(String orderId) {
		move(orderId, "RELEASED", "available = available + ?, reserved = reserved - ?");
	}

	/** Marks an order's reservation sold and publishes {@link InventorySold}. */
	public void sell(String orderId) {
		move(orderId, "SOLD", "sold = sold + ?, reserved = reserved - ?");
	}

	private void move(String orderId, String newStatus, String assignment) {
		List<Reservation> reservations = this.jdbc.query(
				"SELECT sku, quantity FROM inventory_reservation WHERE order_id = ? AND status = 'RESERVED'",
				(rs, row) -> new Reservation(rs.getString(1), rs.getInt(2)), orderId);
		if (reservations.isEmpty()) {
			return;
		}
		Reservation reservation = reservations.get(0);
		if (this.jdbc.update("UPDATE inventory_reservation SET status = ? WHERE order_id = ? AND status = 'RESERVED'",
				newStatus, orderId) != 1) {
			return;
		}
		this.jdbc.update("UPDATE inventory SET " + assignment + " WHERE sku = ?", reservation.quantity(),
				reservation.quantity(), reservation.sku());
		Object event = "SOLD".equals(newStatus)
				? new InventorySold(orderId, reservation.sku(), reservation.quantity())
				: new InventoryReleased(orderId, reservation.sku(), reservation.quantity());
		this.bus.publish(orderId, event);
	}

	/** Every SKU's stock. */
	public List<Stock> stock() {
		return this.jdbc.query("SELECT sku, initial_stock, available, reserved, sold FROM inventory ORDER BY sku",
				(rs, row) -> new Stock(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
	}

	private record Reservation(String sku, int quantity) {
	}

	/** One SKU: {@code available + reserved + sold == initial}. */
	public record Stock(String sku, int initial, int available, int reserved, int sold) {
	}

}
