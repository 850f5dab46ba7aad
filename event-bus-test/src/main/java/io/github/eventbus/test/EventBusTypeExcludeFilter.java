package io.github.eventbus.test;

import java.io.IOException;
import java.util.Set;

import io.github.eventbus.EventObserver;
import io.github.eventbus.saga.Saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Lets an {@link EventBusTest} scan only observers (classes with {@code @EventObserver} methods), sagas and the
 * {@code @ConfigurationProperties} classes they may read.
 */
final class EventBusTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<EventBusTest> {

	EventBusTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return Set.of(Saga.class, ConfigurationProperties.class);
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		return super.defaultInclude(metadataReader, metadataReaderFactory)
				|| metadataReader.getAnnotationMetadata().hasAnnotatedMethods(EventObserver.class.getName());
	}

}
