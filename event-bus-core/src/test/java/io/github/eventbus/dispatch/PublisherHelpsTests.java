package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.PublishResult;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A concurrent-await publisher that runs cheap observers on its own thread instead of waiting for the pool
 * (outside transactions only), and helps with drains no pool thread has started yet.
 */
class PublisherHelpsTests {

	/** Publishes until the observers are measured cheap and run on the publisher's thread, at most this many. */
	private static final int MAX_WARM_UP = 20_000;

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	private DefaultEventBus bus(Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(EventStore.inMemory(10_000), this.pool,
				DispatchSettings.defaults().withDefaultMode(DispatchMode.CONCURRENT_AWAIT), (failure) -> {
				});
		for (int i = 0; i < observers.length; i++) {
			ObserverMethods.discover("observer" + i, observers[i]).forEach(bus::register);
		}
		return bus;
	}

	record Ping(int number) {
	}

	/** Records the threads it ran on, whether it saw a transaction, and whether it was ever re-entered. */
	static class ThreadRecorder {

		final Set<Thread> threads = ConcurrentHashMap.newKeySet();

		final List<String> violations = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger seen = new AtomicInteger();

		@EventObserver
		void on(Ping ping) {
			if (this.running.incrementAndGet() != 1) {
				this.violations.add("re-entered on " + ping);
			}
			if (TransactionSynchronizationManager.isActualTransactionActive()
					|| TransactionSynchronizationManager.isSynchronizationActive()) {
				this.violations.add("ran inside a transaction on " + ping);
			}
			this.threads.add(Thread.currentThread());
			this.seen.incrementAndGet();
			this.running.decrementAndGet();
		}

	}

	/** Publishes until every recorder has run on this thread; returns how many pings that took. */
	private static int warmUp(EventBus bus, ThreadRecorder... recorders) {
		int published = 0;
		while (published < MAX_WARM_UP && !ranHere(recorders)) {
			bus.publish(new Ping(-1));
			published++;
		}
		assertThat(ranHere(recorders)).as("observers run on the publisher's thread").isTrue();
		return published;
	}

	private static boolean ranHere(ThreadRecorder... recorders) {
		for (ThreadRecorder recorder : recorders) {
			if (!recorder.threads.contains(Thread.currentThread())) {
				return false;
			}
		}
		return true;
	}

	@Test
	void aPublisherRunsCheapObserversItselfOutsideTransactions() {
		// given
		ThreadRecorder first = new ThreadRecorder();
		ThreadRecorder second = new ThreadRecorder();
		DefaultEventBus testSubject = bus(first, second);

		// when
		int published = warmUp(testSubject, first, second);

		// then: each publish returned with both observers done
		assertThat(first.seen).hasValue(published);
		assertThat(second.seen).hasValue(published);
		assertThat(first.violations).isEmpty();
		assertThat(second.violations).isEmpty();
	}

	@Test
	void aPublisherThatHelpsNeverRunsAnObserverInsideItsTransaction() {
		// given: observers measured cheap, which a publisher outside a transaction runs itself
		ThreadRecorder observer = new ThreadRecorder();
		DefaultEventBus testSubject = bus(observer);
		int published = warmUp(testSubject, observer);
		observer.threads.clear();

		// when: a transaction of another resource is open (the memory store does not join it)
		TransactionSynchronizationManager.initSynchronization();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		PublishResult result;
		try {
			for (int i = 0; i < 50; i++) {
				result = testSubject.publish(new Ping(i));
				assertThat(result.isDispatched()).isTrue();
			}
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(false);
			TransactionSynchronizationManager.clearSynchronization();
		}

		// then
		assertThat(observer.threads).isNotEmpty().doesNotContain(Thread.currentThread());
		assertThat(observer.violations).isEmpty();
		assertThat(observer.seen).hasValue(published + 50);
	}

	@Test
	void helpingPublishersNeverReEnterAnObserver() throws InterruptedException {
		// given
		ThreadRecorder first = new ThreadRecorder();
		ThreadRecorder second = new ThreadRecorder();
		Republisher republisher = new Republisher();
		DefaultEventBus testSubject = bus(first, second, republisher);
		republisher.bus = testSubject;

		// when: 4 publishers at once, and an observer publishing from inside to the same observers
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			threads.add(new Thread(() -> {
				for (int i = 0; i < 2_000; i++) {
					testSubject.publish(new Ping(i));
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}

		// then
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(20))).isTrue();
		assertThat(first.violations).isEmpty();
		assertThat(second.violations).isEmpty();
		assertThat(republisher.violations).isEmpty();
		int expected = 8_000 + republisher.republished.get();
		assertThat(first.seen).hasValue(expected);
		assertThat(second.seen).hasValue(expected);
	}

	/** Publishes a follow-up from inside, awaited, for every hundredth ping: a nested publish. */
	static class Republisher {

		volatile EventBus bus;

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger republished = new AtomicInteger();

		final List<String> violations = Collections.synchronizedList(new ArrayList<>());

		@EventObserver
		void on(Ping ping) {
			if (this.running.incrementAndGet() != 1) {
				this.violations.add("re-entered on " + ping);
			}
			try {
				if (ping.number() >= 0 && ping.number() % 100 == 0) {
					this.republished.incrementAndGet();
					this.bus.publish(new Ping(-2));
				}
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

	@Test
	void aSlowObserverDoesNotDelayAFastOne() throws InterruptedException {
		// given: both measured, the fast one cheap; the slow one blocks until released
		ThreadRecorder fast = new ThreadRecorder();
		Blocking slow = new Blocking();
		DefaultEventBus testSubject = bus(slow, fast);
		warmUp(testSubject, fast);
		int before = fast.seen.get();
		slow.block = new CountDownLatch(1);

		// when
		Thread publisher = new Thread(() -> testSubject.publish(new Ping(1)));
		publisher.start();

		// then: the fast observer gets the event while the slow one is still busy with it
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fast.seen).hasValue(before + 1));
			assertThat(publisher.isAlive()).isTrue();
		}
		finally {
			slow.block.countDown();
		}
		publisher.join();
	}

	/** Blocks on a latch, when one is set: slow from its first call, as an observer doing I/O is. */
	static class Blocking {

		volatile CountDownLatch block = new CountDownLatch(0);

		@EventObserver
		void on(Ping ping) throws InterruptedException {
			if (ping.number() >= 0) {
				this.block.await();
			}
			else {
				LockSupport.parkNanos(1_000_000);
			}
		}

	}

}
