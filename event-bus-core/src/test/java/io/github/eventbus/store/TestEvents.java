package io.github.eventbus.store;

import io.github.eventbus.EventType;

/** Payloads the store tests append. */
public final class TestEvents {

	private TestEvents() {
	}

	/** A payload with a stable type name. */
	@EventType("deposited")
	public record Deposited(String account, long amount) {
	}

	/** A payload named after its class. */
	public record Withdrawn(String account, long amount) {
	}

	/** Which writer appended what, for the concurrency cases. */
	@EventType("written")
	public record Written(int writer, long sequence) {
	}

}
