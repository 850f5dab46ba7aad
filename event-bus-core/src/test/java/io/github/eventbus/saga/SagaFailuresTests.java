package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.saga.TicketCases.CaseSaga;
import io.github.eventbus.saga.TicketCases.Filed;
import io.github.eventbus.saga.TicketCases.Note;
import io.github.eventbus.saga.TicketCases.State;
import io.github.eventbus.saga.TicketCases.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga's failed event holds back its saga instance, whatever the stream, while it is retried and once it
 * is dead-lettered, and an event whose instance is not known yet waits behind it: nothing is handled past
 * it, so its retry or replay is never a no-op.
 */
class SagaFailuresTests {

	private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(200), 1.0, Duration.ofMillis(200));

	private final CaseSaga saga = new CaseSaga();

	private OneSagaInstance instance;

	private DefaultEventBus bus;

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

	private void start(int segments, int concurrency) {
		this.instance = new OneSagaInstance(createStores(), this.saga, "cases", RETRY, segments, concurrency,
				new MutableClock(Instant.parse("2026-11-23T08:00:00Z")));
		this.bus = this.instance.bus;
		this.deadLetters = this.instance.stores.deadLetters();
	}

	private State state(String caseId) {
		return this.instance.state("cases", "caseId", caseId, State.class);
	}

	/** Files a case whose start fails for good, with a note for its ticket parked behind it; its dead letter. */
	private DeadLetter deadLetteredStartWithANoteBehind(String caseId, String ticket) {
		this.saga.filedFailures.set(5);
		this.bus.publish("case-" + caseId, new Filed(caseId, ticket));
		this.bus.publish("case-" + caseId, new Note(ticket, "parked"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 2);
		return this.instance.failed("saga:cases");
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
		DeadLetter start = deadLetteredStartWithANoteBehind("c3", "T-3");
		// when
		this.instance.durable.deadLetters().replay(start.id());
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
		DeadLetter start = deadLetteredStartWithANoteBehind("c4", "T-4");
		// when
		this.instance.durable.deadLetters().discard(start.id());
		// then: the note reaches no instance (none was started) and is ignored, as with no failure at all
		await().atMost(Duration.ofSeconds(10)).until(() -> this.deadLetters.count("saga:cases") == 0);
		assertThat(this.instance.stores.sagas().findSagaId("cases", "caseId", "c4")).isEmpty();
	}

}
