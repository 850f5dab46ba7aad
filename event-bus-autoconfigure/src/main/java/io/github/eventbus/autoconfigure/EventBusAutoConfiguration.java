package io.github.eventbus.autoconfigure;

import java.util.concurrent.Executor;

import io.github.eventbus.EventBus;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.DispatchExtension;
import io.github.eventbus.dispatch.ObserverRegistry;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.jdbc.EventTypeRegistry;
import io.github.eventbus.store.memory.InMemoryEventStore;
import io.github.eventbus.store.memory.NonRetainingEventStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Auto-configuration of the {@link EventBus}: its executor, its in-memory or non-retaining
 * {@link EventStore}, its {@link ObserverErrorHandler}, the discovery of
 * {@link io.github.eventbus.EventObserver} methods and its graceful shutdown. Every bean backs off when
 * the application defines its own.
 * <p>
 * Runs after Boot's task execution auto-configuration, so that the bus's executor never stops the
 * application's {@code applicationTaskExecutor} from being created, and after the JDBC event store
 * auto-configuration, so that a JDBC store wins over the in-memory default.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class,
		afterName = "io.github.eventbus.autoconfigure.jdbc.JdbcEventStoreAutoConfiguration")
@ConditionalOnBooleanProperty(name = "eventbus.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventBusProperties.class)
@Import({ EventBusAutoConfiguration.PlatformThreadsExecutorConfiguration.class,
		EventBusAutoConfiguration.VirtualThreadsExecutorConfiguration.class })
public final class EventBusAutoConfiguration {

	/** Name of the executor bean that drains the observers' mailboxes; a user bean of this name replaces ours. */
	public static final String EXECUTOR_BEAN_NAME = "eventBusTaskExecutor";

	@Bean
	@ConditionalOnMissingBean(EventStore.class)
	@ConditionalOnProperty(name = "eventbus.store.type", havingValue = "memory", matchIfMissing = true)
	InMemoryEventStore inMemoryEventStore(EventBusProperties properties) {
		return new InMemoryEventStore(properties.getStore().getMemory().getCapacity());
	}

	@Bean
	@ConditionalOnMissingBean(EventStore.class)
	@ConditionalOnProperty(name = "eventbus.store.type", havingValue = "none")
	NonRetainingEventStore nonRetainingEventStore() {
		return new NonRetainingEventStore();
	}

	@Bean
	@ConditionalOnMissingBean
	ObserverErrorHandler observerErrorHandler() {
		return new LoggingObserverErrorHandler();
	}

	@Bean
	@ConditionalOnMissingBean(EventBus.class)
	DefaultEventBus eventBus(ObjectProvider<EventStore> store, @Qualifier(EXECUTOR_BEAN_NAME) Executor executor,
			ObserverErrorHandler errorHandler, EventBusProperties properties) {
		EventStore eventStore = store.getIfAvailable();
		if (eventStore == null) {
			throw new IllegalStateException("eventbus.store.type is '" + properties.getStore().getType()
					+ "' but there is no EventStore bean: add the JDBC event store and a DataSource, "
					+ "or set eventbus.store.type to 'memory' or 'none'");
		}
		return new DefaultEventBus(eventStore, executor, properties.getDispatch().toSettings(), errorHandler);
	}

	@Bean
	@ConditionalOnMissingBean
	ObserverRegistrar eventBusObserverRegistrar(ObjectProvider<ObserverRegistry> registry, ObjectProvider<EventBus> bus,
			ObjectProvider<DispatchExtension> extensions, ObjectProvider<ObserverDecorator> decorators,
			ObjectProvider<EventTypeRegistry> typeRegistries) {
		return new ObserverRegistrar(registry, bus, extensions, decorators, typeRegistries);
	}

	@Bean
	@ConditionalOnMissingBean
	EventBusLifecycle eventBusLifecycle(ObjectProvider<DefaultEventBus> bus, EventBusProperties properties) {
		return new EventBusLifecycle(bus, properties.getShutdown().getTimeout());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.PLATFORM)
	static class PlatformThreadsExecutorConfiguration {

		/**
		 * Not a default candidate: applications that inject "the" {@code Executor} keep getting Boot's
		 * {@code applicationTaskExecutor}, never this one by accident.
		 */
		@Bean(name = EXECUTOR_BEAN_NAME, defaultCandidate = false)
		@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
		ThreadPoolTaskExecutor eventBusTaskExecutor(EventBusProperties properties) {
			EventBusProperties.Executor executor = properties.getExecutor();
			if (executor.getMaxSize() < executor.getCoreSize()) {
				throw new IllegalStateException("eventbus.executor.max-size (" + executor.getMaxSize()
						+ ") must not be less than eventbus.executor.core-size (" + executor.getCoreSize() + ")");
			}
			// Accepting tasks after the close event lets the bus drain its mailboxes in its own
			// lifecycle stop, which runs before this executor is shut down.
			return new ThreadPoolTaskExecutorBuilder().corePoolSize(executor.getCoreSize())
				.maxPoolSize(executor.getMaxSize())
				.queueCapacity(executor.getQueueCapacity())
				.keepAlive(executor.getKeepAlive())
				.threadNamePrefix(executor.getThreadNamePrefix())
				.acceptTasksAfterContextClose(true)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	static class VirtualThreadsExecutorConfiguration {

		@Bean(name = EXECUTOR_BEAN_NAME, defaultCandidate = false)
		@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
		SimpleAsyncTaskExecutor eventBusTaskExecutor(EventBusProperties properties) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(
					properties.getExecutor().getThreadNamePrefix());
			executor.setVirtualThreads(true);
			executor.setTaskTerminationTimeout(properties.getShutdown().getTimeout().toMillis());
			return executor;
		}

	}

}
