package io.github.eventbus.sample;

import java.math.BigDecimal;

import io.github.eventbus.EventType;
import io.github.eventbus.StreamId;

/** The events of one order's life; every one belongs to the stream named after its order. */
public final class OrderEvents {

	private OrderEvents() {
	}

	/** Every order event. */
	public sealed interface OrderEvent permits OrderPlaced, PaymentReceived, OrderShipped {

		String orderId();

	}

	@EventType("order-placed")
	public record OrderPlaced(@StreamId String orderId, String customer, BigDecimal amount) implements OrderEvent {
	}

	@EventType("payment-received")
	public record PaymentReceived(@StreamId String orderId, BigDecimal amount) implements OrderEvent {
	}

	@EventType("order-shipped")
	public record OrderShipped(@StreamId String orderId, String trackingNumber) implements OrderEvent {
	}

}
