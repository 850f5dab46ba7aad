/**
 * How each observer call is handled beyond the method itself: a handling timeout and a condition, read from
 * {@link io.github.eventbus.EventObserver} and applied as outermost {@code ObserverDecorator}s.
 */
@NullMarked
package io.github.eventbus.autoconfigure.handling;

import org.jspecify.annotations.NullMarked;
