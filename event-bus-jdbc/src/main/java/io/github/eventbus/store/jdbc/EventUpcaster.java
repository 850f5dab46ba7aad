package io.github.eventbus.store.jdbc;

import tools.jackson.databind.JsonNode;

/**
 * Turns the stored JSON of an older payload version into the shape of the next version, so that events
 * stored before a payload class changed stay readable.
 * <p>
 * Register one per type name with {@link EventTypeRegistry#registerUpcaster(String, EventUpcaster)}. When
 * an event of type {@code T} is stored at version {@code v} and {@code T}'s class is at version {@code c}
 * ({@link io.github.eventbus.EventType#version()}), the upcaster is called for {@code v}, {@code v + 1},
 * ..., {@code c - 1}, each call receiving the previous call's result. A typical implementation switches on
 * {@code fromVersion}.
 * <p>
 * Called on reading threads, concurrently; implementations must be thread-safe and should not keep the
 * node they are given. An exception makes the event unreadable (see
 * {@link io.github.eventbus.store.UnreadableEvent}); it never stops a reader.
 */
@FunctionalInterface
public interface EventUpcaster {

	/**
	 * Upcasts one version step.
	 * @param typeName the stored type name
	 * @param fromVersion the version {@code json} is in
	 * @param json the payload at {@code fromVersion}; may be modified and returned
	 * @return the payload in the shape of version {@code fromVersion + 1}
	 */
	JsonNode upcast(String typeName, int fromVersion, JsonNode json);

}
