package io.github.eventbus.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.eventbus.Event;
import io.github.eventbus.EventBus;
import io.github.eventbus.EventObserver;
import io.github.eventbus.PublishResult;
import io.github.eventbus.autoconfigure.TestEvents.OrderEvent;
import io.github.eventbus.autoconfigure.TestEvents.OrderPlaced;
import io.github.eventbus.autoconfigure.TestEvents.OrderShipped;
import io.github.eventbus.autoconfigure.TestEvents.Tick;
import io.github.eventbus.dispatch.DefaultEventBus;
import io.github.eventbus.dispatch.InvalidObserverMethodException;
import io.github.eventbus.dispatch.ObserverSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How {@link EventObserver} methods are found on beans and what they receive. */
@ExtendWith(OutputCaptureExtension.class)
class ObserverDiscoveryIntegrationTests {

	private final ApplicationContextRunner contextRunner = EventBusContexts.runner()
		.withPropertyValues("eventbus.dispatch.mode=sequential");

	@Test
	void transactionalProxiesAreDiscoveredAndCalledThroughTheProxy() {
		this.contextRunner.withUserConfiguration(TransactionalConfiguration.class).run((context) -> {
			// given
			TransactionalObserver observer = context.getBean(TransactionalObserver.class);
			assertThat(AopUtils.isAopProxy(observer)).isTrue();
			// when
			context.getBean(EventBus.class).publish(new Tick(1));
			// then: the advice ran, so the observer was called through the proxy
			assertThat(observer.inTransaction()).containsExactly(true);
		});
	}

	@Test
	void genericObserversResolveTheirPayloadTypeFromTheBeanClass() {
		this.contextRunner.withBean("shipments", ShipmentObserver.class).run((context) -> {
			// when
			EventBus testSubject = context.getBean(EventBus.class);
			testSubject.publish(new OrderPlaced("o-1", 1));
			testSubject.publish(new OrderShipped("o-1"));
			// then
			assertThat(context.getBean(ShipmentObserver.class).received()).containsExactly(new OrderShipped("o-1"));
		});
	}

	@Test
	void payloadSubtypesMatchASupertypeParameter() {
		this.contextRunner.withBean("orders", OrderObserver.class).run((context) -> {
			// when
			EventBus testSubject = context.getBean(EventBus.class);
			testSubject.publish(new OrderPlaced("o-1", 1));
			testSubject.publish(new OrderShipped("o-1"));
			testSubject.publish(new Tick(1));
			// then
			OrderObserver observer = context.getBean(OrderObserver.class);
			assertThat(observer.allOrders.payloads()).containsExactly(new OrderPlaced("o-1", 1),
					new OrderShipped("o-1"));
			assertThat(observer.placedOnly.payloads()).containsExactly(new OrderPlaced("o-1", 1));
		});
	}

	@Test
	void streamIdMembersNameTheStreamAndEnvelopesAreShared() {
		this.contextRunner.withBean("envelopes", EnvelopeObserver.class).run((context) -> {
			// when
			EventBus testSubject = context.getBean(EventBus.class);
			PublishResult first = testSubject.publish(new OrderPlaced("o-7", 1));
			PublishResult second = testSubject.publish(new OrderShipped("o-7"));
			PublishResult other = testSubject.publish(new OrderPlaced("o-8", 2));
			// then
			List<Event<?>> received = context.getBean(EnvelopeObserver.class).recorder.events();
			assertThat(received).extracting(Event::streamId).containsExactly("o-7", "o-7", "o-8");
			assertThat(received).extracting(Event::version).containsExactly(1L, 2L, 1L);
			assertThat(received.get(0)).isSameAs(first.event());
			assertThat(received.get(1)).isSameAs(second.event());
			assertThat(received.get(2)).isSameAs(other.event());
		});
	}

	@Test
	void observerIdsDefaultToBeanAndMethodNameUnlessSet() {
		this.contextRunner.withBean("orders", OrderObserver.class).run((context) -> {
			List<String> ids = context.getBean(DefaultEventBus.class)
				.observers()
				.stream()
				.map(ObserverSnapshot::id)
				.toList();
			assertThat(ids).containsExactlyInAnyOrder("orders.onAnyOrder", "placed-orders");
		});
	}

	@Test
	void aWrongSignatureFailsStartupNamingTheBeanAndTheMethod() {
		this.contextRunner.withBean("brokenObserver", BrokenObserver.class).run((context) -> {
			// then
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).isInstanceOf(InvalidObserverMethodException.class)
				.hasMessageContaining("'brokenObserver'")
				.hasMessageContaining("'onTwoThings'");
			FailureAnalysis analysis = new InvalidObserverMethodFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("brokenObserver", "onTwoThings");
			assertThat(analysis.getAction()).contains("exactly one parameter");
		});
	}

	@Test
	void aWrongSignatureIsExplainedWhenTheApplicationFailsToStart(CapturedOutput output) {
		// given
		SpringApplication application = new SpringApplication(BrokenApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// when
		assertThatExceptionOfType(InvalidObserverMethodException.class).isThrownBy(application::run);
		// then: Boot's failure analysis found our analyzer through spring.factories
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@EventObserver method 'onTwoThings' of bean 'brokenObserver'")
			.contains("Change method 'onTwoThings' of bean 'brokenObserver'");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EventBusAutoConfiguration.class)
	static class BrokenApplication {

		@Bean
		BrokenObserver brokenObserver() {
			return new BrokenObserver();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionalConfiguration {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoOpTransactionManager();
		}

		@Bean
		TransactionalObserver transactionalObserver() {
			return new TransactionalObserver();
		}

	}

	static class TransactionalObserver {

		private final List<Boolean> inTransaction = new ArrayList<>();

		@Transactional
		@EventObserver
		public void on(Tick tick) {
			this.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

		public List<Boolean> inTransaction() {
			return this.inTransaction;
		}

	}

	/** Enough of a transaction manager to make {@code @Transactional} advice visible. */
	static class NoOpTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	abstract static class TypedObserver<T> {

		private final RecordingObserver recorder = new RecordingObserver();

		@EventObserver
		public void on(T payload) {
			this.recorder.record(payload);
		}

		List<Object> received() {
			return this.recorder.payloads();
		}

	}

	static class ShipmentObserver extends TypedObserver<OrderShipped> {

	}

	static class OrderObserver {

		final RecordingObserver allOrders = new RecordingObserver();

		final RecordingObserver placedOnly = new RecordingObserver();

		@EventObserver
		void onAnyOrder(OrderEvent event) {
			this.allOrders.record(event);
		}

		@EventObserver(id = "placed-orders")
		void onPlaced(OrderPlaced event) {
			this.placedOnly.record(event);
		}

	}

	static class EnvelopeObserver {

		final RecordingObserver recorder = new RecordingObserver();

		@EventObserver
		void on(Event<OrderEvent> event) {
			this.recorder.record(event);
		}

	}

	static class BrokenObserver {

		@EventObserver
		void onTwoThings(Tick first, Tick second) {
		}

	}

}
