package io.github.eventbus.autoconfigure.metrics;

import java.util.HashMap;
import java.util.Map;

import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import org.jspecify.annotations.Nullable;

/**
 * Durable observer statuses for gauges, read at most once a second: one scrape reads lag and dead
 * letters of every observer, and each read costs database queries.
 */
final class DurableStatuses {

	private static final long MAX_AGE_NANOS = 1_000_000_000L;

	private final DurableObservers durableObservers;

	private Map<String, DurableObserverStatus> statuses = Map.of();

	private long loadedAt;

	private boolean loaded;

	DurableStatuses(DurableObservers durableObservers) {
		this.durableObservers = durableObservers;
	}

	double lag(String observerId) {
		DurableObserverStatus status = find(observerId);
		return (status != null) ? status.lag() : Double.NaN;
	}

	double segmentLag(String observerId, int segment) {
		DurableObserverStatus status = find(observerId);
		return (status != null && segment < status.segments().size()) ? status.segments().get(segment).lag()
				: Double.NaN;
	}

	double segmentOwned(String observerId, int segment) {
		DurableObserverStatus status = find(observerId);
		if (status == null || segment >= status.segments().size()) {
			return Double.NaN;
		}
		String owner = status.segments().get(segment).owner();
		return this.durableObservers.settings().instanceId().equals(owner) ? 1 : 0;
	}

	double deadLetters(String observerId) {
		DurableObserverStatus status = find(observerId);
		return (status != null) ? status.pendingDeadLetters() : Double.NaN;
	}

	private synchronized @Nullable DurableObserverStatus find(String observerId) {
		long now = System.nanoTime();
		if (!this.loaded || now - this.loadedAt > MAX_AGE_NANOS) {
			this.loaded = true;
			this.loadedAt = now;
			try {
				Map<String, DurableObserverStatus> fresh = new HashMap<>();
				for (DurableObserverStatus status : this.durableObservers.statuses()) {
					fresh.put(status.observerId(), status);
				}
				this.statuses = fresh;
			}
			catch (RuntimeException ex) {
				// The store is unreachable: report no value rather than a stale one.
				this.statuses = Map.of();
			}
		}
		return this.statuses.get(observerId);
	}

}
