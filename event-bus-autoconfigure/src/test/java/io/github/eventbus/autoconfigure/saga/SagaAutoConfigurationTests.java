package io.github.eventbus.autoconfigure.saga;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import io.github.eventbus.EventBus;
import io.github.eventbus.PublishResult;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.saga.DeadlineScheduler;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaEventHandler;
import io.github.eventbus.saga.SagaManager;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.StartSaga;
import io.github.eventbus.saga.jdbc.JdbcSagaStore;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One test per condition of {@link SagaAutoConfiguration}. */
class SagaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
				EventBusAutoConfiguration.class, SagaAutoConfiguration.class))
		.withUserConfiguration(GreetingConfiguration.class);

	@Test
	void withoutSagaBeansThereIsNoSagaInfrastructure() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, DataSourceAutoConfiguration.class, SagaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:nosaga;DB_CLOSE_DELAY=-1")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SagaManager.class)
					.doesNotHaveBean(SagaStore.class)
					.doesNotHaveBean(DeadlineScheduler.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject(
						"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE 'eventbus_saga%'",
						Integer.class))
					.isZero();
			});
	}

	@Test
	void defaultsKeepSagasInMemoryAndFireDeadlines() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SagaManager.class)
			.hasBean("inMemorySagaStore")
			.hasSingleBean(DeadlineScheduler.class));
	}

	@Test
	void dataSourceGivesAJdbcStoreWithItsTables() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:sagaauto;DB_CLOSE_DELAY=-1",
					"eventbus.saga.jdbc.table-prefix=app_")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcSagaStore.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_saga_deadline", Integer.class)).isZero();
			});
	}

	@Test
	void sagaTablesTakeTheSharedPrefixByDefault() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:sagashared;DB_CLOSE_DELAY=-1",
					"eventbus.jdbc.table-prefix=shop_")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_saga", Integer.class)).isZero();
			});
	}

	@Test
	void schemaInitializationCanBeTurnedOff() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:sagaoff;DB_CLOSE_DELAY=-1",
					"eventbus.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("eventBusSagaSchemaInitializer");
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject(
						"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE 'eventbus_saga%'",
						Integer.class))
					.isZero();
			});
	}

	@Test
	void invalidTablePrefixFailsStartupNamingTheProperty() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:sagabad;DB_CLOSE_DELAY=-1",
					"eventbus.saga.jdbc.table-prefix=x;drop")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("eventbus.saga")
				.hasMessageContaining("jdbc.table-prefix")
				.hasMessageContaining("x;drop"));
	}

	@Test
	void propertyOffConfiguresNoSagas() {
		this.contextRunner.withPropertyValues("eventbus.saga.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SagaManager.class)
				.doesNotHaveBean(DeadlineScheduler.class));
	}

	@Test
	void sagasRunSeveralInstancesAtOnceByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SagaManager.class).concurrency())
			.isEqualTo(SagaManager.DEFAULT_CONCURRENCY)
			.isGreaterThan(1));
	}

	@Test
	void concurrencyIsAProperty() {
		this.contextRunner.withPropertyValues("eventbus.saga.concurrency=8")
			.run((context) -> assertThat(context.getBean(SagaManager.class).concurrency()).isEqualTo(8));
	}

	@Test
	void concurrencyBelowOneFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("eventbus.saga.concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("eventbus.saga.concurrency"));
	}

	@Test
	void userStoreMakesOursBackOff() {
		this.contextRunner.withBean("mySagaStore", SagaStore.class, SagaStore::inMemory)
			.run((context) -> assertThat(context).hasSingleBean(SagaStore.class).hasBean("mySagaStore"));
	}

	@Test
	void withoutJacksonThereAreNoSagas() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SagaManager.class));
	}

	@Test
	void sagaBeansAreDiscoveredAndRun() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(SagaManager.class).sagaNames()).containsExactly("GreetingSaga");
			// when
			context.getBean(EventBus.class).publish("g-1", new Hello("g-1"));
			// then
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(context.getBean(GreetingSaga.class).seen).containsExactly("g-1"));
		});
	}

	@Test
	void aUserEventBusBeanDeclaredAsTheInterfaceStillRunsSagas() {
		// fails before the registry interface: the condition on a DefaultEventBus bean did not match a bean
		// method declared to return EventBus, so sagas were silently off
		this.contextRunner
			.withBean("userBus", EventBus.class,
					() -> new DefaultEventBus(EventStore.inMemory(100), Executors.newSingleThreadExecutor(),
							DispatchSettings.defaults(), (failure) -> {
							}))
			.run((context) -> {
				assertThat(context).hasSingleBean(SagaManager.class).doesNotHaveBean("eventBus");
				// when
				context.getBean(EventBus.class).publish("g-2", new Hello("g-2"));
				// then
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(context.getBean(GreetingSaga.class).seen).containsExactly("g-2"));
			});
	}

	@Test
	void aUserEventBusThatIsNoRegistryFailsStartupInsteadOfDroppingSagas() {
		this.contextRunner.withBean("userBus", EventBus.class, NoRegistryBus::new)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@Saga")
				.hasMessageContaining("ObserverRegistry"));
	}

	/** A bus of the application's own that registers no observers. */
	static class NoRegistryBus implements EventBus {

		@Override
		public PublishResult publish(Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PublishResult publish(String streamId, Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PublishResult publishAll(String streamId, long expectedVersion, List<?> payloads) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean awaitIdle(Duration timeout) {
			return true;
		}

	}

	record Hello(String name) {
	}

	public static class Greeting {

		public int count;

	}

	@Saga(state = Greeting.class)
	static class GreetingSaga {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@StartSaga
		@SagaEventHandler(associationProperty = "name")
		void on(Hello hello, Greeting state) {
			state.count++;
			this.seen.add(hello.name());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		GreetingSaga greetingSaga() {
			return new GreetingSaga();
		}

	}

}
