package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration;
import io.github.eventbus.autoconfigure.jdbc.PostgresServer;
import io.github.eventbus.durable.DurableObserverStatus;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.store.jdbc.notify.PostgresWakeUps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts, standing for two instances, on the PostgreSQL server: instance "a" publishes,
 * instance "b" runs a durable observer that polls the store only once a minute. An event reaching it well
 * within that minute was announced by a notification.
 */
class CrossInstanceWakeUpIntegrationTests {

	private static final String PREFIX = PostgresServer.uniquePrefix("eventbus_wake");

	/** Far below the one-minute poll: the event can only arrive this early by a notification. */
	private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(20);

	private static final Received received = new Received();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + PostgresServer.URL, "eventbus.jdbc.table-prefix=" + PREFIX,
				"eventbus.jdbc.initialize-schema=always", "eventbus.observers.poll-interval=1m",
				"eventbus.store.jdbc.notifications.max-reconnect-backoff=200ms");

	@AfterAll
	static void dropTables() {
		PostgresServer.dropTables(PREFIX);
	}

	@Test
	void anotherInstancesDurableObserverReceivesTheEventBeforeItsPoll() {
		// given
		runObserver(this.runner, (b) -> this.runner.withPropertyValues("eventbus.observers.instance-id=a").run((a) -> {
			// when
			a.getBean(EventBus.class).publish("order-1", "announced");
			// then
			await().atMost(WELL_BEFORE_THE_POLL).until(() -> received.payloads.contains("announced"));
		}));
	}

	@Test
	void anotherInstancesDurableObserverStillPollsWhenNotificationsAreOff() {
		// given
		ApplicationContextRunner polling = this.runner.withPropertyValues("eventbus.observers.poll-interval=100ms");
		runObserver(polling, (b) -> polling
			.withPropertyValues("eventbus.observers.instance-id=a", "eventbus.store.jdbc.notifications.enabled=false")
			.run((a) -> {
				assertThat(a).doesNotHaveBean(PostgresWakeUps.class);
				// when
				a.getBean(EventBus.class).publish("order-2", "unannounced");
				// then
				await().atMost(WELL_BEFORE_THE_POLL).until(() -> received.payloads.contains("unannounced"));
			}));
	}

	@Test
	void theListenerReconnectsAfterItsConnectionIsKilledAndNotificationsWakeAgain() {
		// given
		runObserver(this.runner, (b) -> this.runner.withPropertyValues("eventbus.observers.instance-id=a").run((a) -> {
			PostgresWakeUps wakeUps = b.getBean(PostgresWakeUps.class);
			await().until(() -> a.getBean(PostgresWakeUps.class).isListening());
			Set<Integer> killed = PostgresServer.listenerPids(wakeUps.channel());
			// when
			assertThat(PostgresServer.killListeners(wakeUps.channel())).isPositive();
			// both instances listen again, on new connections (not "until not listening": the first reconnect
			// comes after 100 ms, as often as a poll of the condition, so that state can pass unseen)
			await().until(() -> {
				Set<Integer> listening = PostgresServer.listenerPids(wakeUps.channel());
				return listening.size() >= killed.size() && Collections.disjoint(listening, killed);
			});
			await().until(wakeUps::isListening);
			awaitIdle(b);
			a.getBean(EventBus.class).publish("order-3", "after reconnecting");
			// then
			await().atMost(WELL_BEFORE_THE_POLL).until(() -> received.payloads.contains("after reconnecting"));
		}));
	}

	/** Runs instance "b" with the durable observer, once it owns it and has read what is stored. */
	private static void runObserver(ApplicationContextRunner runner, ThrowingConsumer test) {
		runner.withPropertyValues("eventbus.observers.instance-id=b")
			.withBean(Observer.class)
			.run((b) -> {
				assertThat(b).hasNotFailed();
				await().until(() -> b.getBean(PostgresWakeUps.class).isListening());
				awaitIdle(b);
				test.accept(b);
			});
	}

	/** Until the observer runs here and has finished a turn: from then on only a wake-up or the poll reads. */
	private static void awaitIdle(AssertableApplicationContext b) {
		await().until(() -> b.getBean(DurableObservers.class)
			.statuses()
			.stream()
			.allMatch((status) -> status.state() == DurableObserverStatus.State.RUNNING && status.lag() == 0));
	}

	@FunctionalInterface
	interface ThrowingConsumer {

		void accept(AssertableApplicationContext context) throws Throwable;

	}

	static class Received {

		final List<String> payloads = new CopyOnWriteArrayList<>();

	}

	static class Observer {

		@EventObserver(id = "wake-up-observer", durable = true)
		public void on(String payload) {
			received.payloads.add(payload);
		}

	}

}
