package io.github.eventbus.saga;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Reads one named property of payloads: a record component or method {@code name()}, a getter
 * {@code getName()}, or a field {@code name}; resolved once per payload class.
 */
final class AssociationReader {

	private final String property;

	private final ClassValue<Function<Object, @Nullable Object>> readers = new ClassValue<>() {
		@Override
		protected Function<Object, @Nullable Object> computeValue(Class<?> type) {
			return reader(type);
		}
	};

	AssociationReader(String property) {
		this.property = property;
	}

	/** The property's value as a string, or {@code null} when it is null. */
	@Nullable String read(Object payload) {
		Object value = this.readers.get(payload.getClass()).apply(payload);
		return (value != null) ? value.toString() : null;
	}

	/** Fails at startup, not on the first event, when a payload type lacks the property. */
	void check(Class<?> type) {
		this.readers.get(type);
	}

	private Function<Object, @Nullable Object> reader(Class<?> type) {
		Method method = ReflectionUtils.findMethod(type, this.property);
		if (method == null) {
			method = ReflectionUtils.findMethod(type, "get" + StringUtils.capitalize(this.property));
		}
		if (method != null && method.getParameterCount() == 0 && method.getReturnType() != void.class) {
			Method accessor = method;
			ReflectionUtils.makeAccessible(accessor);
			return (payload) -> ReflectionUtils.invokeMethod(accessor, payload);
		}
		Field field = ReflectionUtils.findField(type, this.property);
		if (field != null) {
			ReflectionUtils.makeAccessible(field);
			return (payload) -> ReflectionUtils.getField(field, payload);
		}
		throw new IllegalStateException("Association property '" + this.property + "' not found on "
				+ type.getName() + ": add a record component, a getter or a field of that name");
	}

}
