package io.github.eventbus.store;

import io.github.eventbus.EventBusException;

/**
 * A stored event's type name is not registered, so no class may be used to read it: classes are never
 * loaded from names found in the database.
 */
public class UnknownEventTypeException extends EventBusException {

	private final String typeName;

	public UnknownEventTypeException(String typeName) {
		super("Stored event type '" + typeName + "' is not registered; annotate its payload class with @EventType(\""
				+ typeName + "\") and observe it, or list its package in eventbus.store.jdbc.type-packages");
		this.typeName = typeName;
	}

	/** The unregistered type name. */
	public String typeName() {
		return this.typeName;
	}

}
