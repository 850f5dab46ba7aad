package io.github.eventbus.sample.inventory;

import io.github.eventbus.EventType;

/** A reservation was given back to the available stock. */
@EventType("inventory-released")
public record InventoryReleased(String orderId, String sku, int quantity) {
}
