package io.github.eventbus.benchmarks;

/**
 * The payload every alternative dispatches: one small immutable object, created once per trial so that
 * the benchmarks measure the bus and not the payload's allocation.
 *
 * @param orderId an order number
 * @param sku a product code
 */
public record OrderPlaced(long orderId, String sku) {

	static final OrderPlaced SAMPLE = new OrderPlaced(42L, "SKU-1");

}
