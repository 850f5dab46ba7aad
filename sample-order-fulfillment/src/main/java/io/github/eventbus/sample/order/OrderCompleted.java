package io.github.eventbus.sample.order;

import io.github.eventbus.EventType;

/** The order was shipped and paid: done. */
@EventType("order-completed")
public record OrderCompleted(String orderId) {
}
