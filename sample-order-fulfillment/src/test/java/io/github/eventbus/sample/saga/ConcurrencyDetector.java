package io.github.eventbus.sample.saga;

import java.lang.reflect.Method;
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
 * order was still running. Register it as a bean in a test configuration.
 */
public final class ConcurrencyDetector implements BeanPostProcessor, MethodInterceptor {

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger overlaps = new AtomicInteger();

	private final AtomicInteger calls = new AtomicInteger();

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
	}

	void leave(String orderId) {
		this.inFlight.get(orderId).decrementAndGet();
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

}
