package io.github.eventbus.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.github.eventbus.EventBusException;
import io.github.eventbus.StreamId;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Reads the {@link StreamId} member of a payload, through a method handle found once per class.
 */
final class StreamIds {

	private static final MethodType GETTER_TYPE = MethodType.methodType(Object.class, Object.class);

	private static final ClassValue<@Nullable MethodHandle> ACCESSORS = new ClassValue<>() {
		@Override
		protected @Nullable MethodHandle computeValue(Class<?> type) {
			return find(type);
		}
	};

	private StreamIds() {
	}

	/** The payload's stream id, or {@code null} when its class has no {@link StreamId} member. */
	static @Nullable String of(Object payload) {
		MethodHandle accessor = ACCESSORS.get(payload.getClass());
		if (accessor == null) {
			return null;
		}
		Object value;
		try {
			value = (Object) accessor.invokeExact(payload);
		}
		catch (Throwable ex) {
			throw new EventBusException("Cannot read the @StreamId of " + payload.getClass().getName(), ex);
		}
		if (value == null) {
			throw new EventBusException("The @StreamId of a " + payload.getClass().getName() + " is null");
		}
		return value.toString();
	}

	private static @Nullable MethodHandle find(Class<?> type) {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Method method : current.getDeclaredMethods()) {
				if (method.isAnnotationPresent(StreamId.class) && method.getParameterCount() == 0
						&& !Modifier.isStatic(method.getModifiers())) {
					ReflectionUtils.makeAccessible(method);
					return adapt(type, () -> lookup.unreflect(method));
				}
			}
			for (Field field : current.getDeclaredFields()) {
				if (field.isAnnotationPresent(StreamId.class) && !Modifier.isStatic(field.getModifiers())) {
					ReflectionUtils.makeAccessible(field);
					return adapt(type, () -> lookup.unreflectGetter(field));
				}
			}
		}
		return null;
	}

	private static MethodHandle adapt(Class<?> type, HandleSource source) {
		try {
			return source.get().asType(GETTER_TYPE);
		}
		catch (IllegalAccessException ex) {
			throw new EventBusException("Cannot read the @StreamId member of " + type.getName(), ex);
		}
	}

	@FunctionalInterface
	private interface HandleSource {

		MethodHandle get() throws IllegalAccessException;

	}

}
