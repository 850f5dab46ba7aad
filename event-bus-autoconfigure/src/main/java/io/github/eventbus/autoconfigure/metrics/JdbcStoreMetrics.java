package io.github.eventbus.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.github.eventbus.metrics.EventBusMeters;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.AppendListener;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Append latency and group commit batch sizes of a {@link JdbcEventStore}, through its
 * {@link AppendListener}: the store bean is left as it is (code that checks for a {@code JdbcEventStore}
 * keeps working). In-memory stores append in well under a microsecond and get no store meters.
 */
final class JdbcStoreMetrics implements AppendListener, SmartInitializingSingleton {

	private final ObjectProvider<EventStore> store;

	private final EventBusMetrics metrics;

	private final Timer latency;

	private final DistributionSummary batchSize;

	JdbcStoreMetrics(ObjectProvider<EventStore> store, EventBusMetrics metrics) {
		this.store = store;
		this.metrics = metrics;
		this.latency = metrics.timer(EventBusMeters.STORE_APPEND, Tags.empty());
		this.batchSize = metrics.summary(EventBusMeters.STORE_APPEND_BATCH_SIZE, Tags.empty());
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.store.getIfUnique() instanceof JdbcEventStore jdbc) {
			jdbc.setAppendListener(this);
		}
	}

	@Override
	public void appended(int events, long nanos, boolean succeeded) {
		this.latency.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void batchWritten(int requests, int events, long nanos) {
		this.batchSize.record(events);
	}

	EventBusMetrics metrics() {
		return this.metrics;
	}

}
