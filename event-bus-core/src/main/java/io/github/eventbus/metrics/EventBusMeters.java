package io.github.eventbus.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * Every meter the event bus registers, with its tag keys. Names and keys are a public contract: rename
 * them with a {@code MeterFilter} or the auto-configuration's customizer, never here.
 */
public enum EventBusMeters implements MeterDocumentation {

	/** Events stored (and, in a transaction, committed) and handed to dispatch. */
	EVENTS_PUBLISHED("eventbus.events.published", Meter.Type.COUNTER, null, EventBusKeys.EVENT_TYPE),

	/** How long an observer took on one event, by how that attempt ended (see {@link Outcome}). */
	OBSERVER_HANDLING("eventbus.observer.handling", Meter.Type.TIMER, null,
			EventBusKeys.OBSERVER, EventBusKeys.EVENT_TYPE, EventBusKeys.OUTCOME),

	/** Events waiting in an in-memory observer's mailboxes. */
	OBSERVER_MAILBOX_SIZE("eventbus.observer.mailbox.size", Meter.Type.GAUGE, "events", EventBusKeys.OBSERVER),

	/** Positions a durable observer's checkpoint is behind the store's head. */
	OBSERVER_LAG("eventbus.observer.lag", Meter.Type.GAUGE, "events", EventBusKeys.OBSERVER),

	/** Dead letters (failed, parked and unreadable) a durable observer has pending. */
	OBSERVER_DEAD_LETTERS("eventbus.observer.dead.letters", Meter.Type.GAUGE, "events", EventBusKeys.OBSERVER),

	/** Events stored after one segment's checkpoint, for a durable observer split into segments. */
	OBSERVER_SEGMENT_LAG("eventbus.observer.segment.lag", Meter.Type.GAUGE, "events",
			EventBusKeys.OBSERVER, EventBusKeys.SEGMENT),

	/** 1 while this instance holds a segment of a durable observer, else 0. */
	OBSERVER_SEGMENT_OWNED("eventbus.observer.segment.owned", Meter.Type.GAUGE, null,
			EventBusKeys.OBSERVER, EventBusKeys.SEGMENT),

	/** How long one append to the JDBC event store took, on the caller's thread, group commit wait included. */
	STORE_APPEND("eventbus.store.append", Meter.Type.TIMER, null),

	/** Events per transaction written by the JDBC event store's group commit. */
	STORE_APPEND_BATCH_SIZE("eventbus.store.append.batch.size", Meter.Type.DISTRIBUTION_SUMMARY, "events"),

	/** Threads of the {@code eventBusTaskExecutor} running observers now. */
	EXECUTOR_ACTIVE("eventbus.executor.active", Meter.Type.GAUGE, "threads"),

	/** Threads the {@code eventBusTaskExecutor} has now. */
	EXECUTOR_POOL_SIZE("eventbus.executor.pool.size", Meter.Type.GAUGE, "threads"),

	/** The most threads the {@code eventBusTaskExecutor} may have. */
	EXECUTOR_POOL_MAX("eventbus.executor.pool.max", Meter.Type.GAUGE, "threads"),

	/** Mailbox drain tasks queued in the {@code eventBusTaskExecutor}, waiting for a thread. */
	EXECUTOR_QUEUED("eventbus.executor.queued", Meter.Type.GAUGE, "tasks");

	private final String name;

	private final Meter.Type type;

	private final @Nullable String baseUnit;

	private final KeyName[] keyNames;

	EventBusMeters(String name, Meter.Type type, @Nullable String baseUnit, KeyName... keyNames) {
		this.name = name;
		this.type = type;
		this.baseUnit = baseUnit;
		this.keyNames = keyNames;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

	@Override
	public @Nullable String getBaseUnit() {
		return this.baseUnit;
	}

	@Override
	public KeyName[] getKeyNames() {
		return this.keyNames.clone();
	}

	/** Tag keys of the event bus meters and observations. */
	public enum EventBusKeys implements KeyName {

		/** The observer id ({@code @EventObserver(id)}, default {@code beanName.methodName}). */
		OBSERVER("observer"),

		/** The event's stable type name ({@code Event.type()}). */
		EVENT_TYPE("event.type"),

		/** How an observer's attempt ended: one of {@link Outcome}. */
		OUTCOME("outcome"),

		/** The segment of a durable observer, from 0 ({@code io.github.eventbus.durable.Segments}). */
		SEGMENT("segment");

		private final String key;

		EventBusKeys(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/** Values of the {@link EventBusKeys#OUTCOME} tag. */
	public enum Outcome {

		/** The observer returned normally. */
		SUCCESS("success"),

		/** An in-memory observer threw; it is not retried. */
		FAILURE("failure"),

		/** A durable observer threw and the event will be retried. */
		RETRY("retry"),

		/** A durable observer threw on its last attempt (or a replay): the event is a dead letter. */
		DEAD_LETTERED("dead-lettered");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/** The tag value. */
		public String value() {
			return this.value;
		}

	}

}
