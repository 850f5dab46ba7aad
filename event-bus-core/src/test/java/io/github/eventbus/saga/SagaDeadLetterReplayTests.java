package io.github.eventbus.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.retry.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	private static final RetryPolicy RETRY = new RetryPolicy(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10));

	private final PokeSaga saga = new PokeSaga();

	private OneSagaInstance instance;

	private DeadLetterStore deadLetters;

	@AfterEach
	void tearDown() {
		if (this.instance != null) {
			this.instance.close();
		}
	}

	/** The stores of one test; in memory here, JDBC in event-bus-jdbc's subclasses. */
	SagaTestStores createStores() {
		return SagaTestStores.inMemory();
	}

	@ParameterizedTest(name = "segments {0}")
	@ValueSource(ints = { 1, 4 })
	void discardingOneInstancesDeadLetterDoesNotReplayAnotherInstancesOnTheSameStream(int segments) {
		// given
		long ofA = deadLettersOfTwoInstancesOnOneStream(segments);
		int attemptsOfB = this.saga.attempts.get("b").get();
		// when
		this.instance.durable.deadLetters().discard(ofA);
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
		this.instance.durable.deadLetters().replay(ofA);
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
		this.instance = new OneSagaInstance(createStores(), this.saga, "poke", RETRY, segments, 1, Clock.systemUTC());
		this.deadLetters = this.instance.stores.deadLetters();
		DefaultEventBus bus = this.instance.bus;
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
