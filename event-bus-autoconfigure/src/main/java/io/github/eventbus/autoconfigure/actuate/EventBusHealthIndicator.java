package io.github.eventbus.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.EventStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the event bus: {@code DOWN} when the event store cannot be read (its head position, one
 * query for JDBC); the configured status ({@code OUT_OF_SERVICE} by default) when a durable observer is
 * further behind than {@code eventbus.health.max-lag} or has more than
 * {@code eventbus.health.max-dead-letters} dead letters, with those observers in the details;
 * {@code UP} otherwise.
 */
public class EventBusHealthIndicator extends AbstractHealthIndicator {

	private final EventStore store;

	private final @Nullable DurableObservers durableObservers;

	private final @Nullable Long maxLag;

	private final @Nullable Long maxDeadLetters;

	private final Status exceededStatus;

	public EventBusHealthIndicator(EventStore store, @Nullable DurableObservers durableObservers,
			EventBusHealthProperties properties) {
		super("Event bus health check failed");
		this.store = store;
		this.durableObservers = durableObservers;
		this.maxLag = properties.getMaxLag();
		this.maxDeadLetters = properties.getMaxDeadLetters();
		this.exceededStatus = new Status(properties.getStatus());
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		long head = this.store.headPosition();
		builder.withDetail("store", StoreTypes.of(this.store)).withDetail("headPosition", head);
		Map<String, Map<String, Object>> offending = new LinkedHashMap<>();
		if (this.durableObservers != null && (this.maxLag != null || this.maxDeadLetters != null)) {
			for (DurableObserverStatus status : this.durableObservers.statuses()) {
				Map<String, Object> reasons = new LinkedHashMap<>();
				if (this.maxLag != null && status.lag() > this.maxLag) {
					reasons.put("lag", status.lag());
					reasons.put("maxLag", this.maxLag);
				}
				if (this.maxDeadLetters != null && status.pendingDeadLetters() > this.maxDeadLetters) {
					reasons.put("deadLetters", status.pendingDeadLetters());
					reasons.put("maxDeadLetters", this.maxDeadLetters);
				}
				if (!reasons.isEmpty()) {
					offending.put(status.observerId(), reasons);
				}
			}
		}
		if (offending.isEmpty()) {
			builder.up();
		}
		else {
			builder.status(this.exceededStatus).withDetail("observers", offending);
		}
	}

}
