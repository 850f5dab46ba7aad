package io.github.eventbus.autoconfigure.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Registers event bus meters under their documented names and tags, as changed by the
 * {@link EventBusMeterCustomizer}s. Callers cache what it returns. Thread-safe.
 */
final class EventBusMetrics {

	private final MeterRegistry registry;

	private final List<EventBusMeterCustomizer> customizers;

	/**
	 * Creates an instance; declare one as a bean to replace the auto-configured one.
	 * @param registry where meters go
	 * @param customizers applied in order to every meter's name and tags
	 */
	public EventBusMetrics(MeterRegistry registry, List<EventBusMeterCustomizer> customizers) {
		this.registry = registry;
		this.customizers = List.copyOf(customizers);
	}

	/** The registry meters go to. */
	public MeterRegistry registry() {
		return this.registry;
	}

	Counter counter(EventBusMeters meter, Tags tags) {
		return Counter.builder(name(meter)).description(description(meter)).tags(tags(meter, tags))
			.register(this.registry);
	}

	Timer timer(EventBusMeters meter, Tags tags) {
		return Timer.builder(name(meter)).description(description(meter)).tags(tags(meter, tags))
			.register(this.registry);
	}

	DistributionSummary summary(EventBusMeters meter, Tags tags) {
		return DistributionSummary.builder(name(meter))
			.description(description(meter))
			.baseUnit(meter.getBaseUnit())
			.tags(tags(meter, tags))
			.register(this.registry);
	}

	<T> void gauge(EventBusMeters meter, Tags tags, T state, ToDoubleFunction<T> value) {
		Gauge.builder(name(meter), state, value)
			.description(description(meter))
			.baseUnit(meter.getBaseUnit())
			.tags(tags(meter, tags))
			.strongReference(true)
			.register(this.registry);
	}

	private String name(EventBusMeters meter) {
		String name = meter.getName();
		for (EventBusMeterCustomizer customizer : this.customizers) {
			name = customizer.name(meter, name);
		}
		return name;
	}

	private Tags tags(EventBusMeters meter, Tags tags) {
		Tags result = tags;
		for (EventBusMeterCustomizer customizer : this.customizers) {
			result = customizer.tags(meter, result);
		}
		return result;
	}

	private static String description(EventBusMeters meter) {
		return switch (meter) {
			case EVENTS_PUBLISHED -> "Events stored and handed to dispatch";
			case OBSERVER_HANDLING -> "Time an observer took on one event, by outcome";
			case OBSERVER_MAILBOX_SIZE -> "Events waiting in an observer's mailboxes";
			case OBSERVER_LAG -> "Positions a durable observer is behind the store head";
			case OBSERVER_DEAD_LETTERS -> "Dead letters pending for a durable observer";
			case OBSERVER_SEGMENT_LAG -> "Events stored after a durable observer segment's checkpoint";
			case OBSERVER_SEGMENT_OWNED -> "1 while this instance holds the durable observer segment";
			case STORE_APPEND -> "Time one append to the JDBC event store took";
			case STORE_APPEND_BATCH_SIZE -> "Events per group commit transaction of the JDBC event store";
			case EXECUTOR_ACTIVE -> "Threads of the event bus executor running observers";
			case EXECUTOR_POOL_SIZE -> "Threads of the event bus executor";
			case EXECUTOR_POOL_MAX -> "Maximum threads of the event bus executor";
			case EXECUTOR_QUEUED -> "Tasks waiting for a thread of the event bus executor";
		};
	}

}
