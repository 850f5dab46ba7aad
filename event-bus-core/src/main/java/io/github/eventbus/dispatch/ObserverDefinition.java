package io.github.eventbus.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

import io.github.eventbus.DispatchMode;
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
 */
public record ObserverDefinition(String id, String beanName, Method method, Class<?> payloadType,
		boolean wantsEnvelope, @Nullable DispatchMode mode, @Nullable Boolean durable, int concurrency,
		MethodHandle invoker) {

	/** {@code Bean.method(ParamType)}, for messages. */
	public String describe() {
		return this.beanName + "." + this.method.getName() + "(" + this.method.getParameterTypes()[0].getSimpleName()
				+ ")";
	}

}
