package io.github.eventbus.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.saga.TestSagas.CaseSaga;
import io.github.eventbus.saga.TestSagas.CaseState;
import io.github.eventbus.saga.TestSagas.Opened;
import io.github.eventbus.saga.TestSagas.Step;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
		Instance instance = new Instance(name);
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

	/** One application instance: its bus, durable observers and saga manager. */
	private final class Instance {

		final ExecutorService executor = Executors.newFixedThreadPool(4);

		final DefaultEventBus bus;

		final DurableObservers durable;

		final SagaManager manager;

		Instance(String name) {
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
			this.manager.register("caseSaga", SagaSegmentsTests.this.saga);
			this.manager.start();
			this.durable.start();
		}

		long owned() {
			return this.durable.status("saga:case").orElseThrow().segments().stream()
				.filter((segment) -> name().equals(segment.owner()))
				.count();
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
