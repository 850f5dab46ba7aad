package io.github.eventbus.autoconfigure.jdbc;

import javax.sql.DataSource;

import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration of the {@link JdbcEventStore}: used when the application has a single
 * {@link DataSource} and {@code eventbus.store.type} is {@code jdbc} or unset, unless it defines its own
 * {@link EventStore}. Creates the tables on an embedded database by default
 * ({@code eventbus.store.jdbc.initialize-schema}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		beforeName = "io.github.eventbus.autoconfigure.EventBusAutoConfiguration")
@ConditionalOnClass({ JdbcTemplate.class, JsonMapper.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "eventbus.store.type", havingValue = "jdbc", matchIfMissing = true)
@ConditionalOnMissingBean(EventStore.class)
@EnableConfigurationProperties(JdbcEventStoreProperties.class)
public final class JdbcEventStoreAutoConfiguration {

	private static final String TABLE_PREFIX_PROPERTY = "eventbus.store.jdbc.table-prefix";

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
	@ConditionalOnMissingBean
	JdbcEventStoreSchemaInitializer jdbcEventStoreSchemaInitializer(DataSource dataSource,
			JdbcEventStoreProperties properties) {
		return new JdbcEventStoreSchemaInitializer(dataSource, properties);
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcEventStore eventStore(DataSource dataSource, EventSerializer serializer, JdbcEventStoreProperties properties) {
		JdbcEventStoreProperties.GroupCommit groupCommit = properties.getGroupCommit();
		return new JdbcEventStore(dataSource, serializer, checkedTablePrefix(properties),
				groupCommit.getMaxBatchSize(), groupCommit.getMaxWait());
	}

	static String checkedTablePrefix(JdbcEventStoreProperties properties) {
		String prefix = properties.getTablePrefix();
		try {
			return JdbcEventStoreSchema.checkTablePrefix(prefix);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(TABLE_PREFIX_PROPERTY, prefix,
					"It must be a letter or '_' followed by up to 40 letters, digits or '_'; it becomes part of SQL");
		}
	}

}
