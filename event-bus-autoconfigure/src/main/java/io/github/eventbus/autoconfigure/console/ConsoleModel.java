package io.github.eventbus.autoconfigure.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;

/**
 * What the console shows, as JSON-ready maps. Positions, checkpoints, lags and ids are strings: PostgreSQL
 * positions may exceed what a JavaScript number holds exactly (2^53).
 * <p>
 * Per-segment rows: each observer carries a {@code segments} list (empty until durable observers report
 * segments), which the page renders as rows under the observer.
 */
final class ConsoleModel {

	static final int MAX_DEAD_LETTERS = 200;

	static final int MAX_STREAM_EVENTS = 500;

	private final ObjectProvider<ObserverRegistry> registry;

	private final ObjectProvider<EventStore> store;

	private final ObjectProvider<DurableObservers> durableObservers;

	private final ObjectProvider<DeadLetters> deadLetters;

	private final HandledCounts handledCounts;

	private final JsonMapper mapper;

	ConsoleModel(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventStore> store,
			ObjectProvider<DurableObservers> durableObservers, ObjectProvider<DeadLetters> deadLetters,
			HandledCounts handledCounts, JsonMapper mapper) {
		this.registry = registry;
		this.store = store;
		this.durableObservers = durableObservers;
		this.deadLetters = deadLetters;
		this.handledCounts = handledCounts;
		this.mapper = mapper;
	}

	Map<String, Object> overview(boolean writable) {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("sampledAt", System.currentTimeMillis());
		overview.put("writable", writable);
		overview.put("store", store());
		Map<String, Long> handled = this.handledCounts.byObserver();
		List<Map<String, Object>> observers = new ArrayList<>();
		// Whichever bean registers the observers: ours, or the application's own EventBus when it is a registry.
		ObserverRegistry observerRegistry = this.registry.getIfUnique();
		if (observerRegistry != null) {
			String state = observerRegistry.isAccepting() ? "RUNNING" : "STOPPED";
			for (ObserverSnapshot snapshot : observerRegistry.observers()) {
				Map<String, Object> row = row(snapshot.id(), "in-memory", state, handled);
				row.put("mailbox", String.valueOf(snapshot.queued()));
				row.put("dropped", String.valueOf(snapshot.dropped()));
				observers.add(row);
			}
		}
		DurableObservers durable = this.durableObservers.getIfAvailable();
		if (durable != null) {
			try {
				for (DurableObserverStatus status : durable.statuses()) {
					Map<String, Object> row = row(status.observerId(), "durable", status.state().name(), handled);
					row.put("owner", status.owner());
					row.put("checkpoint", String.valueOf(status.checkpoint()));
					row.put("lag", String.valueOf(status.lag()));
					row.put("deadLetters", String.valueOf(status.pendingDeadLetters()));
					observers.add(row);
				}
			}
			catch (RuntimeException ex) {
				overview.put("error", "Durable observer status unavailable: " + ex.getMessage());
			}
		}
		observers.sort((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")));
		overview.put("observers", observers);
		return overview;
	}

	private static Map<String, Object> row(String id, String kind, String state, Map<String, Long> handled) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", id);
		row.put("kind", kind);
		row.put("state", state);
		Long count = handled.get(id);
		row.put("handled", (count != null) ? String.valueOf(count) : null);
		row.put("segments", List.of());
		return row;
	}

	private Map<String, Object> store() {
		Map<String, Object> store = new LinkedHashMap<>();
		EventStore eventStore = this.store.getIfAvailable();
		if (eventStore == null) {
			store.put("type", "none");
			return store;
		}
		store.put("type", eventStore.getClass().getSimpleName());
		try {
			store.put("head", String.valueOf(eventStore.headPosition()));
		}
		catch (RuntimeException ex) {
			store.put("error", String.valueOf(ex.getMessage()));
		}
		return store;
	}

	List<Map<String, Object>> deadLetters(@Nullable String observerId) {
		DeadLetters letters = this.deadLetters.getIfAvailable();
		if (letters == null) {
			return List.of();
		}
		List<Map<String, Object>> entries = new ArrayList<>();
		for (DeadLetter entry : letters.list(observerId, 0, MAX_DEAD_LETTERS)) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", String.valueOf(entry.id()));
			row.put("observer", entry.observerId());
			row.put("position", String.valueOf(entry.eventPosition()));
			row.put("eventId", entry.eventId().toString());
			row.put("stream", entry.streamId());
			row.put("type", entry.eventType());
			row.put("status", entry.status().name());
			row.put("blockedBy", (entry.blockedBy() != null) ? String.valueOf(entry.blockedBy()) : null);
			row.put("error", entry.exceptionClass());
			row.put("message", entry.message());
			row.put("attempts", entry.attempts());
			row.put("lastFailureAt", entry.lastFailureAt().toString());
			row.put("replayRequested", entry.replayRequested());
			entries.add(row);
		}
		return entries;
	}

	/** The event a dead letter points at, with its payload as JSON. */
	Optional<Map<String, Object>> deadLetterEvent(long id) {
		DeadLetters letters = this.deadLetters.getIfAvailable();
		EventStore eventStore = this.store.getIfAvailable();
		if (letters == null || eventStore == null) {
			return Optional.empty();
		}
		return letters.find(id).flatMap((entry) -> eventStore.readAll(entry.eventPosition(), 1)
			.stream()
			.filter((event) -> event.position() == entry.eventPosition())
			.findFirst()
			.map(this::describe));
	}

	List<Map<String, Object>> stream(String streamId) {
		EventStore eventStore = this.store.getIfAvailable();
		if (eventStore == null) {
			return List.of();
		}
		List<Event<?>> events = eventStore.readStream(streamId);
		return events.subList(0, Math.min(events.size(), MAX_STREAM_EVENTS)).stream().map(this::describe).toList();
	}

	boolean replay(long id) {
		DeadLetters letters = this.deadLetters.getIfAvailable();
		return letters != null && letters.replay(id) > 0;
	}

	boolean discard(long id) {
		DeadLetters letters = this.deadLetters.getIfAvailable();
		return letters != null && letters.discard(id);
	}

	private Map<String, Object> describe(Event<?> event) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("position", String.valueOf(event.position()));
		row.put("id", event.id().toString());
		row.put("stream", event.streamId());
		row.put("version", String.valueOf(event.version()));
		row.put("type", event.type());
		row.put("occurredAt", event.occurredAt().toString());
		row.put("correlationId", (event.metadata().correlationId() != null) ? event.metadata().correlationId().toString() : null);
		row.put("causationId", (event.metadata().causationId() != null) ? event.metadata().causationId().toString() : null);
		row.put("payload", payload(event.payload()));
		return row;
	}

	private JsonNode payload(Object payload) {
		if (payload instanceof UnreadableEvent unreadable) {
			try {
				return this.mapper.readTree(unreadable.json());
			}
			catch (RuntimeException ex) {
				return this.mapper.getNodeFactory().stringNode(unreadable.json());
			}
		}
		return this.mapper.valueToTree(payload);
	}

}
