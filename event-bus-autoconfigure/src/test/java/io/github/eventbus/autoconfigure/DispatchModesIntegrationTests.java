package io.github.eventbus.autoconfigure;

import java.time.Duration;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.PublishResult;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.autoconfigure.TestObservers.FailingObserver;
import io.github.eventbus.autoconfigure.TestObservers.GateObserver;
import io.github.eventbus.autoconfigure.TestObservers.RecordingErrorHandler;
import io.github.eventbus.autoconfigure.TestObservers.SlowObserver;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** When {@code publish} returns in each dispatch mode, in a real context. */
class DispatchModesIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.shutdown.timeout=2s");

	@Nested
	class Sequential {

		@Test
		void runsEveryObserverOnThePublishersThreadAndIsDoneOnReturn() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=sequential")
				.withBean("recorder", RecordingObserver.class)
				.withBean("slow", SlowObserver.class)
				.run((context) -> {
					// given
					EventBus testSubject = context.getBean(EventBus.class);
					// when
					testSubject.publish(new Tick(1));
					// then
					String publisher = Thread.currentThread().getName();
					assertThat(context.getBean(RecordingObserver.class).threadNames()).containsExactly(publisher);
					assertThat(context.getBean(SlowObserver.class).recorder.threadNames()).containsExactly(publisher);
				});
		}

		@Test
		void reportsFailuresInTheResultWithoutThrowing() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=sequential")
				.withBean("failing", FailingObserver.class)
				.withBean("recorder", RecordingObserver.class)
				.run((context) -> {
					// when
					PublishResult result = context.getBean(EventBus.class).publish(new Tick(1));
					// then
					assertThat(result.failures()).singleElement()
						.satisfies((failure) -> assertThat(failure.observerId()).isEqualTo("failing.on"));
					assertThat(context.getBean(RecordingObserver.class).payloads()).containsExactly(new Tick(1));
				});
		}

	}

	@Nested
	class ConcurrentAwait {

		@Test
		void returnsOnceEveryObserverFinishedOnTheBusThreads() {
			contextRunner.withBean("slow", SlowObserver.class)
				.withBean("recorder", RecordingObserver.class)
				.run((context) -> {
					// given
					EventBus testSubject = context.getBean(EventBus.class);
					SlowObserver slow = context.getBean(SlowObserver.class);
					// when
					PublishResult result = testSubject.publish(new Tick(1));
					// then: the slow observer slept 50 ms, yet is done when publish returns
					assertThat(result.isDispatched()).isTrue();
					assertThat(result.failures()).isEmpty();
					assertThat(slow.recorder.payloads()).containsExactly(new Tick(1));
					assertThat(context.getBean(RecordingObserver.class).payloads()).containsExactly(new Tick(1));
					assertThat(slow.recorder.threadNames()).singleElement().asString().startsWith("eventbus-");
				});
		}

		@Test
		void reportsFailuresInTheResultWithoutThrowing() {
			contextRunner.withBean("failing", FailingObserver.class)
				.withBean("recorder", RecordingObserver.class)
				.run((context) -> {
					// when
					PublishResult result = context.getBean(EventBus.class).publish(new Tick(1));
					// then
					assertThat(result.failures()).singleElement().satisfies((failure) -> {
						assertThat(failure.observerId()).isEqualTo("failing.on");
						assertThat(failure.exception()).hasMessage("observer failed on Tick[n=1]");
						assertThat(failure.event()).isSameAs(result.event());
					});
					assertThat(context.getBean(RecordingObserver.class).payloads()).containsExactly(new Tick(1));
				});
		}

	}

	@Nested
	class FireAndForget {

		@Test
		void returnsBeforeABlockedObserverFinishes() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=fire-and-forget")
				.withBean("gate", GateObserver.class)
				.run((context) -> {
					// given
					EventBus testSubject = context.getBean(EventBus.class);
					GateObserver gate = context.getBean(GateObserver.class);
					// when: the observer cannot finish until the gate opens, after publish returned
					PublishResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
							() -> testSubject.publish(new Tick(1)));
					// then
					assertThat(result.isDispatched()).isTrue();
					assertThat(gate.recorder.count()).isZero();
					gate.open();
					gate.recorder.awaitCount(1);
					assertThat(gate.recorder.threadNames()).singleElement().asString().startsWith("eventbus-");
				});
		}

		@Test
		void failuresGoToTheErrorHandlerNotTheResult() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=fire-and-forget")
				.withBean("failing", FailingObserver.class)
				.withBean("failures", RecordingErrorHandler.class)
				.run((context) -> {
					// when
					PublishResult result = context.getBean(EventBus.class).publish(new Tick(1));
					// then
					assertThat(result.failures()).isEmpty();
					context.getBean(RecordingErrorHandler.class).awaitCount(1);
				});
		}

	}

	@Nested
	class PerObserverMode {

		@Test
		void anObserverModeOverridesTheConfiguredMode() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=fire-and-forget")
				.withBean("sequential", SequentialObserver.class)
				.withBean("recorder", RecordingObserver.class)
				.run((context) -> {
					// when
					context.getBean(EventBus.class).publish(new Tick(1));
					// then: the overriding observer ran on the publisher's thread, the other on the bus's
					assertThat(context.getBean(SequentialObserver.class).recorder.threadNames())
						.containsExactly(Thread.currentThread().getName());
					RecordingObserver recorder = context.getBean(RecordingObserver.class);
					recorder.awaitCount(1);
					assertThat(recorder.threadNames()).singleElement().asString().startsWith("eventbus-");
				});
		}

		@Test
		void anAwaitedObserverIsWaitedForWhenTheDefaultIsFireAndForget() {
			contextRunner.withPropertyValues("eventbus.dispatch.mode=fire-and-forget")
				.withBean("awaited", AwaitedSlowObserver.class)
				.run((context) -> {
					// when
					context.getBean(EventBus.class).publish(new Tick(1));
					// then
					assertThat(context.getBean(AwaitedSlowObserver.class).recorder.payloads())
						.containsExactly(new Tick(1));
				});
		}

	}

	static class AwaitedSlowObserver {

		final RecordingObserver recorder = new RecordingObserver();

		@EventObserver(mode = DispatchMode.CONCURRENT_AWAIT)
		void on(Tick tick) throws InterruptedException {
			Thread.sleep(50);
			this.recorder.record(tick);
		}

	}

	static class SequentialObserver {

		final RecordingObserver recorder = new RecordingObserver();

		@EventObserver(mode = DispatchMode.SEQUENTIAL)
		void on(Tick tick) {
			this.recorder.record(tick);
		}

	}

}
