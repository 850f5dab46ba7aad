package io.github.eventbus.saga;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link SagaEventHandler} or {@link DeadlineHandler} method: the instance ends once the method returns
 * normally. An ended instance keeps its associations, so later events for it are ignored, and its pending
 * deadlines are cancelled. {@link SagaLifecycle#end()} does the same from inside any handler.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface EndSaga {

}
