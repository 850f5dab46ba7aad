package io.github.eventbus.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the auto-configurations an {@link EventBusTest} runs on: the bus, durable observers, sagas, the
 * JDBC event store, and what they need (task execution, Jackson and, for a JDBC store, the
 * {@code DataSource}, its initialization and transactions). Listed in
 * {@code META-INF/spring/io.github.eventbus.test.AutoConfigureEventBus.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEventBus {

}
