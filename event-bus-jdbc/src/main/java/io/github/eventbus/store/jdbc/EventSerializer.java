package io.github.eventbus.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.github.eventbus.EventBusException;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.EventTypes;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns payloads into JSON and back with a Jackson 3 {@link JsonMapper} (the application's bean, so its
 * modules and settings apply), restricted to the classes of an {@link EventTypeRegistry}.
 * <p>
 * Serializing a payload registers its class, so an application can always read what it wrote. Reading
 * looks the stored type name up in the registry, applies the type's {@link EventUpcaster} from the stored
 * version to the class's current one, then binds the JSON to the class.
 * <p>
 * Thread-safe.
 */
public final class EventSerializer {

	private static final String CORRELATION_ID = "correlationId";

	private static final String CAUSATION_ID = "causationId";

	private static final String ENTRIES = "entries";

	private final JsonMapper mapper;

	private final EventTypeRegistry registry;

	/**
	 * Creates a serializer.
	 * @param mapper the mapper, typically the application's bean
	 * @param registry the allow-list of payload classes
	 */
	public EventSerializer(JsonMapper mapper, EventTypeRegistry registry) {
		this.mapper = Objects.requireNonNull(mapper, "mapper");
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	/** The registry this serializer reads with. */
	public EventTypeRegistry registry() {
		return this.registry;
	}

	/**
	 * Serializes a payload and registers its class.
	 * @param payload the payload
	 * @return its JSON
	 * @throws EventBusException if the mapper cannot serialize it
	 */
	public String serialize(Object payload) {
		this.registry.register(payload.getClass());
		try {
			return this.mapper.writeValueAsString(payload);
		}
		catch (JacksonException ex) {
			throw new EventBusException(
					"Cannot serialize payload of " + payload.getClass().getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Reads a stored payload, strictly.
	 * @param typeName the stored type name
	 * @param typeVersion the stored payload version
	 * @param json the stored JSON
	 * @return the payload
	 * @throws UnknownEventTypeException if {@code typeName} is not registered
	 * @throws EventBusException if the JSON cannot be upcast or does not fit the class
	 */
	public Object deserialize(String typeName, int typeVersion, String json) {
		Class<?> type = this.registry.classOf(typeName);
		if (type == null) {
			throw new UnknownEventTypeException(typeName);
		}
		int current = EventTypes.versionOf(type);
		if (typeVersion > current) {
			throw new EventBusException("Stored event type '" + typeName + "' is at version " + typeVersion + " but "
					+ type.getName() + " is at version " + current + "; is this an older release of the application?");
		}
		try {
			EventUpcaster upcaster = this.registry.upcasterOf(typeName);
			if (upcaster == null || typeVersion == current) {
				return this.mapper.readValue(json, type);
			}
			JsonNode node = this.mapper.readTree(json);
			for (int version = typeVersion; version < current; version++) {
				node = upcaster.upcast(typeName, version, node);
			}
			return this.mapper.treeToValue(node, type);
		}
		catch (JacksonException ex) {
			throw new EventBusException("Cannot read stored event type '" + typeName + "' version " + typeVersion
					+ " as " + type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new EventBusException("Cannot upcast stored event type '" + typeName + "' from version "
					+ typeVersion + ": " + ex, ex);
		}
	}

	/**
	 * Reads a stored payload, or describes why it cannot: never throws, so a reader following the store
	 * is never stopped by one bad row.
	 * @param typeName the stored type name
	 * @param typeVersion the stored payload version
	 * @param json the stored JSON
	 * @return the payload, or an {@link UnreadableEvent}
	 */
	public Object deserializeOrPlaceholder(String typeName, int typeVersion, String json) {
		try {
			return deserialize(typeName, typeVersion, json);
		}
		catch (EventBusException ex) {
			return new UnreadableEvent(typeName, typeVersion, json, ex);
		}
	}

	/** The JSON of {@code metadata}, or {@code null} when it is empty. */
	@Nullable String serializeMetadata(EventMetadata metadata) {
		if (metadata.correlationId() == null && metadata.causationId() == null && metadata.entries().isEmpty()) {
			return null;
		}
		Map<String, Object> fields = new LinkedHashMap<>(4);
		if (metadata.correlationId() != null) {
			fields.put(CORRELATION_ID, metadata.correlationId().toString());
		}
		if (metadata.causationId() != null) {
			fields.put(CAUSATION_ID, metadata.causationId().toString());
		}
		if (!metadata.entries().isEmpty()) {
			fields.put(ENTRIES, metadata.entries());
		}
		return this.mapper.writeValueAsString(fields);
	}

	/** Reads metadata written by {@link #serializeMetadata}; unreadable metadata reads as empty. */
	EventMetadata deserializeMetadata(@Nullable String json) {
		if (json == null || json.isEmpty()) {
			return EventMetadata.empty();
		}
		try {
			JsonNode node = this.mapper.readTree(json);
			Map<String, String> entries = new LinkedHashMap<>();
			JsonNode entriesNode = node.get(ENTRIES);
			if (entriesNode != null) {
				entriesNode.properties().forEach((entry) -> entries.put(entry.getKey(), entry.getValue().asString()));
			}
			return new EventMetadata(uuid(node, CORRELATION_ID), uuid(node, CAUSATION_ID), entries);
		}
		catch (RuntimeException ex) {
			return EventMetadata.empty();
		}
	}

	private static @Nullable UUID uuid(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? UUID.fromString(value.asString()) : null;
	}

}
