package io.github.eventbus.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Adds the store choice of {@link EventBusTest} to the test's properties: {@code eventbus.store.type}, and for
 * the in-memory store the exclusion of the JDBC auto-configurations the slice imports.
 */
final class EventBusTestContextBootstrapper extends TestSliceTestContextBootstrapper<EventBusTest> {

	/** Imported by {@link AutoConfigureEventBus}, started only for {@link EventBusTest.Store#JDBC}. */
	static final List<String> JDBC_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration");

	@Override
	protected String @Nullable [] getProperties(Class<?> testClass) {
		EventBusTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, EventBusTest.class);
		String[] own = super.getProperties(testClass);
		List<String> properties = new ArrayList<>((own != null) ? Arrays.asList(own) : List.of());
		if (test == null || test.store() == EventBusTest.Store.MEMORY) {
			properties.add("eventbus.store.type=memory");
			properties.add("spring.autoconfigure.exclude=" + String.join(",", JDBC_AUTO_CONFIGURATIONS));
		}
		else {
			properties.add("eventbus.store.type=jdbc");
		}
		return properties.toArray(String[]::new);
	}

}
