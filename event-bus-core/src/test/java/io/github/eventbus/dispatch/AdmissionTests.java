package io.github.eventbus.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.EventObserver;
import io.github.eventbus.MailboxFullException;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Room in the mailboxes is decided before the event is stored (issue 12, defect 4): a publish refused by
 * a full mailbox stores nothing and reaches no observer, so retrying it stores no duplicate.
 */
class AdmissionTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	private final EventStore store = EventStore.inMemory(1000);

	@AfterEach
	void shutdownPool() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	/** Blocks in its first call until released, so that its mailbox fills up behind it. */
	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> seen = Collections.synchronizedList(new ArrayList<>());

		@EventObserver
		void on(String event) throws InterruptedException {
			this.entered.countDown();
			this.release.await();
			this.seen.add(event);
		}

	}

	static class Tally {

		final List<String> seen = Collections.synchronizedList(new ArrayList<>());

		@EventObserver
		void on(String event) {
			this.seen.add(event);
		}

	}

	private DefaultEventBus bus(Overflow overflow, Duration timeout, Object... observers) {
		DefaultEventBus bus = new DefaultEventBus(this.store, this.pool, DispatchSettings.defaults()
			.withDefaultMode(DispatchMode.FIRE_AND_FORGET)
			.withMailboxCapacity(1)
			.withOverflow(overflow, timeout), (failure) -> {
			});
		for (int i = 0; i < observers.length; i++) {
			ObserverMethods.discover("observer" + i, observers[i]).forEach(bus::register);
		}
		return bus;
	}

	/**
	 * Waits until the observer's mailbox holds nothing. Seeing the event in the observer is not enough: its
	 * drain gives the room back after that, and a publish in between found the mailbox (capacity 1) full.
	 */
	private static void awaitRoomFor(String observerId, DefaultEventBus bus) {
		await().until(() -> bus.observers()
			.stream()
			.filter((observer) -> observer.id().equals(observerId))
			.allMatch((observer) -> observer.queued() == 0));
	}

	@Test
	void aPublishRefusedWithFailStoresNothingAndReachesNoObserver() throws InterruptedException {
		// given: fails before this change: the event was stored and the tally got it, then the publish threw
		Tally tally = new Tally();
		Gate gate = new Gate();
		DefaultEventBus testSubject = bus(Overflow.FAIL, Duration.ZERO, tally, gate);
		testSubject.publish("first");
		gate.entered.await();
		awaitRoomFor("observer0.on", testSubject);
		testSubject.publish("queued");
		await().until(() -> tally.seen.contains("queued"));
		awaitRoomFor("observer0.on", testSubject);
		long head = this.store.headPosition();

		// when
		assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> testSubject.publish("refused"));

		// then
		assertThat(this.store.headPosition()).isEqualTo(head);
		gate.release.countDown();
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(tally.seen).containsExactly("first", "queued");
		assertThat(gate.seen).containsExactly("first", "queued");
	}

	@Test
	void aPublishThatGaveUpWaitingStoresNothingAndReachesNoObserver() throws InterruptedException {
		// given: fails before this change, as above, after the timeout
		Tally tally = new Tally();
		Gate gate = new Gate();
		DefaultEventBus testSubject = bus(Overflow.BLOCK, Duration.ofMillis(50), tally, gate);
		testSubject.publish("first");
		gate.entered.await();
		awaitRoomFor("observer0.on", testSubject);
		testSubject.publish("queued");
		await().until(() -> tally.seen.contains("queued"));
		awaitRoomFor("observer0.on", testSubject);
		long head = this.store.headPosition();

		// when
		assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> testSubject.publish("refused"));

		// then
		assertThat(this.store.headPosition()).isEqualTo(head);
		gate.release.countDown();
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(tally.seen).containsExactly("first", "queued");
	}

	@Test
	void aBatchLargerThanTheMailboxGetsIntoAnEmptyOne() {
		// given
		Tally tally = new Tally();
		DefaultEventBus testSubject = bus(Overflow.FAIL, Duration.ZERO, tally);

		// when
		testSubject.publishAll("stream", 0, List.of("a", "b", "c"));

		// then
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(tally.seen).containsExactly("a", "b", "c");
	}

	@Test
	void roomTakenByAPublishWhoseAppendFailsIsGivenBack() {
		// given
		Tally tally = new Tally();
		DefaultEventBus testSubject = bus(Overflow.FAIL, Duration.ZERO, tally);
		testSubject.publishAll("stream", 0, List.of("a"));

		// when
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> testSubject.publishAll("stream", 0, List.of("conflict")));

		// then
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		testSubject.publish("b");
		assertThat(testSubject.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(tally.seen).containsExactly("a", "b");
		assertThat(testSubject.observers().get(0).queued()).isZero();
	}

}
