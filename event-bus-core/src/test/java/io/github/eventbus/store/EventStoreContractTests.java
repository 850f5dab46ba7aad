package io.github.eventbus.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.LockSupport;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.TestEvents.Deposited;
import io.github.eventbus.store.TestEvents.Withdrawn;
import io.github.eventbus.store.TestEvents.Written;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link EventStore} must have. One subclass per backend creates the store.
 */
public abstract class EventStoreContractTests {

	protected EventStore testSubject;

	/** A new, empty store. */
	protected abstract EventStore createStore();

	/** Releases what {@link #createStore()} created. */
	protected void dispose(EventStore store) {
	}

	/** How many events the gap-free follower case appends. */
	protected int followerEventCount() {
		return 50_000;
	}

	/**
	 * Runs one writer's append in the gap-free follower case; backends with transactions override this to
	 * make some writers append in transactions of their own.
	 */
	protected List<Event<?>> appendAsWriter(int writer, String streamId, List<?> payloads) {
		return this.testSubject.append(streamId, EventStore.ANY_VERSION, payloads);
	}

	@BeforeEach
	void createTestSubject() {
		this.testSubject = createStore();
	}

	@AfterEach
	void disposeTestSubject() {
		dispose(this.testSubject);
	}

	@Test
	void numbersVersionsFromOneAndPositionsIncreasing() {
		// given
		List<Event<?>> first = testSubject.append("account-1", 0, List.of(new Deposited("account-1", 10)));
		// when
		List<Event<?>> more = testSubject.append("account-1", 1,
				List.of(new Withdrawn("account-1", 3), new Deposited("account-1", 5)));
		// then
		assertThat(first).singleElement().satisfies((event) -> {
			assertThat(event.version()).isEqualTo(1);
			assertThat(event.position()).isPositive();
			assertThat(event.streamId()).isEqualTo("account-1");
			assertThat(event.type()).isEqualTo("deposited");
		});
		assertThat(more).extracting(Event::version).containsExactly(2L, 3L);
		assertThat(more.get(0).position()).isGreaterThan(first.get(0).position());
		assertThat(more.get(1).position()).isGreaterThan(more.get(0).position());
		assertThat(more.get(0).type()).isEqualTo("Withdrawn");
	}

	@Test
	void readsAStreamBackInVersionOrder() {
		// given
		testSubject.append("account-1", 0, List.of(new Deposited("account-1", 10), new Withdrawn("account-1", 4)));
		testSubject.append("account-2", 0, List.of(new Deposited("account-2", 99)));
		// when
		List<Event<?>> stream = testSubject.readStream("account-1");
		// then
		assertThat(stream).<Object>extracting(Event::payload)
			.containsExactly(new Deposited("account-1", 10), new Withdrawn("account-1", 4));
		assertThat(stream).extracting(Event::version).containsExactly(1L, 2L);
		assertThat(testSubject.readStream("no-such-stream")).isEmpty();
	}

	@Test
	void keepsMetadata() {
		// given
		UUID correlation = UUID.randomUUID();
		UUID causation = UUID.randomUUID();
		EventMetadata metadata = new EventMetadata(correlation, causation, Map.of("tenant", "acme"));
		// when
		Event<?> appended = testSubject.append("account-1", 0, List.of(new Deposited("a", 1)), metadata).get(0);
		// then
		Event<?> read = testSubject.readStream("account-1").get(0);
		assertThat(read.id()).isEqualTo(appended.id());
		assertThat(read.metadata()).isEqualTo(metadata);
		assertThat(read.occurredAt()).isEqualTo(appended.occurredAt());
	}

	@Test
	void givesAnEventWithoutStreamItsOwnStream() {
		// when
		Event<?> event = testSubject.appendOne(null, new Deposited("a", 1), EventMetadata.empty());
		// then
		assertThat(event.version()).isEqualTo(1);
		assertThat(event.streamId()).isEqualTo(event.id().toString());
		assertThat(event.metadata().correlationId()).isEqualTo(event.id());
		assertThat(testSubject.readStream(event.streamId())).extracting(Event::id).containsExactly(event.id());
	}

