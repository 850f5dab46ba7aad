package io.github.eventbus.saga;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link SagaEventHandler} or {@link DeadlineHandler} method: which argument goes where, resolved once.
 */
final class HandlerMethod {

	enum Argument {

		PAYLOAD, EVENT, STATE, LIFECYCLE

	}

	private final Method method;

	private final Argument[] arguments;

	private final @Nullable Class<?> payloadType;

	private final boolean end;

	private HandlerMethod(Method method, Argument[] arguments, @Nullable Class<?> payloadType) {
		this.method = method;
		this.arguments = arguments;
		this.payloadType = payloadType;
		this.end = AnnotatedElementUtils.hasAnnotation(method, EndSaga.class);
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Resolves a handler's parameters.
	 * @param method the method, invocable on the bean
	 * @param beanClass the bean's class, to resolve generics
	 * @param stateType the saga's state type
	 * @param payloadRequired whether one parameter must be the payload (event handlers) or may be (deadlines)
	 */
	static HandlerMethod of(Method method, Class<?> beanClass, Class<?> stateType, boolean payloadRequired) {
		Argument[] arguments = new Argument[method.getParameterCount()];
		Class<?> payloadType = null;
		for (int i = 0; i < arguments.length; i++) {
			ResolvableType parameter = ResolvableType.forMethodParameter(method, i, beanClass);
			Class<?> raw = parameter.resolve(Object.class);
			if (raw == SagaLifecycle.class) {
				arguments[i] = Argument.LIFECYCLE;
			}
			else if (raw == stateType) {
				arguments[i] = Argument.STATE;
			}
			else if (payloadType == null) {
				boolean envelope = payloadRequired && raw == Event.class;
				arguments[i] = envelope ? Argument.EVENT : Argument.PAYLOAD;
				payloadType = envelope ? parameter.getGeneric(0).resolve(Object.class) : raw;
			}
			else {
				throw invalid(method, "has two parameters that are neither the state (" + stateType.getSimpleName()
						+ ") nor a SagaLifecycle");
			}
		}
		if (payloadRequired && payloadType == null) {
			throw invalid(method, "must take the payload or Event<Payload>");
		}
		if (payloadType != null && payloadType.isPrimitive()) {
			throw invalid(method, "takes a primitive; use a payload class");
		}
		return new HandlerMethod(method, arguments, payloadType);
	}

	static IllegalStateException invalid(Method method, String message) {
		return new IllegalStateException("Saga handler " + method.getDeclaringClass().getSimpleName() + "."
				+ method.getName() + Arrays.toString(method.getParameterTypes()) + " " + message);
	}

	@Nullable Class<?> payloadType() {
		return this.payloadType;
	}

	boolean ends() {
		return this.end;
	}

	Method method() {
		return this.method;
	}

	void invoke(Object bean, @Nullable Event<?> event, @Nullable Object payload, Object state,
			SagaLifecycle lifecycle) {
		Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = switch (this.arguments[i]) {
				case PAYLOAD -> payload;
				case EVENT -> event;
				case STATE -> state;
				case LIFECYCLE -> lifecycle;
			};
		}
		try {
			this.method.invoke(bean, args);
		}
		catch (InvocationTargetException ex) {
			ReflectionUtils.rethrowRuntimeException(ex.getTargetException());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call saga handler " + this.method, ex);
		}
	}

}
