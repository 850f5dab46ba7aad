package io.github.eventbus.autoconfigure;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

import io.github.eventbus.Event;
import io.github.eventbus.dispatch.ObserverDefinition;

/**
 * Wraps an observer's invoker (a {@code (Object)void} method handle) with an {@link ObserverCall}, for
 * {@link ObserverDecorator}s. A wrapped definition always takes the {@link Event} envelope, so the
 * wrapper sees the event id, type and metadata whatever the method's parameter is.
 */
public final class ObserverInvokers {

	private static final MethodType INVOKER_TYPE = MethodType.methodType(void.class, Object.class);

	private static final MethodHandle PAYLOAD;

	private static final MethodHandle CALL;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			PAYLOAD = lookup.findVirtual(Event.class, "payload", MethodType.methodType(Object.class))
				.asType(MethodType.methodType(Object.class, Object.class));
			CALL = lookup.findVirtual(ObserverCall.class, "call", MethodType.methodType(void.class, Event.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private ObserverInvokers() {
	}

	/**
	 * A definition that calls the same method but whose invoker takes the envelope.
	 * @param definition the observer
	 * @return {@code definition} itself when it takes the envelope already
	 */
	public static ObserverDefinition withEnvelope(ObserverDefinition definition) {
		if (definition.wantsEnvelope()) {
			return definition;
		}
		return withInvoker(definition, MethodHandles.filterArguments(definition.invoker(), 0, PAYLOAD));
	}

	/**
	 * Wraps an observer's invoker.
	 * @param definition the observer
	 * @param wrapper builds the wrapping call from the envelope-taking invoker it must call
	 * @return a definition whose invoker runs the wrapping call
	 */
	public static ObserverDefinition wrap(ObserverDefinition definition, Function<MethodHandle, ObserverCall> wrapper) {
		ObserverDefinition enveloped = withEnvelope(definition);
		ObserverCall call = wrapper.apply(enveloped.invoker());
		return withInvoker(enveloped, CALL.bindTo(call).asType(INVOKER_TYPE));
	}

	private static ObserverDefinition withInvoker(ObserverDefinition definition, MethodHandle invoker) {
		return new ObserverDefinition(definition.id(), definition.beanName(), definition.method(),
				definition.payloadType(), true, definition.mode(), definition.durable(), definition.concurrency(),
				invoker, definition.orderingKey());
	}

	/**
	 * One call of an observer on one event; an implementation calls the wrapped invoker with
	 * {@code next.invokeExact((Object) event)} and may do work around it.
	 */
	@FunctionalInterface
	public interface ObserverCall {

		/**
		 * Calls the observer.
		 * @param event the event
		 * @throws Throwable whatever the observer throws, which the caller reports
		 */
		void call(Event<?> event) throws Throwable;

	}

}
