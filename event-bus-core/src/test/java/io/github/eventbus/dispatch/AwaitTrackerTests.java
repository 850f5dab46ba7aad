package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.github.eventbus.ObserverFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AwaitTrackerTests {

	@Test
	void awaitReturnsOnceEveryObserverIsDoneOnOtherThreads() {
		for (int round = 0; round < 200; round++) {
			// given
			AwaitTracker testSubject = new AwaitTracker(3);
			for (int i = 0; i < 3; i++) {
				// Some finish within the spin, some after the publisher parked.
				long delayNanos = (round % 2 == 0) ? 0 : 200_000L * i;
				new Thread(() -> {
					java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
					testSubject.done(null);
				}).start();
			}

			// when / then
			assertTimeoutPreemptively(Duration.ofSeconds(5), testSubject::await);
		}
	}

	@Test
	void collectsFailures() {
		// given
		AwaitTracker testSubject = new AwaitTracker(2);
		ObserverFailure failure = new ObserverFailure("observer", null, new IllegalStateException(), 1);

		// when
		testSubject.done(failure);
		testSubject.done(null);
		testSubject.await();

		// then
		assertThat(testSubject.failures()).containsExactly(failure);
	}

	@Test
	void keepsAnInterruptForTheCallerWithoutGivingUp() throws InterruptedException {
		// given
		AwaitTracker testSubject = new AwaitTracker(1);
		CountDownLatch waiting = new CountDownLatch(1);
		boolean[] interruptedAfter = new boolean[1];
		Thread publisher = new Thread(() -> {
			waiting.countDown();
			testSubject.await();
			interruptedAfter[0] = Thread.currentThread().isInterrupted();
		});
		publisher.start();
		waiting.await();

		// when
		publisher.interrupt();
		await().during(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(publisher::isAlive);
		testSubject.done(null);
		publisher.join(5_000);

		// then
		assertThat(publisher.isAlive()).isFalse();
		assertThat(interruptedAfter[0]).isTrue();
	}

}
