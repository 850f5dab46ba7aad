package io.github.eventbus.test.app;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.eventbus.test.EventBusTest;
import io.github.eventbus.test.RecordedEvents;
import io.github.eventbus.test.Scenario;
import io.github.eventbus.test.TestClock;
import io.github.eventbus.test.app.ShopEvents.PaymentReceived;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one test leaves behind in the shared context (an event a durable observer publishes after the test
 * returned, a frozen clock) does not reach the next test.
 */
@EventBusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTests {

	private static final AtomicReference<Instant> frozenAt = new AtomicReference<>();

	@Autowired
	private Warehouse warehouse;

	@Test
	@Order(1)
	void leavesAShipmentOnItsWay(Scenario scenario) {
		// given: the durable warehouse ships only once this test has returned
		CountDownLatch shipments = this.warehouse.holdShipments();
		// when
		scenario.publish(new PaymentReceived("left-over"));
		CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(shipments::countDown);
	}

	@Test
	@Order(2)
	void recordsNothingThePreviousTestSetInMotion(Scenario scenario, RecordedEvents events) {
		// when
		scenario.awaitDurableObservers();
		// then: shipped before this test began, so not recorded as one of its events
		assertThat(this.warehouse.hasShipped("left-over")).isTrue();
		assertThat(events.all()).isEmpty();
	}

	@Test
	@Order(3)
	void freezesTheClock(TestClock clock) {
		frozenAt.set(clock.freeze());
	}

	@Test
	@Order(4)
	void findsTheClockRunningAgain(TestClock clock) {
		await().until(() -> clock.instant().isAfter(frozenAt.get()));
	}

}
