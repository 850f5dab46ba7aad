package io.github.eventbus.sample.inventory;

import io.github.eventbus.EventType;

/** Stock was set aside for an order. */
@EventType("inventory-reserved")
public record InventoryReserved(String orderId, String sku, int quantity) {
}
