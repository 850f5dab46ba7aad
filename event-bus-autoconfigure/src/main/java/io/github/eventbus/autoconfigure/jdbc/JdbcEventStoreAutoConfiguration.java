package io.github.eventbus.autoconfigure.jdbc;

import javax.sql.DataSource;

import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.EventStoreFollower;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import io.github.eventbus.store.jdbc.notify.PostgresWakeUps;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration of the {@link JdbcEventStore}: used when the application has a single
 * {@link DataSource} and {@code eventbus.store.type} is {@code jdbc} or unset, unless it defines its own
 * {@link EventStore}. Its tables are created as {@code eventbus.jdbc.initialize-schema} says (on an
 * embedded database by default); the store waits for that, or for Flyway or Liquibase. On PostgreSQL,
 * {@link PostgresWakeUps} wakes the followers of every instance after each commit
 * ({@code eventbus.store.jdbc.notifications.enabled}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		beforeName = "io.github.eventbus.autoconfigure.EventBusAutoConfiguration")
@ConditionalOnClass({ JdbcTemplate.class, JsonMapper.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "eventbus.store.type", havingValue = "jdbc", matchIfMissing = true)
@ConditionalOnMissingBean(EventStore.class)
@EnableConfigurationProperties({ EventBusJdbcProperties.class, JdbcEventStoreProperties.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class JdbcEventStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventTypeRegistry eventTypeRegistry(JdbcEventStoreProperties properties,
			ObjectProvider<EventTypeRegistryCustomizer> customizers) {
		EventTypeRegistry registry = new EventTypeRegistry();
		registry.registerPackages(properties.getTypePackages().toArray(String[]::new));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(registry));
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	EventSerializer eventSerializer(ObjectProvider<JsonMapper> jsonMapper, EventTypeRegistry registry) {
		return new EventSerializer(jsonMapper.getIfAvailable(JsonMapper::new), registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventBusEventsSchemaInitializer")
	@Conditional(OnEventBusSchemaInitializationCondition.class)
	EventBusSchemaInitializer eventBusEventsSchemaInitializer(DataSource dataSource, EventBusJdbcProperties jdbc,
			JdbcEventStoreProperties properties) {
		return new EventBusSchemaInitializer(dataSource, jdbc, JdbcEventStoreSchema.SCHEMA_LOCATION,
				jdbc.tablePrefix(properties.getTablePrefix()));
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcEventStore eventStore(DataSource dataSource, EventSerializer serializer, EventBusJdbcProperties jdbc,
			JdbcEventStoreProperties properties) {
		JdbcEventStoreProperties.GroupCommit groupCommit = properties.getGroupCommit();
		return new JdbcEventStore(dataSource, serializer, jdbc.tablePrefix(properties.getTablePrefix()),
				groupCommit.getMaxBatchSize(), groupCommit.getMaxWait());
	}

	// Only the driver's class is needed here; on another database the wake-ups find out and do nothing.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.postgresql.PGConnection")
	@ConditionalOnBooleanProperty(name = "eventbus.store.jdbc.notifications.enabled", matchIfMissing = true)
	static class PostgresNotificationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PostgresWakeUps eventBusPostgresWakeUps(DataSource dataSource, EventBusJdbcProperties jdbc,
				JdbcEventStoreProperties properties, ObjectProvider<EventStoreFollower> followers) {
			return new PostgresWakeUps(dataSource, jdbc.tablePrefix(properties.getTablePrefix()), followers,
					properties.getNotifications().getMaxReconnectBackoff());
		}

	}

}
