package io.github.eventbus.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.autoconfigure.TestEvents.Tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Observers and an error handler shared by the integration tests; each records what it saw. */
final class TestObservers {

	private TestObservers() {
	}

	static class SlowObserver {

		final RecordingObserver recorder = new RecordingObserver();

		@EventObserver
		void on(Tick tick) throws InterruptedException {
			Thread.sleep(50);
			this.recorder.record(tick);
		}

	}

	static class FailingObserver {

		@EventObserver
		void on(Tick tick) {
			throw new IllegalStateException("observer failed on " + tick);
		}

	}

	/** Blocks every event until {@link #open()} (at most 10 s, so a broken test cannot hang). */
	static class GateObserver {

		final RecordingObserver recorder = new RecordingObserver();

		final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch gate = new CountDownLatch(1);

		@EventObserver
		void on(Tick tick) throws InterruptedException {
			this.entered.countDown();
			this.gate.await(10, TimeUnit.SECONDS);
			this.recorder.record(tick);
		}

		void open() {
			this.gate.countDown();
		}

		void awaitEntered() throws InterruptedException {
			assertThat(this.entered.await(5, TimeUnit.SECONDS)).as("observer entered").isTrue();
		}

	}

	/** An {@link ObserverErrorHandler} bean that keeps every failure. */
	static class RecordingErrorHandler implements ObserverErrorHandler {

		private final List<ObserverFailure> failures = new ArrayList<>();

		@Override
		public synchronized void handle(ObserverFailure failure) {
			this.failures.add(failure);
		}

		synchronized List<ObserverFailure> failures() {
			return List.copyOf(this.failures);
		}

		void awaitCount(int expected) {
			await().atMost(Duration.ofSeconds(10)).until(() -> failures().size() >= expected);
		}

	}

}
