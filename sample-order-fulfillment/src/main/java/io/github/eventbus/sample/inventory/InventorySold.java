package io.github.eventbus.sample.inventory;

import io.github.eventbus.EventType;

/** A reservation left the warehouse with a shipment. */
@EventType("inventory-sold")
public record InventorySold(String orderId, String sku, int quantity) {
}
