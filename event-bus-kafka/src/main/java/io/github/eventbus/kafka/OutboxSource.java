package io.github.eventbus.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventTypes;
import io.github.eventbus.store.UnreadableEvent;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.StoredEvent;

/**
 * Where the relay reads events, in position order, with their payload as JSON. A
 * {@link JdbcEventStore} hands out the stored JSON; other stores keep objects, which are serialized here
 * once for the transport.
 */
@FunctionalInterface
interface OutboxSource {

	List<StoredEvent> read(long fromPosition, int limit);

	static OutboxSource of(EventStore store, Function<Object, String> serializer) {
		if (store instanceof JdbcEventStore jdbc) {
			return jdbc::readAllStored;
		}
		return (fromPosition, limit) -> {
			List<Event<?>> events = store.readAll(fromPosition, limit);
			List<StoredEvent> stored = new ArrayList<>(events.size());
			for (Event<?> event : events) {
				Object payload = event.payload();
				String json = (payload instanceof UnreadableEvent unreadable) ? unreadable.json()
						: serializer.apply(payload);
				int typeVersion = (payload instanceof UnreadableEvent unreadable) ? unreadable.typeVersion()
						: EventTypes.versionOf(payload.getClass());
				stored.add(new StoredEvent(event.position(), event.id(), event.streamId(), event.version(),
						event.type(), typeVersion, json, event.metadata(), event.occurredAtMicros()));
			}
			return stored;
		};
	}

}
