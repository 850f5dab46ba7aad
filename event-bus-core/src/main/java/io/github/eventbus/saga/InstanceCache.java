package io.github.eventbus.saga;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.eventbus.saga.SagaStore.SagaInstance;
import org.jspecify.annotations.Nullable;

/**
 * The last committed copy of recently handled saga instances of one saga type, by saga id, so the next event
 * of an instance need not read it back. A copy may be stale (another instance of the application handled the
 * saga since); the store's version check tells, except for an ended instance, which never changes again.
 * Least recently used copies go first. Thread-safe (one lock).
 */
final class InstanceCache {

	private final Map<String, SagaInstance> instances;

	InstanceCache(int size) {
		this.instances = new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, SagaInstance> eldest) {
				return size() > size;
			}
		};
	}

	synchronized @Nullable SagaInstance get(String sagaId) {
		return this.instances.get(sagaId);
	}

	/** Keeps a committed copy unless a later version is kept already. */
	synchronized void put(SagaInstance instance) {
		this.instances.merge(instance.sagaId(), instance,
				(kept, saved) -> (saved.version() >= kept.version()) ? saved : kept);
	}

	synchronized void evict(String sagaId) {
		this.instances.remove(sagaId);
	}

}