	@Test
	void appendsOneToANamedStreamAtItsNextVersion() {
		// given
		testSubject.append("account-1", 0, List.of(new Deposited("a", 1)));
		// when
		Event<?> event = testSubject.appendOne("account-1", new Deposited("a", 2), EventMetadata.empty());
		// then
		assertThat(event.version()).isEqualTo(2);
	}

	@Test
	void refusesAWrongExpectedVersionWithTheActualOne() {
		// given
		testSubject.append("account-1", 0, List.of(new Deposited("a", 1), new Deposited("a", 2)));
		// when / then
		assertThatExceptionOfType(ConcurrencyConflictException.class)
			.isThrownBy(() -> testSubject.append("account-1", 0, List.of(new Deposited("a", 3))))
			.satisfies((ex) -> {
				assertThat(ex.streamId()).isEqualTo("account-1");
				assertThat(ex.expectedVersion()).isZero();
				assertThat(ex.actualVersion()).isEqualTo(2);
			});
		assertThat(testSubject.readStream("account-1")).hasSize(2);
	}

	@Test
	void refusesAnExpectedVersionForAStreamThatDoesNotExist() {
		assertThatExceptionOfType(ConcurrencyConflictException.class)
			.isThrownBy(() -> testSubject.append("new", 3, List.of(new Deposited("a", 3))))
			.satisfies((ex) -> assertThat(ex.actualVersion()).isZero());
	}

	@Test
	void appendsAtTheRightExpectedVersion() {
		// given
		testSubject.append("account-1", 0, List.of(new Deposited("a", 1), new Deposited("a", 2)));
		// when
		List<Event<?>> appended = testSubject.append("account-1", 2, List.of(new Deposited("a", 3)));
		// then
		assertThat(appended).extracting(Event::version).containsExactly(3L);
	}

	@Test
	void skipsTheCheckWithAnyVersion() {
		// given
		testSubject.append("account-1", EventStore.ANY_VERSION, List.of(new Deposited("a", 1)));
		// when
		List<Event<?>> appended = testSubject.append("account-1", EventStore.ANY_VERSION,
				List.of(new Deposited("a", 2)));
		// then
		assertThat(appended).extracting(Event::version).containsExactly(2L);
	}

