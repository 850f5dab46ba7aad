package io.github.eventbus.sample.order;

import java.net.URI;
import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.store.EventStore;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} and {@code GET /orders/{id}}: status and the order's events. */
@RestController
class OrderController {

	private final Orders orders;

	private final EventStore events;

	OrderController(Orders orders, EventStore events) {
		this.orders = orders;
		this.events = events;
	}

	@PostMapping("/orders")
	ResponseEntity<OrderView> place(@RequestBody PlaceOrder request) {
		String id = this.orders.place(request.sku(), request.quantity(), request.card());
		return ResponseEntity.created(URI.create("/orders/" + id)).body(view(id));
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<OrderView> get(@PathVariable String id) {
		return this.orders.find(id).isPresent() ? ResponseEntity.ok(view(id)) : ResponseEntity.notFound().build();
	}

	private OrderView view(String id) {
		Orders.Order order = this.orders.find(id).orElseThrow();
		List<HistoryEntry> history = this.events.readStream(id)
			.stream()
			.map(OrderController::entry)
			.toList();
		return new OrderView(order.id(), order.sku(), order.quantity(), order.amountCents(), order.status(),
				order.reason(), history);
	}

	private static HistoryEntry entry(Event<?> event) {
		return new HistoryEntry(event.version(), event.type(), event.occurredAt().toString(), event.payload());
	}

	/** The request body of {@code POST /orders}. */
	record PlaceOrder(String sku, int quantity, String card) {
	}

	/** An order with its history, oldest event first. */
	record OrderView(String id, String sku, int quantity, long amountCents, OrderStatus status, String reason,
			List<HistoryEntry> history) {
	}

	/** One event of an order's stream. */
	record HistoryEntry(long version, String type, String occurredAt, Object payload) {
	}

}
