package io.github.eventbus.sample.inventory;

import io.github.eventbus.EventType;

/** Not enough stock for an order; nothing was reserved. */
@EventType("inventory-short")
public record InventoryShort(String orderId, String sku, int requested, int available) {
}
