package io.github.eventbus.autoconfigure.metrics;

import io.github.eventbus.ObserverErrorHandler;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Decorates the {@link ObserverErrorHandler} bean to learn the outcome of durable failures
 * ({@link OutcomeRecordingErrorHandler}): the bus and durable observers depend on the interface, so
 * neither needs a change. An application that injects its own handler by its class elsewhere should
 * inject it by another type or turn metrics off.
 */
final class EventBusMetricsPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof ObserverErrorHandler handler && !(bean instanceof OutcomeRecordingErrorHandler)) {
			return new OutcomeRecordingErrorHandler(handler);
		}
		return bean;
	}

}
