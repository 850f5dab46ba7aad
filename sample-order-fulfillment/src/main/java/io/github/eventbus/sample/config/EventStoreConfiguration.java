package io.github.eventbus.sample.config;

import java.time.Clock;

import javax.sql.DataSource;

import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.durable.DurableObservers;
import io.github.eventbus.durable.DurableSettings;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.durable.jdbc.JdbcCheckpointStore;
import io.github.eventbus.durable.jdbc.JdbcDeadLetterStore;
import io.github.eventbus.durable.jdbc.JdbcLeaseStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC event store and the durable observers (which feed the saga) on the application's database.
 * <p>
 * Written out here because this branch predates their auto-configurations; once those land, this class
 * can go: its beans have the same types, so the auto-configured ones back off meanwhile.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

	@Bean
	EventTypeRegistry eventTypeRegistry() {
		EventTypeRegistry registry = new EventTypeRegistry();
		registry.registerPackages("io.github.eventbus.sample");
		return registry;
	}

	@Bean
	JdbcEventStore eventStore(DataSource dataSource, JsonMapper mapper, EventTypeRegistry registry) {
		JdbcEventStoreSchema.create(dataSource, JdbcEventStoreSchema.DEFAULT_TABLE_PREFIX);
		return new JdbcEventStore(dataSource, new EventSerializer(mapper, registry));
	}

	@Bean
	DurableObservers durableObservers(JdbcEventStore store, DataSource dataSource, ObserverErrorHandler errorHandler) {
		DurableTables tables = new DurableTables(DurableTables.DEFAULT_PREFIX);
		tables.create(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Clock clock = Clock.systemUTC();
		JdbcLeaseStore leases = new JdbcLeaseStore(jdbc, tables);
		return DurableObservers.builder(store)
			.leases(leases)
			.checkpoints(new JdbcCheckpointStore(jdbc, tables, clock))
			.deadLetters(new JdbcDeadLetterStore(jdbc, tables))
			.errorHandler(errorHandler)
			.settings(DurableSettings.defaults())
			.clock(clock)
			.build();
	}

}
