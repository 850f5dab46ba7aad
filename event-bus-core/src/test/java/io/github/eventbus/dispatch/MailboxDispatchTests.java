package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventObserver;
import io.github.eventbus.MailboxFullException;
import io.github.eventbus.PublishResult;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The mailbox dispatcher as the performance work left it: per-lane order under concurrent publishers,
 * the overflow policies, idle detection with lingering drain threads, and a concurrent-await publisher
 * running observers on its own thread.
 */
class MailboxDispatchTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	private DefaultEventBus bus(DispatchSettings settings, Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(EventStore.none(), this.pool, settings, (failure) -> {
		});
		for (int i = 0; i < observers.length; i++) {
			ObserverMethods.discover("observer" + i, observers[i]).forEach(bus::register);
		}
		return bus;
	}

	private DefaultEventBus bus(DispatchMode mode, Object... observers) {
		return bus(DispatchSettings.defaults().withDefaultMode(mode), observers);
	}

	record Numbered(int producer, int sequence) {
	}

	/** Checks that it sees each producer's events in the order they were published. */
	static class OrderRecorder {

		final int[] last;

		final List<String> violations = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger seen = new AtomicInteger();

		OrderRecorder(int producers) {
			this.last = new int[producers];
			java.util.Arrays.fill(this.last, -1);
		}

		@EventObserver
		void on(Numbered event) {
			// One lane: never called concurrently, so plain array access is safe.
			if (event.sequence() != this.last[event.producer()] + 1) {
				this.violations.add(event + " after " + this.last[event.producer()]);
			}
			this.last[event.producer()] = event.sequence();
			this.seen.incrementAndGet();
		}

	}

	private static void publishConcurrently(DefaultEventBus bus, int producers, int perProducer)
			throws InterruptedException {
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			threads.add(new Thread(() -> {
				for (int i = 0; i < perProducer; i++) {
					bus.publish(new Numbered(producer, i));
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
	}

	@Nested
	class Ordering {

		@Test
		void fireAndForgetKeepsEachProducersOrderUnderContention() throws InterruptedException {
			// given
			OrderRecorder first = new OrderRecorder(4);
			OrderRecorder second = new OrderRecorder(4);
			DefaultEventBus testSubject = bus(DispatchSettings.defaults()
				.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
				.withMailboxCapacity(64), first, second);

			// when
			publishConcurrently(testSubject, 4, 20_000);

			// then
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(20))).isTrue();
			assertThat(first.seen).hasValue(80_000);
			assertThat(second.seen).hasValue(80_000);
			assertThat(first.violations).isEmpty();
			assertThat(second.violations).isEmpty();
		}

		@Test
		void concurrentAwaitKeepsEachProducersOrderWhenPublishersDrainOnTheirOwnThread()
				throws InterruptedException {
			// given
			OrderRecorder first = new OrderRecorder(4);
			OrderRecorder second = new OrderRecorder(4);
			DefaultEventBus testSubject = bus(DispatchMode.CONCURRENT_AWAIT, first, second);

			// when
			publishConcurrently(testSubject, 4, 5_000);

			// then
			assertThat(first.seen).hasValue(20_000);
			assertThat(second.seen).hasValue(20_000);
			assertThat(first.violations).isEmpty();
			assertThat(second.violations).isEmpty();
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
		}

	}

	/** Blocks in its first call until released, so the mailbox behind it fills up. */
	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

		@EventObserver
		void on(Integer event) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
			this.seen.add(event);
		}

	}

	@Nested
	class Overflow {

		private DefaultEventBus gated(Gate gate, io.github.eventbus.dispatch.Overflow overflow, Duration timeout) {
			return bus(DispatchSettings.defaults()
				.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
				.withMailboxCapacity(2)
				.withOverflow(overflow, timeout), gate);
		}

		@Test
		void failThrowsAtOnceWhenFull() throws InterruptedException {
			// given
			Gate gate = new Gate();
			DefaultEventBus testSubject = gated(gate, io.github.eventbus.dispatch.Overflow.FAIL, Duration.ZERO);
			testSubject.publish(0);
			gate.entered.await();
			testSubject.publish(1);
			testSubject.publish(2);

			// when / then
			assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> testSubject.publish(3));
			gate.release.countDown();
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
			assertThat(gate.seen).containsExactly(0, 1, 2);
		}

		@Test
		void blockWaitsForRoomThenGivesUp() throws InterruptedException {
			// given
			Gate gate = new Gate();
			DefaultEventBus testSubject = gated(gate, io.github.eventbus.dispatch.Overflow.BLOCK,
					Duration.ofMillis(100));
			testSubject.publish(0);
			gate.entered.await();
			testSubject.publish(1);
			testSubject.publish(2);

			// when
			long start = System.nanoTime();
			assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> testSubject.publish(3));

			// then
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
			gate.release.countDown();
			testSubject.publish(4);
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
			assertThat(gate.seen).containsExactly(0, 1, 2, 4);
		}

		@Test
		void blockResumesWhenTheObserverCatchesUp() throws InterruptedException {
			// given
			Gate gate = new Gate();
			DefaultEventBus testSubject = gated(gate, io.github.eventbus.dispatch.Overflow.BLOCK,
					Duration.ofSeconds(10));
			testSubject.publish(0);
			gate.entered.await();
			testSubject.publish(1);
			testSubject.publish(2);
			Thread releaser = new Thread(() -> {
				await().until(() -> testSubject.observers().get(0).queued() == 2);
				gate.release.countDown();
			});
			releaser.start();

			// when
			testSubject.publish(3);

			// then
			releaser.join();
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
			assertThat(gate.seen).containsExactly(0, 1, 2, 3);
		}

		@Test
		void dropOldestKeepsTheNewestAndCountsTheRest() throws InterruptedException {
			// given
			Gate gate = new Gate();
			DefaultEventBus testSubject = gated(gate, io.github.eventbus.dispatch.Overflow.DROP_OLDEST,
					Duration.ZERO);
			testSubject.publish(0);
			gate.entered.await();

			// when
			for (int i = 1; i <= 5; i++) {
				testSubject.publish(i);
			}
			gate.release.countDown();

			// then
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
			assertThat(gate.seen).containsExactly(0, 4, 5);
			assertThat(testSubject.observers().get(0).dropped()).isEqualTo(3);
		}

	}

	static class Counter {

		final AtomicInteger count = new AtomicInteger();

		@EventObserver
		void on(String event) {
			this.count.incrementAndGet();
		}

	}

	static class Failing {

		@EventObserver
		void on(String event) {
			throw new IllegalStateException("boom");
		}

	}

	@Nested
	class ConcurrentAwait {

		@Test
		void returnsOnlyWhenEveryObserverIsDone() {
			// given
			Counter[] counters = { new Counter(), new Counter(), new Counter(), new Counter() };
			DefaultEventBus testSubject = bus(DispatchMode.CONCURRENT_AWAIT, (Object[]) counters);

			for (int i = 1; i <= 2_000; i++) {
				// when
				testSubject.publish("event");

				// then
				for (Counter counter : counters) {
					assertThat(counter.count).hasValue(i);
				}
			}
		}

		@Test
		void reportsFailuresOfObserversRunOnEitherThread() {
			// given
			DefaultEventBus testSubject = bus(DispatchMode.CONCURRENT_AWAIT, new Failing(), new Counter(),
					new Failing());

			// when
			PublishResult result = testSubject.publish("event");

			// then
			assertThat(result.failures()).hasSize(2)
				.allSatisfy((failure) -> assertThat(failure.exception()).hasMessage("boom"));
		}

	}

	@Nested
	class Idle {

		@Test
		void awaitIdleReturnsOnlyAfterEveryQueuedEventIsHandled() {
			// given
			Counter first = new Counter();
			Counter second = new Counter();
			DefaultEventBus testSubject = bus(DispatchMode.FIRE_AND_FORGET, first, second);

			for (int burst = 1; burst <= 50; burst++) {
				// when
				for (int i = 0; i < 100; i++) {
					testSubject.publish("event");
				}

				// then
				assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
				assertThat(first.count).hasValue(burst * 100);
				assertThat(second.count).hasValue(burst * 100);
			}
		}

		@Test
		void anIdleBusWithLingeringThreadsIsIdle() {
			// given
			Counter counter = new Counter();
			DefaultEventBus testSubject = bus(DispatchMode.FIRE_AND_FORGET, counter);

			// when
			testSubject.publish("event");

			// then
			await().atMost(Duration.ofSeconds(10)).until(() -> counter.count.get() == 1);
			// A bound, not a speed test: a lingering thread that kept the bus busy would exhaust any bound.
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		}

	}

}
