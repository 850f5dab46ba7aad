package io.github.eventbus.test;

import java.util.Set;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Resolves test method parameters of the test support types from the test's application context. */
final class EventBusTestParameters implements ParameterResolver {

	private static final Set<Class<?>> TYPES = Set.of(Scenario.class, RecordedEvents.class, SagaFixture.class,
			TestClock.class);

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		return TYPES.contains(parameter.getParameter().getType());
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		return SpringExtension.getApplicationContext(extension).getBean(parameter.getParameter().getType());
	}

}
