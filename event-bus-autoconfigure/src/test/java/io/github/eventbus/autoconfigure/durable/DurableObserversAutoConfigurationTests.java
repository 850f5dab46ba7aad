package io.github.eventbus.autoconfigure.durable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import io.github.eventbus.Event;
import io.github.eventbus.EventObserver;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.ObserverFailure;
import io.github.eventbus.Retry;
import io.github.eventbus.StartFrom;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.ObserverMethods;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.dispatch.ObserverSnapshot;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.retry.RetryPolicy;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DurableObserversAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DurableObserversAutoConfiguration.class))
		.withBean(EventStore.class, () -> new InMemoryEventStore(1000));

	private final ApplicationContextRunner withDataSource = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void keepsEverythingInMemoryWithoutADataSource() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DurableObservers.class).hasSingleBean(DeadLetters.class);
			assertThat(context.getBeansOfType(DispatchExtension.class)).hasSize(1);
			assertThat(context.getBean(LeaseStore.class)).isNotInstanceOf(JdbcLeaseStore.class);
			assertThat(context.getBean(CheckpointStore.class)).isNotInstanceOf(JdbcCheckpointStore.class);
			assertThat(context.getBean(DeadLetterStore.class)).isNotInstanceOf(JdbcDeadLetterStore.class);
			DurableSettings settings = context.getBean(DurableObservers.class).settings();
			assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(200));
			assertThat(settings.batchSize()).isEqualTo(100);
			assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.startFrom()).isEqualTo(StartFrom.BEGINNING);
			assertThat(settings.retry()).isEqualTo(RetryPolicy.DEFAULT);
			assertThat(settings.instanceId()).contains(String.valueOf(ProcessHandle.current().pid()));
		});
	}

	@Test
	void keepsCheckpointsLeasesAndDeadLettersInTablesOfTheDataSource() {
		this.withDataSource.run((context) -> {
			assertThat(context.getBean(LeaseStore.class)).isInstanceOf(JdbcLeaseStore.class);
			assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(JdbcCheckpointStore.class);
			assertThat(context.getBean(DeadLetterStore.class)).isInstanceOf(JdbcDeadLetterStore.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_dead_letter", Long.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_lease", Long.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_checkpoint", Long.class)).isZero();
		});
	}

	@Test
	void namesTablesWithTheConfiguredPrefix() {
		this.withDataSource.withPropertyValues("eventbus.observers.table-prefix=orders_").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders_dead_letter", Long.class)).isZero();
		});
	}

	@Test
	void refusesATablePrefixThatIsNotAnIdentifier() {
		this.withDataSource.withPropertyValues("eventbus.observers.table-prefix=x; DROP TABLE y; --")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("eventbus.observers")
				.hasMessageContaining("table-prefix"));
	}

	@Test
	void namesTablesWithTheSharedPrefixByDefault() {
		this.withDataSource.withPropertyValues("eventbus.jdbc.table-prefix=shop_").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_checkpoint", Long.class)).isZero();
		});
	}

	@Test
	void storesWaitForTheirSchemaInitializer() {
		this.withDataSource.run((context) -> {
			for (String store : List.of("eventBusLeaseStore", "eventBusCheckpointStore", "eventBusDeadLetterStore")) {
				assertThat(context.getBeanFactory().getBeanDefinition(store).getDependsOn())
					.contains("eventBusDurableSchemaInitializer");
			}
		});
	}

	@Test
	void createsNoTablesWhenSchemaInitializationIsOff() {
		this.withDataSource.withPropertyValues("eventbus.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).doesNotHaveBean("eventBusDurableSchemaInitializer");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'eventbus_dead_letter'",
					Long.class))
				.isZero();
		});
	}

	@Test
	void keepsEverythingInMemoryWhenTheEventStoreIsNotJdbc() {
		this.withDataSource.withPropertyValues("eventbus.store.type=memory").run((context) -> {
			assertThat(context.getBean(CheckpointStore.class)).isNotInstanceOf(JdbcCheckpointStore.class);
			assertThat(context.getBean(LeaseStore.class)).isNotInstanceOf(JdbcLeaseStore.class);
			assertThat(context.getBean(DeadLetterStore.class)).isNotInstanceOf(JdbcDeadLetterStore.class);
		});
	}

	@Test
	void keepsEverythingInMemoryWhenSpringJdbcIsMissing() {
		this.withDataSource.withClassLoader(new FilteredClassLoader(JdbcTemplate.class)).run((context) -> {
			assertThat(context).hasSingleBean(DurableObservers.class);
			assertThat(context.getBean(LeaseStore.class)).isNotInstanceOf(JdbcLeaseStore.class);
		});
	}

	@Test
	void bindsObserverAndRetryProperties() {
		this.contextRunner
			.withPropertyValues("eventbus.observers.poll-interval=50ms", "eventbus.observers.batch-size=10",
					"eventbus.observers.lease-duration=3s", "eventbus.observers.start-from=now",
					"eventbus.observers.instance-id=node-1", "eventbus.retry.max-attempts=5",
					"eventbus.retry.initial-backoff=1s", "eventbus.retry.multiplier=3", "eventbus.retry.max-backoff=1m",
					"eventbus.shutdown.timeout=7s")
			.run((context) -> {
				DurableSettings settings = context.getBean(DurableObservers.class).settings();
				assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(50));
				assertThat(settings.batchSize()).isEqualTo(10);
				assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.startFrom()).isEqualTo(StartFrom.NOW);
				assertThat(settings.instanceId()).isEqualTo("node-1");
				assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(settings.retry())
					.isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), 3.0, Duration.ofMinutes(1)));
			});
	}

	@Test
	void backsOffWhenTheUserBringsStores() {
		DeadLetterStore own = DeadLetterStore.inMemory();
		this.withDataSource.withBean("myDeadLetters", DeadLetterStore.class, () -> own).run((context) -> {
			assertThat(context.getBean(DeadLetterStore.class)).isSameAs(own);
			assertThat(context.getBean(LeaseStore.class)).isInstanceOf(JdbcLeaseStore.class);
		});
	}

	@Test
	void backsOffWhenTheUserBringsDurableObservers() {
		this.contextRunner
			.withBean("myDurable", DurableObservers.class,
					() -> DurableObservers.builder(new InMemoryEventStore(10)).build())
			.run((context) -> assertThat(context).hasSingleBean(DurableObservers.class)
				.getBean(DurableObservers.class)
				.isSameAs(context.getBean("myDurable")));
	}

	@Test
	void runsDurableObserversOfABusAndReportsFailuresToTheErrorHandlerBean() {
		this.withDataSource.withUserConfiguration(BusConfiguration.class)
			.withPropertyValues("eventbus.observers.poll-interval=50ms", "eventbus.retry.max-attempts=2",
					"eventbus.retry.initial-backoff=10ms")
			.run((context) -> {
				// given
				DefaultEventBus bus = context.getBean(DefaultEventBus.class);
				Recorder recorder = context.getBean(Recorder.class);
				// when
				bus.publish("order-1", "ok");
				bus.publish("order-2", "fail");
				// then
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.handled.contains("ok"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(DeadLetters.class).list(null, 0, 10).size() == 1);
				assertThat(recorder.failures).extracting(ObserverFailure::attempt).containsExactly(1, 2);
				assertThat(context.getBean(DurableObservers.class).status("recorder").orElseThrow().owner())
					.isEqualTo(context.getBean(DurableObservers.class).settings().instanceId());
			});
	}

	@Test
	void durableByDefaultMakesObserversThatDoNotSayDurable() {
		// the default moved from the bus to the durable observers, which take the observers it makes durable
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, DurableObserversAutoConfiguration.class))
			.withBean("plain", Plain.class)
			.withPropertyValues("eventbus.observers.durable-by-default=true")
			.run((context) -> {
				assertThat(context.getBean(ObserverRegistry.class).observers()).isEmpty();
				assertThat(context.getBean(DurableObservers.class).status("plain.on")).isPresent();
			});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, DurableObserversAutoConfiguration.class))
			.withBean("plain", Plain.class)
			.run((context) -> {
				assertThat(context.getBean(ObserverRegistry.class).observers()).extracting(ObserverSnapshot::id)
					.containsExactly("plain.on");
				assertThat(context.getBean(DurableObservers.class).status("plain.on")).isEmpty();
			});
	}

	static class Plain {

		@EventObserver
		void on(String event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BusConfiguration {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		ObserverErrorHandler errorHandler(Recorder recorder) {
			return recorder.failures::add;
		}

		@Bean
		DefaultEventBus eventBus(EventStore store, ObjectProvider<DispatchExtension> extensions, Recorder recorder,
				ObserverErrorHandler errorHandler) {
			// What the event bus auto-configuration does: extensions first, then observers.
			DefaultEventBus bus = new DefaultEventBus(store, Executors.newSingleThreadExecutor(),
					DispatchSettings.defaults(), errorHandler);
			extensions.orderedStream().forEach(bus::addExtension);
			ObserverMethods.discover("recorder", recorder).forEach(bus::register);
			return bus;
		}

	}

	static class Recorder {

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<ObserverFailure> failures = new CopyOnWriteArrayList<>();

		@EventObserver(id = "recorder", durable = true)
		@Retry(maxAttempts = 2)
		public void on(Event<String> event) {
			if (event.payload().equals("fail")) {
				throw new IllegalStateException("refused");
			}
			this.handled.add(event.payload());
		}

	}

}
