package io.github.eventbus.saga;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.eventbus.Event;
import io.github.eventbus.store.UnreadableEvent;
import org.jspecify.annotations.Nullable;

/**
 * Routes the events of one saga type: the handler of each payload type, and the instance an event is for
 * ({@link #orderingKey(Event)}), by which the saga's observer orders its events. Remembers where each
 * association was routed, least recently used first out. Thread-safe.
 */
final class SagaRouting {

	/** Associations remembered for routing; each is permanent, so the cache never goes stale. */
	private static final int CACHE_SIZE = 16_384;

	private final String sagaName;

	private final List<EventHandler> handlers;

	private final SagaStore store;

	/** Association ({@code key NUL value}) to the instance routed to, found stored or derived for a start. */
	private final Map<String, Routed> cache = new LinkedHashMap<>(256, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Routed> eldest) {
			return size() > CACHE_SIZE;
		}
	};

	private final ClassValue<Optional<EventHandler>> routes = new ClassValue<>() {
		@Override
		protected Optional<EventHandler> computeValue(Class<?> type) {
			return route(type);
		}
	};

	SagaRouting(String sagaName, List<EventHandler> handlers, SagaStore store) {
		this.sagaName = sagaName;
		this.handlers = handlers;
		this.store = store;
	}

	/** The handler of a payload type: the one of the most specific type it is assignable to, if any. */
	Optional<EventHandler> handler(Class<?> payloadType) {
		return this.routes.get(payloadType);
	}

	private Optional<EventHandler> route(Class<?> payloadType) {
		EventHandler best = null;
		for (EventHandler candidate : this.handlers) {
			Class<?> handled = candidate.handler().payloadType();
			if (handled != null && handled.isAssignableFrom(payloadType)
					&& (best == null || best.handler().payloadType().isAssignableFrom(handled))) {
				best = candidate;
			}
		}
		return Optional.ofNullable(best);
	}

	/**
	 * The id of the instance an event is for: read from a deadline, found by its association, or derived
	 * for an instance it starts. {@code null} when no instance is associated yet, for an event that does not
	 * start one: a handler still running may be about to associate it, so the caller asks again once the
	 * events before it are handled (with segments, every segment reads it and asks again; only the segment of
	 * the instance found then handles it). Events no instance handles are keyed by their stream. Called by one
	 * thread at a time.
	 */
	@Nullable String orderingKey(Event<?> event) {
		Object payload = event.payload();
		if (payload instanceof DeadlineFired fired) {
			return fired.sagaType().equals(this.sagaName) ? fired.sagaId() : event.streamId();
		}
		if (payload instanceof UnreadableEvent) {
			return event.streamId();
		}
		Optional<EventHandler> route = this.routes.get(payload.getClass());
		String value = route.isPresent() ? route.get().reader().read(payload) : null;
		if (value == null) {
			return event.streamId();
		}
		EventHandler handler = route.get();
		String association = association(handler.key(), value);
		Routed cached = cached(association);
		if (cached != null) {
			return cached.sagaId();
		}
		Optional<String> found = this.store.findSagaId(this.sagaName, handler.key(), value);
		String sagaId = found.orElseGet(() -> handler.start() ? newSagaId(handler.key(), value) : null);
		if (sagaId != null) {
			remember(association, new Routed(sagaId, found.isPresent()));
		}
		return sagaId;
	}

	private String newSagaId(String key, String value) {
		return SagaType.sagaId(this.sagaName, key, value);
	}

	/** The cache key of an association. */
	static String association(String key, String value) {
		return key + '\u0000' + value;
	}

	/** Where the association was routed last, if it is remembered. */
	@Nullable Routed cached(String association) {
		synchronized (this.cache) {
			return this.cache.get(association);
		}
	}

	/**
	 * Remembers that the association is stored for this instance. An association once stored names that
	 * instance for good (a start derives the same id again), so the next events with it skip the lookup.
	 */
	void stored(String association, String sagaId) {
		remember(association, new Routed(sagaId, true));
	}

	private void remember(String association, Routed routed) {
		synchronized (this.cache) {
			this.cache.put(association, routed);
		}
	}

	/** Where routing sent an association: an instance found stored, or the id a start derives. */
	record Routed(String sagaId, boolean stored) {

	}

}
