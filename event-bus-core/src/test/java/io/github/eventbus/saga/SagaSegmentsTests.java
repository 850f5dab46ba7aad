package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableObserverStatus.SegmentStatus;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.Segments;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.saga.TestSagas.CaseSaga;
import io.github.eventbus.saga.TestSagas.CaseState;
import io.github.eventbus.saga.TestSagas.Filed;
import io.github.eventbus.saga.TestSagas.Flaky;
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

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(ints = { 1, 4 })
	void aDeadLetterIsReplayedByTheInstanceRunningItsSagaInstanceNotByTheOwnerOfItsStream(int concurrency) {
		// given: a case whose failing event is on a stream of a segment the other application instance runs
		Instance first = start("first", concurrency);
		Instance second = start("second", concurrency);
		String caseId = "d1";
		String failingStream = deadLetterOnAnotherOwnersStream(first, caseId);
		// when: later events of the case on the failing stream, then a replay asked on either instance
		second.bus.publish(failingStream, new Step(caseId, 1));
		first.bus.publish(failingStream, new Step(caseId, 2));
		replayOnceRead(second, caseId, 3);
		// then
		assertReplayedByTheOwnerOfTheCaseInOrder(first, caseId, 2);
	}

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(ints = { 1, 4 })
	void laterEventsOfASagaInstanceWaitBehindItsDeadLetterWhateverTheirStream(int concurrency) {
		// given
		Instance first = start("first", concurrency);
		Instance second = start("second", concurrency);
		String caseId = "d2";
		String failingStream = deadLetterOnAnotherOwnersStream(first, caseId);
		// when: later events of the case on its own stream and on the failing one
		first.bus.publish(caseId, new Step(caseId, 1));
		second.bus.publish(failingStream, new Step(caseId, 2));
		first.bus.publish(caseId, new Step(caseId, 3));
		replayOnceRead(first, caseId, 4);
		// then
		assertReplayedByTheOwnerOfTheCaseInOrder(first, caseId, 3);
	}

	@Test
	void discardingADeadLetterReleasesItsSagaInstancesLaterEventsParkedOnOtherStreams() {
		// given: the case's later events are parked behind its dead letter, all on another stream than it
		Instance first = start("first");
		Instance second = start("second");
		String caseId = "d3";
		deadLetterOnAnotherOwnersStream(first, caseId);
		first.bus.publish(caseId, new Step(caseId, 1));
		second.bus.publish(caseId, new Step(caseId, 2));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.deadLetters.count("saga:case") == 3);
		DeadLetter failed = this.deadLetters.list("saga:case", 0, 10).get(0);
		// when
		second.durable.deadLetters().discard(failed.id());
		// then
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(state(caseId).steps).containsExactly(1, 2));
		assertThat(state(caseId).notes).isEmpty();
		assertThat(this.deadLetters.count("saga:case")).isZero();
		assertThat(this.saga.overlaps).hasValue(0);
	}

	/** Starts a case and dead-letters its {@link Flaky} event, on a stream whose segment another instance runs. */
	private String deadLetterOnAnotherOwnersStream(Instance any, String caseId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.instances.stream().allMatch((instance) -> instance.owned() == 2));
		Map<Integer, String> owners = any.owners();
		String failingStream = streamOfAnotherOwner(caseId, ownerOfCase(any, caseId), owners);
		this.saga.flakyLeft.set(Integer.MAX_VALUE);
		any.bus.publish(caseId, new Opened(caseId));
		any.bus.publish(failingStream, new Flaky(caseId));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.deadLetters.count("saga:case") == 1);
		return failingStream;
	}

	private static String ownerOfCase(Instance any, String caseId) {
		return any.owners().get(Segments.of(SagaType.sagaId("case", "caseId", caseId), 4));
	}

	/** Once each of the case's {@code read} dead letters and steps is parked or handled, replays its failed one. */
	private void replayOnceRead(Instance on, String caseId, int read) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.deadLetters.count("saga:case")
				+ state(caseId).steps.size() == read);
		this.saga.flakyLeft.set(0);
		DeadLetter failed = this.deadLetters.list("saga:case", 0, 10).get(0);
		assertThat(failed.status()).isEqualTo(DeadLetter.Status.FAILED);
		on.durable.deadLetters().replay(failed.id());
	}

	private void assertReplayedByTheOwnerOfTheCaseInOrder(Instance any, String caseId, int steps) {
		List<Integer> expected = IntStream.rangeClosed(1, steps).boxed().toList();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(state(caseId).steps).isEqualTo(expected));
		assertThat(state(caseId).notes).containsExactly("flaky");
		assertThat(this.deadLetters.count("saga:case")).isZero();
		String owner = ownerOfCase(any, caseId);
		assertThat(this.saga.flakyThreads).isNotEmpty()
			.allSatisfy((thread) -> assertThat(thread).startsWith(owner + "-"));
		List<String> handled = this.saga.handled.stream()
			.filter((entry) -> entry.startsWith(caseId + ":"))
			.filter((entry) -> !entry.equals(caseId + ":flaky"))
			.toList();
		List<String> inOrder = new ArrayList<>(List.of(caseId + ":opened"));
		expected.forEach((step) -> inOrder.add(caseId + ":step" + step));
		assertThat(handled).isEqualTo(inOrder);
		assertThat(this.saga.handled.lastIndexOf(caseId + ":flaky")).isLessThan(this.saga.handled.indexOf(caseId + ":step1"));
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

		/** Runs the durable observers on threads named after the instance, so a test sees who handled what. */
		final ScheduledExecutorService scheduler;

		final DefaultEventBus bus;

		final DurableObservers durable;

		final SagaManager manager;

		Instance(String name, int concurrency) {
			AtomicInteger threads = new AtomicInteger();
			this.scheduler = Executors.newScheduledThreadPool(6, (task) -> {
				Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			this.bus = new DefaultEventBus(SagaSegmentsTests.this.events, this.executor, DispatchSettings.defaults(),
					(failure) -> {
					});
			this.durable = DurableObservers.builder(SagaSegmentsTests.this.events)
				.leases(SagaSegmentsTests.this.leases)
				.checkpoints(SagaSegmentsTests.this.checkpoints)
				.deadLetters(SagaSegmentsTests.this.deadLetters)
				.scheduler(this.scheduler)
				.settings(DurableSettings.defaults()
					.withRetry(new RetryPolicy(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)))
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
			this.scheduler.shutdownNow();
		}

	}

}
