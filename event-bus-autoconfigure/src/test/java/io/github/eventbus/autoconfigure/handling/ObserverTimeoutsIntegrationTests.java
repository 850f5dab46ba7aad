package io.github.eventbus.autoconfigure.handling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.ObserverTimeoutException;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.autoconfigure.handling.HandlingContexts.Failures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler that hangs is timed out, reported with the time it ran, and its observer moves on: an in-memory
 * observer to its next event, a durable one after retrying and dead-lettering the event, to the events behind
 * it once the dead letter is replayed or discarded.
 */
class ObserverTimeoutsIntegrationTests {

	private final ApplicationContextRunner contextRunner = HandlingContexts.runner();

	@Test
	void hungInMemoryObserverIsTimedOutInterruptedAndReachesItsNextEvent() {
		this.contextRunner.withBean("hanging", InMemoryHanging.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			InMemoryHanging observer = context.getBean(InMemoryHanging.class);
			Failures failures = context.getBean(Failures.class);
			// when
			testSubject.publish("s", new Job(1, true));
			testSubject.publish("s", new Job(2, false));
			// then
			await().untilAsserted(() -> assertThat(observer.done).containsExactly(2));
			assertThat(failures.seen).singleElement().satisfies((failure) -> {
				assertThat(failure.observerId()).isEqualTo("hanging");
				assertThat(failure.exception()).isInstanceOf(ObserverTimeoutException.class)
					.hasMessageContaining("timed out");
				assertThat(((ObserverTimeoutException) failure.exception()).elapsed())
					.isGreaterThanOrEqualTo(Duration.ofMillis(200));
			});
			await().untilTrue(observer.interrupted);
		});
	}

	@Test
	void hungDurableObserverIsRetriedDeadLetteredAndItsStreamFlowsAfterAReplay() {
		this.contextRunner.withBean("hanging", DurableHanging.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			DurableHanging observer = context.getBean(DurableHanging.class);
			Failures failures = context.getBean(Failures.class);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			// when
			testSubject.publish("s", new Job(1, true));
			testSubject.publish("s", new Job(2, false));
			testSubject.publish("other", new Job(3, false));
			// then: two timed-out attempts, a dead letter, the stream behind it parked, another stream flowing
			await().untilAsserted(() -> assertThat(deadLetters.list("durable-hanging", 0, 10))
				.extracting(DeadLetter::status)
				.containsExactlyInAnyOrder(DeadLetter.Status.FAILED, DeadLetter.Status.PARKED));
			await().untilAsserted(() -> assertThat(observer.done).containsExactly(3));
			assertThat(failures.seen).hasSize(2)
				.allSatisfy((failure) -> assertThat(failure.exception()).isInstanceOf(ObserverTimeoutException.class))
				.extracting(ObserverFailure::attempt)
				.containsExactly(1, 2);
			DeadLetter failed = deadLetters.list("durable-hanging", 0, 10)
				.stream()
				.filter((entry) -> entry.status() == DeadLetter.Status.FAILED)
				.findFirst()
				.orElseThrow();
			assertThat(failed.exceptionClass()).isEqualTo(ObserverTimeoutException.class.getName());
			// and when the handler is fixed and the stream replayed
			observer.hang.set(false);
			deadLetters.replayStream("durable-hanging", "s");
			// then
			await().untilAsserted(() -> assertThat(observer.done).containsExactly(3, 1, 2));
			assertThat(deadLetters.list("durable-hanging", 0, 10)).isEmpty();
		});
	}

	@Test
	void discardingTheTimedOutEventLetsTheStreamFlow() {
		this.contextRunner.withBean("hanging", DurableHanging.class).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			DurableHanging observer = context.getBean(DurableHanging.class);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			testSubject.publish("s", new Job(1, true));
			await().untilAsserted(() -> assertThat(deadLetters.list("durable-hanging", 0, 10)).hasSize(1));
			// when
			deadLetters.discard(deadLetters.list("durable-hanging", 0, 10).get(0).id());
			testSubject.publish("s", new Job(2, false));
			// then
			await().untilAsserted(() -> assertThat(observer.done).containsExactly(2));
		});
	}

	@Test
	void propertyGivesEveryObserverATimeoutThatZeroTurnsOff() {
		this.contextRunner.withPropertyValues("eventbus.observers.timeout=200ms", "eventbus.dispatch.mode=fire-and-forget")
			.withBean("plain", PlainHanging.class)
			.withBean("unlimited", Unlimited.class)
			.run((context) -> {
				// when
				context.getBean(EventBus.class).publish("s", new Job(1, true));
				// then: the observer without a timeout of its own is timed out; the one with "0" still runs
				Failures failures = context.getBean(Failures.class);
				Unlimited unlimited = context.getBean(Unlimited.class);
				try {
					await().untilAsserted(() -> assertThat(failures.seen).as(failures.seen::toString)
						.extracting(ObserverFailure::observerId)
						.containsExactly("plain"));
					assertThat(unlimited.running).hasValue(1);
				}
				finally {
					unlimited.release.countDown();
				}
			});
	}

	@Test
	void timeoutThatIsNoDurationFailsStartupNamingTheObserver() {
		this.contextRunner.withBean("invalid", InvalidTimeout.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("InvalidTimeout")
				.hasStackTraceContaining("\"soon\""));
	}

	record Job(int n, boolean hang) {
	}

	private static void sleepForever() throws InterruptedException {
		Thread.sleep(Long.MAX_VALUE);
	}

	static class InMemoryHanging {

		final List<Integer> done = new CopyOnWriteArrayList<>();

		final AtomicBoolean interrupted = new AtomicBoolean();

		@EventObserver(id = "hanging", durable = false, timeout = "200ms")
		void on(Job job) {
			if (job.hang()) {
				try {
					sleepForever();
				}
				catch (InterruptedException ex) {
					this.interrupted.set(true);
					return;
				}
			}
			this.done.add(job.n());
		}

	}

	static class DurableHanging {

		final List<Integer> done = new CopyOnWriteArrayList<>();

		final AtomicBoolean hang = new AtomicBoolean(true);

		@EventObserver(id = "durable-hanging", durable = true, timeout = "200ms")
		void on(Job job) throws InterruptedException {
			if (job.hang() && this.hang.get()) {
				sleepForever();
			}
			this.done.add(job.n());
		}

	}

	static class PlainHanging {

		@EventObserver(id = "plain", durable = false)
		void on(Job job) throws InterruptedException {
			sleepForever();
		}

	}

	static class Unlimited {

		final AtomicInteger running = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@EventObserver(id = "unlimited", durable = false, timeout = "0")
		void on(Job job) throws InterruptedException {
			this.running.incrementAndGet();
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

	static class InvalidTimeout {

		@EventObserver(timeout = "soon")
		void on(Job job) {
		}

	}

}
