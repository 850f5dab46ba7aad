package io.github.eventbus.autoconfigure.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.autoconfigure.EventBusAutoConfiguration;
import io.github.eventbus.autoconfigure.durable.DurableObserversAutoConfiguration;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.store.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusConsoleAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, EventBusAutoConfiguration.class,
				DurableObserversAutoConfiguration.class, EndpointAutoConfiguration.class,
				EventBusConsoleAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class));
	}

	@Test
	void onWhenEnabledAndReadOnlyByDefault() {
		this.contextRunner.withPropertyValues("eventbus.console.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ConsoleController.class);
			ConsoleController testSubject = context.getBean(ConsoleController.class);
			assertThat(testSubject.overview()).containsEntry("writable", false);
			assertThat(testSubject.replay(1).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(testSubject.discard(1).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		});
	}

	@Test
	void writableWhenTheEventbusEndpointAccessIsUnrestricted() {
		// Upper case: a bare context runner has no Boot conversion service for the lower-case form.
		this.contextRunner
			.withPropertyValues("eventbus.console.enabled=true", "management.endpoint.eventbus.access=UNRESTRICTED")
			.run((context) -> assertThat(context.getBean(ConsoleController.class).overview())
				.containsEntry("writable", true));
	}

	@Test
	void readOnlyWithoutActuator() {
		new WebApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, EventBusConsoleAutoConfiguration.class))
			.withPropertyValues("eventbus.console.enabled=true", "management.endpoint.eventbus.access=UNRESTRICTED")
			.run((context) -> assertThat(context.getBean(ConsoleController.class).overview())
				.containsEntry("writable", false));
	}

	@ParameterizedTest
	@CsvSource({ "eventbus.console.path, console", "eventbus.console.path, /console/", "eventbus.console.path, /",
			"eventbus.console.refresh-interval, 0s", "eventbus.console.refresh-interval, -2s" })
	void anInvalidValueFailsStartupNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues("eventbus.console.enabled=true", property + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(rejectedProperties(failure)).containsExactly(property)));
	}

	/** The properties a binding validation rejected, as {@code prefix.field}. */
	private static List<String> rejectedProperties(Throwable failure) {
		List<String> rejected = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindValidationException validation) {
				validation.getValidationErrors()
					.getAllErrors()
					.stream()
					.filter(FieldError.class::isInstance)
					.map(FieldError.class::cast)
					.forEach((error) -> rejected.add(error.getObjectName() + "." + error.getField()));
			}
		}
		return rejected;
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					EventBusAutoConfiguration.class, EventBusConsoleAutoConfiguration.class))
			.withPropertyValues("eventbus.console.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void positionsAreStrings() {
		this.contextRunner.withPropertyValues("eventbus.console.enabled=true").run((context) -> {
			// given
			context.getBean(EventBus.class).publish("order-1", "placed");
			// when
			Map<String, Object> overview = context.getBean(ConsoleController.class).overview();
			List<Map<String, Object>> stream = context.getBean(ConsoleController.class).stream("order-1");
			// then
			assertThat((Map<String, Object>) overview.get("store")).containsEntry("head", "1");
			assertThat(stream).singleElement()
				.satisfies((event) -> assertThat(event).containsEntry("position", "1").containsEntry("version", "1"));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsTheObserversOfAnApplicationsOwnEventBus() {
		// given: the application's own bus, declared as a plain EventBus (fails before the console asked for
		// the ObserverRegistry interface: it required a DefaultEventBus bean and silently stayed off)
		EventBus userBus = new DefaultEventBus(EventStore.inMemory(100), Runnable::run, DispatchSettings.defaults(),
				(failure) -> {
				});
		this.contextRunner.withBean("userBus", EventBus.class, () -> userBus)
			.withBean("shipping", Shipping.class)
			.withPropertyValues("eventbus.console.enabled=true")
			.run((context) -> {
				// when
				Map<String, Object> overview = context.getBean(ConsoleController.class).overview();
				// then
				assertThat((List<Map<String, Object>>) overview.get("observers")).singleElement()
					.satisfies((observer) -> assertThat(observer).containsEntry("id", "shipping.on")
						.containsEntry("kind", "in-memory")
						.containsEntry("state", "RUNNING"));
			});
	}

	static class Shipping {

		@EventObserver
		void on(String parcel) {
		}

	}

}
