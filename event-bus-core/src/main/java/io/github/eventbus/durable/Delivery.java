package io.github.eventbus.durable;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.github.eventbus.Event;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.dispatch.Causation;
import io.github.eventbus.dispatch.ObserverDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/** Calls one observer (a method or a {@link DurableHandler}) and reports each failed attempt. */
final class Delivery {

	private static final Log logger = LogFactory.getLog(Delivery.class);

	private final String id;

	private final Class<?> payloadType;

	private final @Nullable ObserverDefinition definition;

	private final @Nullable DurableHandler handler;

	private final ObserverErrorHandler errorHandler;

	/** Threads running an attempt now, with their event; guarded by itself, so an interrupt never hits a thread that left. */
	private final Map<Thread, Event<?>> running = new HashMap<>();

	Delivery(ObserverDefinition definition, ObserverErrorHandler errorHandler) {
		this.id = definition.id();
		this.payloadType = definition.payloadType();
		this.definition = definition;
		this.handler = null;
		this.errorHandler = errorHandler;
	}

	Delivery(String id, Class<?> payloadType, DurableHandler handler, ObserverErrorHandler errorHandler) {
		this.id = id;
		this.payloadType = payloadType;
		this.definition = null;
		this.handler = handler;
		this.errorHandler = errorHandler;
	}

	String observerId() {
		return this.id;
	}

	boolean accepts(Object payload) {
		return this.payloadType.isInstance(payload);
	}

	Class<?> payloadType() {
		return this.payloadType;
	}

	/**
	 * Runs the observer once. A failure is reported only if {@code leaseCheck} passes after it: when the
	 * lease was lost meanwhile (and the handler interrupted), the new owner decides about the event.
	 * @param leaseCheck throws when this instance no longer owns the observer
	 * @return {@code null} on success, otherwise what it threw (already reported)
	 */
	@Nullable Throwable attempt(Event<?> event, int attempt, Runnable leaseCheck) {
		Thread thread = Thread.currentThread();
		synchronized (this.running) {
			this.running.put(thread, event);
		}
		Throwable failure = null;
		try {
			Causation.callHandling(event, () -> invoke(event));
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			synchronized (this.running) {
				this.running.remove(thread);
			}
			// An interrupt meant for this attempt (a lost lease) must not leak into the pool thread's next task.
			Thread.interrupted();
		}
		if (failure != null) {
			leaseCheck.run();
			report(event, failure, attempt);
		}
		return failure;
	}

	/**
	 * Interrupts the handlers running events of {@code lost} segments, because this instance lost their lease: whatever they
	 * do next is not this instance's to do. Handlers that ignore interrupts finish, but their outcome is
	 * not recorded (the checkpoint is fenced by the lease).
	 * @return how many were running
	 */
	int interruptRunning(Predicate<Event<?>> lost) {
		int interrupted = 0;
		synchronized (this.running) {
			for (Map.Entry<Thread, Event<?>> entry : this.running.entrySet()) {
				if (lost.test(entry.getValue())) {
					entry.getKey().interrupt();
					interrupted++;
				}
			}
		}
		return interrupted;
	}

	private void invoke(Event<?> event) throws Throwable {
		ObserverDefinition method = this.definition;
		if (method == null) {
			this.handler.handle(event);
			return;
		}
		Object argument = method.wantsEnvelope() ? event : event.payload();
		// A statement of its own: inside a lambda, invokeExact would be compiled as returning Object.
		method.invoker().invokeExact(argument);
	}

	void report(Event<?> event, Throwable failure, int attempt) {
		try {
			this.errorHandler.handle(new ObserverFailure(this.id, event, failure, attempt));
		}
		catch (RuntimeException ex) {
			logger.error("ObserverErrorHandler failed while handling a failure of durable observer '"
					+ this.id + "'", ex);
		}
	}

}
