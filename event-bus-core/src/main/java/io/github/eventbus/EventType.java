package io.github.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a payload class a stable type name, stored with every event instead of a class name. Without it
 * the type name is the class's simple name. Renaming or moving the class keeps stored events readable
 * as long as this name stays.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

	/** Stable name of the event type, for example {@code "order-placed"}. */
	String value();

	/** Version of the payload's shape; stored events of older versions are upcast on read. */
	int version() default 1;

}
