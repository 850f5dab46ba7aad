package io.github.eventbus.autoconfigure.jdbc;

import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A table prefix that is not a plain SQL identifier fails startup with Spring Boot's failure analysis
 * naming the property it came from, for every table set (issue 12, defect 12: the durable observers' prefix
 * used to fail in a bean factory method without naming its property). Saga properties are bound only in
 * applications with sagas; {@code SagaAutoConfigurationTests} checks their prefix.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidTablePrefixStartupTests {

	@ParameterizedTest
	@ValueSource(strings = { "eventbus.jdbc.table-prefix", "eventbus.store.jdbc.table-prefix",
			"eventbus.observers.table-prefix" })
	void failureAnalysisNamesTheProperty(String property, CapturedOutput output) {
		// given
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=jdbc:h2:mem:prefix-" + UUID.randomUUID(), property + "=a b",
					"spring.main.banner-mode=off", "management.endpoints.enabled-by-default=false");
		// when
		assertThatException().isThrownBy(application::run);
		// then
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: " + property)
			.contains("Value: \"a b\"")
			.contains("Table prefix 'a b' must be a letter or '_'");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
