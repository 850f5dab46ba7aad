package io.github.eventbus.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eventbus.enabled=false} turns every auto-configuration of the event bus off, with or without a
 * {@code DataSource}, even with observer methods in the application.
 */
class EventBusEnabledTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(eventBusAutoConfigurations()))
		.withBean(Shipping.class);

	@Test
	void everyAutoConfigurationRunsByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EventBus.class));
	}

	@Test
	void disabledWithoutADataSourceStartsWithNoBeanOfTheBus() {
		this.contextRunner.withPropertyValues("eventbus.enabled=false").run(EventBusEnabledTests::assertNoEventBusBean);
	}

	@Test
	void disabledWithADataSourceStartsWithNoBeanAndNoTable() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.generate-unique-name=true", "eventbus.enabled=false")
			.run((context) -> {
				assertNoEventBusBean(context);
				assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
						"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'eventbus%'",
						Long.class))
					.isZero();
			});
	}

	private static void assertNoEventBusBean(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		List<String> ours = Arrays.stream(context.getBeanDefinitionNames()).filter((name) -> {
			Class<?> type = context.getType(name);
			return type != null && type != Shipping.class && type.getName().startsWith("io.github.eventbus");
		}).toList();
		assertThat(ours).isEmpty();
	}

	private static Class<?>[] eventBusAutoConfigurations() {
		return StreamSupport
			.stream(ImportCandidates.load(AutoConfiguration.class, EventBusEnabledTests.class.getClassLoader())
				.spliterator(), false)
			.filter((name) -> name.startsWith("io.github.eventbus"))
			.map(EventBusEnabledTests::load)
			.toArray(Class<?>[]::new);
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Shipping {

		@EventObserver
		void on(String event) {
		}

	}

}
