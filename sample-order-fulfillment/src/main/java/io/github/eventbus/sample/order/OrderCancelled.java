package io.github.eventbus.sample.order;

import io.github.eventbus.EventType;

/** The order was cancelled; {@code reason} is one of {@link CancellationReason}'s names. */
@EventType("order-cancelled")
public record OrderCancelled(String orderId, String reason) {
}
