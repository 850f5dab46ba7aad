package io.github.eventbus.saga;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.eventbus.Event;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.saga.SagaStore.SagaInstance;
import io.github.eventbus.saga.TestSagas.Boom;
import io.github.eventbus.saga.TestSagas.CancelReminders;
import io.github.eventbus.saga.TestSagas.CaseSaga;
import io.github.eventbus.saga.TestSagas.CaseState;
import io.github.eventbus.saga.TestSagas.Closed;
import io.github.eventbus.saga.TestSagas.Gate;
import io.github.eventbus.saga.TestSagas.Linked;
import io.github.eventbus.saga.TestSagas.Opened;
import io.github.eventbus.saga.TestSagas.Remind;
import io.github.eventbus.saga.TestSagas.Step;
import io.github.eventbus.saga.TestSagas.TicketNote;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sagas fed by durable observers over in-memory stores: lifecycle, associations, ordering, redelivery,
 * deadlines and failures.
 */
class SagaManagerTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));

	private final EventStore events = EventStore.inMemory(1_000_000);

	/** Association lookups ({@link SagaStore#findSagaId}) the saga made. */
	private final AtomicInteger lookups = new AtomicInteger();

	private final SagaStore sagas = countingLookups(SagaStore.inMemory(), this.lookups);

	private final CaseSaga saga = new CaseSaga();

	private DefaultEventBus bus;

	private DurableObservers durable;

	private SagaManager testSubject;

	private DeadlineScheduler deadlines;

	private ExecutorService executor;

	@BeforeEach
	void setUp() {
		this.executor = Executors.newFixedThreadPool(4);
		this.bus = new DefaultEventBus(this.events, this.executor, DispatchSettings.defaults(),
				(failure) -> {
				});
		this.durable = DurableObservers.builder(this.events)
			.settings(DurableSettings.defaults()
				.withPollInterval(Duration.ofMillis(20))
				.withRetry(new RetryPolicy(3, Duration.ofMillis(10), 2.0, Duration.ofMillis(50))))
			.build();
		this.bus.addExtension(this.durable);
		this.testSubject = new SagaManager(this.bus, this.sagas, this.mapper, null, this.clock);
		this.testSubject.register("caseSaga", this.saga);
		this.testSubject.start();
		this.durable.start();
		this.deadlines = new DeadlineScheduler(this.sagas, this.bus, null, this.clock, Duration.ofHours(1));
	}

	@AfterEach
	void tearDown() {
		this.durable.stop();
		this.executor.shutdownNow();
	}

	private CaseState state(String caseId) {
		return this.mapper.readValue(instance(caseId).state(), CaseState.class);
	}

	private SagaInstance instance(String caseId) {
		Optional<String> id = this.sagas.findSagaId("case", "caseId", caseId);
		assertThat(id).as("saga of " + caseId).isPresent();
		return this.sagas.load("case", id.get()).orElseThrow();
	}

	private void awaitHandled(String entry) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.saga.handled).contains(entry));
	}

	@Nested
	class Lifecycle {

		@Test
		void startEventCreatesAnInstanceAndLaterEventsUpdateIt() {
			// when
			SagaManagerTests.this.bus.publish("c1", new Opened("c1"));
			SagaManagerTests.this.bus.publish("c1", new Step("c1", 1));
			SagaManagerTests.this.bus.publish("c1", new Step("c1", 2));
			// then
			await().untilAsserted(() -> assertThat(state("c1").steps).containsExactly(1, 2));
			assertThat(instance("c1").version()).isEqualTo(3);
		}

		@Test
		void eventWithoutInstanceAndWithoutStartIsIgnored() {
			// when
			SagaManagerTests.this.bus.publish("c2", new Step("c2", 1));
			SagaManagerTests.this.bus.publish("c3", new Opened("c3"));
			// then
			awaitHandled("c3:opened");
			assertThat(SagaManagerTests.this.sagas.findSagaId("case", "caseId", "c2")).isEmpty();
		}

		@Test
		void endedSagaIgnoresLaterEventsAndIsNotRestarted() {
			// given
			SagaManagerTests.this.bus.publish("c4", new Opened("c4"));
			SagaManagerTests.this.bus.publish("c4", new Closed("c4"));
			awaitHandled("c4:closed");
			// when
			SagaManagerTests.this.bus.publish("c4", new Step("c4", 9));
			SagaManagerTests.this.bus.publish("c4", new Opened("c4"));
			SagaManagerTests.this.bus.publish("c5", new Opened("c5"));
			awaitHandled("c5:opened");
			// then
			assertThat(instance("c4").ended()).isTrue();
			assertThat(state("c4").steps).isEmpty();
			assertThat(SagaManagerTests.this.saga.handled).containsOnlyOnce("c4:opened");
		}

		@Test
		void anInstanceIsLookedUpByItsAssociationOnlyUntilItIsStored() {
			// given
			SagaManagerTests.this.bus.publish("c7", new Opened("c7"));
			awaitHandled("c7:opened");
			int lookupsToStart = SagaManagerTests.this.lookups.get();
			// when
			for (int step = 1; step <= 5; step++) {
				SagaManagerTests.this.bus.publish("c7", new Step("c7", step));
			}
			// then: the five steps went to the instance stored for the association without asking for it again
			awaitHandled("c7:step5");
			assertThat(lookupsToStart).isPositive();
			assertThat(SagaManagerTests.this.lookups.get() - lookupsToStart).as("lookups for the steps").isZero();
			await().untilAsserted(() -> assertThat(state("c7").steps).containsExactly(1, 2, 3, 4, 5));
		}

		@Test
		void furtherAssociationRoutesEventsToTheInstance() {
			// when
			SagaManagerTests.this.bus.publish("c6", new Opened("c6"));
			SagaManagerTests.this.bus.publish("c6", new Linked("c6", "T-1"));
			SagaManagerTests.this.bus.publish("ticket-T-1", new TicketNote("T-1", "hello"));
			// then
			await().untilAsserted(() -> assertThat(state("c6").notes).containsExactly("hello"));
		}

	}

	@Nested
	class Delivery {

		@Test
		void redeliveredEventChangesNothing() {
			// given
			SagaManagerTests.this.bus.publish("c7", new Opened("c7"));
			SagaManagerTests.this.bus.publish("c7", new Step("c7", 1));
			await().untilAsserted(() -> assertThat(state("c7").steps).containsExactly(1));
			SagaInstance before = instance("c7");
			Event<?> step = SagaManagerTests.this.events.readStream("c7").get(1);
			// when
			SagaManagerTests.this.testSubject.type("case").on(step);
			// then
			assertThat(instance("c7")).isEqualTo(before);
			assertThat(state("c7").steps).containsExactly(1);
		}

		@Test
		void oneInstanceNeverHandlesTwoEventsAtOnceAndSeesThemInOrder() throws Exception {
			// given
			int cases = 40;
			int steps = 25;
			// when: four threads publish interleaved events for all cases
			ExecutorService publishers = Executors.newFixedThreadPool(4);
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < cases; c++) {
				String caseId = "k" + c;
				done.add(publishers.submit(() -> {
					SagaManagerTests.this.bus.publish(caseId, new Opened(caseId));
					for (int s = 1; s <= steps; s++) {
						SagaManagerTests.this.bus.publish(caseId, new Step(caseId, s));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			publishers.shutdown();
			// then
			List<Integer> expected = IntStream.rangeClosed(1, steps).boxed().toList();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(state("k" + (cases - 1)).steps).hasSize(steps));
			for (int c = 0; c < cases; c++) {
				String caseId = "k" + c;
				await().untilAsserted(() -> assertThat(state(caseId).steps).isEqualTo(expected));
			}
			assertThat(SagaManagerTests.this.saga.overlaps).hasValue(0);
		}

		@Test
		void failingHandlerIsRetriedAndItsStateChangeSavedOnce() {
			// given
			SagaManagerTests.this.saga.boomsLeft.set(2);
			SagaManagerTests.this.bus.publish("c8", new Opened("c8"));
			// when
			SagaManagerTests.this.bus.publish("c8", new Boom("c8"));
			SagaManagerTests.this.bus.publish("c8", new Step("c8", 1));
			// then
			await().untilAsserted(() -> assertThat(state("c8").steps).containsExactly(1));
			assertThat(state("c8").notes).containsExactly("boom handled");
		}

	}

	@Nested
	class Lanes {

		@Test
		void instancesRunInParallelWhileEachSeesItsEventsFromSeveralStreamsInOrder() throws Exception {
			// given: each case gets events on its own stream and, through a second association, on a ticket stream
			SagaManagerTests.this.saga.stepMillis = 2;
			int cases = 24;
			int steps = 6;
			ExecutorService publishers = Executors.newFixedThreadPool(4);
			List<Future<?>> done = new ArrayList<>();
			// when
			for (int c = 0; c < cases; c++) {
				String caseId = "p" + c;
				done.add(publishers.submit(() -> {
					SagaManagerTests.this.bus.publish(caseId, new Opened(caseId));
					SagaManagerTests.this.bus.publish(caseId, new Linked(caseId, "T-" + caseId));
					for (int s = 1; s <= steps; s++) {
						SagaManagerTests.this.bus.publish(caseId, new Step(caseId, s));
						SagaManagerTests.this.bus.publish("ticket-" + caseId, new TicketNote("T-" + caseId, "n" + s));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			publishers.shutdown();
			// then
			List<Integer> expectedSteps = IntStream.rangeClosed(1, steps).boxed().toList();
			List<String> expectedNotes = IntStream.rangeClosed(1, steps).mapToObj((s) -> "n" + s).toList();
			for (int c = 0; c < cases; c++) {
				String caseId = "p" + c;
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(state(caseId).steps).isEqualTo(expectedSteps);
					assertThat(state(caseId).notes).isEqualTo(expectedNotes);
				});
			}
			assertThat(SagaManagerTests.this.saga.overlaps).hasValue(0);
			assertThat(SagaManagerTests.this.saga.mostRunning.get()).isGreaterThan(1);
		}

		@Test
		void twoStartingEventsOfOneAssociationMakeOneInstance() {
			// given: the durable worker is stopped, so both starts come in one batch
			SagaManagerTests.this.durable.stop();
			for (int c = 0; c < 20; c++) {
				SagaManagerTests.this.bus.publish("a-d" + c, new Opened("d" + c));
				SagaManagerTests.this.bus.publish("b-d" + c, new Opened("d" + c));
			}
			// when
			SagaManagerTests.this.durable.start();
			// then: the second start is handled by the instance the first one created
			for (int c = 0; c < 20; c++) {
				String caseId = "d" + c;
				await().untilAsserted(() -> assertThat(instance(caseId).version()).isEqualTo(2));
			}
			assertThat(SagaManagerTests.this.saga.overlaps).hasValue(0);
		}

		@Test
		void checkpointStaysBeforeAnEventStillBeingHandledWhileOtherInstancesMoveOn() {
			// given: a gate that holds one instance's event, in the same batch as other instances' events
			SagaManagerTests.this.durable.stop();
			SagaManagerTests.this.bus.publish("g", new Opened("g"));
			SagaManagerTests.this.bus.publish("g", new Gate("g"));
			long gatePosition = SagaManagerTests.this.events.readStream("g").get(1).position();
			for (int c = 0; c < 8; c++) {
				SagaManagerTests.this.bus.publish("w" + c, new Opened("w" + c));
				SagaManagerTests.this.bus.publish("w" + c, new Step("w" + c, 1));
			}
			// when
			SagaManagerTests.this.durable.start();
			// then: instances on other lanes are handled while the gate holds, and the checkpoint waits for the gate
			await().untilAsserted(() -> assertThat(IntStream.range(0, 8)
				.filter((c) -> SagaManagerTests.this.saga.handled.contains("w" + c + ":step1"))
				.count()).isPositive());
			assertThat(SagaManagerTests.this.durable.status("saga:case").orElseThrow().checkpoint())
				.isLessThan(gatePosition);
			// and when the gate opens
			SagaManagerTests.this.saga.gate.countDown();
			for (int c = 0; c < 8; c++) {
				String caseId = "w" + c;
				await().untilAsserted(() -> assertThat(state(caseId).steps).containsExactly(1));
			}
			long head = SagaManagerTests.this.events.headPosition();
			await().untilAsserted(() -> assertThat(SagaManagerTests.this.durable.status("saga:case")
				.orElseThrow()
				.checkpoint()).isEqualTo(head));
		}

	}

	@Nested
	class Failures {

		@Test
		void handlerFailingEveryAttemptIsDeadLetteredHoldsItsStreamAndReplays() {
			// given
			SagaManagerTests.this.saga.boomsLeft.set(Integer.MAX_VALUE);
			SagaManagerTests.this.bus.publish("e1", new Opened("e1"));
			SagaManagerTests.this.bus.publish("e2", new Opened("e2"));
			// when
			SagaManagerTests.this.bus.publish("e1", new Boom("e1"));
			SagaManagerTests.this.bus.publish("e1", new Step("e1", 1));
			SagaManagerTests.this.bus.publish("e2", new Step("e2", 1));
			// then: e1 is parked behind its dead letter while e2 flows
			DeadLetters deadLetters = SagaManagerTests.this.durable.deadLetters();
			await().untilAsserted(() -> assertThat(deadLetters.list("saga:case", 0, 10)).isNotEmpty());
			await().untilAsserted(() -> assertThat(state("e2").steps).containsExactly(1));
			assertThat(state("e1").steps).isEmpty();
			assertThat(state("e1").notes).isEmpty();
			// and when the cause is fixed and the stream replayed
			SagaManagerTests.this.saga.boomsLeft.set(0);
			deadLetters.replayStream("saga:case", "e1");
			await().untilAsserted(() -> assertThat(state("e1").steps).containsExactly(1));
			assertThat(state("e1").notes).containsExactly("boom handled");
		}

	}

	@Nested
	class Deadlines {

		@Test
		void dueDeadlineIsDeliveredToItsInstanceWithItsPayload() {
			// given
			SagaManagerTests.this.bus.publish("d1", new Opened("d1"));
			SagaManagerTests.this.bus.publish("d1", new Remind("d1", 30_000));
			await().until(() -> !SagaManagerTests.this.sagas
				.due(SagaManagerTests.this.clock.instant().plusSeconds(31), 10).isEmpty());
			assertThat(SagaManagerTests.this.deadlines.fireDue()).isZero();
			// when
			SagaManagerTests.this.clock.advance(Duration.ofSeconds(31));
			int fired = SagaManagerTests.this.deadlines.fireDue();
			// then
			assertThat(fired).isOne();
			awaitHandled("d1:reminder");
			await().untilAsserted(() -> assertThat(state("d1").lastReminder).isEqualTo("wake up"));
			assertThat(SagaManagerTests.this.deadlines.fireDue()).isZero();
		}

		@Test
		void failingDeadlineHandlerIsRetriedAndRunsOnce() {
			// given
			SagaManagerTests.this.bus.publish("d5", new Opened("d5"));
			SagaManagerTests.this.bus.publish("d5", new Remind("d5", 1_000));
			await().until(() -> !SagaManagerTests.this.sagas
				.due(SagaManagerTests.this.clock.instant().plusSeconds(2), 10).isEmpty());
			SagaManagerTests.this.saga.boomsLeft.set(2);
			// when
			SagaManagerTests.this.clock.advance(Duration.ofSeconds(2));
			SagaManagerTests.this.deadlines.fireDue();
			// then
			awaitHandled("d5:reminder");
			await().untilAsserted(() -> assertThat(state("d5").reminders).isOne());
			assertThat(SagaManagerTests.this.saga.boomsLeft.get()).isNegative();
		}

		@Test
		void cancelledDeadlineNeverFires() {
			// given
			SagaManagerTests.this.bus.publish("d2", new Opened("d2"));
			SagaManagerTests.this.bus.publish("d2", new Remind("d2", 1_000));
			SagaManagerTests.this.bus.publish("d2", new CancelReminders("d2"));
			SagaManagerTests.this.bus.publish("d2", new Step("d2", 1));
			await().untilAsserted(() -> assertThat(state("d2").steps).containsExactly(1));
			// when
			SagaManagerTests.this.clock.advance(Duration.ofSeconds(2));
			// then
			assertThat(SagaManagerTests.this.deadlines.fireDue()).isZero();
		}

		@Test
		void deadlineCancelledAfterFiringIsIgnored() {
			// given
			SagaManagerTests.this.bus.publish("d3", new Opened("d3"));
			SagaManagerTests.this.bus.publish("d3", new Remind("d3", 1_000));
			await().until(() -> !SagaManagerTests.this.sagas
				.due(SagaManagerTests.this.clock.instant().plusSeconds(2), 10).isEmpty());
			SagaManagerTests.this.clock.advance(Duration.ofSeconds(2));
			// when: the deadline fires while the saga, busy, has yet to handle its cancellation
			SagaManagerTests.this.bus.publish("d3", new Gate("d3"));
			SagaManagerTests.this.bus.publish("d3", new CancelReminders("d3"));
			int fired = SagaManagerTests.this.deadlines.fireDue();
			SagaManagerTests.this.bus.publish("d3", new Step("d3", 1));
			SagaManagerTests.this.saga.gate.countDown();
			// then
			assertThat(fired).isOne();
			await().untilAsserted(() -> assertThat(state("d3").steps).containsExactly(1));
			assertThat(state("d3").reminders).isZero();
		}

		@Test
		void endingTheSagaCancelsItsDeadlines() {
			// given
			SagaManagerTests.this.bus.publish("d4", new Opened("d4"));
			SagaManagerTests.this.bus.publish("d4", new Remind("d4", 1_000));
			// when
			SagaManagerTests.this.bus.publish("d4", new Closed("d4"));
			awaitHandled("d4:closed");
			SagaManagerTests.this.clock.advance(Duration.ofSeconds(2));
			// then
			assertThat(SagaManagerTests.this.deadlines.fireDue()).isZero();
		}

	}


	private static SagaStore countingLookups(SagaStore store, AtomicInteger lookups) {
		return (SagaStore) Proxy.newProxyInstance(SagaManagerTests.class.getClassLoader(),
				new Class<?>[] { SagaStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("findSagaId")) {
						lookups.incrementAndGet();
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
