package io.github.eventbus.autoconfigure;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.PublishResult;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.autoconfigure.TestObservers.FailingObserver;
import io.github.eventbus.autoconfigure.TestObservers.RecordingErrorHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An observer's exception reaches neither the publisher nor other observers, and every failure reaches
 * the application's {@link io.github.eventbus.ObserverErrorHandler}.
 */
class ObserverFailureIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.shutdown.timeout=2s")
		.withBean("failing", FailingObserver.class)
		.withBean("recorder", RecordingObserver.class)
		.withBean("failures", RecordingErrorHandler.class);

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void failuresAreContainedAndReachTheUserErrorHandler(DispatchMode mode) {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=" + mode).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			RecordingObserver recorder = context.getBean(RecordingObserver.class);
			RecordingErrorHandler errorHandler = context.getBean(RecordingErrorHandler.class);
			// when: nothing is thrown here
			PublishResult first = testSubject.publish(new Tick(1));
			PublishResult second = testSubject.publish(new Tick(2));
			// then: the other observer got both events, the failing one was called for both
			recorder.awaitCount(2);
			assertThat(recorder.payloads()).containsExactly(new Tick(1), new Tick(2));
			errorHandler.awaitCount(2);
			assertThat(errorHandler.failures()).extracting(ObserverFailure::observerId)
				.containsExactly("failing.on", "failing.on");
			assertThat(errorHandler.failures()).extracting((failure) -> failure.event().id())
				.containsExactly(first.event().id(), second.event().id());
			assertThat(errorHandler.failures()).allSatisfy((failure) -> {
				assertThat(failure.exception()).isInstanceOf(IllegalStateException.class);
				assertThat(failure.attempt()).isEqualTo(1);
			});
		});
	}

}
