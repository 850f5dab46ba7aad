package io.github.eventbus.durable;

import io.github.eventbus.Event;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.dispatch.Causation;
import io.github.eventbus.dispatch.ObserverDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/** Calls one observer method and reports each failed attempt to the error handler. */
final class Delivery {

	private static final Log logger = LogFactory.getLog(Delivery.class);

	private final ObserverDefinition definition;

	private final ObserverErrorHandler errorHandler;

	Delivery(ObserverDefinition definition, ObserverErrorHandler errorHandler) {
		this.definition = definition;
		this.errorHandler = errorHandler;
	}

	String observerId() {
		return this.definition.id();
	}

	boolean accepts(Object payload) {
		return this.definition.payloadType().isInstance(payload);
	}

	Class<?> payloadType() {
		return this.definition.payloadType();
	}

	/**
	 * Runs the observer once.
	 * @return {@code null} on success, otherwise what it threw (already reported)
	 */
	@Nullable Throwable attempt(Event<?> event, int attempt) {
		Object argument = this.definition.wantsEnvelope() ? event : event.payload();
		// Events the observer publishes are caused by this one, as for in-memory observers.
		Event<?> previousCause = Causation.enter(event);
		try {
			this.definition.invoker().invokeExact(argument);
			return null;
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			report(event, ex, attempt);
			return ex;
		}
		finally {
			Causation.exit(previousCause);
		}
	}

	void report(Event<?> event, Throwable failure, int attempt) {
		try {
			this.errorHandler.handle(new ObserverFailure(this.definition.id(), event, failure, attempt));
		}
		catch (RuntimeException ex) {
			logger.error("ObserverErrorHandler failed while handling a failure of durable observer '"
					+ this.definition.id() + "'", ex);
		}
	}

}
