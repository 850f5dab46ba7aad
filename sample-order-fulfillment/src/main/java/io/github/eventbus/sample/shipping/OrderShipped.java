package io.github.eventbus.sample.shipping;

import io.github.eventbus.EventType;

/** The order left the warehouse. */
@EventType("order-shipped")
public record OrderShipped(String orderId, String trackingNumber) {
}
