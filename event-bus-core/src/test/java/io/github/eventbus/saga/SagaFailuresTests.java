package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga's failed event holds back its saga instance, whatever the stream, while it is retried and once it
 * is dead-lettered, and an event whose instance is not known yet waits behind it: nothing is handled past
 * it, so its retry or replay is never a no-op.
 */
class SagaFailuresTests {

	record Filed(String caseId, String ticket) {
	}

	record Note(String ticket, String note) {
	}

	record Step(String caseId, int number) {
	}

	public static class State {

		public String caseId;

		public List<String> notes = new ArrayList<>();

		public List<Integer> steps = new ArrayList<>();

	}

	@Saga(state = State.class, name = "cases")
	static class CaseSaga {

		final AtomicInteger filedFailures = new AtomicInteger();

		final AtomicInteger stepOneFailures = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Filed event, State state, SagaLifecycle saga) {
			if (this.filedFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("transient failure starting " + event.caseId());
			}
			state.caseId = event.caseId();
			saga.associateWith("ticket", event.ticket());
			this.handled.add("filed");
		}

		@SagaEventHandler(associationProperty = "ticket")
		void on(Note event, State state) {
			state.notes.add(event.note());
			this.handled.add("note");
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Step event, State state) {
			if (event.number() == 1 && this.stepOneFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("transient failure at step 1");
			}
			state.steps.add(event.number());
			this.handled.add("step" + event.number());
		}

	}

	private final JsonMapper mapper = JsonMapper.builder().build();

	private SagaTestStores stores;

	private EventStore events;

	private SagaStore sagas;

	private DeadLetterStore deadLetters;

	private final CaseSaga saga = new CaseSaga();

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	private DurableObservers durable;

	private DefaultEventBus bus;

	@AfterEach
	void tearDown() {
		if (this.durable != null) {
			this.durable.stop();
		}
		this.executor.shutdownNow();
		this.scheduler.shutdownNow();
		if (this.stores != null) {
			this.stores.close().run();
		}
	}

	/** The stores of one test; in memory here, JDBC in event-bus-jdbc's subclasses. */
	SagaTestStores createStores() {
		return SagaTestStores.inMemory();
	}

	private void start(int segments, int concurrency) {
		this.stores = createStores();
		this.events = this.stores.events();
		this.sagas = this.stores.sagas();
		this.deadLetters = this.stores.deadLetters();
		this.bus = new DefaultEventBus(this.events, this.executor, DispatchSettings.defaults(), (failure) -> {
		});
		this.durable = DurableObservers.builder(this.events)
			.leases(this.stores.leases())
			.checkpoints(this.stores.checkpoints())
			.deadLetters(this.deadLetters)
			.scheduler(this.scheduler)
			.settings(DurableSettings.defaults()
				.withRetry(new RetryPolicy(5, Duration.ofMillis(200), 1.0, Duration.ofMillis(200)))
				.withInstanceId("only")
				.withPollInterval(Duration.ofMillis(20))
				.withLeaseDuration(Duration.ofSeconds(2))
				.withSegments(segments))
			.build();
		this.bus.addExtension(this.durable);
		SagaManager manager = new SagaManager(this.bus, this.sagas, this.mapper, this.stores.transactions(),
				new MutableClock(Instant.parse("2026-11-23T08:00:00Z")));
		manager.setConcurrency(concurrency);
		manager.register("caseSaga", this.saga);
		manager.start();
		this.durable.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.durable.status("saga:cases").orElseThrow().segments().stream()
				.allMatch((segment) -> "only".equals(segment.owner())));
	}

	private State state(String caseId) {
		String id = this.sagas.findSagaId("cases", "caseId", caseId).orElseThrow();
		return this.mapper.readValue(this.sagas.load("cases", id).orElseThrow().state(), State.class);
	}

	@ParameterizedTest(name = "segments {0}, concurrency {1}")
	@CsvSource({ "1,1", "1,4", "4,1", "4,4" })
	void anEventRoutedByAnAssociationItsStartAddsWaitsWhileTheStartIsRetried(int segments, int concurrency) {
		// given
		start(segments, concurrency);
		this.saga.filedFailures.set(1);
		// when: the note's ticket is associated by the start, which fails once
		this.bus.publish("case-1", new Filed("c1", "T-1"));
		this.bus.publish("case-1", new Note("T-1", "hello"));
		// then
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(state("c1").notes).as("handled " + this.saga.handled).containsExactly("hello"));
		assertThat(this.deadLetters.count("saga:cases")).isZero();
	}

	@ParameterizedTest(name = "segments {0}, concurrency {1}")
	@CsvSource({ "1,1", "1,4", "4,1", "4,4" })
	void aRetriedEventIsNotOvertakenByALaterEventOfItsSagaInstanceOnAnotherStream(int segments, int concurrency) {
		// given
		start(segments, concurrency);
		this.bus.publish("case-2", new Filed("c2", "T-2"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.saga.handled).contains("filed"));
		this.saga.stepOneFailures.set(1);
		// when
		this.bus.publish("case-2", new Step("c2", 1));
		this.bus.publish("audit-c2", new Step("c2", 2));
		// then
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(state("c2").steps).as("handled " + this.saga.handled).containsExactly(1, 2));
		assertThat(this.deadLetters.count("saga:cases")).isZero();
	}

	@ParameterizedTest(name = "segments {0}, concurrency {1}")
	@CsvSource({ "1,1", "1,4", "4,1", "4,4" })
	void anEventRoutedByAnAssociationOfADeadLetteredStartIsReplayedWithIt(int segments, int concurrency) {
		// given: the start fails every attempt, the note behind it names the ticket the start associates
		start(segments, concurrency);
		this.saga.filedFailures.set(5);
		this.bus.publish("case-3", new Filed("c3", "T-3"));
		this.bus.publish("case-3", new Note("T-3", "parked"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 2);
		DeadLetter start = this.deadLetters.list("saga:cases", 0, 10)
			.stream()
			.filter((entry) -> entry.status() == DeadLetter.Status.FAILED)
			.findFirst()
			.orElseThrow();
		// when
		this.durable.deadLetters().replay(start.id());
		// then
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(state("c3").notes).as("handled " + this.saga.handled).containsExactly("parked"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 0);
	}

	@ParameterizedTest(name = "segments {0}, concurrency {1}")
	@CsvSource({ "1,1", "1,4", "4,1", "4,4" })
	void discardingADeadLetteredStartReleasesTheEventsParkedBehindIt(int segments, int concurrency) {
		// given
		start(segments, concurrency);
		this.saga.filedFailures.set(5);
		this.bus.publish("case-4", new Filed("c4", "T-4"));
		this.bus.publish("case-4", new Note("T-4", "parked"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 2);
		DeadLetter start = this.deadLetters.list("saga:cases", 0, 10)
			.stream()
			.filter((entry) -> entry.status() == DeadLetter.Status.FAILED)
			.findFirst()
			.orElseThrow();
		// when
		this.durable.deadLetters().discard(start.id());
		// then: the note reaches no instance (none was started) and is ignored, as with no failure at all
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 0);
		assertThat(this.sagas.findSagaId("cases", "caseId", "c4")).isEmpty();
	}

}
