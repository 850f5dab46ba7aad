package io.github.eventbus.autoconfigure.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.durable.jdbc.DurableTables;
import io.github.eventbus.jdbc.JdbcSchema;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import io.github.eventbus.store.jdbc.JdbcEventStoreSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
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

	@TempDir
	static Path migrations;

	/**
	 * Migrations as an application would write them, from the event bus's own scripts: Flyway replaces the
	 * prefix placeholder itself; the Liquibase changelog has the prefix written in.
	 */
	@BeforeAll
	static void writeMigrations() throws IOException {
		Files.createDirectories(migrations.resolve("flyway"));
		Files.writeString(migrations.resolve("flyway/V1__event_bus_events.sql"), script(JdbcEventStoreSchema.SCHEMA_LOCATION));
		Files.writeString(migrations.resolve("flyway/V2__event_bus_durable.sql"), script(DurableTables.SCHEMA_LOCATION));
		Files.writeString(migrations.resolve("changelog.sql"),
				"--liquibase formatted sql\n\n--changeset eventbus:1\n"
						+ JdbcSchema.script(JdbcEventStoreSchema.SCHEMA_LOCATION, "h2", "eventbus_")
						+ "\n--changeset eventbus:2\n" + JdbcSchema.script(DurableTables.SCHEMA_LOCATION, "h2", "eventbus_"));
	}

	// The H2 script as shipped, @@prefix@@ left for Flyway's placeholders; comments dropped, since Flyway
	// reads placeholders in them too.
	private static String script(String location) throws IOException {
		String path = location.replace("classpath:", "").replace(JdbcSchema.PLATFORM_PLACEHOLDER, "h2");
		return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
	}

	@Test
	void flywayMigratesBeforeTheStoresStart() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.locations=filesystem:" + migrations.resolve("flyway"),
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
			.withPropertyValues("spring.liquibase.change-log=" + migrations.resolve("changelog.sql").toUri())
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
