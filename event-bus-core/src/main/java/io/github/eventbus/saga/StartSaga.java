package io.github.eventbus.saga;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link SagaEventHandler} method: when no instance is associated with the event's association value,
 * a new one is created (its state from the state type's no-argument constructor), associated with that
 * value, and handles the event. When one exists already, it handles the event as usual; an ended one
 * ignores it, so a redelivered start event never starts a second saga.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface StartSaga {

}
