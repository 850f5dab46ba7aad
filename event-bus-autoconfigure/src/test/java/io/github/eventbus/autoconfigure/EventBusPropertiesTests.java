package io.github.eventbus.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.eventbus.DispatchMode;
import io.github.eventbus.dispatch.DispatchSettings;
import io.github.eventbus.dispatch.Overflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code eventbus.*}. */
class EventBusPropertiesTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner();

	@Test
	void defaults() {
		// given
		EventBusProperties testSubject = new EventBusProperties();
		// then
		assertThat(testSubject.isEnabled()).isTrue();
		assertThat(testSubject.getDispatch().getMode()).isEqualTo(DispatchMode.CONCURRENT_AWAIT);
		assertThat(testSubject.getDispatch().getMailboxCapacity()).isEqualTo(1024)
			.isEqualTo(DispatchSettings.DEFAULT_MAILBOX_CAPACITY);
		assertThat(testSubject.getDispatch().getPublishTimeout()).isEqualTo(Duration.ofSeconds(10))
			.isEqualTo(DispatchSettings.DEFAULT_PUBLISH_TIMEOUT);
		assertThat(testSubject.getDispatch().getOverflow()).isEqualTo(Overflow.BLOCK);
		assertThat(testSubject.getExecutor().getCoreSize()).isEqualTo(8);
		assertThat(testSubject.getExecutor().getMaxSize()).isEqualTo(256);
		assertThat(testSubject.getExecutor().getQueueCapacity()).isZero();
		assertThat(testSubject.getExecutor().getKeepAlive()).isEqualTo(Duration.ofSeconds(60));
		assertThat(testSubject.getExecutor().getThreadNamePrefix()).isEqualTo("eventbus-");
		assertThat(testSubject.getStore().getType()).isNull();
		assertThat(testSubject.getStore().getMemory().getCapacity()).isEqualTo(100_000);
		assertThat(testSubject.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void bindsTheValuesAYamlFileWouldUse() {
		this.contextRunner
			.withPropertyValues("eventbus.dispatch.mode=fire-and-forget", "eventbus.dispatch.overflow=drop-oldest",
					"eventbus.dispatch.mailbox-capacity=7", "eventbus.store.type=none")
			.run((context) -> {
				EventBusProperties testSubject = context.getBean(EventBusProperties.class);
				assertThat(testSubject.getDispatch().getMode()).isEqualTo(DispatchMode.FIRE_AND_FORGET);
				assertThat(testSubject.getDispatch().getOverflow()).isEqualTo(Overflow.DROP_OLDEST);
				assertThat(testSubject.getDispatch().getMailboxCapacity()).isEqualTo(7);
				assertThat(testSubject.getStore().getType()).isEqualTo(EventBusProperties.StoreType.NONE);
			});
	}

	@ParameterizedTest
	@CsvSource({ "eventbus.dispatch.mailbox-capacity, -1", "eventbus.dispatch.mailbox-capacity, 0",
			"eventbus.dispatch.mode, parallel", "eventbus.dispatch.overflow, sometimes",
			"eventbus.dispatch.publish-timeout, -1s", "eventbus.executor.core-size, -2",
			"eventbus.executor.max-size, 0", "eventbus.executor.queue-capacity, -1",
			"eventbus.store.type, mongo", "eventbus.store.memory.capacity, 0", "eventbus.shutdown.timeout, -5s",
			"eventbus.executor.keep-alive, -1s" })
	void invalidValueFailsStartupNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(messages(failure)).contains(property)));
	}

	@Test
	void maxSizeBelowCoreSizeFailsStartupNamingBothProperties() {
		this.contextRunner.withPropertyValues("eventbus.executor.core-size=10", "eventbus.executor.max-size=5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(messages(failure)).contains("eventbus.executor.max-size")
					.contains("eventbus.executor.core-size")));
	}

	@Test
	void configurationMetadataIsGeneratedForIdeCompletion() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"eventbus.dispatch.mode\"", "\"eventbus.dispatch.mailbox-capacity\"",
					"\"eventbus.executor.thread-name-prefix\"", "\"eventbus.store.type\"",
					"\"eventbus.shutdown.timeout\"", "\"eventbus.observers.durable-by-default\"",
					"\"eventbus.jdbc.table-prefix\"", "\"eventbus.jdbc.initialize-schema\"");
		}
	}

	// What Spring Boot's failure analysis prints: messages, and for validation errors "Property: <name>".
	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
			if (cause instanceof BindValidationException validation) {
				for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
					if (error instanceof FieldError field) {
						messages.append("Property: ").append(field.getObjectName()).append('.').append(field.getField());
						messages.append(": ").append(field.getDefaultMessage()).append('\n');
					}
				}
			}
		}
		return messages.toString();
	}

}
