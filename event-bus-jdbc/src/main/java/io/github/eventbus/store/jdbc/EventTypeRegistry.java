package io.github.eventbus.store.jdbc;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.github.eventbus.EventType;
import io.github.eventbus.store.EventTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The allow-list of payload classes a store may turn stored JSON back into: stable type name (see
 * {@link EventType}) to class, plus the {@link EventUpcaster upcasters} of older versions.
 * <p>
 * Classes get in three ways: every class appended through a store using this registry, classes passed to
 * {@link #register(Class)} or {@link #registerObserved(Class)} at startup (the auto-configuration passes the
 * payload types of observers, saga handlers and Kafka observers), and
 * {@code @EventType} classes found by {@link #registerPackages(String...)}. A name read from the database
 * is only ever looked up here; no class is loaded from it.
 * <p>
 * Thread-safe. Registering two different classes under one type name fails with an
 * {@link IllegalStateException}, because reads could not tell them apart.
 */
public final class EventTypeRegistry {

	private final Map<String, Class<?>> classesByName = new ConcurrentHashMap<>();

	private final Map<String, EventUpcaster> upcasters = new ConcurrentHashMap<>();

	private final ClassValue<Boolean> registered = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			add(type);
			return Boolean.TRUE;
		}
	};

	/**
	 * Allows {@code type} to be read back under its type name. Cheap when already registered.
	 * @param type a payload class
	 * @throws IllegalStateException if another class is registered under the same type name
	 */
	public void register(Class<?> type) {
		this.registered.get(Objects.requireNonNull(type, "type"));
	}

	/**
	 * Allows the payload type an observer, saga handler or Kafka observer declares, when stored JSON can be
	 * read as it: a concrete class. Interfaces, abstract classes, {@code Object}, arrays and primitives are
	 * skipped, since no stored event is ever of exactly that type; their subtypes get in by
	 * {@link #registerPackages(String...)} or by being appended. Called at startup, before anything reads
	 * the store, so that an observer in a fresh JVM can read what other JVMs stored.
	 * @param type the declared payload type
	 * @return whether {@code type} was registered
	 * @throws IllegalStateException if another class is registered under the same type name
	 */
	public boolean registerObserved(Class<?> type) {
		Objects.requireNonNull(type, "type");
		if (type == Object.class || type.isInterface() || type.isArray() || type.isPrimitive()
				|| type.isAnnotation() || Modifier.isAbstract(type.getModifiers())) {
			return false;
		}
		register(type);
		return true;
	}

	private void add(Class<?> type) {
		String name = EventTypes.nameOf(type);
		Class<?> existing = this.classesByName.putIfAbsent(name, type);
		if (existing != null && existing != type) {
			if (!existing.getName().equals(type.getName())) {
				throw new IllegalStateException("Event type name '" + name + "' is used by both " + existing.getName()
						+ " and " + type.getName() + "; give one of them another @EventType name");
			}
			// Same class from another class loader (a devtools restart): the newest one wins.
			this.classesByName.put(name, type);
		}
	}

	/**
	 * Registers every class annotated with {@link EventType} in the given packages and their sub-packages.
	 * @param basePackages package names, for example {@code "com.example.orders"}
	 */
	public void registerPackages(String... basePackages) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(EventType.class));
		ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
		for (String basePackage : basePackages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				String className = Objects.requireNonNull(candidate.getBeanClassName());
				// Names come from the class path scan, never from stored data.
				register(ClassUtils.resolveClassName(className, classLoader));
			}
		}
	}

	/**
	 * Registers the upcaster of one type name, replacing any previous one.
	 * @param typeName the stored type name
	 * @param upcaster turns each older version into the next
	 */
	public void registerUpcaster(String typeName, EventUpcaster upcaster) {
		this.upcasters.put(Objects.requireNonNull(typeName, "typeName"), Objects.requireNonNull(upcaster, "upcaster"));
	}

	/**
	 * The class registered under {@code typeName}.
	 * @param typeName a type name, typically read from the database
	 * @return the class, or {@code null} when the name is not registered
	 */
	public @Nullable Class<?> classOf(String typeName) {
		return this.classesByName.get(typeName);
	}

	/** The upcaster of {@code typeName}, or {@code null}. */
	@Nullable EventUpcaster upcasterOf(String typeName) {
		return this.upcasters.get(typeName);
	}

}
