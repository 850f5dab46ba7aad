package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.saga.SagaStore.SagaDeadline;
import io.github.eventbus.saga.TestSagas.CancelReminders;
import io.github.eventbus.saga.TestSagas.CaseSaga;
import io.github.eventbus.saga.TestSagas.Opened;
import io.github.eventbus.saga.TestSagas.Remind;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A started {@link DeadlineScheduler} whose poll interval is an hour: deadlines still fire when they fall due,
 * judged by the scheduler's {@link Clock}.
 */
class DeadlineSchedulerTests {

	/** Far below the poll interval: a deadline that needs the poll to fire fails the test. */
	private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofHours(1);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final SagaStore sagas = SagaStore.inMemory();

	private final CaseSaga saga = new CaseSaga();

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final DefaultEventBus bus = new DefaultEventBus(EventStore.inMemory(1_000_000), this.executor,
			DispatchSettings.defaults(), (failure) -> {
			});

	private DurableObservers durable;

	private DeadlineScheduler testSubject;

	private void start(Clock clock) {
		this.durable = DurableObservers.builder(this.bus.store())
			.settings(DurableSettings.defaults().withPollInterval(Duration.ofMillis(20)))
			.build();
		this.bus.addExtension(this.durable);
		SagaManager manager = new SagaManager(this.bus, this.sagas, this.mapper, null, clock);
		manager.register("caseSaga", this.saga);
		this.testSubject = new DeadlineScheduler(this.sagas, this.bus, null, clock, POLL_INTERVAL);
		manager.setDeadlineScheduler(this.testSubject);
		manager.start();
		this.durable.start();
		this.testSubject.start();
	}

	@AfterEach
	void tearDown() {
		this.testSubject.stop();
		this.durable.stop();
		this.executor.shutdownNow();
	}

	private void awaitReminded(String caseId) {
		await().atMost(WELL_BEFORE_THE_POLL).untilAsserted(() -> assertThat(this.saga.handled).contains(caseId + ":reminder"));
	}

	private void awaitStored(Instant dueAfter) {
		await().atMost(WELL_BEFORE_THE_POLL).until(() -> !this.sagas.due(dueAfter, 10).isEmpty());
	}

	@Nested
	class WithTheSystemClock {

		@Test
		void aDeadlineFiresWhenDueRatherThanAtTheNextPoll() {
			// given
			start(Clock.systemUTC());
			// when
			DeadlineSchedulerTests.this.bus.publish("t1", new Opened("t1"));
			DeadlineSchedulerTests.this.bus.publish("t1", new Remind("t1", 100));
			// then
			awaitReminded("t1");
		}

		@Test
		void aDeadlineScheduledWhileTheSchedulerWaitsForALaterOneFiresAtItsOwnTime() {
			// given
			start(Clock.systemUTC());
			DeadlineSchedulerTests.this.bus.publish("t2", new Opened("t2"));
			DeadlineSchedulerTests.this.bus.publish("t2", new Remind("t2", Duration.ofMinutes(30).toMillis()));
			awaitStored(Instant.now().plus(Duration.ofMinutes(31)));
			// when
			DeadlineSchedulerTests.this.bus.publish("t3", new Opened("t3"));
			DeadlineSchedulerTests.this.bus.publish("t3", new Remind("t3", 200));
			// then
			awaitReminded("t3");
			assertThat(DeadlineSchedulerTests.this.saga.handled).doesNotContain("t2:reminder");
		}

		@Test
		void aDeadlineStoredElsewhereFiresWhenDueOnceTheSchedulerHasReadIt() {
			// given
			start(Clock.systemUTC());
			SagaStore sagas = DeadlineSchedulerTests.this.sagas;
			DeadlineSchedulerTests.this.bus.publish("t4", new Opened("t4"));
			await().atMost(WELL_BEFORE_THE_POLL).until(() -> sagas.findSagaId("case", "caseId", "t4").isPresent());
			String sagaId = sagas.findSagaId("case", "caseId", "t4").orElseThrow();
			// when: another instance of the application stores a deadline and appends an event
			sagas.schedule(new SagaDeadline("elsewhere", "case", sagaId, "reminder", Instant.now().plusMillis(300),
					"{\"text\":\"wake up\"}", false));
			DeadlineSchedulerTests.this.testSubject.wakeUp();
			// then
			awaitReminded("t4");
		}

		@Test
		void aCancelledDeadlineDoesNotFire() {
			// given
			start(Clock.systemUTC());
			DeadlineSchedulerTests.this.bus.publish("t5", new Opened("t5"));
			DeadlineSchedulerTests.this.bus.publish("t5", new Remind("t5", 300));
			DeadlineSchedulerTests.this.bus.publish("t6", new Opened("t6"));
			DeadlineSchedulerTests.this.bus.publish("t6", new Remind("t6", 600));
			// when
			DeadlineSchedulerTests.this.bus.publish("t5", new CancelReminders("t5"));
			// then: the later deadline fires, the earlier, cancelled one did not
			awaitReminded("t6");
			assertThat(DeadlineSchedulerTests.this.saga.handled).doesNotContain("t5:reminder");
		}

	}

	@Nested
	class WithAClockOfItsOwn {

		private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));

		@Test
		void aDeadlineFallsDueByTheSchedulersClockNotByTheWallClock() {
			// given
			start(this.clock);
			DeadlineSchedulerTests.this.bus.publish("c1", new Opened("c1"));
			DeadlineSchedulerTests.this.bus.publish("c1", new Remind("c1", 100));
			awaitStored(this.clock.instant().plusMillis(100));
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> !DeadlineSchedulerTests.this.saga.handled.contains("c1:reminder"));
			// when
			this.clock.advance(Duration.ofMillis(100));
			DeadlineSchedulerTests.this.testSubject.wakeUp();
			// then
			awaitReminded("c1");
		}

	}

}
