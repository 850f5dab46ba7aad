package io.github.eventbus.kafka.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.eventbus.kafka.ProcessedEvents;
import io.github.eventbus.kafka.ProcessedEventsContractTests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class H2JdbcProcessedEventsIntegrationTests extends ProcessedEventsContractTests {

	private DriverManagerDataSource dataSource;

	@Override
	protected ProcessedEvents create() {
		this.dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:processed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
		JdbcProcessedEvents.createTable(this.dataSource, "eventbus_");
		return new JdbcProcessedEvents(this.dataSource, new DataSourceTransactionManager(this.dataSource),
				"eventbus_", Clock.systemUTC());
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
		});
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

		// when: the second consumer gets the same event meanwhile, and waits on the first one's row
		CompletableFuture<Boolean> second = CompletableFuture
			.supplyAsync(() -> this.testSubject.handleOnce("observer", id, calls::incrementAndGet));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO eventbus_kafka_processed%'",
					Long.class) > 0);
		release.countDown();

		// then: the first rolled back, so the second handled it; it was applied once
		assertThat(first.get(20, TimeUnit.SECONDS)).isFalse();
		assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
		assertThat(this.testSubject.isProcessed("observer", id)).isTrue();
		assertThat(calls).hasValue(2);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
