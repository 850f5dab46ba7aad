package io.github.eventbus.durable;

/** Payloads used by the durable observer tests. */
final class Events {

	private Events() {
	}

	record OrderPlaced(String orderId, int number) {
	}

	record StockCounted(String sku, int quantity) {
	}

}
