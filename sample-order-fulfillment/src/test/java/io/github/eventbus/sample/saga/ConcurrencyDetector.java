package io.github.eventbus.sample.saga;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Wraps the {@link OrderFulfillmentSaga} bean in a proxy that counts, per order, the handler calls in
 * progress: {@link #overlaps()} is how often a call for an order started while another one for the same
 * order was still running. It also keeps, per order, the payload types the handlers were called with, in
 * call order ({@link #handled(String)}), and the most handler calls in progress at once for different orders
 * ({@link #mostAtOnce()}). Register it as a bean in a test configuration.
 */
public final class ConcurrencyDetector implements BeanPostProcessor, MethodInterceptor {

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger overlaps = new AtomicInteger();

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	private final Map<String, List<String>> handled = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof OrderFulfillmentSaga)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.setProxyTargetClass(true);
		proxy.addAdvice(this);
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		String orderId = orderId(invocation.getArguments());
		if (orderId == null) {
			return invocation.proceed();
		}
		enter(orderId);
		this.handled.computeIfAbsent(orderId, (id) -> Collections.synchronizedList(new ArrayList<>()))
			.add(payloadType(invocation.getArguments()));
		try {
			return invocation.proceed();
		}
		finally {
			leave(orderId);
		}
	}

	void enter(String orderId) {
		if (this.inFlight.computeIfAbsent(orderId, (id) -> new AtomicInteger()).incrementAndGet() > 1) {
			this.overlaps.incrementAndGet();
		}
		this.calls.incrementAndGet();
		this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
	}

	void leave(String orderId) {
		this.running.decrementAndGet();
		this.inFlight.get(orderId).decrementAndGet();
	}

	private static String payloadType(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument != null && argument.getClass().isRecord()) {
				return argument.getClass().getSimpleName();
			}
		}
		return "deadline";
	}

	private static String orderId(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument instanceof OrderFulfillment state && state.getOrderId() != null) {
				return state.getOrderId();
			}
			if (argument != null && argument.getClass().isRecord()) {
				Method accessor = ReflectionUtils.findMethod(argument.getClass(), "orderId");
				if (accessor != null) {
					return (String) ReflectionUtils.invokeMethod(accessor, argument);
				}
			}
		}
		return null;
	}

	public int overlaps() {
		return this.overlaps.get();
	}

	public int calls() {
		return this.calls.get();
	}

	/** The most handler calls that were in progress at once, for different orders. */
	public int mostAtOnce() {
		return this.mostAtOnce.get();
	}

	/** The payload types the handlers were called with for one order, in call order. */
	public List<String> handled(String orderId) {
		List<String> types = this.handled.get(orderId);
		if (types == null) {
			return List.of();
		}
		synchronized (types) {
			return List.copyOf(types);
		}
	}

}
