package io.github.eventbus.saga;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link SagaEventHandler} and {@link DeadlineHandler} methods of a saga bean and checks them once,
 * when the saga is registered: one event handler per payload type, one handler per deadline name, association
 * properties readable.
 */
final class SagaHandlers {

	private SagaHandlers() {
	}

	/** Its event handlers, each with the association it reads. */
	static List<EventHandler> events(Object bean, Class<?> beanClass, Class<?> stateType) {
		List<EventHandler> handlers = new ArrayList<>();
		MethodIntrospector.selectMethods(beanClass,
				(MethodIntrospector.MetadataLookup<SagaEventHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, SagaEventHandler.class))
			.forEach((method, annotation) -> {
				HandlerMethod handler = HandlerMethod.of(invocable(bean, method), beanClass, stateType, true);
				String key = annotation.associationKey().isEmpty() ? annotation.associationProperty()
						: annotation.associationKey();
				AssociationReader reader = new AssociationReader(annotation.associationProperty());
				Class<?> payloadType = handler.payloadType();
				if (payloadType != null && !payloadType.isInterface()
						&& !Modifier.isAbstract(payloadType.getModifiers())) {
					reader.check(payloadType);
				}
				for (EventHandler existing : handlers) {
					if (existing.handler().payloadType() == payloadType) {
						throw HandlerMethod.invalid(method, "handles " + payloadType
								+ " like " + existing.handler().method().getName() + "; keep one handler per type");
					}
				}
				handlers.add(new EventHandler(handler, key, reader,
						AnnotatedElementUtils.hasAnnotation(method, StartSaga.class)));
			});
		return handlers;
	}

	/** Its deadline handlers by deadline name. */
	static Map<String, HandlerMethod> deadlines(Object bean, Class<?> beanClass, Class<?> stateType) {
		Map<String, HandlerMethod> handlers = new HashMap<>();
		MethodIntrospector.selectMethods(beanClass,
				(MethodIntrospector.MetadataLookup<DeadlineHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DeadlineHandler.class))
			.forEach((method, annotation) -> {
				if (handlers.put(annotation.value(),
						HandlerMethod.of(invocable(bean, method), beanClass, stateType, false)) != null) {
					throw HandlerMethod.invalid(method, "is a second handler of deadline '" + annotation.value() + "'");
				}
			});
		return handlers;
	}

	private static Method invocable(Object bean, Method method) {
		return AopUtils.selectInvocableMethod(method, bean.getClass());
	}

}
