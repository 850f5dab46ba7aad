package io.github.eventbus.store;

import io.github.eventbus.EventBusException;

/**
 * The payload a store returns, from {@code readAll} and {@code readStream}, for a stored event it cannot
 * turn back into an object: an unregistered type name, or JSON that does not fit the class. Readers that
 * follow the store (durable observers, relays) get this placeholder instead of an exception, so one bad
 * row is reported (dead-lettered) and never stops them.
 *
 * @param typeName the stored type name
 * @param typeVersion the stored payload version
 * @param json the stored payload, as it is in the store
 * @param error why it cannot be read, for example an {@link UnknownEventTypeException}
 */
public record UnreadableEvent(String typeName, int typeVersion, String json, EventBusException error) {

}
