package io.github.eventbus.autoconfigure;

import io.github.eventbus.StreamId;

/** Payload types shared by the tests. */
final class TestEvents {

	private TestEvents() {
	}

	/** A payload without a stream id: every publish starts a stream of its own. */
	record Tick(int n) {
	}

	/** Every order event. */
	interface OrderEvent {

		String orderId();

	}

	record OrderPlaced(@StreamId String orderId, int quantity) implements OrderEvent {
	}

	record OrderShipped(@StreamId String orderId) implements OrderEvent {
	}

}
