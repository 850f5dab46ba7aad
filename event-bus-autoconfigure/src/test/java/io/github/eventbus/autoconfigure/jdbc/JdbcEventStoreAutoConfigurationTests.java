package io.github.eventbus.autoconfigure.jdbc;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.eventbus.Event;
import io.github.eventbus.EventMetadata;
import io.github.eventbus.EventType;
import io.github.eventbus.autoconfigure.jdbc.scanned.ScannedEvent;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventSerializer;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.jdbc.JdbcEventStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tests for {@link JdbcEventStoreAutoConfiguration}. */
class JdbcEventStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.datasource.generate-unique-name=true")
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				JdbcEventStoreAutoConfiguration.class));

	@Test
	void usesTheJdbcStoreOnTheDataSourceAndInitializesTheEmbeddedSchema() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcEventStore.class).hasSingleBean(EventStore.class);
			EventStore store = context.getBean(EventStore.class);
			List<Event<?>> appended = store.append("order-1", 0, List.of(new OrderPlaced("order-1")));
			assertThat(store.readStream("order-1")).extracting(Event::id).containsExactly(appended.get(0).id());
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventbus_events", Long.class)).isOne();
			assertThat(jdbc.queryForObject("SELECT position FROM eventbus_head", Long.class)).isOne();
		});
	}

	@Test
	void usesTheApplicationsJsonMapper() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(JsonMapper.class)
			.hasSingleBean(EventSerializer.class));
	}

	@Test
	void usesTheConfiguredTablePrefix() {
		this.contextRunner.withPropertyValues("eventbus.store.jdbc.table-prefix=orders_").run((context) -> {
			context.getBean(EventStore.class).append("order-1", 0, List.of(new OrderPlaced("order-1")));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders_events", Long.class)).isOne();
		});
	}

	@Test
	void namesItsTablesWithTheSharedPrefixByDefault() {
		this.contextRunner.withPropertyValues("eventbus.jdbc.table-prefix=shop_").run((context) -> {
			context.getBean(EventStore.class).append("order-1", 0, List.of(new OrderPlaced("order-1")));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shop_events", Long.class)).isOne();
			assertThat(jdbc.queryForObject("SELECT store_id FROM shop_store", String.class))
				.isEqualTo(context.getBean(JdbcEventStore.class).storeId());
		});
	}

	@Test
	void refusesAMaliciousTablePrefixAtStartup() {
		this.contextRunner.withPropertyValues("eventbus.store.jdbc.table-prefix=x; DROP TABLE users; --")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("eventbus.store.jdbc")
				.hasMessageContaining("table-prefix"));
		this.contextRunner.withPropertyValues("eventbus.jdbc.table-prefix=1st")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("eventbus.jdbc"));
	}

	@Test
	void theStoreWaitsForItsSchemaInitializer() {
		this.contextRunner.run((context) -> assertThat(context.getBeanFactory()
			.getBeanDefinition("eventStore")
			.getDependsOn()).contains("eventBusEventsSchemaInitializer"));
	}

	@Test
	void leavesTheSchemaAloneWhenInitializationIsOff() {
		this.contextRunner.withPropertyValues("eventbus.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).doesNotHaveBean("eventBusEventsSchemaInitializer");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject(
					"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'eventbus_events'",
					Long.class))
				.isZero();
		});
	}

	@Test
	void backsOffForTheMemoryStoreType() {
		this.contextRunner.withPropertyValues("eventbus.store.type=memory")
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcEventStore.class)
				.doesNotHaveBean(EventTypeRegistry.class));
	}

	@Test
	void isUsedWhenTheJdbcStoreTypeIsAskedFor() {
		this.contextRunner.withPropertyValues("eventbus.store.type=jdbc")
			.run((context) -> assertThat(context).hasSingleBean(JdbcEventStore.class));
	}

	@Test
	void backsOffForAUserEventStore() {
		this.contextRunner.withUserConfiguration(UserStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EventStore.class).doesNotHaveBean(JdbcEventStore.class);
			assertThat(context.getBean(EventStore.class)).isSameAs(context.getBean("userStore"));
		});
	}

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					JdbcEventStoreAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcEventStore.class));
	}

	@Test
	void backsOffWithoutSpringJdbc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcEventStore.class));
	}

	@Test
	void registersEventTypesOfTheConfiguredPackages() {
		this.contextRunner
			.withPropertyValues("eventbus.store.jdbc.type-packages=io.github.eventbus.autoconfigure.jdbc.scanned")
			.run((context) -> assertThat(context.getBean(EventTypeRegistry.class).classOf("scanned-event"))
				.isEqualTo(ScannedEvent.class));
	}

	@Test
	void appliesRegistryCustomizers() {
		this.contextRunner
			.withBean("upcasters", EventTypeRegistryCustomizer.class,
					() -> (registry) -> registry.registerUpcaster("order-placed", (type, from, json) -> json))
			.withBean("types", EventTypeRegistryCustomizer.class,
					() -> (registry) -> registry.register(ScannedEvent.class))
			.run((context) -> assertThat(context.getBean(EventTypeRegistry.class).classOf("scanned-event"))
				.isEqualTo(ScannedEvent.class));
	}

	@Test
	void stopsTheGroupCommitWriterWithTheContext() {
		this.contextRunner.withPropertyValues("eventbus.store.jdbc.table-prefix=closing_").run((context) -> {
			context.getBean(EventStore.class).appendOne(null, new OrderPlaced("order-1"), EventMetadata.empty());
			assertThat(writerThreads()).isNotEmpty();
			context.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> writerThreads().isEmpty());
		});
	}

	private static List<Thread> writerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("eventbus-group-commit-closing_") && thread.isAlive())
			.toList();
	}

	@EventType("order-placed")
	record OrderPlaced(String orderId) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		EventStore userStore() {
			return EventStore.inMemory(10);
		}

	}

}
