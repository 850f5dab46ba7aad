package io.github.eventbus.kafka.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.eventbus.kafka.ProcessedEvents;
import io.github.eventbus.kafka.ProcessedEventsContractTests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC processed-events table on one database; one subclass per database. */
abstract class JdbcProcessedEventsContractTests extends ProcessedEventsContractTests {

	protected final String tablePrefix = "kt" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";

	/**
	 * The two racing consumers' threads. Not the common pool: with one spare core it may have a single
	 * thread, and the first consumer blocks in it while the second must run.
	 */
	private final ExecutorService consumers = Executors.newCachedThreadPool();

	protected abstract DataSource dataSource();

	@AfterEach
	void stopConsumers() {
		this.consumers.shutdownNow();
	}

	/** Whether a session is blocked inserting into the processed-events table. */
	protected abstract boolean someoneWaitsToInsert(JdbcTemplate jdbc);

	@Override
	protected ProcessedEvents create() {
		JdbcProcessedEvents.createTable(dataSource(), this.tablePrefix);
		return new JdbcProcessedEvents(dataSource(), new DataSourceTransactionManager(dataSource()), this.tablePrefix,
				Clock.systemUTC());
	}

	@Test
	void aSecondConsumerWaitsForTheFirstAndHandlesOnlyIfItRolledBack() throws Exception {
		// given: the first consumer is inside the observer, its row not committed yet
		UUID id = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
			try {
				return this.testSubject.handleOnce("observer", id, () -> {
					inside.countDown();
					await(release);
					calls.incrementAndGet();
					throw new IllegalStateException("first fails after the rebalance");
				});
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}, this.consumers);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

		// when: the second consumer gets the same event meanwhile, and waits on the first one's row
		CompletableFuture<Boolean> second = CompletableFuture
			.supplyAsync(() -> this.testSubject.handleOnce("observer", id, calls::incrementAndGet), this.consumers);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> someoneWaitsToInsert(jdbc));
		release.countDown();

		// then: the first rolled back, so the second handled it; it was applied once
		assertThat(first.get(20, TimeUnit.SECONDS)).isFalse();
		assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
		assertThat(this.testSubject.isProcessed("observer", id)).isTrue();
		assertThat(calls).hasValue(2);
	}

	@Test
	void aSecondConsumerSkipsTheEventOnceTheFirstCommitted() throws Exception {
		// given
		UUID id = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> this.testSubject.handleOnce("observer",
				id, () -> {
					inside.countDown();
					await(release);
					calls.incrementAndGet();
				}), this.consumers);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

		// when
		CompletableFuture<Boolean> second = CompletableFuture
			.supplyAsync(() -> this.testSubject.handleOnce("observer", id, calls::incrementAndGet), this.consumers);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> someoneWaitsToInsert(jdbc));
		release.countDown();

		// then
		assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
		assertThat(second.get(20, TimeUnit.SECONDS)).isFalse();
		assertThat(calls).hasValue(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
