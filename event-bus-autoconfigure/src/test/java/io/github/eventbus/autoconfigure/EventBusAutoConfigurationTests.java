package io.github.eventbus.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import io.github.eventbus.EventBus;
import io.github.eventbus.ObserverErrorHandler;
import io.github.eventbus.PublishResult;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.store.EventStore;
import io.github.eventbus.store.memory.InMemoryEventStore;
import io.github.eventbus.store.memory.NonRetainingEventStore;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link EventBusAutoConfiguration}. */
class EventBusAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner();

	@Test
	void defaultsConfigureTheBusWithAnInMemoryStoreAndItsOwnExecutor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EventBus.class)
				.hasSingleBean(DefaultEventBus.class)
				.hasSingleBean(InMemoryEventStore.class)
				.hasSingleBean(LoggingObserverErrorHandler.class)
				.hasSingleBean(EventBusLifecycle.class)
				.hasBean("applicationTaskExecutor");
			ThreadPoolTaskExecutor executor = context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME,
					ThreadPoolTaskExecutor.class);
			assertThat(executor.getCorePoolSize()).isEqualTo(8);
			assertThat(executor.getMaxPoolSize()).isEqualTo(256);
			assertThat(executor.getQueueCapacity()).isZero();
			assertThat(executor.getThreadNamePrefix()).isEqualTo("eventbus-");
			assertThat(context.getBean(DefaultEventBus.class).store()).isSameAs(context.getBean(EventStore.class));
		});
	}

	@Test
	void theBusExecutorIsNotInjectedWhereAnApplicationAsksForAnExecutor() {
		this.contextRunner.run((context) -> assertThat(context.getBean(Executor.class))
			.isSameAs(context.getBean("applicationTaskExecutor")));
	}

	@Test
	void executorPropertiesApply() {
		this.contextRunner
			.withPropertyValues("eventbus.executor.core-size=2", "eventbus.executor.max-size=3",
					"eventbus.executor.queue-capacity=5", "eventbus.executor.keep-alive=5s",
					"eventbus.executor.thread-name-prefix=bus-")
			.run((context) -> {
				ThreadPoolTaskExecutor executor = context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME,
						ThreadPoolTaskExecutor.class);
				assertThat(executor.getCorePoolSize()).isEqualTo(2);
				assertThat(executor.getMaxPoolSize()).isEqualTo(3);
				assertThat(executor.getQueueCapacity()).isEqualTo(5);
				assertThat(executor.getKeepAliveSeconds()).isEqualTo(5);
				assertThat(executor.getThreadNamePrefix()).isEqualTo("bus-");
			});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("eventbus.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EventBus.class)
				.doesNotHaveBean(EventStore.class)
				.doesNotHaveBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME));
	}

	@Test
	void userEventBusMakesOursBackOff() {
		EventBus userBus = new DefaultEventBus(EventStore.none(), Runnable::run,
				io.github.eventbus.dispatch.DispatchSettings.defaults(), (failure) -> {
				});
		this.contextRunner.withBean("userBus", EventBus.class, () -> userBus)
			.withBean("recorder", RecordingObserver.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(EventBus.class);
				assertThat(context.getBean(EventBus.class)).isSameAs(userBus);
				assertThat(context).doesNotHaveBean("eventBus");
			});
	}

	@Test
	void aUserEventBusThatIsARegistryKeepsObserversWorking() {
		EventBus userBus = new DefaultEventBus(EventStore.none(), Runnable::run,
				io.github.eventbus.dispatch.DispatchSettings.defaults(), (failure) -> {
				});
		this.contextRunner.withBean("userBus", EventBus.class, () -> userBus)
			.withBean("recorder", RecordingObserver.class)
			.run((context) -> {
				// when
				context.getBean(EventBus.class).publish(new Tick(7));
				// then
				assertThat(context.getBean(RecordingObserver.class).payloads()).containsExactly(new Tick(7));
			});
	}

	@Test
	void aUserEventBusThatIsNoRegistryFailsStartupWhenThereAreObservers() {
		// fails before the registry interface: the context started and the observer was silently never called
		this.contextRunner.withBean("userBus", EventBus.class, NoRegistryBus::new)
			.withBean("recorder", RecordingObserver.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@EventObserver")
				.hasMessageContaining("ObserverRegistry")
				.hasMessageContaining(NoRegistryBus.class.getName()));
	}

	@Test
	void aUserEventBusThatIsNoRegistryStartsWhenThereAreNoObservers() {
		this.contextRunner.withBean("userBus", EventBus.class, NoRegistryBus::new)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EventBus.class));
	}

	/** A bus of the application's own that registers no observers. */
	static class NoRegistryBus implements EventBus {

		@Override
		public PublishResult publish(Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PublishResult publish(String streamId, Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PublishResult publishAll(String streamId, long expectedVersion, List<?> payloads) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean awaitIdle(Duration timeout) {
			return true;
		}

	}

	@Test
	void userEventStoreMakesOursBackOff() {
		EventStore userStore = EventStore.inMemory(10);
		this.contextRunner.withBean("userStore", EventStore.class, () -> userStore).run((context) -> {
			assertThat(context).hasSingleBean(EventStore.class).doesNotHaveBean("inMemoryEventStore");
			assertThat(context.getBean(DefaultEventBus.class).store()).isSameAs(userStore);
		});
	}

	@Test
	void userObserverErrorHandlerMakesOursBackOff() {
		ObserverErrorHandler userHandler = (failure) -> {
		};
		this.contextRunner.withBean("userHandler", ObserverErrorHandler.class, () -> userHandler)
			.run((context) -> assertThat(context).hasSingleBean(ObserverErrorHandler.class)
				.doesNotHaveBean(LoggingObserverErrorHandler.class));
	}

	@Test
	void userExecutorNamedEventBusTaskExecutorMakesOursBackOff() {
		ThreadPoolTaskExecutor userExecutor = new ThreadPoolTaskExecutor();
		this.contextRunner
			.withBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class, () -> userExecutor)
			.run((context) -> assertThat(context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME))
				.isSameAs(userExecutor));
	}

	@Test
	void aUserExecutorThatIsNotADefaultCandidateLeavesBootsApplicationTaskExecutorInPlace() {
		this.contextRunner.withUserConfiguration(UserExecutorConfiguration.class)
			.run((context) -> assertThat(context).hasBean("applicationTaskExecutor")
				.hasBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME));
	}

	@Test
	void storeTypeNoneRetainsNothing() {
		this.contextRunner.withPropertyValues("eventbus.store.type=none").run((context) -> {
			assertThat(context).hasSingleBean(NonRetainingEventStore.class).doesNotHaveBean(InMemoryEventStore.class);
			PublishResult result = context.getBean(EventBus.class).publish("order-1", new Tick(1));
			assertThat(result.event().position()).isEqualTo(1);
			assertThat(context.getBean(EventStore.class).readAll(1, 10)).isEmpty();
		});
	}

	@Test
	void storeTypeMemoryKeepsTheConfiguredNumberOfEvents() {
		this.contextRunner.withPropertyValues("eventbus.store.type=memory", "eventbus.store.memory.capacity=3")
			.run((context) -> {
				EventBus testSubject = context.getBean(EventBus.class);
				for (int i = 1; i <= 5; i++) {
					testSubject.publish(new Tick(i));
				}
				List<Object> retained = context.getBean(EventStore.class)
					.readAll(1, 10)
					.stream()
					.map((event) -> (Object) event.payload())
					.toList();
				assertThat(retained).containsExactly(new Tick(3), new Tick(4), new Tick(5));
			});
	}

	@Test
	void memoryStoreIsTheDefaultWithADataSourceWhenNoJdbcStoreIsConfigured() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(DataSource.class)
				.hasSingleBean(InMemoryEventStore.class));
	}

	@Test
	void storeTypeJdbcWithoutAStoreFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("eventbus.store.type=jdbc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("eventbus.store.type"));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsWhenEnabledOnJava21OrLater() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean("recorder", RecordingObserver.class)
			.run((context) -> {
				assertThat(context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME))
					.isInstanceOf(SimpleAsyncTaskExecutor.class);
				context.getBean(EventBus.class).publish(new Tick(1));
				assertThat(context.getBean(RecordingObserver.class).threadNames()).singleElement()
					.asString()
					.startsWith("eventbus-");
			});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void platformThreadsOnJava17EvenWhenVirtualThreadsAreAskedFor() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME))
				.isInstanceOf(ThreadPoolTaskExecutor.class));
	}

	@Test
	void theBusStopsBeforeItsExecutor() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean(EventBusAutoConfiguration.EXECUTOR_BEAN_NAME,
					ThreadPoolTaskExecutor.class);
			assertThat(EventBusLifecycle.PHASE).isGreaterThan(executor.getPhase());
		});
	}

	@Test
	void isListedAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(EventBusAutoConfiguration.class.getName());
	}

	@Test
	void failureAnalyzerIsRegistered() {
		// Boot's own analyzers need constructor arguments: skip them, they are not under test.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.logging(LogFactory.getLog(getClass()))))
			.hasAtLeastOneElementOfType(InvalidObserverMethodFailureAnalyzer.class);
	}

	@Test
	void publishTimeoutAndShutdownTimeoutBind() {
		this.contextRunner
			.withPropertyValues("eventbus.dispatch.publish-timeout=250ms", "eventbus.shutdown.timeout=2s")
			.run((context) -> {
				EventBusProperties properties = context.getBean(EventBusProperties.class);
				assertThat(properties.getDispatch().getPublishTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean(defaultCandidate = false)
		ThreadPoolTaskExecutor eventBusTaskExecutor() {
			return new ThreadPoolTaskExecutor();
		}

	}

}
