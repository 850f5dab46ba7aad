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
			String previousEvent = MDC.get(EVENT_ID);
			String previousCorrelation = MDC.get(CORRELATION_ID);
			String previousCausation = MDC.get(CAUSATION_ID);
			String previousObserver = MDC.get(OBSERVER);
			EventMetadata metadata = event.metadata();
			MDC.put(EVENT_ID, event.id().toString());
			set(CORRELATION_ID, metadata.correlationId());
			set(CAUSATION_ID, metadata.causationId());
			MDC.put(OBSERVER, this.observerId);
			try {
				this.next.invokeExact((Object) event);
			}
			finally {
				restore(EVENT_ID, previousEvent);
				restore(CORRELATION_ID, previousCorrelation);
				restore(CAUSATION_ID, previousCausation);
				restore(OBSERVER, previousObserver);
			}
		}

		private static void set(String key, @Nullable UUID value) {
			if (value != null) {
				MDC.put(key, value.toString());
			}
			else {
				MDC.remove(key);
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

}
