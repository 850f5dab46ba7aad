package io.github.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field, record component or no-argument accessor of a payload whose value is the stream id
 * used by {@link EventBus#publish(Object)}. The value is turned into a string with
 * {@link String#valueOf(Object)}. A payload type with no such member starts a new stream (version 1) on
 * every publish.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT })
public @interface StreamId {

}
