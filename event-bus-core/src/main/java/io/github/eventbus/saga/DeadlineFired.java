package io.github.eventbus.saga;

import io.github.eventbus.EventType;
import org.jspecify.annotations.Nullable;

/**
 * The event that delivers a due deadline to its saga instance. The deadline scheduler appends it to the
 * event store on stream {@code saga-deadline-<sagaId>}; the saga's own feed then hands it to the
 * {@link DeadlineHandler} method, in order with the instance's other events. Applications do not publish
 * it; register it with the event type registry of a JDBC store (the auto-configuration does).
 *
 * @param sagaType the saga type name
 * @param sagaId the instance
 * @param deadlineId the deadline's id
 * @param name the deadline's name
 * @param payload the deadline's payload as JSON, or {@code null}
 */
@EventType("eventbus.saga.deadline-fired")
public record DeadlineFired(String sagaType, String sagaId, String deadlineId, String name,
		@Nullable String payload) {

}