	@Test
	void givesExactlyOneWinnerPerVersionToSixteenConcurrentWriters() throws Exception {
		// given
		int threads = 16;
		long versions = 200;
		ConcurrentLinkedQueue<Long> wins = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		// when
		List<Future<?>> writers = new ArrayList<>();
		for (int writer = 0; writer < threads; writer++) {
			int id = writer;
			writers.add(pool.submit(() -> {
				start.await();
				long expected = 0;
				while (expected < versions) {
					try {
						testSubject.append("contended", expected, List.of(new Written(id, expected + 1)));
						wins.add(expected + 1);
						expected++;
					}
					catch (ConcurrencyConflictException ex) {
						if (ex.actualVersion() <= expected || ex.expectedVersion() != expected) {
							problems.add(ex.getMessage());
						}
						expected = ex.actualVersion();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> writer : writers) {
			writer.get(2, TimeUnit.MINUTES);
		}
		pool.shutdown();
		// then
		assertThat(problems).isEmpty();
		assertThat(wins).hasSize((int) versions).doesNotHaveDuplicates();
		List<Event<?>> stream = testSubject.readStream("contended");
		assertThat(stream).extracting(Event::version)
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, versions).boxed().toList());
		assertThat(stream).allSatisfy(
				(event) -> assertThat(((Written) event.payload()).sequence()).isEqualTo(event.version()));
	}

	@Test
	void readsFromAPositionInclusiveUpToALimit() {
		// given
		List<Event<?>> appended = testSubject.append("s", 0, List.of(new Deposited("a", 1), new Deposited("a", 2),
				new Deposited("a", 3), new Deposited("a", 4), new Deposited("a", 5)));
		long second = appended.get(1).position();
		awaitReadable(appended.get(4));
		// when
		List<Event<?>> page = testSubject.readAll(second, 2);
		// then
		assertThat(page).extracting(Event::id).containsExactly(appended.get(1).id(), appended.get(2).id());
		assertThat(testSubject.readAll(appended.get(4).position() + 1, 10)).isEmpty();
		assertThat(testSubject.readAll(second, 0)).isEmpty();
		assertThat(testSubject.headPosition()).isEqualTo(appended.get(4).position());
	}

	@Test
	void readsAcrossStreamsInAppendOrder() {
		// given
		Event<?> a = testSubject.append("a", 0, List.of(new Deposited("a", 1))).get(0);
		Event<?> b = testSubject.append("b", 0, List.of(new Deposited("b", 1))).get(0);
		Event<?> c = testSubject.appendOne(null, new Withdrawn("c", 1), EventMetadata.empty());
		awaitReadable(c);
		// when
		List<Event<?>> all = testSubject.readAll(a.position(), 10);
		// then
		assertThat(all).extracting(Event::id).containsExactly(a.id(), b.id(), c.id());
	}

	/**
	 * Waits until a committed event is readable: on a store whose readers stop below the oldest running
	 * transaction (PostgreSQL), another transaction anywhere in the database may hold it back for a while.
	 */
	protected void awaitReadable(Event<?> event) {
		await().atMost(Duration.ofMinutes(1)).until(() -> testSubject.headPosition() >= event.position());
	}

	@Test
	void followerSeesEveryEventExactlyOnceInPositionOrderWhileEightWritersAppend() throws Exception {
		// given
		int writers = 8;
		int total = followerEventCount();
		int perWriter = total / writers;
		Set<UUID> appended = ConcurrentHashMap.newKeySet();
		// Written by the follower only, read after it is joined.
		List<Event<?>> seen = new ArrayList<>();
		List<String> problems = new CopyOnWriteArrayList<>();
		AtomicBoolean following = new AtomicBoolean(true);
		AtomicLong followed = new AtomicLong();
		long start = testSubject.headPosition() + 1;
		Thread follower = new Thread(() -> {
			long next = start;
			Set<UUID> ids = new HashSet<>();
			long last = start - 1;
			while (following.get()) {
				List<Event<?>> page = testSubject.readAll(next, 1000);
				if (page.isEmpty()) {
					// A real follower would wait for a notification; this one polls gently.
					LockSupport.parkNanos(1_000_000);
				}
				for (Event<?> event : page) {
					if (event.position() <= last) {
						problems.add("position " + event.position() + " after " + last);
					}
					if (!ids.add(event.id())) {
						problems.add("seen twice: " + event);
					}
					last = event.position();
					next = last + 1;
					seen.add(event);
				}
				followed.set(last);
			}
		}, "follower");
		follower.start();
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		// when
		List<Future<?>> futures = new ArrayList<>();
		for (int writer = 0; writer < writers; writer++) {
			int id = writer;
			futures.add(pool.submit(() -> {
				long sequence = 0;
				while (sequence < perWriter) {
					int size = (int) Math.min(1 + (sequence % 10), perWriter - sequence);
					List<Written> payloads = new ArrayList<>(size);
					for (int i = 0; i < size; i++) {
						payloads.add(new Written(id, ++sequence));
					}
					String stream = "writer-" + id + "-" + (sequence % 50);
					if (id % 4 == 0) {
						// Events of streams of their own take the cheapest path of a store.
						for (Written payload : payloads) {
							appended.add(testSubject.appendOne(null, payload, EventMetadata.empty()).id());
						}
					}
					else {
						appendAsWriter(id, stream, payloads).forEach((event) -> appended.add(event.id()));
					}
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get(3, TimeUnit.MINUTES);
		}
		pool.shutdown();
		// then
		try {
			long head = testSubject.headPosition();
			await().atMost(Duration.ofMinutes(1)).until(() -> followed.get() >= head);
		}
		finally {
			following.set(false);
			follower.join();
		}
		assertThat(problems).isEmpty();
		assertThat(appended).hasSize(perWriter * writers);
		assertThat(seen).extracting(Event::id).containsExactlyInAnyOrderElementsOf(appended);
	}

}
