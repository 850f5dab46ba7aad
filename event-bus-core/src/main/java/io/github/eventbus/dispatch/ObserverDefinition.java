package io.github.eventbus.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.function.Function;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * One discovered observer method, ready to be called: built once at startup by
 * {@link ObserverMethods#discover(String, Object)}.
 *
 * @param id the stable observer id
 * @param beanName the bean declaring the method
 * @param method the annotated method
 * @param payloadType the payload type observed (subtypes match)
 * @param wantsEnvelope whether the method takes the {@link io.github.eventbus.Event} envelope
 * @param mode the mode set on the annotation, or {@code null} for the bus default
 * @param durable whether set durable on the annotation, or {@code null} for the default
 * @param concurrency how many streams may be handled in parallel
 * @param invoker a handle of type {@code (Object)void} bound to the bean
 * @param orderingKey what the observer's events are ordered by, or {@code null} for their stream id:
 * events with equal keys are handled one at a time, in order, and events with different keys may be handled
 * in parallel (with {@code concurrency > 1}). The function may return {@code null} for an event whose key
 * cannot be told while earlier events are being handled: it is asked again once every earlier event of the
 * observer is handled, and {@code null} then means the stream id. Durable observers honour it; sagas use it
 * to order by saga instance.
 */
public record ObserverDefinition(String id, String beanName, Method method, Class<?> payloadType,
		boolean wantsEnvelope, @Nullable DispatchMode mode, @Nullable Boolean durable, int concurrency,
		MethodHandle invoker, @Nullable Function<Event<?>, @Nullable String> orderingKey) {

	/**
	 * A definition whose events are ordered by stream id.
	 * @param id the stable observer id
	 * @param beanName the bean declaring the method
	 * @param method the annotated method
	 * @param payloadType the payload type observed (subtypes match)
	 * @param wantsEnvelope whether the method takes the {@link io.github.eventbus.Event} envelope
	 * @param mode the mode set on the annotation, or {@code null} for the bus default
	 * @param durable whether set durable on the annotation, or {@code null} for the default
	 * @param concurrency how many streams may be handled in parallel
	 * @param invoker a handle of type {@code (Object)void} bound to the bean
	 */
	public ObserverDefinition(String id, String beanName, Method method, Class<?> payloadType, boolean wantsEnvelope,
			@Nullable DispatchMode mode, @Nullable Boolean durable, int concurrency, MethodHandle invoker) {
		this(id, beanName, method, payloadType, wantsEnvelope, mode, durable, concurrency, invoker, null);
	}

	/** {@code Bean.method(ParamType)}, for messages. */
	public String describe() {
		return this.beanName + "." + this.method.getName() + "(" + this.method.getParameterTypes()[0].getSimpleName()
				+ ")";
	}

}
