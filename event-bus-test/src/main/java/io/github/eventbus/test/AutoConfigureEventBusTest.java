package io.github.eventbus.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds the event bus test support to any Spring Boot test, such as a {@code @SpringBootTest} of the whole
 * application: a {@link Scenario}, the {@link RecordedEvents} of each test (reset before each test method), a
 * {@link SagaFixture}, and a {@link TestClock} as the application's primary {@code Clock} bean (it follows
 * the system clock until a test advances it). Test methods may declare any of these as parameters.
 * {@link EventBusTest} includes it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EventBusTestParameters.class)
@ImportAutoConfiguration(EventBusTestAutoConfiguration.class)
public @interface AutoConfigureEventBusTest {

}
