package io.github.eventbus.saga;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Saga} bean that handles one event type. The method takes, in any order:
 * <ul>
 * <li>the payload (subtypes match) or {@link io.github.eventbus.Event Event&lt;Payload&gt;} (required);</li>
 * <li>the saga's state object (optional);</li>
 * <li>a {@link SagaLifecycle} (optional), to associate further values, end the saga or manage
 * deadlines.</li>
 * </ul>
 * The instance is found by reading {@link #associationProperty()} from the payload (a record component,
 * a getter or a field) and looking up the instance associated with that value under
 * {@link #associationKey()}. Without an instance the event is ignored, unless the method is also annotated
 * {@link StartSaga}. At most one handler per payload type in one saga; the most specific one wins.
 * <pre class="code">
 * &#64;SagaEventHandler(associationProperty = "orderId")
 * void on(PaymentDeclined event, OrderFulfillment state, SagaLifecycle saga)
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface SagaEventHandler {

	/** Name of the payload property holding the association value, for example {@code "orderId"}. */
	String associationProperty();

	/** Key the value is associated under; defaults to {@link #associationProperty()}. */
	String associationKey() default "";

}
