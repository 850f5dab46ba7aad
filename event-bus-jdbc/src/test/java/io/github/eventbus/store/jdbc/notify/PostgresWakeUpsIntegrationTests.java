package io.github.eventbus.store.jdbc.notify;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eventbus.EventBus;
import io.github.eventbus.saga.DeadlineFired;
import io.github.eventbus.saga.DeadlineScheduler;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.SagaStore.SagaDeadline;
import io.github.eventbus.store.EventStoreFollower;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link PostgresWakeUps}, standing for two instances, each on a pool of its own to the PostgreSQL
 * server on 127.0.0.1:5432. No tables: notifications need none.
 */
class PostgresWakeUpsIntegrationTests {

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2";

	/** Far below the one-minute polls of the followers here. */
	private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(20);

	private final String prefix = "eventbus_wake" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF))
			+ "_";

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void wakesTheFollowersOfAnotherInstance() {
		// given
		CountingFollower followerOfA = new CountingFollower();
		CountingFollower followerOfB = new CountingFollower();
		PostgresWakeUps a = started(pool(SERVER), followerOfA);
		PostgresWakeUps b = started(pool(SERVER), followerOfB);
		await().until(() -> a.isListening() && b.isListening());
		int wokenB = followerOfB.count.get();
		int wokenA = followerOfA.count.get();
		// when
		a.appended(List.of());
		// then
		await().atMost(WELL_BEFORE_THE_POLL).until(() -> followerOfB.count.get() > wokenB);
		assertThat(a.notificationsSent()).isOne();
		// when: b announces; a's own announcement, queued before it, must not have woken a
		b.appended(List.of());
		// then
		await().atMost(WELL_BEFORE_THE_POLL).until(() -> followerOfA.count.get() > wokenA);
		assertThat(followerOfA.count).hasValue(wokenA + 1);
	}

	@Test
	void wakesTheSagaDeadlineSchedulerOfAnotherInstance() {
		// given
		SagaStore sagas = SagaStore.inMemory();
		List<Object> published = new CopyOnWriteArrayList<>();
		DeadlineScheduler scheduler = new DeadlineScheduler(sagas, recordingBus(published), null, Clock.systemUTC(),
				Duration.ofMinutes(1));
		scheduler.start();
		this.resources.add(scheduler::stop);
		PostgresWakeUps a = started(pool(SERVER), () -> {
		});
		PostgresWakeUps b = started(pool(SERVER), scheduler);
		await().until(() -> a.isListening() && b.isListening());
		sagas.schedule(new SagaDeadline(UUID.randomUUID().toString(), "order", "order-1", "payment-due",
				Clock.systemUTC().instant(), null, false));
		// when
		a.appended(List.of());
		// then
		await().atMost(WELL_BEFORE_THE_POLL).until(() -> published.stream().anyMatch(DeadlineFired.class::isInstance));
	}

	@Test
	void doesNothingOnAnotherDatabase() {
		// given
		CountingFollower follower = new CountingFollower();
		PostgresWakeUps testSubject = started(pool("jdbc:h2:mem:wake-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
				follower);
		// when
		testSubject.appended(List.of());
		// then
		assertThat(testSubject.isRunning()).isTrue();
		assertThat(testSubject.isListening()).isFalse();
		assertThat(testSubject.notificationsSent()).isZero();
		assertThat(follower.count).hasValue(0);
	}

	@Test
	void aBurstOfCommitsSendsOneNotificationPerIntervalAndTheLastCarriesTheLastPosition() throws Exception {
		// given
		String channel = this.prefix + "pace";
		Notifier testSubject = new Notifier(pool(SERVER), channel, "token");
		try (Connection listening = DriverManager.getConnection(SERVER)) {
			try (Statement statement = listening.createStatement()) {
				statement.execute("LISTEN " + channel);
			}
			testSubject.start();
			this.resources.add(0, testSubject::stop);
			List<String> received = new CopyOnWriteArrayList<>();
			long start = System.nanoTime();
			// when: commits for 200 ms, each asking for a notification
			long position = 0;
			while (System.nanoTime() - start < 200_000_000) {
				testSubject.request(++position);
				LockSupport.parkNanos(50_000);
			}
			// then: the last notification carries the last position...
			String last = "token:" + position;
			await().until(() -> {
				for (PGNotification notification : listening.unwrap(PGConnection.class).getNotifications(50)) {
					received.add(notification.getParameter());
				}
				return received.contains(last);
			});
			long elapsed = System.nanoTime() - start;
			// ...and they were at least MIN_INTERVAL_NANOS apart (before pacing: about one per request)
			assertThat(testSubject.sent()).as("notifications in %d ms", elapsed / 1_000_000).isGreaterThan(1)
				.isLessThanOrEqualTo(elapsed / Notifier.MIN_INTERVAL_NANOS + 1);
		}
	}

	private PostgresWakeUps started(HikariDataSource dataSource, EventStoreFollower follower) {
		PostgresWakeUps wakeUps = new PostgresWakeUps(dataSource, this.prefix, List.of(follower), Duration.ofMillis(200));
		wakeUps.start();
		this.resources.add(0, wakeUps::stop);
		return wakeUps;
	}

	private HikariDataSource pool(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(3);
		this.resources.add(dataSource);
		return dataSource;
	}

	private static EventBus recordingBus(List<Object> published) {
		return (EventBus) Proxy.newProxyInstance(PostgresWakeUpsIntegrationTests.class.getClassLoader(),
				new Class<?>[] { EventBus.class }, (proxy, method, args) -> {
					if (method.getName().startsWith("publish")) {
						published.add(args[args.length - 1]);
					}
					return null;
				});
	}

	static class CountingFollower implements EventStoreFollower {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void wakeUp() {
			this.count.incrementAndGet();
		}

	}

}
