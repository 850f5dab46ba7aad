package io.github.eventbus.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A publish made from inside an observer never deadlocks, in any mode. */
class NestedPublishIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.shutdown.timeout=1s")
		.withBean("ping", PingObserver.class)
		.withBean("pong", PongObserver.class)
		.withBean("countdown", CountdownObserver.class);

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void observersPublishingToEachOtherFinish(DispatchMode mode) {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=" + mode).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			// when: ping(n) publishes pong(n), which publishes ping(n - 1), down to 0
			assertTimeoutPreemptively(BOUND, () -> {
				testSubject.publish(new Ping(20));
				assertThat(testSubject.awaitIdle(BOUND)).isTrue();
			});
			// then
			assertThat(context.getBean(PingObserver.class).handled).hasValue(21);
			assertThat(context.getBean(PongObserver.class).handled).hasValue(21);
		});
	}

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void anObserverPublishingToItselfFinishes(DispatchMode mode) {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=" + mode).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			// when
			assertTimeoutPreemptively(BOUND, () -> {
				testSubject.publish(new Countdown(100));
				assertThat(testSubject.awaitIdle(BOUND)).isTrue();
			});
			// then
			CountdownObserver observer = context.getBean(CountdownObserver.class);
			assertThat(observer.handled).hasValue(101);
			assertThat(observer.maxRunning).as("never re-entered, never run twice at once").hasValue(1);
		});
	}

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void nestedPublishesFromManyPublishersAtOnceFinish(DispatchMode mode) {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=" + mode).run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			// when: several publishers start chains at the same time
			assertTimeoutPreemptively(BOUND, () -> {
				Thread[] publishers = new Thread[4];
				for (int i = 0; i < publishers.length; i++) {
					publishers[i] = new Thread(() -> testSubject.publish(new Countdown(25)));
					publishers[i].start();
				}
				for (Thread publisher : publishers) {
					publisher.join();
				}
				assertThat(testSubject.awaitIdle(BOUND)).isTrue();
			});
			// then
			assertThat(context.getBean(CountdownObserver.class).handled).hasValue(4 * 26);
		});
	}

	@ParameterizedTest
	@EnumSource(DispatchMode.class)
	void twoObserversThatEachWaitForTheOtherFinish(DispatchMode mode) {
		this.contextRunner.withPropertyValues("eventbus.dispatch.mode=" + mode)
			.withBean("left", SplitObserver.class)
			.withBean("right", SplitObserver.class)
			.run((context) -> {
				// given
				EventBus testSubject = context.getBean(EventBus.class);
				// when: both handle split(n) at the same time and each publishes split(n - 1) to both
				assertTimeoutPreemptively(BOUND, () -> {
					for (int i = 0; i < 20; i++) {
						testSubject.publish(new Split(1));
					}
					assertThat(testSubject.awaitIdle(BOUND)).isTrue();
				});
				// then: each observer saw 20 roots and 2 children per root
				assertThat(context.getBeansOfType(SplitObserver.class).values())
					.allSatisfy((observer) -> assertThat(observer.handled).hasValue(20 * 3));
			});
	}

	record Split(int n) {
	}

	static class SplitObserver {

		final AtomicInteger handled = new AtomicInteger();

		private final EventBus bus;

		SplitObserver(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver
		void on(Split split) throws InterruptedException {
			this.handled.incrementAndGet();
			if (split.n() > 0) {
				// Gives the other observer time to start on the same event.
				Thread.sleep(5);
				this.bus.publish(new Split(split.n() - 1));
			}
		}

	}

	record Ping(int n) {
	}

	record Pong(int n) {
	}

	record Countdown(int n) {
	}

	static class PingObserver {

		final AtomicInteger handled = new AtomicInteger();

		private final EventBus bus;

		PingObserver(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver
		void on(Ping ping) {
			this.handled.incrementAndGet();
			this.bus.publish(new Pong(ping.n()));
		}

	}

	static class PongObserver {

		final AtomicInteger handled = new AtomicInteger();

		private final EventBus bus;

		PongObserver(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver
		void on(Pong pong) {
			this.handled.incrementAndGet();
			if (pong.n() > 0) {
				this.bus.publish(new Ping(pong.n() - 1));
			}
		}

	}

	static class CountdownObserver {

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger maxRunning = new AtomicInteger();

		private final AtomicInteger running = new AtomicInteger();

		private final EventBus bus;

		CountdownObserver(EventBus bus) {
			this.bus = bus;
		}

		@EventObserver
		void on(Countdown countdown) {
			this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.handled.incrementAndGet();
				if (countdown.n() > 0) {
					this.bus.publish(new Countdown(countdown.n() - 1));
				}
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
