package io.github.eventbus.autoconfigure.durable;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts, standing for two instances of one application, on one PostgreSQL database:
 * the embedded one started here, and the server on 127.0.0.1:5432 when it answers. Each has the
 * auto-configured bus over its own {@link JdbcEventStore}; events, checkpoints, leases and dead letters are
 * all in the database, so each context sees the other's events only by reading it.
 */
class TwoInstancesDurableObserversIntegrationTests {

	/** Far longer than the test waits: a hand-over seen within the test can only come from a release. */
	private static final Duration LEASE = Duration.ofMinutes(2);

	private static EmbeddedPostgres embedded;

	static Stream<String> databases() throws IOException {
		List<String> urls = new ArrayList<>();
		if (embedded == null) {
			embedded = EmbeddedPostgres.builder().start();
		}
		urls.add(embedded.getJdbcUrl("postgres", "postgres"));
		String server = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2";
		try (Connection connection = DriverManager.getConnection(server)) {
			urls.add(server);
		}
		catch (SQLException ex) {
			// No server here: the embedded database still runs the test.
		}
		return urls.stream();
	}

	@AfterAll
	static void stopEmbedded() throws IOException {
		if (embedded != null) {
			embedded.close();
		}
	}

	@ParameterizedTest
	@MethodSource("databases")
	void runsEachObserverInOneContextAndHandsItOverWhenThatContextCloses(String url) {
		// given
		Tracker tracker = new Tracker();
		String prefix = "eventbus_two" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)) + "_";
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
					DurableObserversAutoConfiguration.class, EventBusAutoConfiguration.class))
			.withUserConfiguration(ObserversConfiguration.class)
			.withBean(Tracker.class, () -> tracker)
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"eventbus.jdbc.table-prefix=" + prefix, "eventbus.jdbc.initialize-schema=always",
					"eventbus.observers.table-prefix=" + prefix, "eventbus.observers.poll-interval=50ms",
					"eventbus.observers.lease-duration=" + LEASE.toMillis() + "ms");
		try {
			runBoth(runner, tracker);
		}
		finally {
			dropTables(url, prefix);
		}
	}

	private void runBoth(ApplicationContextRunner runner, Tracker tracker) {
		runner.withPropertyValues("eventbus.observers.instance-id=a").run((a) -> {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> a.getBean(DurableObservers.class).statuses().stream().allMatch((s) -> "a".equals(s.owner())));
			runner.withPropertyValues("eventbus.observers.instance-id=b").run((b) -> {
				DefaultEventBus busA = a.getBean(DefaultEventBus.class);
				DefaultEventBus busB = b.getBean(DefaultEventBus.class);
				assertThat(a.getBean(EventStore.class)).isInstanceOf(JdbcEventStore.class)
					.isNotSameAs(b.getBean(EventStore.class));
				// when
				for (int i = 1; i <= 300; i++) {
					(i % 2 == 0 ? busA : busB).publish("stream-" + (i % 7), "event-" + i);
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> tracker.handledAll("first", 300)
						&& tracker.handledAll("second", 300));
				// then
				assertThat(tracker.instances.get("first")).containsExactly("a");
				assertThat(tracker.instances.get("second")).containsExactly("a");
				assertThat(b.getBean(DurableObservers.class).statuses())
					.allSatisfy((status) -> assertThat(status.owner()).isEqualTo("a"));
				// when
				((ConfigurableApplicationContext) a.getSourceApplicationContext()).close();
				for (int i = 301; i <= 400; i++) {
					busB.publish("stream-" + (i % 7), "event-" + i);
				}
				// then
				await().atMost(Duration.ofSeconds(60)).until(() -> b.getBean(DurableObservers.class)
					.statuses()
					.stream()
					.allMatch((status) -> "b".equals(status.owner())));
				await().atMost(Duration.ofSeconds(60)).until(() -> tracker.handledAll("first", 400)
						&& tracker.handledAll("second", 400));
				assertThat(tracker.instances.get("first")).containsExactlyInAnyOrder("a", "b");
				assertThat(tracker.overlaps).hasValue(0);
			});
		});
	}

	private static void dropTables(String url, String prefix) {
		String withUser = url.contains("user=") ? url : url + (url.contains("?") ? "&" : "?") + "user=postgres";
		try (Connection connection = DriverManager.getConnection(withUser)) {
			for (String table : new DurableTables(prefix).names()) {
				connection.createStatement().execute("DROP TABLE IF EXISTS " + table);
			}
			connection.createStatement().execute("DROP TABLE IF EXISTS " + prefix + "events");
			connection.createStatement().execute("DROP TABLE IF EXISTS " + prefix + "head");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Who handled what, across both contexts. */
	static class Tracker {

		final Map<String, Set<Long>> handled = new ConcurrentHashMap<>();

		final Map<String, Set<String>> instances = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

		final AtomicInteger overlaps = new AtomicInteger();

		void handle(String observer, String instance, Event<?> event) {
			AtomicInteger running = this.inFlight.computeIfAbsent(observer + "#" + event.position(),
					(key) -> new AtomicInteger());
			if (running.incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			try {
				this.handled.computeIfAbsent(observer, (key) -> ConcurrentHashMap.newKeySet()).add(event.position());
				this.instances.computeIfAbsent(observer, (key) -> ConcurrentHashMap.newKeySet()).add(instance);
			}
			finally {
				running.decrementAndGet();
			}
		}

		/** Whether {@code count} distinct events were handled (positions have gaps on PostgreSQL). */
		boolean handledAll(String observer, long count) {
			return this.handled.getOrDefault(observer, Set.of()).size() >= count;
		}

	}

	static class Observers {

		private final Tracker tracker;

		private final String instance;

		Observers(Tracker tracker, String instance) {
			this.tracker = tracker;
			this.instance = instance;
		}

		@EventObserver(id = "first", durable = true)
		public void first(Event<String> event) {
			this.tracker.handle("first", this.instance, event);
		}

		@EventObserver(id = "second", durable = true)
		public void second(Event<String> event) {
			this.tracker.handle("second", this.instance, event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObserversConfiguration {

		@Bean
		Observers observers(Tracker tracker, DurableObservers durable) {
			return new Observers(tracker, durable.settings().instanceId());
		}

	}

}
