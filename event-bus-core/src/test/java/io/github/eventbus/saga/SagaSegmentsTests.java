package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableObserverStatus.SegmentStatus;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.Segments;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.saga.TestSagas.CaseSaga;
import io.github.eventbus.saga.TestSagas.CaseState;
import io.github.eventbus.saga.TestSagas.Filed;
import io.github.eventbus.saga.TestSagas.Opened;
import io.github.eventbus.saga.TestSagas.Step;
import io.github.eventbus.saga.TestSagas.TicketNote;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One saga type split into segments by saga instance, shared by two application instances over one event
 * store, saga store, lease, checkpoint and dead-letter store: both instances run segments, and each saga
 * instance is handled by one application instance at a time, in order, whatever stream its events are on.
 */
class SagaSegmentsTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final EventStore events = EventStore.inMemory(1_000_000);

	private final SagaStore sagas = SagaStore.inMemory();

	private final LeaseStore leases = LeaseStore.inMemory();

	private final CheckpointStore checkpoints = CheckpointStore.inMemory(this.leases);

	private final DeadLetterStore deadLetters = DeadLetterStore.inMemory();

	/** One bean shared by both instances, so that it sees a saga instance handled on both at once. */
	private final CaseSaga saga = new CaseSaga();

	private final List<Instance> instances = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.instances.forEach(Instance::stop);
	}

	private Instance start(String name) {
		return start(name, SagaManager.DEFAULT_CONCURRENCY);
	}

	private Instance start(String name, int concurrency) {
		Instance instance = new Instance(name, concurrency);
		this.instances.add(instance);
		return instance;
	}

	private CaseState state(String caseId) {
		Optional<String> id = this.sagas.findSagaId("case", "caseId", caseId);
		assertThat(id).as("saga of " + caseId).isPresent();
		return this.mapper.readValue(this.sagas.load("case", id.get()).orElseThrow().state(), CaseState.class);
	}

	@Test
	void twoInstancesShareTheSagaInstancesAndEachSeesItsEventsInOrder() {
		// given
		Instance first = start("first");
		Instance second = start("second");
		this.saga.stepMillis = 2;
		int cases = 24;
		int steps = 6;
		await().atMost(Duration.ofSeconds(30)).until(() -> first.owned() > 0 && second.owned() > 0);
		// when: both publish; each case's steps alternate between its own stream and a second one, so a split
		// by stream would hand one case to both instances
		for (int c = 0; c < cases; c++) {
			String caseId = "s" + c;
			Instance publisher = (c % 2 == 0) ? first : second;
			publisher.bus.publish(caseId, new Opened(caseId));
			for (int s = 1; s <= steps; s++) {
				publisher.bus.publish((s % 2 == 0) ? caseId : "audit-" + caseId, new Step(caseId, s));
			}
		}
		// then
		List<Integer> expectedSteps = IntStream.rangeClosed(1, steps).boxed().toList();
		for (int c = 0; c < cases; c++) {
			String caseId = "s" + c;
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(state(caseId).steps).isEqualTo(expectedSteps));
		}
		assertThat(this.saga.overlaps).hasValue(0);
		assertThat(first.owned()).isPositive();
		assertThat(second.owned()).isPositive();
	}

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(ints = { 1, 4 })
	void eventsRoutedByAnAssociationAHandlerAddsReachTheirInstanceFromAnotherSegment(int concurrency) {
		// given: each instance runs two of the four segments; starting a case is slow, so the instance holding
		// a note's stream reads the note before the case's own segment has stored the ticket association
		Instance first = start("first", concurrency);
		Instance second = start("second", concurrency);
		this.saga.filedMillis = 5;
		int cases = 40;
		List<String> notes = List.of("n1", "n2", "n3");
		await().atMost(Duration.ofSeconds(30)).until(() -> first.owned() == 2 && second.owned() == 2);
		Map<Integer, String> owners = first.owners();
		// when: each note is on a stream of a segment the other application instance runs
		for (int c = 0; c < cases; c++) {
			String caseId = "f" + c;
			String ticket = "T-" + caseId;
			int sagaSegment = Segments.of(SagaType.sagaId("case", "caseId", caseId), 4);
			String noteStream = streamOfAnotherOwner(ticket, owners.get(sagaSegment), owners);
			Instance publisher = (c % 2 == 0) ? first : second;
			publisher.bus.publish(caseId, new Filed(caseId, ticket));
			for (String note : notes) {
				publisher.bus.publish(noteStream, new TicketNote(ticket, note));
			}
		}
		// then: every note reached its case once, in order, after the case was filed
		for (int c = 0; c < cases; c++) {
			String caseId = "f" + c;
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(state(caseId).notes).as(caseId).isEqualTo(notes));
			List<String> handled = this.saga.handled.stream().filter((entry) -> entry.startsWith(caseId + ":")).toList();
			assertThat(handled).as(caseId).containsExactly(caseId + ":filed", caseId + ":note", caseId + ":note",
					caseId + ":note");
		}
		assertThat(this.saga.overlaps).hasValue(0);
	}

	/** A stream for a ticket's notes whose segment is run by another instance than {@code owner}. */
	private static String streamOfAnotherOwner(String ticket, String owner, Map<Integer, String> owners) {
		for (int i = 0;; i++) {
			String stream = "notes-" + ticket + "-" + i;
			if (!owner.equals(owners.get(Segments.of(stream, 4)))) {
				return stream;
			}
		}
	}

	/** One application instance: its bus, durable observers and saga manager. */
	private final class Instance {

		final ExecutorService executor = Executors.newFixedThreadPool(4);

		final DefaultEventBus bus;

		final DurableObservers durable;

		final SagaManager manager;

		Instance(String name, int concurrency) {
			this.bus = new DefaultEventBus(SagaSegmentsTests.this.events, this.executor, DispatchSettings.defaults(),
					(failure) -> {
					});
			this.durable = DurableObservers.builder(SagaSegmentsTests.this.events)
				.leases(SagaSegmentsTests.this.leases)
				.checkpoints(SagaSegmentsTests.this.checkpoints)
				.deadLetters(SagaSegmentsTests.this.deadLetters)
				.settings(DurableSettings.defaults()
					.withInstanceId(name)
					.withPollInterval(Duration.ofMillis(20))
					.withLeaseDuration(Duration.ofSeconds(2))
					.withSegments(4))
				.build();
			this.bus.addExtension(this.durable);
			this.manager = new SagaManager(this.bus, SagaSegmentsTests.this.sagas, SagaSegmentsTests.this.mapper, null,
					new MutableClock(Instant.parse("2026-11-23T08:00:00Z")));
			this.manager.setConcurrency(concurrency);
			this.manager.register("caseSaga", SagaSegmentsTests.this.saga);
			this.manager.start();
			this.durable.start();
		}

		long owned() {
			return this.durable.status("saga:case").orElseThrow().segments().stream()
				.filter((segment) -> name().equals(segment.owner()))
				.count();
		}

		/** Each segment's owner. */
		Map<Integer, String> owners() {
			return this.durable.status("saga:case").orElseThrow().segments().stream()
				.collect(Collectors.toMap(SegmentStatus::segment, SegmentStatus::owner));
		}

		private String name() {
			return this.durable.settings().instanceId();
		}

		void stop() {
			this.durable.stop();
			this.executor.shutdownNow();
		}

	}

}
