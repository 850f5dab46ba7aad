package io.github.eventbus.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every meter the event bus registers, with its tag keys. Names and keys are a public contract: rename
 * them with a {@code MeterFilter} or the auto-configuration's customizer, never here.
 */
public enum EventBusMeters implements MeterDocumentation {

	/** Events stored (and, in a transaction, committed) and handed to dispatch. */
	EVENTS_PUBLISHED {
		@Override
		public String getName() {
			return "eventbus.events.published";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.EVENT_TYPE };
		}
	},

	/** How long an observer took on one event, by how that attempt ended (see {@link Outcome}). */
	OBSERVER_HANDLING {
		@Override
		public String getName() {
			return "eventbus.observer.handling";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER, EventBusKeys.EVENT_TYPE, EventBusKeys.OUTCOME };
		}
	},

	/** Events waiting in an in-memory observer's mailboxes. */
	OBSERVER_MAILBOX_SIZE {
		@Override
		public String getName() {
			return "eventbus.observer.mailbox.size";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "events";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER };
		}
	},

	/** Positions a durable observer's checkpoint is behind the store's head. */
	OBSERVER_LAG {
		@Override
		public String getName() {
			return "eventbus.observer.lag";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "events";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER };
		}
	},

	/** Dead letters (failed, parked and unreadable) a durable observer has pending. */
	OBSERVER_DEAD_LETTERS {
		@Override
		public String getName() {
			return "eventbus.observer.dead.letters";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "events";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER };
		}
	},

	/** Events stored after one segment's checkpoint, for a durable observer split into segments. */
	OBSERVER_SEGMENT_LAG {
		@Override
		public String getName() {
			return "eventbus.observer.segment.lag";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "events";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER, EventBusKeys.SEGMENT };
		}
	},

	/** 1 while this instance holds a segment of a durable observer, else 0. */
	OBSERVER_SEGMENT_OWNED {
		@Override
		public String getName() {
			return "eventbus.observer.segment.owned";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { EventBusKeys.OBSERVER, EventBusKeys.SEGMENT };
		}
	},

	/** How long one append to the JDBC event store took, on the caller's thread, group commit wait included. */
	STORE_APPEND {
		@Override
		public String getName() {
			return "eventbus.store.append";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}
	},

	/** Events per transaction written by the JDBC event store's group commit. */
	STORE_APPEND_BATCH_SIZE {
		@Override
		public String getName() {
			return "eventbus.store.append.batch.size";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.DISTRIBUTION_SUMMARY;
		}

		@Override
		public String getBaseUnit() {
			return "events";
		}
	},

	/** Threads of the {@code eventBusTaskExecutor} running observers now. */
	EXECUTOR_ACTIVE {
		@Override
		public String getName() {
			return "eventbus.executor.active";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "threads";
		}
	},

	/** Threads the {@code eventBusTaskExecutor} has now. */
	EXECUTOR_POOL_SIZE {
		@Override
		public String getName() {
			return "eventbus.executor.pool.size";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "threads";
		}
	},

	/** The most threads the {@code eventBusTaskExecutor} may have. */
	EXECUTOR_POOL_MAX {
		@Override
		public String getName() {
			return "eventbus.executor.pool.max";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "threads";
		}
	},

	/** Mailbox drain tasks queued in the {@code eventBusTaskExecutor}, waiting for a thread. */
	EXECUTOR_QUEUED {
		@Override
		public String getName() {
			return "eventbus.executor.queued";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}

		@Override
		public String getBaseUnit() {
			return "tasks";
		}
	};

	/** Tag keys of the event bus meters and observations. */
	public enum EventBusKeys implements KeyName {

		/** The observer id ({@code @EventObserver(id)}, default {@code beanName.methodName}). */
		OBSERVER {
			@Override
			public String asString() {
				return "observer";
			}
		},

		/** The event's stable type name ({@code Event.type()}). */
		EVENT_TYPE {
			@Override
			public String asString() {
				return "event.type";
			}
		},

		/** How an observer's attempt ended: one of {@link Outcome}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The segment of a durable observer, from 0 ({@code io.github.eventbus.durable.Segments}). */
		SEGMENT {
			@Override
			public String asString() {
				return "segment";
			}
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
