package io.github.eventbus.autoconfigure.actuate;

import io.github.eventbus.store.EventStore;

/** The {@code eventbus.store.type} value of a store, for operations. */
final class StoreTypes {

	private StoreTypes() {
	}

	static String of(EventStore store) {
		return switch (store.getClass().getSimpleName()) {
			case "JdbcEventStore" -> "jdbc";
			case "InMemoryEventStore" -> "memory";
			case "NonRetainingEventStore" -> "none";
			default -> store.getClass().getName();
		};
	}

}
