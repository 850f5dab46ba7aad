package io.github.eventbus.autoconfigure.saga;

import java.time.Clock;

import javax.sql.DataSource;

import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.ObserverDecorator;
import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.jdbc.EventBusJdbcProperties;
import io.github.eventbus.autoconfigure.jdbc.EventBusSchemaInitializer;
import io.github.eventbus.autoconfigure.jdbc.OnEventBusSchemaInitializationCondition;
import io.github.eventbus.dispatch.ObserverDefinition;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.saga.DeadlineScheduler;
import io.github.eventbus.saga.Saga;
import io.github.eventbus.saga.SagaManager;
import io.github.eventbus.saga.SagaStore;
import io.github.eventbus.saga.jdbc.JdbcSagaStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configuration of sagas, active once the application has a {@link Saga} bean (so applications
 * without sagas get neither saga tables nor a deadline scheduler): runs every such bean with a
 * {@link SagaManager} on the application's {@link ObserverRegistry} (the auto-configured bus, or the
 * application's own {@link EventBus} bean when it is a registry), keeps their instances in a
 * {@link JdbcSagaStore} when there is a single {@code DataSource} (its tables created as
 * {@code eventbus.jdbc.initialize-schema} says) and in memory otherwise, and fires their deadlines
 * with a {@link DeadlineScheduler} when they fall due (deadlines stored by other instances are seen at the
 * latest after {@code eventbus.saga.deadline-poll-interval}).
 * <p>
 * Each saga's observer ({@code saga:<name>}) goes through the {@link ObserverDecorator} beans like any
 * discovered observer, so sagas have observer metrics and appear in the {@code eventbus} actuator endpoint.
 * <p>
 * Saga state is written with the application's {@link JsonMapper}; handlers run in a transaction of the
 * application's {@link PlatformTransactionManager} when there is exactly one, and time comes from its
 * {@link Clock} bean when there is one.
 */
@AutoConfiguration(after = EventBusAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration" })
@ConditionalOnClass({ SagaManager.class, JsonMapper.class })
@ConditionalOnBean(value = EventBus.class, annotation = Saga.class)
@ConditionalOnBooleanProperty(name = "eventbus.saga.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SagaProperties.class)
@Import(SagaAutoConfiguration.JdbcSagaStoreConfiguration.class)
public final class SagaAutoConfiguration {

	/** Registered after the imported JDBC store, so only without a {@code DataSource}. */
	@Bean
	@ConditionalOnMissingBean(SagaStore.class)
	SagaStore inMemorySagaStore() {
		return SagaStore.inMemory();
	}

	@Bean
	@ConditionalOnMissingBean
	SagaManager sagaManager(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventBus> bus, SagaStore store,
			ObjectProvider<JsonMapper> mapper, ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<Clock> clock, ObjectProvider<ObserverDecorator> decorators, SagaProperties properties) {
		SagaManager manager = new SagaManager(new LazyObserverRegistry(registry, bus), store,
				mapper.getIfAvailable(JsonMapper::new),
				transactionManager.getIfUnique(), clock.getIfUnique(Clock::systemUTC));
		manager.setConcurrency(properties.getConcurrency());
		// Resolved when the manager starts, so decorators of auto-configurations after this one apply too.
		manager.setObserverDecorator((observer) -> {
			ObserverDefinition decorated = observer;
			for (ObserverDecorator decorator : decorators.orderedStream().toList()) {
				decorated = decorator.decorate(decorated);
			}
			return decorated;
		});
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean
	static SagaRegistrar sagaRegistrar(SagaManager manager) {
		return new SagaRegistrar(manager);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadlineScheduler sagaDeadlineScheduler(SagaStore store, EventBus bus,
			ObjectProvider<PlatformTransactionManager> transactionManager, ObjectProvider<Clock> clock,
			ObjectProvider<SagaManager> sagaManager, SagaProperties properties) {
		DeadlineScheduler scheduler = new DeadlineScheduler(store, bus, transactionManager.getIfUnique(),
				clock.getIfUnique(Clock::systemUTC), properties.getDeadlinePollInterval());
		sagaManager.ifUnique((manager) -> manager.setDeadlineScheduler(scheduler));
		return scheduler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@EnableConfigurationProperties(EventBusJdbcProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcSagaStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "eventBusSagaSchemaInitializer")
		@Conditional(OnEventBusSchemaInitializationCondition.class)
		EventBusSchemaInitializer eventBusSagaSchemaInitializer(DataSource dataSource, EventBusJdbcProperties jdbc,
				SagaProperties properties) {
			return new EventBusSchemaInitializer(dataSource, jdbc, JdbcSagaStore.SCHEMA_LOCATION,
					jdbc.tablePrefix(properties.getJdbc().getTablePrefix()));
		}

		@Bean
		@ConditionalOnMissingBean(SagaStore.class)
		@DependsOnDatabaseInitialization
		JdbcSagaStore jdbcSagaStore(DataSource dataSource, EventBusJdbcProperties jdbc, SagaProperties properties,
				ObjectProvider<Clock> clock) {
			return new JdbcSagaStore(new JdbcTemplate(dataSource), jdbc.tablePrefix(properties.getJdbc().getTablePrefix()),
					clock.getIfUnique(Clock::systemUTC));
		}

	}

}
