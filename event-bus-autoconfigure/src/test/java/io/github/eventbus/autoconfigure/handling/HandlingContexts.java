package io.github.eventbus.autoconfigure.handling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the handling tests share: a bus with an in-memory store and durable observers, and a failure recorder. */
final class HandlingContexts {

	private HandlingContexts() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, DurableObserversAutoConfiguration.class,
					ObserverHandlingAutoConfiguration.class))
			.withPropertyValues("eventbus.shutdown.timeout=2s", "eventbus.observers.poll-interval=50ms",
					"eventbus.retry.max-attempts=2", "eventbus.retry.initial-backoff=10ms")
			.withBean("failures", Failures.class);
	}

	/** Records every failure reported. */
	static class Failures implements ObserverErrorHandler {

		final List<ObserverFailure> seen = new CopyOnWriteArrayList<>();

		@Override
		public void handle(ObserverFailure failure) {
			this.seen.add(failure);
		}

	}

}
