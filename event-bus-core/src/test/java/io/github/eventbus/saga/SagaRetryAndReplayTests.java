package io.github.eventbus.saga;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.saga.TicketCases.CaseSaga;
import io.github.eventbus.saga.TicketCases.Filed;
import io.github.eventbus.saga.TicketCases.Note;
import io.github.eventbus.saga.TicketCases.State;
import io.github.eventbus.saga.TicketCases.Step;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a saga's failed event holds back, seen from outside: while it is retried, an event whose instance is
 * not known yet waits without the worker reading the store again at every wake-up; once it is replayed, an
 * event parked behind it whose instance became known meanwhile (another instance's) is replayed with it and
 * releases that instance.
 */
class SagaRetryAndReplayTests {

	private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(500), 1.0, Duration.ofMillis(500));

	/** Reads of the event store ({@code readAll}). */
	private final AtomicLong reads = new AtomicLong();

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

	private void start(int segments, int concurrency) {
		SagaTestStores stores = SagaTestStores.inMemory();
		this.instance = new OneSagaInstance(stores.withEvents(countingReads(stores.events())), this.saga, "cases",
				RETRY, segments, concurrency, new MutableClock(Instant.parse("2026-11-23T08:00:00Z")));
		this.bus = this.instance.bus;
		this.deadLetters = stores.deadLetters();
	}

	private EventStore countingReads(EventStore events) {
		return (EventStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { EventStore.class },
				(proxy, method, args) -> {
					if (method.getName().equals("readAll")) {
						this.reads.incrementAndGet();
					}
					try {
						return method.invoke(events, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private State state(String caseId) {
		return this.instance.state("cases", "caseId", caseId, State.class);
	}

	@ParameterizedTest(name = "segments {0}, concurrency {1}")
	@CsvSource({ "1,1", "1,4", "4,1" })
	void anEventOfNoKnownInstanceWaitsBehindARetryWithoutReadingAtEveryWakeUp(int segments, int concurrency) {
		// given: step 1 of c1 fails twice (two retries 500 ms apart), and a note no instance has the ticket of
		start(segments, concurrency);
		this.bus.publish("case-1", new Filed("c1", "T-1"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.saga.handled).contains("filed"));
		this.saga.stepOneFailures.set(2);
		this.bus.publish("case-1", new Step("c1", 1));
		this.bus.publish("orphan", new Note("T-nobody", "no instance has this ticket"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.saga.stepOneFailures.get() < 2);
		long readsBefore = this.reads.get();
		// when: other cases are filed while the retry runs, one a millisecond, each waking the worker
		int filed = 0;
		while (filed < 100 && this.saga.stepOneFailures.get() >= 0) {
			this.bus.publish("case-x" + filed, new Filed("x" + filed, "TX-" + filed));
			filed++;
			LockSupport.parkNanos(1_000_000);
		}
		long readsWhileRetrying = this.reads.get() - readsBefore;
		// then: the reads waited for the retries (before: about one per wake-up), and everything went through
		assertThat(filed).as("cases filed while the retry ran").isGreaterThan(20);
		assertThat(readsWhileRetrying).as("reads of the store while the retry ran").isLessThan(filed / 2);
		String lastCase = "x" + (filed - 1);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.saga.handled).contains("step1"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.instance.stores.sagas().findSagaId("cases", "caseId", lastCase).isPresent());
	}

	@Test
	void replayingAStartReplaysAnEventParkedBehindItThatAnotherInstanceClaimedMeanwhile() {
		// given: c1's start is dead-lettered; a note on its stream, for ticket T-5, parked behind it; then c5
		// starts with ticket T-5, so the note's instance is c5's now
		start(1, 1);
		this.saga.filedFailures.set(5);
		this.bus.publish("case-1", new Filed("c1", "T-1"));
		this.bus.publish("case-1", new Note("T-5", "for c5"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.deadLetters.count("saga:cases") == 2);
		this.bus.publish("case-5", new Filed("c5", "T-5"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.instance.stores.sagas().findSagaId("cases", "caseId", "c5").isPresent());
		DeadLetter failedStart = this.instance.failed("saga:cases");
		// when
		this.instance.durable.deadLetters().replay(failedStart.id());
		this.bus.publish("case-5", new Step("c5", 7));
		// then: nothing is left parked and c5's step went through (before: the note stayed parked behind an
		// entry that was gone and held c5's later events back); the note itself is ignored, as one thread would
		// have ignored it: no instance had ticket T-5 when it was published
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.deadLetters.count("saga:cases")).isZero();
			assertThat(state("c5").steps).containsExactly(7);
		});
		assertThat(state("c5").notes).isEmpty();
		assertThat(state("c1").caseId).isEqualTo("c1");
	}

}
