package io.github.eventbus.autoconfigure;

import java.time.Duration;

import io.github.eventbus.EventBus;
import io.github.eventbus.MailboxFullException;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.autoconfigure.TestObservers.GateObserver;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.ObserverSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A full mailbox pushes back on the publisher according to {@code eventbus.dispatch.overflow}. Each test
 * holds the observer on its first event, so its mailbox (capacity 1) fills with the second.
 */
class BackpressureIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.dispatch.mode=fire-and-forget", "eventbus.dispatch.mailbox-capacity=1",
				"eventbus.shutdown.timeout=2s")
		.withBean("gate", GateObserver.class);

	@Test
	void blockWaitsForThePublishTimeoutThenThrows() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.overflow=block", "eventbus.dispatch.publish-timeout=300ms")
			.run((context) -> {
				// given
				EventBus testSubject = context.getBean(EventBus.class);
				GateObserver gate = context.getBean(GateObserver.class);
				fillMailbox(testSubject, gate);
				// when
				long start = System.nanoTime();
				assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> testSubject.publish(new Tick(3)))
					.satisfies((ex) -> assertThat(ex.observerId()).isEqualTo("gate.on"))
					.withMessageContaining("eventbus.dispatch.mailbox-capacity");
				// then
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
				gate.open();
				gate.recorder.awaitCount(2);
				assertThat(gate.recorder.payloads()).containsExactly(new Tick(1), new Tick(2));
			});
	}

	@Test
	void blockSucceedsOnceThereIsRoom() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.overflow=block", "eventbus.dispatch.publish-timeout=5s")
			.run((context) -> {
				// given
				EventBus testSubject = context.getBean(EventBus.class);
				GateObserver gate = context.getBean(GateObserver.class);
				fillMailbox(testSubject, gate);
				// when: the gate opens while the publisher waits
				Thread opener = new Thread(() -> {
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					gate.open();
				});
				opener.start();
				testSubject.publish(new Tick(3));
				opener.join();
				// then
				gate.recorder.awaitCount(3);
				assertThat(gate.recorder.payloads()).containsExactly(new Tick(1), new Tick(2), new Tick(3));
			});
	}

	@Test
	void failThrowsAtOnce() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.overflow=fail", "eventbus.dispatch.publish-timeout=1h")
			.run((context) -> {
				// given
				EventBus testSubject = context.getBean(EventBus.class);
				GateObserver gate = context.getBean(GateObserver.class);
				fillMailbox(testSubject, gate);
				// when / then: thrown without waiting for the hour of the publish timeout (the minute only keeps
				// a broken build from hanging; no loaded machine takes it)
				assertTimeoutPreemptively(Duration.ofMinutes(1),
						() -> assertThatExceptionOfType(MailboxFullException.class)
							.isThrownBy(() -> testSubject.publish(new Tick(3))));
				gate.open();
			});
	}

	@Test
	void dropOldestDropsAndCounts() {
		this.contextRunner.withPropertyValues("eventbus.dispatch.overflow=drop-oldest").run((context) -> {
			// given
			EventBus testSubject = context.getBean(EventBus.class);
			GateObserver gate = context.getBean(GateObserver.class);
			fillMailbox(testSubject, gate);
			// when: each of these pushes the queued one out
			testSubject.publish(new Tick(3));
			testSubject.publish(new Tick(4));
			// then
			ObserverSnapshot snapshot = context.getBean(DefaultEventBus.class)
				.observers()
				.stream()
				.filter((observer) -> observer.id().equals("gate.on"))
				.findFirst()
				.orElseThrow();
			assertThat(snapshot.dropped()).isEqualTo(2);
			assertThat(snapshot.queued()).isEqualTo(1);
			gate.open();
			assertThat(testSubject.awaitIdle(Duration.ofSeconds(5))).isTrue();
			assertThat(gate.recorder.payloads()).containsExactly(new Tick(1), new Tick(4));
		});
	}

	/** Tick 1 is being handled (and held), tick 2 fills the mailbox of capacity 1. */
	private static void fillMailbox(EventBus bus, GateObserver gate) throws InterruptedException {
		bus.publish(new Tick(1));
		gate.awaitEntered();
		bus.publish(new Tick(2));
	}

}
