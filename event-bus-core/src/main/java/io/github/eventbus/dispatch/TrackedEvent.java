package io.github.eventbus.dispatch;

import io.github.eventbus.Event;
import org.jspecify.annotations.Nullable;

/**
 * One event on its way to one observer: the event, the publisher's completion tracker when it awaits
 * this observer, and the call chain it was published from.
 */
record TrackedEvent(Subscriber observer, Event<?> event, @Nullable AwaitTracker tracker, @Nullable CallChain chain) {

}
