package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.Retry;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.ObserverInvokers;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.metrics.EventBusMeters;
import io.github.eventbus.metrics.EventBusMeters.EventBusKeys;
import io.github.eventbus.retry.RetryPolicy;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Instruments each observer as it is registered: wraps its invoker with a {@link TimedObserverCall}, and
 * registers its gauges: mailbox size for an in-memory observer, lag and dead letters for a durable one.
 */
final class ObserverMetrics implements ObserverDecorator, Ordered {

	/** Innermost of the bus's own decorators, so the time excludes MDC and observation work. */
	static final int ORDER = 0;

	private final EventBusMetrics metrics;

	private final ObjectProvider<ObserverRegistry> registry;

	private final ObjectProvider<DurableObservers> durableObservers;

	private volatile @Nullable DurableStatuses statuses;

	ObserverMetrics(EventBusMetrics metrics, ObjectProvider<ObserverRegistry> registry,
			ObjectProvider<DurableObservers> durableObservers) {
		this.metrics = metrics;
		this.registry = registry;
		this.durableObservers = durableObservers;
	}

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		DurableObservers durable = this.durableObservers.getIfUnique();
		boolean isDurable = durable != null && durable.isDurable(definition);
		Tags tags = Tags.of(EventBusKeys.OBSERVER.asString(), definition.id());
		RetryPolicy retry = null;
		if (isDurable) {
			retry = durable.settings()
				.retry()
				.overriddenBy(AnnotatedElementUtils.findMergedAnnotation(definition.method(), Retry.class));
			DurableStatuses statuses = statusesOf(durable);
			String id = definition.id();
			this.metrics.gauge(EventBusMeters.OBSERVER_LAG, tags, statuses, (s) -> s.lag(id));
			this.metrics.gauge(EventBusMeters.OBSERVER_DEAD_LETTERS, tags, statuses, (s) -> s.deadLetters(id));
			int segments = durable.segmentsOf(definition);
			if (segments > 1) {
				for (int i = 0; i < segments; i++) {
					int segment = i;
					Tags segmentTags = tags.and(EventBusKeys.SEGMENT.asString(), String.valueOf(segment));
					this.metrics.gauge(EventBusMeters.OBSERVER_SEGMENT_LAG, segmentTags, statuses,
							(s) -> s.segmentLag(id, segment));
					this.metrics.gauge(EventBusMeters.OBSERVER_SEGMENT_OWNED, segmentTags, statuses,
							(s) -> s.segmentOwned(id, segment));
				}
			}
		}
		else {
			ObserverRegistry registry = this.registry.getIfUnique();
			if (registry != null) {
				String id = definition.id();
				this.metrics.gauge(EventBusMeters.OBSERVER_MAILBOX_SIZE, tags, registry, (r) -> queued(r, id));
			}
		}
		HandlingTimers meters = new HandlingTimers(definition.id(), retry, this.metrics);
		return ObserverInvokers.wrap(definition,
				(next) -> new TimedObserverCall(next, meters, this.metrics.registry().config().clock()));
	}

	private synchronized DurableStatuses statusesOf(DurableObservers durable) {
		DurableStatuses current = this.statuses;
		if (current == null) {
			current = new DurableStatuses(durable);
			this.statuses = current;
		}
		return current;
	}

	private static double queued(ObserverRegistry registry, String observerId) {
		for (ObserverSnapshot snapshot : registry.observers()) {
			if (snapshot.id().equals(observerId)) {
				return snapshot.queued();
			}
		}
		return Double.NaN;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
