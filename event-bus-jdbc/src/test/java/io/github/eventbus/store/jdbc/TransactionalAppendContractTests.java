package io.github.eventbus.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.store.ConcurrencyConflictException;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventStoreContractTests;
import io.github.eventbus.store.TestEvents.Written;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Appending transactions that overlap, commit late, stay open or roll back, while followers read: what the
 * log must survive on every database (issue 14). On PostgreSQL such transactions run in parallel; on H2 the
 * head lock runs them one after another, so the cases that need them to overlap only run on PostgreSQL.
 */
abstract class TransactionalAppendContractTests extends EventStoreContractTests {

	/** The database; shared by the tests of one class, which use tables of their own. */
	protected abstract DataSource dataSource();

	/** How long the longest of the sixteen writers' transactions stays open. */
	protected Duration longTransaction() {
		return Duration.ofSeconds(2);
	}

	protected final JdbcEventStore store() {
		return (JdbcEventStore) this.testSubject;
	}

	protected final TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
	}

	private boolean appendingTransactionsOverlap() {
		return JdbcDialect.of(dataSource()) == JdbcDialect.POSTGRESQL;
	}

	@Test
	void followerSeesEveryCommittedEventOnceInStreamOrderWhileSixteenWritersCommitLateOrRollBack() throws Exception {
		// given
		int writers = 16;
		int transactionsPerWriter = 20;
		Set<UUID> committed = ConcurrentHashMap.newKeySet();
		Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try (LoopingFollower follower = new LoopingFollower(this.testSubject, 1)) {
			// when
			List<Future<?>> futures = new ArrayList<>();
			for (int writer = 0; writer < writers; writer++) {
				int id = writer;
				futures.add(pool.submit(() -> {
					for (int n = 0; n < transactionsPerWriter; n++) {
						boolean held = (id < 2 && n == 5);
						writeOneTransaction(id, n, held, committed, rolledBack);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.MINUTES);
			}
			// then
			await().atMost(Duration.ofMinutes(2)).until(() -> follower.seen().containsAll(committed));
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			follower.close();
			assertThat(follower.problems()).isEmpty();
			assertThat(follower.seen()).containsExactlyInAnyOrderElementsOf(committed).doesNotContainAnyElementsOf(rolledBack);
			assertThat(rolledBack).isNotEmpty();
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * One writer's transaction: one or two streams shared with other writers (locked in one order, as an
	 * application would), sometimes an event of a stream of its own, random work before the commit; one in
	 * five rolls back, one in five appends without a transaction (group commit).
	 */
	private void writeOneTransaction(int writer, int n, boolean held, Set<UUID> committed, Set<UUID> rolledBack) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int stream = random.nextInt(6);
		if (!held && random.nextInt(5) == 0) {
			this.testSubject.append("s" + stream, EventStore.ANY_VERSION, List.of(new Written(writer, n)))
				.forEach((event) -> committed.add(event.id()));
			return;
		}
		boolean rollback = !held && random.nextInt(5) == 0;
		List<UUID> ids = new ArrayList<>();
		long workMillis = held ? longTransaction().toMillis() : random.nextInt(8);
		transactions().executeWithoutResult((status) -> {
			this.testSubject.append("s" + stream, EventStore.ANY_VERSION, List.of(new Written(writer, n)))
				.forEach((event) -> ids.add(event.id()));
			if (random.nextBoolean()) {
				ids.add(this.testSubject.appendOne(null, new Written(writer, n), EventMetadata.empty()).id());
			}
			if (random.nextBoolean()) {
				this.testSubject
					.append("s" + (stream + 1 + random.nextInt(3)), EventStore.ANY_VERSION,
							List.of(new Written(writer, n), new Written(writer, n)))
					.forEach((event) -> ids.add(event.id()));
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(workMillis));
			if (rollback) {
				status.setRollbackOnly();
			}
		});
		(rollback ? rolledBack : committed).addAll(ids);
	}

	@Test
	void aTransactionHeldOpenDelaysNoOtherCommitAndIsReadInItsPlaceWhenItCommits() throws Exception {
		assumeThat(appendingTransactionsOverlap()).as("appending transactions overlap").isTrue();
		// given: a transaction that appended and stays open (up to 30 s)
		CountDownLatch appended = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Event<?>> held = new AtomicReference<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try (LoopingFollower follower = new LoopingFollower(this.testSubject, 1)) {
			Future<?> holder = pool.submit(() -> transactions().executeWithoutResult((status) -> {
				held.set(this.testSubject.append("held", 0, List.of(new Written(0, 1))).get(0));
				appended.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			assertThat(appended.await(1, TimeUnit.MINUTES)).isTrue();
			// when: fifteen writers append and commit, half in transactions of their own
			List<Future<List<Event<?>>>> writers = new ArrayList<>();
			for (int writer = 1; writer < 16; writer++) {
				int id = writer;
				writers.add(pool.submit(() -> (id % 2 == 0)
						? this.testSubject.append("w" + id, 0, List.of(new Written(id, 1), new Written(id, 2)))
						: transactions().execute((status) -> this.testSubject.append("w" + id, 0,
								List.of(new Written(id, 1), new Written(id, 2))))));
			}
			List<Event<?>> others = new ArrayList<>();
			for (Future<List<Event<?>>> writer : writers) {
				others.addAll(writer.get(1, TimeUnit.MINUTES));
			}
			// then: all committed while it is still open; followers wait for it
			assertThat(holder.isDone()).isFalse();
			assertThat(others).hasSize(30)
				.allSatisfy((event) -> assertThat(event.position()).isGreaterThan(held.get().position()));
			assertThat(store().readBarrier()).isLessThanOrEqualTo(held.get().position());
			assertThat(store().barrierAge()).isPositive();
			assertThat(this.testSubject.readAll(1, 100)).extracting(Event::id)
				.doesNotContainAnyElementsOf(others.stream().map(Event::id).toList());
			// when: it commits
			release.countDown();
			holder.get(1, TimeUnit.MINUTES);
			// then: it is read first, nothing skipped
			await().atMost(Duration.ofMinutes(1)).until(() -> follower.seen().size() == 31);
			follower.close();
			assertThat(follower.problems()).isEmpty();
			assertThat(follower.read().get(0).id()).isEqualTo(held.get().id());
			assertThat(follower.seen()).containsAll(others.stream().map(Event::id).toList());
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void appendsAfterTheLastEventOfAStreamThatAYoungerTransactionWrote() throws Exception {
		assumeThat(appendingTransactionsOverlap()).as("appending transactions overlap").isTrue();
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			// given: this transaction has its id; a younger one appends to "shared" and commits
			List<Event<?>> mine = new ArrayList<>();
			AtomicReference<Event<?>> younger = new AtomicReference<>();
			transactions().executeWithoutResult((status) -> {
				mine.add(this.testSubject.append("mine", 0, List.of(new Written(0, 1))).get(0));
				try {
					younger.set(other.submit(() -> this.testSubject.append("shared", 0, List.of(new Written(1, 1))).get(0))
						.get(1, TimeUnit.MINUTES));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				// when
				mine.addAll(this.testSubject.append("shared", 1, List.of(new Written(0, 2), new Written(0, 3))));
				mine.addAll(this.testSubject.append("mine", 1, List.of(new Written(0, 4))));
			});
			// then: the stream's order and the transaction's order are both kept
			assertThat(mine).extracting(Event::version).containsExactly(1L, 2L, 3L, 2L);
			assertThat(mine.get(1).position()).isGreaterThan(younger.get().position());
			assertThat(mine).extracting(Event::position).isSorted().doesNotHaveDuplicates();
			awaitReadable(mine.get(3));
			assertThat(this.testSubject.readAll(1, 10)).extracting(Event::id)
				.containsExactly(mine.get(0).id(), younger.get().id(), mine.get(1).id(), mine.get(2).id(),
						mine.get(3).id());
		}
		finally {
			other.shutdownNow();
		}
	}

	@Test
	void aConflictInsideATransactionLeavesTheTransactionUsable() {
		// given
		this.testSubject.append("account", 0, List.of(new Written(0, 1)));
		// when
		List<Event<?>> stored = transactions().execute((status) -> {
			assertThatExceptionOfType(ConcurrencyConflictException.class)
				.isThrownBy(() -> this.testSubject.append("account", 0, List.of(new Written(0, 2))))
				.satisfies((ex) -> assertThat(ex.actualVersion()).isEqualTo(1));
			return this.testSubject.append("account", 1, List.of(new Written(0, 2)));
		});
		// then
		assertThat(stored).extracting(Event::version).containsExactly(2L);
		assertThat(this.testSubject.readStream("account")).extracting(Event::version).containsExactly(1L, 2L);
	}

}
