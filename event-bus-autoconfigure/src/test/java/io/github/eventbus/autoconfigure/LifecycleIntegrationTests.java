package io.github.eventbus.autoconfigure;

import java.util.concurrent.atomic.AtomicReference;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventBusException;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The bus's threads, and what happens to queued work when the application stops. */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.dispatch.mode=fire-and-forget");

	@Test
	void closingTheContextDrainsQueuedEvents() {
		// given: 1 s of work queued (20 ms per event); the observer outlives the context
		SlowRecorder slow = new SlowRecorder(20);
		AtomicReference<EventBus> bus = new AtomicReference<>();
		// when
		this.contextRunner.withBean("slow", SlowRecorder.class, () -> slow).run((context) -> {
			bus.set(context.getBean(EventBus.class));
			for (int i = 0; i < 50; i++) {
				bus.get().publish(new Tick(i));
			}
			assertThat(slow.recorder.count()).as("still queued when the context starts closing").isLessThan(50);
		});
		// then
		assertThat(slow.recorder.count()).isEqualTo(50);
		assertThatExceptionOfType(EventBusException.class).isThrownBy(() -> bus.get().publish(new Tick(50)))
			.withMessageContaining("shut down");
	}

	@Test
	void aPausedContextPublishesAgainOnceRestarted() {
		// Spring's test context cache pauses a cached context when a test switches to another one, and restarts
		// it when a later test uses it again: the bus must outlive that (it was shut down for good before).
		this.contextRunner.withBean("recorder", RecordingObserver.class).run((context) -> {
			// given
			context.pause();
			context.restart();
			// when
			context.getBean(EventBus.class).publish(new Tick(1));
			// then
			context.getBean(RecordingObserver.class).awaitCount(1);
		});
	}

	@Test
	void whatCannotBeFinishedWithinTheShutdownTimeoutIsLogged(CapturedOutput output) {
		// given
		SlowRecorder slow = new SlowRecorder(100);
		// when
		this.contextRunner.withPropertyValues("eventbus.shutdown.timeout=200ms")
			.withBean("slow", SlowRecorder.class, () -> slow)
			.run((context) -> {
				for (int i = 0; i < 20; i++) {
					context.getBean(EventBus.class).publish(new Tick(i));
				}
			});
		// then
		assertThat(output).contains("Event bus stopped before its observers finished")
			.contains("slow.on: ")
			.contains("event(s) not handled");
		assertThat(slow.recorder.count()).isLessThan(20);
	}

	@Test
	void aUserExecutorNamedEventBusTaskExecutorRunsTheObservers() {
		this.contextRunner.withBean("eventBusTaskExecutor", ThreadPoolTaskExecutor.class, () -> {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("custom-");
			return executor;
		}).withBean("recorder", RecordingObserver.class).run((context) -> {
			// when
			context.getBean(EventBus.class).publish(new Tick(1));
			// then
			RecordingObserver recorder = context.getBean(RecordingObserver.class);
			recorder.awaitCount(1);
			assertThat(recorder.threadNames()).singleElement().asString().startsWith("custom-");
		});
	}

	@Test
	void theConfiguredThreadNamePrefixNamesTheBusThreads() {
		this.contextRunner.withPropertyValues("eventbus.executor.thread-name-prefix=orders-bus-")
			.withBean("recorder", RecordingObserver.class)
			.run((context) -> {
				context.getBean(EventBus.class).publish(new Tick(1));
				RecordingObserver recorder = context.getBean(RecordingObserver.class);
				recorder.awaitCount(1);
				assertThat(recorder.threadNames()).singleElement().asString().startsWith("orders-bus-");
			});
	}

	static class SlowRecorder {

		final RecordingObserver recorder = new RecordingObserver();

		private final long millis;

		SlowRecorder(long millis) {
			this.millis = millis;
		}

		@EventObserver
		void on(Tick tick) throws InterruptedException {
			Thread.sleep(this.millis);
			this.recorder.record(tick);
		}

	}

}
