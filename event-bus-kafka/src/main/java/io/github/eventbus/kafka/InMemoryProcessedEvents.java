package io.github.eventbus.kafka;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ProcessedEvents} in a set per observer; a stream's events arrive on one thread, so no lock. */
final class InMemoryProcessedEvents implements ProcessedEvents {

	private final Map<String, Set<UUID>> processed = new ConcurrentHashMap<>();

	@Override
	public boolean handleOnce(String observerId, UUID eventId, Runnable handler) {
		Set<UUID> seen = this.processed.computeIfAbsent(observerId, (id) -> ConcurrentHashMap.newKeySet());
		if (seen.contains(eventId)) {
			return false;
		}
		handler.run();
		return seen.add(eventId);
	}

	@Override
	public boolean isProcessed(String observerId, UUID eventId) {
		Set<UUID> seen = this.processed.get(observerId);
		return seen != null && seen.contains(eventId);
	}

}
