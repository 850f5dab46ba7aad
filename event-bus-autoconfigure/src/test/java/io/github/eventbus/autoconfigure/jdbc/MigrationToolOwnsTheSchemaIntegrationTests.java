package io.github.eventbus.autoconfigure.jdbc;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications that own the schema with Flyway or Liquibase set {@code eventbus.jdbc.initialize-schema=never}:
 * the event bus creates nothing, and its stores wait for the migration before they read a table.
 */
class MigrationToolOwnsTheSchemaIntegrationTests {

	private static final List<String> TABLE_READERS = List.of("eventStore", "eventBusLeaseStore",
			"eventBusCheckpointStore", "eventBusDeadLetterStore");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, JdbcEventStoreAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EventBusAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:migrated-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"eventbus.jdbc.initialize-schema=never", "spring.flyway.enabled=true", "spring.liquibase.enabled=true");

	@Test
	void flywayMigratesBeforeTheStoresStart() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.locations=classpath:db/eventbus-flyway",
					"spring.flyway.placeholder-prefix=@@", "spring.flyway.placeholder-suffix=@@",
					"spring.flyway.placeholders.prefix=eventbus_")
			.run((context) -> {
				// then
				assertThat(context).hasNotFailed().doesNotHaveBean(EventBusSchemaInitializer.class);
				assertDependOn(context.getBeanFactory(), "flywayInitializer");
				assertTheBusWorks(context.getBean(EventBus.class), context.getBean(JdbcEventStore.class),
						context.getBean(DataSource.class));
			});
	}

	@Test
	void liquibaseMigratesBeforeTheStoresStart() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
			.withPropertyValues("spring.liquibase.change-log=classpath:db/eventbus-liquibase/changelog.sql")
			.run((context) -> {
				// then
				assertThat(context).hasNotFailed().doesNotHaveBean(EventBusSchemaInitializer.class);
				assertDependOn(context.getBeanFactory(), "liquibase");
				assertTheBusWorks(context.getBean(EventBus.class), context.getBean(JdbcEventStore.class),
						context.getBean(DataSource.class));
			});
	}

	@Test
	void neverCreatesNoTableOfAnySet() {
		this.contextRunner.withPropertyValues("eventbus.store.type=memory").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(EventBusSchemaInitializer.class);
			assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
					"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'eventbus%'",
					Long.class))
				.isZero();
		});
	}

	private static void assertDependOn(ConfigurableListableBeanFactory beanFactory, String migration) {
		for (String reader : TABLE_READERS) {
			assertThat(beanFactory.getBeanDefinition(reader).getDependsOn()).as(reader).contains(migration);
		}
	}

	private static void assertTheBusWorks(EventBus bus, JdbcEventStore store, DataSource dataSource) {
		// when
		bus.publish("order-1", "placed");
		// then
		assertThat(store.readStream("order-1")).hasSize(1);
		assertThat(store.storeId()).isEqualTo(
				new JdbcTemplate(dataSource).queryForObject("SELECT store_id FROM eventbus_store", String.class));
	}

}
