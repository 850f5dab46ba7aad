package io.github.eventbus.autoconfigure.durable;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.autoconfigure.EventBusProperties;
import io.github.eventbus.autoconfigure.jdbc.EventBusJdbcProperties;
import io.github.eventbus.autoconfigure.jdbc.EventBusSchemaInitializer;
import io.github.eventbus.autoconfigure.jdbc.OnEventBusSchemaInitializationCondition;
import io.github.eventbus.deadletter.DeadLetterStore;
import io.github.eventbus.deadletter.DeadLetters;
import io.github.eventbus.durable.CheckpointStore;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.lease.LeaseStore;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Durable observers: a {@link DurableObservers} bean, which the event bus auto-configuration adds to the
 * bus as a {@link io.github.eventbus.dispatch.DispatchExtension} before it registers observers, and the
 * {@link DeadLetters} API. Checkpoints, leases and dead letters live in tables of the application's
 * {@link DataSource} when there is one (created as {@code eventbus.jdbc.initialize-schema} says), in memory
 * otherwise. Checkpoints are bound to the JDBC event store they were taken on: startup fails when the
 * checkpoint table holds checkpoints of another store. On shutdown, observers get
 * up to {@code eventbus.shutdown.timeout} (a property of the event bus configuration) to finish their
 * current event.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration" },
		beforeName = "io.github.eventbus.autoconfigure.EventBusAutoConfiguration")
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EventBusProperties.class, DurableObserversProperties.class, RetryProperties.class })
public final class DurableObserversAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DurableObserversAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	LeaseStore eventBusLeaseStore() {
		return LeaseStore.inMemory();
	}

	@Bean
	@ConditionalOnMissingBean
	CheckpointStore eventBusCheckpointStore(LeaseStore leaseStore) {
		return CheckpointStore.inMemory(leaseStore);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterStore eventBusDeadLetterStore() {
		return DeadLetterStore.inMemory();
	}

	@Bean
	@ConditionalOnMissingBean
	DurableObservers durableObservers(EventStore eventStore, LeaseStore leaseStore, CheckpointStore checkpointStore,
			DeadLetterStore deadLetterStore, ObjectProvider<ObserverErrorHandler> errorHandler,
			DurableObserversProperties properties, RetryProperties retry, EventBusProperties busProperties) {
		if (busProperties.getStore().getType() == EventBusProperties.StoreType.NONE) {
			logger.warn("eventbus.store.type=none keeps no events, so durable observers will receive none; "
					+ "use eventbus.store.type=jdbc");
		}
		else if (!(eventStore instanceof JdbcEventStore) && checkpointStore instanceof JdbcCheckpointStore) {
			logger.warn("Durable observer checkpoints are kept in the database but events are not in the JDBC event store: after a "
					+ "restart observers skip new events up to their old checkpoint; use eventbus.store.type=jdbc "
					+ "or bring your own CheckpointStore");
		}
		DurableSettings settings = DurableSettings.defaults()
			.withPollInterval(properties.getPollInterval())
			.withBatchSize(properties.getBatchSize())
			.withLeaseDuration(properties.getLeaseDuration())
			.withStartFrom(properties.getStartFrom())
			.withSegments(properties.getSegments())
			.withRetry(retry.toPolicy())
			.withShutdownTimeout(busProperties.getShutdown().getTimeout());
		String instanceId = properties.getInstanceId();
		if (instanceId != null && !instanceId.isBlank()) {
			settings = settings.withInstanceId(instanceId);
		}
		DurableObservers.Builder builder = DurableObservers.builder(eventStore)
			.leases(leaseStore)
			.checkpoints(checkpointStore)
			.deadLetters(deadLetterStore)
			.settings(settings)
			.durableByDefault(properties.isDurableByDefault());
		errorHandler.ifAvailable(builder::errorHandler);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetters deadLetters(DurableObservers durableObservers) {
		return durableObservers.deadLetters();
	}

	// Checkpoints in a database over events kept in memory would survive a restart that the events do
	// not, and make observers skip new events up to the old checkpoint: only with the JDBC store.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@ConditionalOnProperty(name = "eventbus.store.type", havingValue = "jdbc", matchIfMissing = true)
	@EnableConfigurationProperties(EventBusJdbcProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcStoresConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DurableTables durableTables(EventBusJdbcProperties jdbc, DurableObserversProperties properties) {
			return new DurableTables(jdbc.tablePrefix(properties.getTablePrefix()));
		}

		@Bean
		@ConditionalOnMissingBean(name = "eventBusDurableSchemaInitializer")
		@Conditional(OnEventBusSchemaInitializationCondition.class)
		EventBusSchemaInitializer eventBusDurableSchemaInitializer(DataSource dataSource, EventBusJdbcProperties jdbc,
				DurableTables tables) {
			return new EventBusSchemaInitializer(dataSource, jdbc, DurableTables.SCHEMA_LOCATION, tables.prefix());
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		LeaseStore eventBusLeaseStore(DataSource dataSource, DurableTables tables) {
			return new JdbcLeaseStore(new JdbcTemplate(dataSource), tables);
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		CheckpointStore eventBusCheckpointStore(DataSource dataSource, DurableTables tables,
				ObjectProvider<EventStore> eventStore, DurableObserversProperties properties) {
			String storeId = (eventStore.getIfUnique() instanceof JdbcEventStore jdbcStore) ? jdbcStore.storeId() : null;
			JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(new JdbcTemplate(dataSource), tables,
					Clock.systemUTC(), storeId);
			List<String> taken = checkpoints.checkpointsOfOtherStores();
			if (!taken.isEmpty()) {
				String property = (properties.getTablePrefix() != null) ? "eventbus.observers.table-prefix"
						: "eventbus.jdbc.table-prefix";
				throw new InvalidConfigurationPropertyValueException(property, tables.prefix(), "Table "
						+ checkpoints.tableName() + " holds checkpoints " + taken + " taken on another event store"
						+ " than this application's (its tables are named by eventbus.store.jdbc.table-prefix, else"
						+ " eventbus.jdbc.table-prefix); resuming from them would skip events. Name every table set"
						+ " with one eventbus.jdbc.table-prefix, or delete those checkpoints to start over");
			}
			return checkpoints;
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		DeadLetterStore eventBusDeadLetterStore(DataSource dataSource, DurableTables tables) {
			return new JdbcDeadLetterStore(new JdbcTemplate(dataSource), tables);
		}

	}

}
