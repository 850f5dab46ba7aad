package io.github.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides {@code eventbus.retry.*} for one durable {@link EventObserver} method. Attributes left unset
 * keep the configured value.
 * <p>
 * A failed attempt is retried after {@code initialBackoff}, then after {@code initialBackoff * multiplier},
 * and so on up to {@code maxBackoff}; after {@code maxAttempts} attempts the event is dead-lettered.
 * Durations use the simple style: {@code "250ms"}, {@code "2s"}, {@code "1m"}.
 * <pre class="code">
 * &#64;EventObserver(durable = true)
 * &#64;Retry(maxAttempts = 5, initialBackoff = "1s")
 * void on(PaymentRequested event) { ... }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface Retry {

	/** Attempts in total, the first included; {@code 1} disables retries. Unset: {@code -1}. */
	int maxAttempts() default -1;

	/** Delay before the second attempt, for example {@code "100ms"}. */
	String initialBackoff() default "";

	/** Factor applied to the delay after each failed attempt. Unset: {@code -1}. */
	double multiplier() default -1;

	/** Upper bound of the delay between two attempts, for example {@code "10s"}. */
	String maxBackoff() default "";

}
