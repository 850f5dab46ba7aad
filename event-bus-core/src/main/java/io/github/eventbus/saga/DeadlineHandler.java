package io.github.eventbus.saga;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Saga} bean that runs when a deadline of that name, scheduled with
 * {@link SagaLifecycle#scheduleDeadline}, falls due and has not been cancelled. The method takes, in any
 * order and each optional: the saga's state object, a {@link SagaLifecycle}, and one more parameter that
 * receives the deadline's payload (read from JSON into that parameter's type; {@code null} when the
 * deadline was scheduled without one).
 * <pre class="code">
 * &#64;DeadlineHandler("payment-timeout")
 * void paymentTimedOut(OrderFulfillment state, SagaLifecycle saga)
 * </pre>
 * The deadline reaches the instance as a {@link DeadlineFired} event in the store, so it is handled in
 * order with the instance's other events, with the same retries, and still fires after a restart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface DeadlineHandler {

	/** Name of the deadline, as given to {@link SagaLifecycle#scheduleDeadline}. */
	String value();

}
