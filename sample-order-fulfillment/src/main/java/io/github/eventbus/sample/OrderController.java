package io.github.eventbus.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.sample.OrderEvents.OrderPlaced;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Places orders and shows an order's events. */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final EventBus bus;

	private final EventStore store;

	OrderController(EventBus bus, EventStore store) {
		this.bus = bus;
		this.store = store;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	PlacedOrder place(@RequestBody NewOrder order) {
		String orderId = UUID.randomUUID().toString();
		Event<?> placed = this.bus.publish(new OrderPlaced(orderId, order.customer(), order.amount())).event();
		return new PlacedOrder(orderId, placed.position());
	}

	@GetMapping("/{orderId}/events")
	List<StoredEvent> events(@PathVariable String orderId) {
		return this.store.readStream(orderId)
			.stream()
			.map((event) -> new StoredEvent(event.position(), event.version(), event.type(), event.payload()))
			.toList();
	}

	record NewOrder(String customer, BigDecimal amount) {
	}

	record PlacedOrder(String orderId, long position) {
	}

	record StoredEvent(long position, long version, String type, Object payload) {
	}

}
