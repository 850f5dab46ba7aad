package io.github.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives events published on the {@link EventBus}.
 * <p>
 * The method takes exactly one parameter: either the payload type ({@code void on(OrderPlaced e)},
 * which also receives subtypes of {@code OrderPlaced}) or the envelope
 * ({@code void on(Event<OrderPlaced> e)}). Its return value is ignored. Any other signature fails
 * startup with a message naming the bean and the method.
 * <p>
 * Each observer has its own bounded mailbox, so a slow observer never delays another one, and it sees
 * the events of one stream in the order they were published (for publishes that do not overlap in
 * time; see {@link EventBus}). An exception thrown by the method never reaches the
 * publisher or other observers: it is handed to the {@link ObserverErrorHandler}.
 * <p>
 * {@link #mode()} and {@link #durable()} are arrays so that "not set" can be told apart from a value:
 * write {@code mode = DispatchMode.SEQUENTIAL} or {@code durable = true} as usual.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface EventObserver {

	/**
	 * Stable name of this observer, used for metrics, checkpoints and dead letters. Defaults to
	 * {@code beanName.methodName}; when one bean has several observer methods of that name (overloads
	 * such as {@code on(OrderPlaced)} and {@code on(OrderShipped)}), each defaults to
	 * {@code beanName.methodName(PayloadType)} ({@code Event<PayloadType>} for an envelope parameter).
	 * Adding an overload later changes that default, so give durable observers an explicit id. Two
	 * observers with the same id fail startup.
	 */
	String id() default "";

	/**
	 * Dispatch mode of this observer. Left unset, the observer uses {@code eventbus.dispatch.mode}.
	 */
	DispatchMode[] mode() default {};

	/**
	 * Whether this observer is fed from the event store behind a checkpoint, so that it resumes after a
	 * crash. Left unset, {@code eventbus.observers.durable-by-default} decides.
	 */
	boolean[] durable() default {};

	/**
	 * How many streams this observer may handle in parallel. {@code 1} (the default) handles every event
	 * strictly in order; with {@code N > 1} events of one stream still arrive in order.
	 */
	int concurrency() default 1;

	/**
	 * Where a durable observer without a checkpoint starts. Left unset,
	 * {@code eventbus.observers.start-from} decides. Ignored for observers that are not durable.
	 */
	StartFrom[] startFrom() default {};

	/**
	 * Where this observer's events come from. Empty (the default) means this application's bus.
	 * {@code "kafka"} means Kafka topics, with the {@code event-bus-kafka} module on the class path and
	 * {@code eventbus.kafka.enabled=true}: the observer then runs in a consumer group named after its
	 * {@link #id()}, reads the topics of {@code eventbus.kafka.consumers.<id>.topics}, and receives no
	 * events published locally. {@link #mode()} and {@link #durable()} do not apply to such an observer;
	 * {@link #concurrency()} is the number of consumer threads.
	 */
	String source() default "";

	/**
	 * How long one call of this observer may run, as a duration: {@code "5s"}, {@code "500ms"},
	 * {@code "PT1M"}. A call that runs longer is given up and reported as a failure, an
	 * {@link ObserverTimeoutException} carrying the time it ran and where its thread was: a durable observer
	 * retries the event and then dead-letters it (so its stream waits behind the dead letter until a replay or
	 * discard), an in-memory observer hands it to the {@link ObserverErrorHandler}; either way the observer goes
	 * on with its next event. The thread still running the call is interrupted, and logged when it finishes.
	 * <p>
	 * A call with a timeout runs on a thread of its own while the observer's thread waits for it, with the
	 * observer's causation and call chain but not other thread-bound state of the caller. Left empty (the
	 * default), {@code eventbus.observers.timeout} applies, which is unset by default: no limit. {@code "0"}
	 * means no limit for this observer whatever the property says. An invalid value fails startup. Applied by
	 * the auto-configuration.
	 */
	String timeout() default "";

	/**
	 * A SpEL expression deciding whether this observer handles an event, as
	 * {@code @EventListener(condition = ...)}: {@code #root.event} (or {@code #event}) is the {@link Event}
	 * envelope and {@code #root.payload} (or {@code #payload}) its payload, for example
	 * {@code "#payload.amount() > 100"} or {@code "#event.streamId().startsWith('eu-')"}. An event it does not
	 * match (the expression is not {@code true}) is skipped: the method is not called, nothing is reported, and a
	 * durable observer's checkpoint moves past it. An expression that throws fails the call like the method
	 * would. Parsed once at startup (an invalid expression fails startup) and compiled once it has run a few
	 * times. Empty (the default): every event is handled, at no cost. Applied by the auto-configuration.
	 */
	String condition() default "";

}
