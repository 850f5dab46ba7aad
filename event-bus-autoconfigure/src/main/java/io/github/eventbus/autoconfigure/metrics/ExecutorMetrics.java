package io.github.eventbus.autoconfigure.metrics;

import java.util.concurrent.ThreadPoolExecutor;

import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.metrics.EventBusMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Saturation of the {@code eventBusTaskExecutor} when it is a {@link ThreadPoolTaskExecutor}: active
 * threads against pool size and maximum, and queued drain tasks. Other executors (virtual threads) have
 * no pool to saturate and get no gauges.
 */
final class ExecutorMetrics implements MeterBinder {

	private final BeanFactory beanFactory;

	private final EventBusMetrics metrics;

	ExecutorMetrics(BeanFactory beanFactory, EventBusMetrics metrics) {
		this.beanFactory = beanFactory;
		this.metrics = metrics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String name = EventBusAutoConfiguration.EXECUTOR_BEAN_NAME;
		if (!this.beanFactory.containsBean(name)
				|| !this.beanFactory.isTypeMatch(name, ThreadPoolTaskExecutor.class)) {
			return;
		}
		ThreadPoolTaskExecutor executor = this.beanFactory.getBean(name, ThreadPoolTaskExecutor.class);
		this.metrics.gauge(EventBusMeters.EXECUTOR_ACTIVE, Tags.empty(), executor,
				ThreadPoolTaskExecutor::getActiveCount);
		this.metrics.gauge(EventBusMeters.EXECUTOR_POOL_SIZE, Tags.empty(), executor,
				ThreadPoolTaskExecutor::getPoolSize);
		this.metrics.gauge(EventBusMeters.EXECUTOR_POOL_MAX, Tags.empty(), executor,
				ThreadPoolTaskExecutor::getMaxPoolSize);
		this.metrics.gauge(EventBusMeters.EXECUTOR_QUEUED, Tags.empty(), executor, ExecutorMetrics::queued);
	}

	private static double queued(ThreadPoolTaskExecutor executor) {
		try {
			ThreadPoolExecutor pool = executor.getThreadPoolExecutor();
			return pool.getQueue().size();
		}
		catch (IllegalStateException ex) {
			// not initialized yet, or shut down
			return Double.NaN;
		}
	}

}
