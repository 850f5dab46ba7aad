package io.github.eventbus.store;

import io.github.eventbus.EventType;

/**
 * Stable type names of payload classes: {@link EventType#value()} when present, otherwise the class's
 * simple name. Computed once per class.
 */
public final class EventTypes {

	private static final ClassValue<String> NAMES = new ClassValue<>() {
		@Override
		protected String computeValue(Class<?> type) {
			EventType annotation = type.getAnnotation(EventType.class);
			return (annotation != null) ? annotation.value() : type.getSimpleName();
		}
	};

	private static final ClassValue<Integer> VERSIONS = new ClassValue<>() {
		@Override
		protected Integer computeValue(Class<?> type) {
			EventType annotation = type.getAnnotation(EventType.class);
			return (annotation != null) ? annotation.version() : 1;
		}
	};

	private EventTypes() {
	}

	/** The stable type name of {@code type}. */
	public static String nameOf(Class<?> type) {
		return NAMES.get(type);
	}

	/** The payload version of {@code type} (1 unless {@link EventType#version()} says otherwise). */
	public static int versionOf(Class<?> type) {
		return VERSIONS.get(type);
	}

}
