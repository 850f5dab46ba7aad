package io.github.eventbus.dispatch;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.eventbus.EventObserver;

/**
 * Default observer ids: {@code beanName.methodName}, and for overloaded observer methods of one bean (the
 * natural style: {@code on(OrderPlaced)}, {@code on(OrderShipped)}) {@code beanName.methodName(PayloadType)}
 * with the payload's simple name, or its qualified name where simple names collide, and
 * {@code Event<PayloadType>} for an envelope parameter. Stable from run to run, since it derives from the
 * declarations alone. An explicit {@link EventObserver#id()} is never changed, so two equal ones still
 * fail registration.
 */
final class DefaultIds {

	private DefaultIds() {
	}

	static List<ObserverDefinition> disambiguate(String beanName, List<ObserverDefinition> definitions,
			Map<Method, EventObserver> annotations) {
		Map<String, Integer> perName = new HashMap<>();
		for (ObserverDefinition definition : definitions) {
			perName.merge(definition.method().getName(), 1, Integer::sum);
		}
		if (perName.values().stream().allMatch((count) -> count == 1)) {
			return definitions;
		}
		Set<String> simpleCollisions = simpleCollisions(definitions, perName);
		List<ObserverDefinition> result = new ArrayList<>(definitions.size());
		for (ObserverDefinition definition : definitions) {
			Method method = definition.method();
			boolean defaulted = annotations.get(method).id().isEmpty();
			if (defaulted && perName.get(method.getName()) > 1) {
				boolean qualified = simpleCollisions.contains(method.getName());
				definition = withId(definition, beanName + "." + method.getName() + "(" + parameter(definition, qualified)
						+ ")");
			}
			result.add(definition);
		}
		return result;
	}

	private static Set<String> simpleCollisions(List<ObserverDefinition> definitions, Map<String, Integer> perName) {
		Set<String> seen = new HashSet<>();
		Set<String> collisions = new HashSet<>();
		for (ObserverDefinition definition : definitions) {
			String name = definition.method().getName();
			if (perName.get(name) > 1 && !seen.add(name + "(" + parameter(definition, false) + ")")) {
				collisions.add(name);
			}
		}
		return collisions;
	}

	private static String parameter(ObserverDefinition definition, boolean qualified) {
		Class<?> payload = definition.payloadType();
		String name = qualified ? payload.getName() : payload.getSimpleName();
		return definition.wantsEnvelope() ? "Event<" + name + ">" : name;
	}

	private static ObserverDefinition withId(ObserverDefinition definition, String id) {
		return new ObserverDefinition(id, definition.beanName(), definition.method(), definition.payloadType(),
				definition.wantsEnvelope(), definition.mode(), definition.durable(), definition.concurrency(),
				definition.invoker(), definition.orderingKey());
	}

}
