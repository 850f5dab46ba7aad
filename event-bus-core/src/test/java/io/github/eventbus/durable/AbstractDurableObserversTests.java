package io.github.eventbus.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.eventbus.Event;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.deadletter.DeadLetter;
import io.github.eventbus.deadletter.DeadLetter.Status;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.durable.DurableObserverStatus.State;
import io.github.eventbus.durable.Events.OrderPlaced;
import io.github.eventbus.durable.Events.StockCounted;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.UnknownEventTypeException;
import io.github.eventbus.store.UnreadableEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every backend of checkpoints, leases and dead letters must do for durable observers; one subclass
 * per backend. Each test runs real {@link DefaultEventBus}es over one in-memory event store; two
 * buses over the same stores stand for two application instances.
 */
abstract class AbstractDurableObserversTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	static final Duration LEASE = Duration.ofMillis(1500);

	/** Checkpoints, leases and dead letters shared by the instances of one test. */
	record Stores(LeaseStore leases, CheckpointStore checkpoints, DeadLetterStore deadLetters) {
	}

	/** One application instance: a bus and its durable observers. */
	record Instance(DefaultEventBus bus, DurableObservers durable) {
	}

	final EventStore store = EventStore.inMemory(100_000);

	final List<ObserverFailure> failures = new CopyOnWriteArrayList<>();

	final List<Instance> instances = new ArrayList<>();

	final ExecutorService busExecutor = Executors.newFixedThreadPool(2);

	Stores stores;

	/** The lease duration of instances started from now on. */
	Duration lease = LEASE;

	DurableObservers testSubject;

	abstract Stores newStores();

	@BeforeEach
	void createStores() {
		this.stores = newStores();
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach((instance) -> instance.durable().stop());
		this.busExecutor.shutdownNow();
	}

	DurableSettings settings(String instanceId) {
		return DurableSettings.defaults()
			.withInstanceId(instanceId)
			.withPollInterval(Duration.ofMillis(50))
			.withBatchSize(50)
			.withLeaseDuration(this.lease);
	}

	Instance start(String instanceId, Object... observerBeans) {
		return start(instanceId, this.stores, observerBeans);
	}

	Instance start(String instanceId, Stores stores, Object... observerBeans) {
		DurableObservers durable = DurableObservers.builder(this.store)
			.leases(stores.leases())
			.checkpoints(stores.checkpoints())
			.deadLetters(stores.deadLetters())
			.errorHandler(this.failures::add)
			.settings(settings(instanceId))
			.build();
		DefaultEventBus bus = new DefaultEventBus(this.store, this.busExecutor, DispatchSettings.defaults(),
				this.failures::add);
		bus.addExtension(durable);
		for (Object bean : observerBeans) {
			ObserverMethods.discover(bean.getClass().getSimpleName(), bean).forEach(bus::register);
		}
		durable.start();
		Instance instance = new Instance(bus, durable);
		this.instances.add(instance);
		return instance;
	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static List<Long> positions(List<Event<?>> events) {
		return events.stream().map(Event::position).toList();
	}

	@Nested
	class Delivery {

		@Test
		void deliversEachObserverItsEventsInPositionOrder() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			RecordingObserver stock = new RecordingObserver("stock");
			Instance instance = start("a", new Observers.Orders(orders), new Observers.Stock(stock));
			// when
			for (int i = 1; i <= 30; i++) {
				instance.bus().publish("order-" + (i % 3), new OrderPlaced("order-" + (i % 3), i));
				if (i % 10 == 0) {
					instance.bus().publish("sku-1", new StockCounted("sku-1", i));
				}
			}
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 30 && stock.handled.size() == 3);
			assertThat(orders.payloads()).extracting((payload) -> ((OrderPlaced) payload).number())
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
			assertThat(positions(orders.handled)).isSorted();
			assertThat(orders.maxActive).hasValue(1);
			assertThat(instance.bus().observerIds()).doesNotContain("orders", "stock");
		}

		@Test
		void marksEventsPublishedByADurableObserverAsCausedByTheEventItHandles() {
			// given
			Observers.Forwarder forwarder = new Observers.Forwarder();
			RecordingObserver stock = new RecordingObserver("stock");
			Instance instance = start("a", forwarder, new Observers.Stock(stock));
			forwarder.bus = instance.bus();
			// when
			Event<?> order = instance.bus().publish("order-1", new OrderPlaced("order-1", 1)).event();
			// then
			await().atMost(WAIT).until(() -> stock.handled.size() == 1);
			assertThat(stock.handled.get(0).metadata().causationId()).isEqualTo(order.id());
			assertThat(stock.handled.get(0).metadata().correlationId()).isEqualTo(order.id());
		}

		@Test
		void runsAHandlerRegisteredInCodeWithTheSameRetriesAndDeadLetters() {
			// given
			Instance instance = start("a");
			RecordingObserver saga = new RecordingObserver("saga");
			saga.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 2;
			instance.durable().register("order-saga", OrderPlaced.class,
					new io.github.eventbus.retry.RetryPolicy(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)),
					io.github.eventbus.StartFrom.BEGINNING, saga::handle);
			// when
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 3));
			// then
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("order-saga", 0, 10).size() == 2);
			assertThat(saga.payloads()).containsExactly(new OrderPlaced("order-1", 1));
			assertThat(failures).extracting(ObserverFailure::observerId, ObserverFailure::attempt)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("order-saga", 1),
						org.assertj.core.groups.Tuple.tuple("order-saga", 2));
			assertThat(instance.durable().status("order-saga")).isPresent();
		}

		@Test
		void handlesUpToConcurrencyStreamsAtOnceEachInOrder() {
			// given
			RecordingObserver orders = new RecordingObserver("parallel");
			orders.workNanos = 3_000_000;
			// The first events of two streams on different lanes wait for each other: they only meet if the
			// lanes really run at once.
			CountDownLatch meet = new CountDownLatch(2);
			orders.beforeHandle = (event) -> {
				if (event.position() <= 2) {
					meet.countDown();
					awaitQuietly(meet);
				}
			};
			Instance instance = start("a", new Observers.ParallelOrders(orders));
			// when
			for (int i = 1; i <= 120; i++) {
				instance.bus().publish("order-" + (i % 6), new OrderPlaced("order-" + (i % 6), i));
			}
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 120);
			for (int stream = 0; stream < 6; stream++) {
				String id = "order-" + stream;
				assertThat(orders.handled).filteredOn((event) -> event.streamId().equals(id))
					.extracting(Event::position)
					.hasSize(20)
					.isSorted();
			}
			assertThat(meet.getCount()).isZero();
			assertThat(orders.maxActive.get()).isBetween(2, 4);
			await().atMost(WAIT)
				.until(() -> instance.durable().status("parallel-orders").orElseThrow().checkpoint() == 120);
		}

		@Test
		void parksAFailedStreamOfAConcurrentObserverAndReplaysItInOrder() {
			// given
			RecordingObserver orders = new RecordingObserver("parallel");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 1;
			Instance instance = start("a", new Observers.ParallelOrders(orders));
			// when
			for (int i = 1; i <= 40; i++) {
				instance.bus().publish("order-" + (i % 4), new OrderPlaced("order-" + (i % 4), i));
			}
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 30
					&& instance.durable().deadLetters().list("parallel-orders", 0, 100).size() == 10);
			assertThat(orders.handled).noneMatch((event) -> event.streamId().equals("order-1"));
			orders.failWhen = (event) -> false;
			instance.durable().deadLetters().replayStream("parallel-orders", "order-1");
			await().atMost(WAIT).until(() -> orders.handled.size() == 40);
			assertThat(orders.handled).filteredOn((event) -> event.streamId().equals("order-1"))
				.extracting((event) -> ((OrderPlaced) event.payload()).number())
				.containsExactly(1, 5, 9, 13, 17, 21, 25, 29, 33, 37);
		}

		@Test
		void leavesObserversThatAreNotDurableToTheBus() {
			// given
			Instance instance = start("a", new Observers.NotDurable());
			// then
			assertThat(instance.bus().observerIds()).containsExactly("not-durable");
			assertThat(instance.durable().statuses()).isEmpty();
		}

		@Test
		void resumesFromItsCheckpointAfterARestart() {
			// given
			RecordingObserver before = new RecordingObserver("before");
			Instance first = start("a", new Observers.Orders(before));
			for (int i = 1; i <= 10; i++) {
				first.bus().publish("order-1", new OrderPlaced("order-1", i));
			}
			await().atMost(WAIT).until(() -> before.handled.size() == 10);
			first.durable().stop();
			for (int i = 11; i <= 15; i++) {
				first.bus().publish("order-1", new OrderPlaced("order-1", i));
			}
			// when
			RecordingObserver after = new RecordingObserver("after");
			start("b", new Observers.Orders(after));
			// then
			await().atMost(WAIT).until(() -> after.handled.size() >= 5);
			assertThat(after.payloads()).extracting((payload) -> ((OrderPlaced) payload).number())
				.containsExactly(11, 12, 13, 14, 15);
		}

		@Test
		void runsAgainWhenStartedAfterAStop() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			Instance instance = start("a", new Observers.Orders(orders));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			await().atMost(WAIT).until(() -> orders.handled.size() == 1);
			instance.durable().stop();
			assertThat(instance.durable().status("orders").orElseThrow().state()).isEqualTo(State.STOPPED);
			// when
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			instance.durable().start();
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 2);
			assertThat(orders.payloads()).containsExactly(new OrderPlaced("order-1", 1), new OrderPlaced("order-1", 2));
		}

		@Test
		void losesNothingWhenAnInstanceCrashesMidRun() {
			// given
			Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
			AtomicInteger overlaps = new AtomicInteger();
			RecordingObserver crashing = new RecordingObserver("crashing", inFlight, overlaps);
			crashing.workNanos = 2_000_000;
			Instance first = start("a", new Observers.Orders(crashing));
			for (int i = 1; i <= 300; i++) {
				first.bus().publish("order-" + (i % 7), new OrderPlaced("order-" + (i % 7), i));
			}
			await().atMost(WAIT).until(() -> crashing.handled.size() >= 50);
			// when
			first.durable().halt();
			RecordingObserver successor = new RecordingObserver("successor", inFlight, overlaps);
			start("b", new Observers.Orders(successor));
			// then
			await().atMost(WAIT).until(() -> successor.handled.stream().anyMatch((event) -> event.position() == 300));
			assertThat(crashing.handled).hasSizeLessThan(300);
			Set<Long> handled = new HashSet<>(positions(crashing.handled));
			handled.addAll(positions(successor.handled));
			assertThat(handled).hasSize(300);
			assertThat(overlaps).hasValue(0);
		}

		@Test
		void startsANewObserverFromNowWhenAsked() {
			// given
			Instance instance = start("a");
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			RecordingObserver late = new RecordingObserver("late");
			// when
			instance.durable().stop();
			Instance second = start("b", new Observers.LateOrders(late));
			await().atMost(WAIT)
				.until(() -> second.durable().status("late-orders").orElseThrow().state() == State.RUNNING);
			second.bus().publish("order-1", new OrderPlaced("order-1", 2));
			// then
			await().atMost(WAIT).until(() -> late.handled.size() == 1);
			assertThat(late.payloads()).containsExactly(new OrderPlaced("order-1", 2));
		}

		@Test
		void reportsCheckpointHeadLagOwnerAndState() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			Instance instance = start("a", new Observers.Orders(orders));
			// when
			for (int i = 1; i <= 5; i++) {
				instance.bus().publish("order-1", new OrderPlaced("order-1", i));
			}
			await().atMost(WAIT).until(() -> instance.durable().status("orders").orElseThrow().checkpoint() == 5);
			// then
			DurableObserverStatus status = instance.durable().status("orders").orElseThrow();
			assertThat(status.headPosition()).isEqualTo(5);
			assertThat(status.lag()).isZero();
			assertThat(status.owner()).isEqualTo("a");
			assertThat(status.state()).isEqualTo(State.RUNNING);
			assertThat(status.pendingDeadLetters()).isZero();
		}

	}

	@Nested
	class Failures {

		@Test
		void retriesWithGrowingDelaysThenDeadLetters() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 1;
			Instance instance = start("a", new Observers.Orders(orders));
			// when
			Event<?> failing = instance.bus().publish("order-1", new OrderPlaced("order-1", 1)).events().get(0);
			// then
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 1);
			List<Long> times = orders.attemptTimes(failing);
			assertThat(times).hasSize(4);
			assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(40);
			assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(80);
			assertThat(times.get(3) - times.get(2)).isGreaterThanOrEqualTo(160);
			assertThat(this.failures()).extracting(ObserverFailure::attempt).containsExactly(1, 2, 3, 4);
			DeadLetter deadLetter = instance.durable().deadLetters().list("orders", 0, 10).get(0);
			assertThat(deadLetter.status()).isEqualTo(Status.FAILED);
			assertThat(deadLetter.eventPosition()).isEqualTo(failing.position());
			assertThat(deadLetter.eventId()).isEqualTo(failing.id());
			assertThat(deadLetter.streamId()).isEqualTo("order-1");
			assertThat(deadLetter.attempts()).isEqualTo(4);
			assertThat(deadLetter.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
			assertThat(deadLetter.message()).startsWith("Refusing");
			assertThat(deadLetter.stackTrace()).contains("RecordingObserver.handle");
			assertThat(deadLetter.lastFailureAt()).isAfter(deadLetter.firstFailureAt());
		}

		private List<ObserverFailure> failures() {
			return AbstractDurableObserversTests.this.failures;
		}

		@Test
		void keepsOtherStreamsFlowingWhileOneRetries() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).orderId().equals("stuck");
			Instance instance = start("a", new Observers.PatientOrders(orders));
			Event<?> stuck = instance.bus().publish("stuck", new OrderPlaced("stuck", 1)).event();
			await().atMost(WAIT).until(() -> instance.durable().status("orders").orElseThrow().state() == State.RETRYING);
			// when
			for (int i = 2; i <= 6; i++) {
				instance.bus().publish("flowing", new OrderPlaced("flowing", i));
			}
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 5);
			DurableObserverStatus whileRetrying = instance.durable().status("orders").orElseThrow();
			assertThat(whileRetrying.state()).isEqualTo(State.RETRYING);
			assertThat(whileRetrying.checkpoint()).isEqualTo(stuck.position() - 1);
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 1);
			assertThat(orders.handled).hasSize(5);
			await().atMost(WAIT).until(() -> instance.durable().status("orders").orElseThrow().checkpoint() == 6);
			long lastAttemptOnStuck = orders.attemptTimes(stuck).get(2);
			assertThat(orders.handled).allSatisfy((event) -> assertThat(orders.attemptTimes(event).get(0))
				.isLessThan(lastAttemptOnStuck));
		}

		@Test
		void parksTheStreamBehindADeadLetterAndDeliversItInOrderAfterReplay() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 1;
			Instance instance = start("a", new Observers.Orders(orders));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			instance.bus().publish("order-2", new OrderPlaced("order-2", 3));
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 2);
			instance.bus().publish("order-1", new OrderPlaced("order-1", 4));
			instance.bus().publish("order-2", new OrderPlaced("order-2", 5));
			await().atMost(WAIT).until(() -> orders.handled.size() == 2);
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 3);
			List<DeadLetter> deadLetters = instance.durable().deadLetters().list("orders", 0, 10);
			assertThat(deadLetters).extracting(DeadLetter::status)
				.containsExactly(Status.FAILED, Status.PARKED, Status.PARKED);
			assertThat(deadLetters.get(1).blockedBy()).isEqualTo(deadLetters.get(0).eventPosition());
			assertThat(orders.payloads()).extracting((payload) -> ((OrderPlaced) payload).number())
				.containsExactly(3, 5);
			await().atMost(WAIT).until(() -> instance.durable().status("orders").orElseThrow().checkpoint() == 5);
			// when
			orders.failWhen = (event) -> false;
			int marked = instance.durable().deadLetters().replay(deadLetters.get(0).id());
			// then
			assertThat(marked).isEqualTo(3);
			await().atMost(WAIT).until(() -> orders.handled.size() == 5);
			assertThat(orders.payloads()).extracting((payload) -> ((OrderPlaced) payload).number())
				.containsExactly(3, 5, 1, 2, 4);
			assertThat(instance.durable().deadLetters().list("orders", 0, 10)).isEmpty();
			instance.bus().publish("order-1", new OrderPlaced("order-1", 6));
			await().atMost(WAIT).until(() -> orders.handled.size() == 6);
		}

		@Test
		void keepsTheStreamParkedWhenAReplayFailsAgain() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() != 3;
			Instance instance = start("a", new Observers.Orders(orders));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 2);
			// when
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 2;
			instance.durable().deadLetters().replayStream("orders", "order-1");
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 1
					&& instance.durable().deadLetters().list("orders", 0, 10).size() == 1);
			DeadLetter remaining = instance.durable().deadLetters().list("orders", 0, 10).get(0);
			assertThat(remaining.status()).isEqualTo(Status.FAILED);
			assertThat(remaining.attempts()).isEqualTo(1);
			instance.bus().publish("order-1", new OrderPlaced("order-1", 3));
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 2);
			assertThat(orders.handled).hasSize(1);
		}

		@Test
		void discardingTheFailedEventReleasesTheEventsParkedBehindIt() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 1;
			Instance instance = start("a", new Observers.Orders(orders));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 1));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).size() == 2);
			DeadLetter failed = instance.durable().deadLetters().list("orders", 0, 10).get(0);
			// when
			boolean discarded = instance.durable().deadLetters().discard(failed.id());
			// then
			assertThat(discarded).isTrue();
			await().atMost(WAIT).until(() -> orders.handled.size() == 1);
			assertThat(orders.payloads()).containsExactly(new OrderPlaced("order-1", 2));
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("orders", 0, 10).isEmpty());
			instance.bus().publish("order-1", new OrderPlaced("order-1", 3));
			await().atMost(WAIT).until(() -> orders.handled.size() == 2);
			assertThat(instance.durable().deadLetters().find(failed.id())).isEmpty();
		}

		@Test
		void neverParksEventsHandledBeforeTheFailedOneWhenReadAgainAfterADatabaseError() {
			// given: checkpoint saves fail for a while, so the observer reads the stream again from the start
			RecordingObserver orders = new RecordingObserver("orders");
			orders.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 3;
			FlakyCheckpoints checkpoints = new FlakyCheckpoints(stores.checkpoints());
			Instance instance = start("a", new Stores(stores.leases(), checkpoints, stores.deadLetters()),
					new Observers.OnceOrders(orders));
			await().atMost(WAIT).until(() -> instance.durable().status("once-orders").orElseThrow().state() == State.RUNNING);
			checkpoints.failing.set(true);
			// when
			for (int i = 1; i <= 4; i++) {
				instance.bus().publish("order-1", new OrderPlaced("order-1", i));
			}
			await().atMost(WAIT).until(() -> instance.durable().deadLetters().list("once-orders", 0, 10).size() >= 2
					&& checkpoints.failedSaves.get() >= 3);
			checkpoints.failing.set(false);
			// then
			await().atMost(WAIT).until(() -> instance.durable().status("once-orders").orElseThrow().checkpoint() == 4);
			assertThat(instance.durable().deadLetters().list("once-orders", 0, 10))
				.extracting(DeadLetter::eventPosition, DeadLetter::status)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(3L, Status.FAILED),
						org.assertj.core.groups.Tuple.tuple(4L, Status.PARKED));
			assertThat(orders.handled).extracting(Event::position).contains(1L, 2L).doesNotContain(3L, 4L);
		}

		@Test
		void deadLettersAnUnreadableEventWithItsReasonAndMovesOn() {
			// given
			RecordingObserver orders = new RecordingObserver("orders");
			Instance instance = start("a", new Observers.Orders(orders));
			// when
			store.append("order-1", EventStore.ANY_VERSION, List.of(new UnreadableEvent("order-shipped", 1,
					"{\"orderId\":\"order-1\"}", new UnknownEventTypeException("order-shipped"))));
			instance.bus().publish("order-1", new OrderPlaced("order-1", 2));
			instance.bus().publish("order-2", new OrderPlaced("order-2", 3));
			// then
			await().atMost(WAIT).until(() -> orders.handled.size() == 2);
			List<DeadLetter> deadLetters = instance.durable().deadLetters().list("orders", 0, 10);
			assertThat(deadLetters).hasSize(1);
			assertThat(deadLetters.get(0).status()).isEqualTo(Status.UNREADABLE);
			assertThat(deadLetters.get(0).exceptionClass()).isEqualTo(UnknownEventTypeException.class.getName());
			assertThat(deadLetters.get(0).message()).contains("order-shipped");
			assertThat(deadLetters.get(0).eventPosition()).isEqualTo(1);
			assertThat(failures).extracting(ObserverFailure::exception)
				.hasExactlyElementsOfTypes(UnknownEventTypeException.class);
		}

	}

	@Nested
	class Instances {

		final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();

		final AtomicInteger overlaps = new AtomicInteger();

		@Test
		void runsEachObserverOnOneInstanceAndMovesItAtOnceWhenTheOwnerStops() {
			// given: a lease far longer than the test may wait, so only a release can hand the observer over
			AbstractDurableObserversTests.this.lease = Duration.ofMinutes(2);
			RecordingObserver ordersA = new RecordingObserver("orders@a", this.inFlight, this.overlaps);
			RecordingObserver ordersB = new RecordingObserver("orders@b", this.inFlight, this.overlaps);
			Instance a = start("a", new Observers.Orders(ordersA));
			Instance b = start("b", new Observers.Orders(ordersB));
			for (int i = 1; i <= 200; i++) {
				a.bus().publish("order-" + (i % 5), new OrderPlaced("order-" + (i % 5), i));
			}
			await().atMost(WAIT).until(() -> ordersA.handled.size() + ordersB.handled.size() >= 200);
			String owner = a.durable().status("orders").orElseThrow().owner();
			assertThat(owner).isIn("a", "b");
			Instance ownerInstance = owner.equals("a") ? a : b;
			Instance standby = owner.equals("a") ? b : a;
			RecordingObserver standbyRecorder = owner.equals("a") ? ordersB : ordersA;
			assertThat(standbyRecorder.handled).isEmpty();
			assertThat(standby.durable().status("orders").orElseThrow().state()).isEqualTo(State.STANDBY);
			// when
			ownerInstance.durable().stop();
			for (int i = 201; i <= 300; i++) {
				ownerInstance.bus().publish("order-" + (i % 5), new OrderPlaced("order-" + (i % 5), i));
			}
			// then
			String successor = owner.equals("a") ? "b" : "a";
			await().atMost(WAIT)
				.until(() -> successor.equals(standby.durable().status("orders").orElseThrow().owner()));
			await().atMost(WAIT).until(() -> standbyRecorder.handled.stream().anyMatch((e) -> e.position() == 300));
			assertEveryEventHandled(300, ordersA, ordersB);
			await().atMost(WAIT)
				.until(() -> ownerInstance.durable().status("orders").orElseThrow().checkpoint() == 300);
			assertThat(ownerInstance.durable().status("orders").orElseThrow().state()).isEqualTo(State.STOPPED);
		}

		@Test
		void takesOverFromTheCheckpointWhenTheOwnerCrashes() {
			// given
			RecordingObserver ordersA = new RecordingObserver("orders@a", this.inFlight, this.overlaps);
			Instance a = start("a", new Observers.Orders(ordersA));
			await().atMost(WAIT).until(() -> "a".equals(a.durable().status("orders").orElseThrow().owner()));
			RecordingObserver ordersB = new RecordingObserver("orders@b", this.inFlight, this.overlaps);
			Instance b = start("b", new Observers.Orders(ordersB));
			for (int i = 1; i <= 100; i++) {
				a.bus().publish("order-" + (i % 5), new OrderPlaced("order-" + (i % 5), i));
			}
			await().atMost(WAIT).until(() -> ordersA.handled.size() >= 100);
			// when
			a.durable().halt();
			for (int i = 101; i <= 150; i++) {
				b.bus().publish("order-" + (i % 5), new OrderPlaced("order-" + (i % 5), i));
			}
			// then
			await().atMost(WAIT).until(() -> "b".equals(b.durable().status("orders").orElseThrow().owner()));
			await().atMost(WAIT).until(() -> ordersB.handled.stream().anyMatch((e) -> e.position() == 150));
			assertThat(ordersB.handled).extracting(Event::position)
				.filteredOn((position) -> position <= 100)
				.hasSizeLessThanOrEqualTo(settings("b").batchSize());
			assertEveryEventHandled(150, ordersA, ordersB);
		}

		@Test
		void interruptsAHandlerStillRunningWhenItsInstanceLosesTheLeaseAndLeavesTheEventToTheSuccessor() {
			// given: instance a loses its database connection for leases while its handler hangs
			RecordingObserver ordersA = new RecordingObserver("orders@a", this.inFlight, this.overlaps);
			CountDownLatch never = new CountDownLatch(1);
			List<Long> interrupted = new CopyOnWriteArrayList<>();
			ordersA.beforeHandle = (event) -> {
				try {
					never.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					interrupted.add(event.position());
					throw new IllegalStateException("interrupted", ex);
				}
			};
			CutOffLeaseStore cutOff = new CutOffLeaseStore(stores.leases());
			Instance a = start("a", new Stores(cutOff, stores.checkpoints(), stores.deadLetters()),
					new Observers.Orders(ordersA));
			await().atMost(WAIT).until(() -> "a".equals(a.durable().status("orders").orElseThrow().owner()));
			RecordingObserver ordersB = new RecordingObserver("orders@b", this.inFlight, this.overlaps);
			Instance b = start("b", new Observers.Orders(ordersB));
			a.bus().publish("order-1", new OrderPlaced("order-1", 1));
			a.bus().publish("order-1", new OrderPlaced("order-1", 2));
			await().atMost(WAIT).until(() -> ordersA.active.get() == 1);
			// when
			cutOff.cutOff.set(true);
			// then
			await().atMost(WAIT).until(() -> interrupted.equals(List.of(1L)));
			await().atMost(WAIT).until(() -> ordersB.handled.size() == 2);
			assertThat(ordersA.handled).isEmpty();
			assertThat(ordersB.payloads()).containsExactly(new OrderPlaced("order-1", 1), new OrderPlaced("order-1", 2));
			assertThat(b.durable().deadLetters().list("orders", 0, 10)).isEmpty();
			assertThat(failures).isEmpty();
			assertThat(this.overlaps).hasValue(0);
			never.countDown();
		}

		@Test
		void deliversAReplayRequestedOnAnotherInstanceOnTheOwner() {
			// given: a runs the observer, whose stream order-1 is blocked by a dead letter
			RecordingObserver ordersA = new RecordingObserver("orders@a", this.inFlight, this.overlaps);
			ordersA.failWhen = (event) -> ((OrderPlaced) event.payload()).number() == 1;
			Instance a = start("a", new Observers.Orders(ordersA));
			await().atMost(WAIT).until(() -> "a".equals(a.durable().status("orders").orElseThrow().owner()));
			RecordingObserver ordersB = new RecordingObserver("orders@b", this.inFlight, this.overlaps);
			Instance b = start("b", new Observers.Orders(ordersB));
			a.bus().publish("order-1", new OrderPlaced("order-1", 1));
			a.bus().publish("order-1", new OrderPlaced("order-1", 2));
			await().atMost(WAIT).until(() -> b.durable().deadLetters().list("orders", 0, 10).size() == 2);
			ordersA.failWhen = (event) -> false;
			// when: the replay is asked for on the instance on standby
			int marked = b.durable().deadLetters().replayStream("orders", "order-1");
			// then
			assertThat(marked).isEqualTo(2);
			await().atMost(WAIT).until(() -> ordersA.handled.size() == 2);
			assertThat(ordersA.payloads()).containsExactly(new OrderPlaced("order-1", 1), new OrderPlaced("order-1", 2));
			assertThat(ordersB.handled).isEmpty();
			// the entry is deleted just after its event is handled
			await().atMost(WAIT).until(() -> a.durable().deadLetters().list("orders", 0, 10).isEmpty());
		}

		void assertEveryEventHandled(int count, RecordingObserver... recorders) {
			Set<Long> handled = new HashSet<>();
			for (RecordingObserver recorder : recorders) {
				handled.addAll(positions(recorder.handled));
			}
			assertThat(handled).containsAll(IntStream.rangeClosed(1, count).mapToObj(Long::valueOf).toList());
			assertThat(this.overlaps).hasValue(0);
		}

	}

	@Nested
	class Segmented {

		static final String ID = "segmented-orders";

		final StreamLog log = new StreamLog();

		int published;

		@Test
		void sharesTwelveSegmentsFairlyAndMovesThemWhenAnInstanceCrashesOrJoins() {
			// given: three instances share the observer's twelve segments
			Instance a = start("a", new Observers.SegmentedOrders("a", this.log));
			Instance b = start("b", new Observers.SegmentedOrders("b", this.log));
			Instance c = start("c", new Observers.SegmentedOrders("c", this.log));
			awaitShares(a, Map.of("a", 4L, "b", 4L, "c", 4L));
			publish(a, 400);
			awaitEveryEventHandled();
			assertThat(this.log.handledBy("a")).isPositive();
			assertThat(this.log.handledBy("b")).isPositive();
			assertThat(this.log.handledBy("c")).isPositive();
			// when: c crashes while events keep coming
			c.durable().halt();
			publish(a, 200);
			// then: its segments move to a and b
			awaitShares(a, Map.of("a", 6L, "b", 6L));
			awaitEveryEventHandled();
			// when: d joins
			Instance d = start("d", new Observers.SegmentedOrders("d", this.log));
			awaitShares(b, Map.of("a", 4L, "b", 4L, "d", 4L));
			publish(b, 200);
			// then
			awaitEveryEventHandled();
			assertThat(this.log.handledBy("d")).isPositive();
			assertThat(this.log.outOfOrder).hasValue(0);
			assertThat(this.log.overlaps).hasValue(0);
			// duplicates only from c's last unsaved batch: handing a segment over saves its checkpoint first
			assertThat(this.log.handled.size() - this.published).isBetween(0, settings("a").batchSize());
			await().atMost(WAIT).until(() -> d.durable().status(ID).orElseThrow().checkpoint() == this.published);
			DurableObserverStatus status = d.durable().status(ID).orElseThrow();
			assertThat(status.segments()).hasSize(12)
				.allSatisfy((segment) -> assertThat(segment.checkpoint()).isEqualTo(this.published))
				.allSatisfy((segment) -> assertThat(segment.lag()).isZero());
			assertThat(status.segments()).extracting(DurableObserverStatus.SegmentStatus::name)
				.contains(ID + "#0/12", ID + "#11/12");
		}

		@Test
		void resetsToTheBeginningOnEveryInstanceAndLosesNothingPublishedMeanwhile() throws Exception {
			// given: two instances have handled 200 events
			Instance a = start("a", new Observers.SegmentedOrders("a", this.log));
			Instance b = start("b", new Observers.SegmentedOrders("b", this.log));
			awaitShares(a, Map.of("a", 6L, "b", 6L));
			publish(a, 200);
			awaitEveryEventHandled();
			// when: a rebuild from the beginning, while b publishes 200 more
			ExecutorService publisher = Executors.newSingleThreadExecutor();
			java.util.concurrent.Future<?> publishing = publisher.submit(() -> publish(b, 200));
			ResetResult result = a.durable().reset(ID, ResetTarget.beginning(), true);
			publishing.get(30, TimeUnit.SECONDS);
			publisher.shutdown();
			// then: the 200 events handled before the reset are handled again, the others at least once
			assertThat(result.checkpoint()).isZero();
			assertThat(result.segments()).isEqualTo(12);
			await().atMost(WAIT).until(() -> {
				Map<Long, Long> times = timesHandled();
				return times.size() == this.published
						&& IntStream.rangeClosed(1, 200).allMatch((position) -> times.get((long) position) >= 2);
			});
			awaitShares(b, Map.of("a", 6L, "b", 6L));
			assertThat(projection(this.log.handled)).isEqualTo(expectedProjection());
			assertThat(this.log.outOfOrder).hasValue(0);
			assertThat(this.log.overlaps).hasValue(0);
		}

		@Test
		void refusesToStartWhenTheSegmentCountOfAnObserverWithCheckpointsChanged() {
			// given
			Instance a = start("a", new Observers.SegmentedOrders("a", this.log));
			publish(a, 10);
			awaitEveryEventHandled();
			a.durable().stop();
			// when / then
			org.assertj.core.api.Assertions.assertThatIllegalStateException()
				.isThrownBy(() -> start("b", new Observers.ResegmentedOrders()))
				.withMessageContaining("'" + ID + "'")
				.withMessageContaining("configured with 4 segment(s)")
				.withMessageContaining("taken with 12 segment(s)");
		}

		void publish(Instance instance, int count) {
			for (int i = 0; i < count; i++) {
				int n;
				synchronized (this) {
					n = ++this.published;
				}
				instance.bus().publish("order-" + (n % 40), new OrderPlaced("order-" + (n % 40), n));
			}
		}

		void awaitEveryEventHandled() {
			await().atMost(WAIT).until(() -> this.log.positions().size() == this.published);
		}

		void awaitShares(Instance observer, Map<String, Long> shares) {
			await().atMost(WAIT).until(() -> owners(observer).equals(shares));
		}

		Map<String, Long> owners(Instance observer) {
			Map<String, Long> owners = new java.util.TreeMap<>();
			for (DurableObserverStatus.SegmentStatus segment : observer.durable().status(ID).orElseThrow().segments()) {
				if (segment.owner() != null) {
					owners.merge(segment.owner(), 1L, Long::sum);
				}
			}
			return owners;
		}

		Map<Long, Long> timesHandled() {
			Map<Long, Long> times = new java.util.HashMap<>();
			this.log.handled.forEach((entry) -> times.merge(entry.event().position(), 1L, Long::sum));
			return times;
		}

		Map<String, Long> expectedProjection() {
			Map<String, Long> projection = new java.util.TreeMap<>();
			for (int n = 1; n <= this.published; n++) {
				projection.merge("order-" + (n % 40), (long) n, Math::max);
			}
			return projection;
		}

		/** What a projection of the handled events holds: the highest number seen per stream. */
		Map<String, Long> projection(List<StreamLog.Handled> handled) {
			Map<String, Long> projection = new java.util.TreeMap<>();
			for (StreamLog.Handled entry : handled) {
				OrderPlaced order = (OrderPlaced) entry.event().payload();
				projection.merge(order.orderId(), (long) order.number(), Math::max);
			}
			return projection;
		}

	}

}
