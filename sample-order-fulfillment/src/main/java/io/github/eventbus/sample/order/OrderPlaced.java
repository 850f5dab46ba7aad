package io.github.eventbus.sample.order;

import io.github.eventbus.EventType;

/** A customer placed an order; the saga starts here. */
@EventType("order-placed")
public record OrderPlaced(String orderId, String sku, int quantity, long amountCents, String card) {
}
