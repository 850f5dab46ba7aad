package io.github.eventbus.autoconfigure.observation;

import java.lang.invoke.MethodHandle;
import java.util.UUID;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.autoconfigure.ObserverInvokers;
import io.github.eventbus.autoconfigure.ObserverInvokers.ObserverCall;
import io.github.eventbus.dispatch.ObserverDefinition;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;

/**
 * Puts the event's ids in the SLF4J MDC while an observer runs, so every log line it writes names the
 * event, its correlation id and its causation id; restores what was there afterwards.
 */
public final class EventBusMdc implements ObserverDecorator, Ordered {

	/** MDC key of the id of the event being handled. */
	public static final String EVENT_ID = "eventbus.eventId";

	/** MDC key of the correlation id of the event being handled. */
	public static final String CORRELATION_ID = "eventbus.correlationId";

	/** MDC key of the causation id of the event being handled; absent for a root event. */
	public static final String CAUSATION_ID = "eventbus.causationId";

	/** MDC key of the id of the observer running. */
	public static final String OBSERVER = "eventbus.observer";

	/** Outermost, so the ids are set for anything the other decorators log. */
	static final int ORDER = 200;

	@Override
	public ObserverDefinition decorate(ObserverDefinition definition) {
		String observerId = definition.id();
		return ObserverInvokers.wrap(definition, (next) -> new MdcCall(next, observerId));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static final class MdcCall implements ObserverCall {

		private final MethodHandle next;

		private final String observerId;

		MdcCall(MethodHandle next, String observerId) {
			this.next = next;
			this.observerId = observerId;
		}

		@Override
		public void call(Event<?> event) throws Throwable {
			EventIds ids = EventIds.of(event);
			String previousEvent = MDC.get(EVENT_ID);
			String previousCorrelation = MDC.get(CORRELATION_ID);
			String previousCausation = MDC.get(CAUSATION_ID);
			String previousObserver = MDC.get(OBSERVER);
			// A root event has no causation id: with none set before either, there is nothing to remove.
			boolean causation = ids.causationId != null || previousCausation != null;
			MDC.put(EVENT_ID, ids.eventId);
			restore(CORRELATION_ID, ids.correlationId);
			if (causation) {
				restore(CAUSATION_ID, ids.causationId);
			}
			MDC.put(OBSERVER, this.observerId);
			try {
				this.next.invokeExact((Object) event);
			}
			finally {
				restore(EVENT_ID, previousEvent);
				restore(CORRELATION_ID, previousCorrelation);
				if (causation) {
					restore(CAUSATION_ID, previousCausation);
				}
				restore(OBSERVER, previousObserver);
			}
		}

		private static void restore(String key, @Nullable String value) {
			if (value != null) {
				MDC.put(key, value);
			}
			else {
				MDC.remove(key);
			}
		}

	}

	/**
	 * The ids of the event a thread handled last, as strings: every observer of an event that runs on one
	 * thread (all of them, in sequential mode) shares one {@code toString()} per id instead of making its
	 * own, and a root event's correlation id, which is its own id, shares the event id's string. Holds on
	 * to one event per thread until the next one comes.
	 */
	private static final class EventIds {

		private static final ThreadLocal<EventIds> LAST = ThreadLocal.withInitial(EventIds::new);

		private @Nullable Event<?> event;

		private String eventId = "";

		private @Nullable String correlationId;

		private @Nullable String causationId;

		static EventIds of(Event<?> event) {
			EventIds ids = LAST.get();
			if (ids.event != event) {
				ids.load(event);
			}
			return ids;
		}

		private void load(Event<?> event) {
			UUID id = event.id();
			EventMetadata metadata = event.metadata();
			UUID correlation = metadata.correlationId();
			UUID causation = metadata.causationId();
			this.eventId = id.toString();
			this.correlationId = (correlation == null) ? null
					: correlation.equals(id) ? this.eventId : correlation.toString();
			this.causationId = (causation != null) ? causation.toString() : null;
			this.event = event;
		}

	}

}
