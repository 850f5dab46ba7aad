package io.github.eventbus.saga;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean that coordinates a long-running process: a saga. The bean itself is an ordinary Spring
 * singleton (inject the services it calls); the state of each running instance is a separate plain
 * object of type {@link #state()}, created with its no-argument constructor when a {@link StartSaga}
 * handler runs, stored as JSON with the application's Jackson {@code JsonMapper} after every handled
 * event and passed back to the next handler.
 * <pre class="code">
 * &#64;Saga(state = OrderFulfillment.class)
 * class OrderFulfillmentSaga {
 *
 *     private final Inventory inventory;
 *
 *     OrderFulfillmentSaga(Inventory inventory) { this.inventory = inventory; }
 *
 *     &#64;StartSaga
 *     &#64;SagaEventHandler(associationProperty = "orderId")
 *     void on(OrderPlaced event, OrderFulfillment state, SagaLifecycle saga) {
 *         state.setItems(event.items());
 *         inventory.reserve(event.orderId(), event.items());
 *         saga.scheduleDeadline("reservation-timeout", Duration.ofMinutes(1));
 *     }
 *
 *     &#64;EndSaga
 *     &#64;SagaEventHandler(associationProperty = "orderId")
 *     void on(OrderShipped event, OrderFulfillment state) { ... }
 *
 *     &#64;DeadlineHandler("reservation-timeout")
 *     void reservationTimedOut(OrderFulfillment state, SagaLifecycle saga) { ... }
 * }
 * </pre>
 * <b>Delivery.</b> Each saga type is fed like a durable observer with id {@code saga:<name>}: from the
 * event store behind a checkpoint, one event at a time and in position order, so one instance never
 * handles two events at once and its state is saved before its next event arrives. An event whose
 * position is not above the last one an instance handled (a redelivery after a crash) is ignored.
 * <p>
 * <b>Failures.</b> A handler's exception rolls back the state change (and, in a transaction, what the
 * handler published and wrote) and follows the durable observers' retry and dead-letter rules
 * ({@code eventbus.retry.*}); later events of the same stream wait behind a dead letter, so publish the
 * events of one process on one stream (for example the order id) to keep them in order.
 * <p>
 * Handlers must not start threads: whatever they publish is handled later, after their state is saved.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Component
public @interface Saga {

	/** The bean name; empty for the default. */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/** Type of the state of one instance: a class with a no-argument constructor, stored as JSON. */
	Class<?> state();

	/** Stable name of the saga type, stored with every instance; defaults to the class's simple name. */
	String name() default "";

}
