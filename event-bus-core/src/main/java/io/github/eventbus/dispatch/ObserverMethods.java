package io.github.eventbus.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link EventObserver} methods of a bean and prepares a method handle for each, so that no
 * reflection happens per event. Looks through AOP proxies to the target class for the annotations, and
 * calls the method on the proxy so that transactional or other advice still applies. Generic parameter
 * types are resolved against the bean's class.
 */
public final class ObserverMethods {

	private static final MethodType INVOKER_TYPE = MethodType.methodType(void.class, Object.class);

	private ObserverMethods() {
	}

	/**
	 * Discovers the observer methods of one bean.
	 * @param beanName the bean's name, for default ids and messages
	 * @param bean the bean (possibly a proxy)
	 * @return one definition per annotated method; empty when there is none
	 * @throws InvalidObserverMethodException for a method that cannot be an observer
	 */
	public static List<ObserverDefinition> discover(String beanName, Object bean) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, EventObserver> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<EventObserver>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, EventObserver.class));
		List<ObserverDefinition> definitions = new ArrayList<>(annotated.size());
		annotated.forEach((method, annotation) -> definitions
			.add(define(beanName, bean, targetClass, method, annotation)));
		return DefaultIds.disambiguate(beanName, definitions, annotated);
	}

	private static ObserverDefinition define(String beanName, Object bean, Class<?> targetClass, Method method,
			EventObserver annotation) {
		String name = method.getName();
		if (method.getParameterCount() != 1) {
			throw new InvalidObserverMethodException(beanName, name,
					"must take exactly one parameter (the payload or Event<Payload>) but takes "
							+ method.getParameterCount());
		}
		if (Modifier.isStatic(method.getModifiers())) {
			throw new InvalidObserverMethodException(beanName, name, "must not be static");
		}
		if (annotation.concurrency() < 1) {
			throw new InvalidObserverMethodException(beanName, name,
					"has concurrency " + annotation.concurrency() + " but it must be at least 1");
		}
		if (annotation.mode().length > 1 || annotation.durable().length > 1) {
			throw new InvalidObserverMethodException(beanName, name, "must set at most one mode and one durable value");
		}
		ResolvableType parameter = ResolvableType.forMethodParameter(method, 0, targetClass);
		Class<?> raw = parameter.resolve();
		if (raw == null) {
			throw new InvalidObserverMethodException(beanName, name,
					"has a parameter type that cannot be resolved: " + parameter);
		}
		if (raw.isPrimitive()) {
			throw new InvalidObserverMethodException(beanName, name,
					"takes a primitive " + raw + "; use a payload class or Event<Payload>");
		}
		boolean wantsEnvelope = Event.class.equals(raw);
		Class<?> payloadType = wantsEnvelope ? parameter.getGeneric(0).resolve(Object.class) : raw;
		String id = annotation.id().isEmpty() ? beanName + "." + name : annotation.id();
		DispatchMode mode = (annotation.mode().length == 1) ? annotation.mode()[0] : null;
		Boolean durable = (annotation.durable().length == 1) ? annotation.durable()[0] : null;
		MethodHandle invoker = invoker(beanName, bean, method);
		return new ObserverDefinition(id, beanName, method, payloadType, wantsEnvelope, mode, durable,
				annotation.concurrency(), invoker);
	}

	private static MethodHandle invoker(String beanName, Object bean, Method method) {
		Method invocable;
		try {
			invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new InvalidObserverMethodException(beanName, method.getName(),
					"cannot be called through the bean's proxy (" + ex.getMessage()
							+ "); declare it on an interface the proxy implements or use class-based proxies");
		}
		if (AopUtils.isAopProxy(bean) && Modifier.isPrivate(invocable.getModifiers())) {
			throw new InvalidObserverMethodException(beanName, method.getName(),
					"is private on a proxied bean, so the proxy cannot call it; make it public");
		}
		try {
			ReflectionUtils.makeAccessible(invocable);
			return MethodHandles.lookup().unreflect(invocable).bindTo(bean).asType(INVOKER_TYPE);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new InvalidObserverMethodException(beanName, method.getName(),
					"cannot be made callable: " + ex.getMessage());
		}
	}

	/**
	 * Whether {@code bean}'s class may declare observers; skips framework classes cheaply.
	 * @param bean the bean
	 * @return {@code false} when scanning it is pointless
	 */
	public static boolean isCandidate(@Nullable Object bean) {
		if (bean == null) {
			return false;
		}
		String name = AopUtils.getTargetClass(bean).getName();
		return !(name.startsWith("java.") || name.startsWith("org.springframework."));
	}

}
