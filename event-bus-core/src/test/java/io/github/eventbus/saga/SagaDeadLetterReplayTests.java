package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Replaying or discarding the dead letter of one saga instance touches that instance's dead letters only,
 * not those of other instances on the same stream.
 */
class SagaDeadLetterReplayTests {

	record Open(String caseId) {
	}

	record Poke(String caseId) {
	}

	public static class S {

		public String caseId;

		public int pokes;

	}

	@Saga(state = S.class, name = "poke")
	static class PokeSaga {

		final Set<String> failing = ConcurrentHashMap.newKeySet();

		final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "caseId")
		void on(Open event, S state) {
			state.caseId = event.caseId();
		}

		@SagaEventHandler(associationProperty = "caseId")
		void on(Poke event, S state) {
			this.attempts.computeIfAbsent(event.caseId(), (k) -> new AtomicInteger()).incrementAndGet();
			if (this.failing.contains(event.caseId())) {
				throw new IllegalStateException("poison " + event.caseId());
			}
			state.pokes++;
		}

	}

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	private DurableObservers durable;

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

	private SagaTestStores stores;

	private DeadLetterStore deadLetters;

	private final PokeSaga saga = new PokeSaga();

	@ParameterizedTest(name = "segments {0}")
	@ValueSource(ints = { 1, 4 })
	void discardingOneInstancesDeadLetterDoesNotReplayAnotherInstancesOnTheSameStream(int segments) {
		// given
		long ofA = deadLettersOfTwoInstancesOnOneStream(segments);
		int attemptsOfB = this.saga.attempts.get("b").get();
		// when
		this.durable.deadLetters().discard(ofA);
		// then
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.saga.attempts.get("b").get() == attemptsOfB && this.deadLetters.count("saga:poke") == 1);
	}

	@ParameterizedTest(name = "segments {0}")
	@ValueSource(ints = { 1, 4 })
	void replayingOneInstancesDeadLetterDoesNotReplayAnotherInstancesOnTheSameStream(int segments) {
		// given
		long ofA = deadLettersOfTwoInstancesOnOneStream(segments);
		int attemptsOfB = this.saga.attempts.get("b").get();
		this.saga.failing.remove("a");
		// when
		this.durable.deadLetters().replay(ofA);
		// then
		await().atMost(Duration.ofSeconds(5)).until(() -> this.deadLetters.count("saga:poke") == 1);
		await().during(Duration.ofMillis(1000))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.saga.attempts.get("b").get() == attemptsOfB && this.deadLetters.count("saga:poke") == 1);
	}

	/**
	 * Starts a and b on streams of their own, then fails an event of each on a stream they share; returns the
	 * dead letter of a's (published first, whatever position numbering the event store uses).
	 */
	private long deadLettersOfTwoInstancesOnOneStream(int segments) {
		this.stores = createStores();
		this.deadLetters = this.stores.deadLetters();
		EventStore events = this.stores.events();
		DefaultEventBus bus = new DefaultEventBus(events, this.executor, DispatchSettings.defaults(), (failure) -> {
		});
		this.durable = DurableObservers.builder(events)
			.leases(this.stores.leases())
			.checkpoints(this.stores.checkpoints())
			.deadLetters(this.deadLetters)
			.scheduler(this.scheduler)
			.settings(DurableSettings.defaults()
				.withRetry(new RetryPolicy(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)))
				.withInstanceId("only")
				.withPollInterval(Duration.ofMillis(20))
				.withLeaseDuration(Duration.ofSeconds(2))
				.withSegments(segments))
			.build();
		bus.addExtension(this.durable);
		SagaManager manager = new SagaManager(bus, this.stores.sagas(), JsonMapper.builder().build(), this.stores.transactions(),
				Clock.systemUTC());
		manager.setConcurrency(1);
		manager.register("pokeSaga", this.saga);
		manager.start();
		this.durable.start();
		this.saga.failing.add("a");
		this.saga.failing.add("b");
		bus.publish("a", new Open("a"));
		bus.publish("b", new Open("b"));
		bus.publish("shared", new Poke("a"));
		bus.publish("shared", new Poke("b"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.deadLetters.count("saga:poke") == 2);
		return this.deadLetters.list("saga:poke", 0, 10)
			.stream()
			.min(Comparator.comparingLong(DeadLetter::eventPosition))
			.orElseThrow()
			.id();
	}

}
