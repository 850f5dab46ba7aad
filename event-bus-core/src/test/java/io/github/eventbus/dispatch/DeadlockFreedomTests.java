package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishes from inside observers that could wait for each other finish (issue 12, defect 9): through
 * full mailboxes with overflow {@code block}, through a sequential observer's lock, and when the
 * executor rejects a drain. Each case waited forever, or for the whole publish timeout, before.
 */
class DeadlockFreedomTests {

	/** Long enough that a test that waits for it fails first. */
	private static final Duration NEVER = Duration.ofMinutes(10);

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	private DefaultEventBus bus(java.util.concurrent.Executor executor, DispatchSettings settings, Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(EventStore.none(), executor, settings, (failure) -> {
		});
		for (int i = 0; i < observers.length; i++) {
			ObserverMethods.discover("observer" + i, observers[i]).forEach(bus::register);
		}
		return bus;
	}

	record Ping(int n) {
	}

	record Pong(int n) {
	}

	record LeftWork(boolean root) {
	}

	record RightWork(boolean root) {
	}

	/** For each root of its own work, publishes work for the other side. */
	static class Left {

		volatile EventBus bus;

		final AtomicInteger handled = new AtomicInteger();

		@EventObserver
		void on(LeftWork work) {
			this.handled.incrementAndGet();
			if (work.root()) {
				this.bus.publish(new RightWork(false));
			}
		}

	}

	static class Right {

		volatile EventBus bus;

		final AtomicInteger handled = new AtomicInteger();

		@EventObserver
		void on(RightWork work) {
			this.handled.incrementAndGet();
			if (work.root()) {
				this.bus.publish(new LeftWork(false));
			}
		}

	}

	@Test
	void observersPublishingIntoEachOthersFullMailboxesFinish() throws InterruptedException {
		// given: fails before this change: each blocked on the other's full mailbox for the publish timeout
		Left left = new Left();
		Right right = new Right();
		DefaultEventBus testSubject = bus(this.pool, DispatchSettings.defaults()
			.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
			.withMailboxCapacity(1)
			.withOverflow(Overflow.BLOCK, NEVER), left, right);
		left.bus = testSubject;
		right.bus = testSubject;

		// when: two publishers keep both mailboxes full of roots
		Thread leftRoots = new Thread(() -> {
			for (int i = 0; i < 200; i++) {
				testSubject.publish(new LeftWork(true));
			}
		});
		Thread rightRoots = new Thread(() -> {
			for (int i = 0; i < 200; i++) {
				testSubject.publish(new RightWork(true));
			}
		});
		leftRoots.start();
		rightRoots.start();

		// then
		await().atMost(Duration.ofSeconds(60)).until(() -> left.handled.get() == 400 && right.handled.get() == 400);
		leftRoots.join();
		rightRoots.join();
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	record Tick(int n) {
	}

	record Tock(int n) {
	}

	/** Sequential: each tick(n) publishes two tocks(n), awaited. */
	static class Ticker {

		volatile EventBus bus;

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxRunning = new AtomicInteger();

		@EventObserver(mode = DispatchMode.SEQUENTIAL)
		void on(Tick tick) {
			this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.handled.incrementAndGet();
				this.bus.publish(new Tock(tick.n()));
				this.bus.publish(new Tock(tick.n()));
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

	/** Awaited: the first tock(n > 0) of each pair publishes tick(n - 1). */
	static class Tocker {

		volatile EventBus bus;

		final AtomicInteger handled = new AtomicInteger();

		@EventObserver(mode = DispatchMode.CONCURRENT_AWAIT)
		void on(Tock tock) {
			if (this.handled.incrementAndGet() % 2 == 1 && tock.n() > 0) {
				this.bus.publish(new Tick(tock.n() - 1));
			}
		}

	}

	@Test
	void aSequentialObserverAndAnAwaitedOneCallingEachOtherFinish() {
		// given: fails before this change: the awaited observer's drain waited for the sequential observer's
		// lock, held by a call that awaited the next event in that very drain
		Ticker ticker = new Ticker();
		Tocker tocker = new Tocker();
		DefaultEventBus testSubject = bus(this.pool, DispatchSettings.defaults(), ticker, tocker);
		ticker.bus = testSubject;
		tocker.bus = testSubject;

		// when
		Thread publisher = new Thread(() -> testSubject.publish(new Tick(5)));
		publisher.start();

		// then
		await().atMost(Duration.ofSeconds(60)).until(() -> ticker.handled.get() == 6);
		await().atMost(Duration.ofSeconds(60)).until(() -> !publisher.isAlive());
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(tocker.handled).hasValue(12);
		assertThat(ticker.maxRunning).as("never re-entered, never run twice at once").hasValue(1);
	}

	static class Blocker {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@EventObserver(mode = DispatchMode.FIRE_AND_FORGET)
		void on(Ping ping) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
		}

	}

	static class ThreadRecorder {

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		@EventObserver(mode = DispatchMode.FIRE_AND_FORGET)
		void on(Pong pong) {
			this.threads.add(Thread.currentThread());
		}

	}

	@Test
	void aDrainTheExecutorRejectsNeverRunsOnThePublishersThread() throws InterruptedException {
		// given: fails before this change: the rejected drain ran on the publisher's thread
		ThreadPoolExecutor oneThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		Blocker blocker = new Blocker();
		ThreadRecorder recorder = new ThreadRecorder();
		DefaultEventBus testSubject = bus(oneThread, DispatchSettings.defaults(), blocker, recorder);
		try {
			testSubject.publish(new Ping(0));
			blocker.entered.await();

			// when
			testSubject.publish(new Pong(0));

			// then
			await().until(() -> recorder.threads.size() == 1);
			assertThat(recorder.threads.get(0)).isNotSameAs(Thread.currentThread());
		}
		finally {
			blocker.release.countDown();
			oneThread.shutdown();
		}
	}

}
