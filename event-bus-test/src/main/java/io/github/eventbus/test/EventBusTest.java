package io.github.eventbus.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for the event bus: starts the bus, its store (in memory unless {@link #store()} says
 * {@link Store#JDBC}), durable observers and sagas with their auto-configuration, and of the application's
 * own beans only its observers (beans with {@code @EventObserver} methods), its {@code @Saga} beans and its
 * {@code @ConfigurationProperties} classes. What
 * they need besides is the test's to provide ({@code @Import}, {@code @MockitoBean}). No web layer, no
 * actuator, no other auto-configuration.
 * <p>
 * The test also gets what {@link AutoConfigureEventBusTest} adds: {@link Scenario}, {@link RecordedEvents}
 * (reset before each test method), {@link SagaFixture} and a {@link TestClock} as the {@code Clock} bean.
 * Inject them, or declare them as test method parameters.
 *
 * <pre class="code">
 * &#64;EventBusTest
 * class ShippingTests {
 *
 *     &#64;Test
 *     void shipsPaidOrders(Scenario scenario, RecordedEvents events) {
 *         scenario.publish(new PaymentCharged("order-1")).andWaitForEvent(OrderShipped.class);
 *         assertThat(events).contains(OrderShipped.class, (shipped) -&gt; shipped.orderId().equals("order-1"));
 *     }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(EventBusTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(EventBusTypeExcludeFilter.class)
@AutoConfigureEventBus
@AutoConfigureEventBusTest
@ImportAutoConfiguration
public @interface EventBusTest {

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Which event store the bus runs on. {@link Store#JDBC} also starts the application's {@code DataSource}
	 * (and its schema scripts), a transaction manager and the JDBC stores of durable observers and sagas.
	 * @return the store
	 */
	Store store() default Store.MEMORY;

	/**
	 * Whether the default filters (observers and sagas) apply to component scanning.
	 * @return whether they do
	 */
	boolean useDefaultFilters() default true;

	/**
	 * More components to scan.
	 * @return the filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Components not to scan.
	 * @return the filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations of the slice to leave out.
	 * @return the classes
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

	/** The event store of an {@link EventBusTest}. */
	enum Store {

		/** The in-memory store; no {@code DataSource} is started. */
		MEMORY,

		/** The JDBC store on the application's {@code DataSource} (an embedded one when none is configured). */
		JDBC

	}

}
