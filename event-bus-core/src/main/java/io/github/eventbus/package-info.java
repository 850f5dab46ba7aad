/**
 * The public API of the event bus: {@link io.github.eventbus.EventBus}, the {@link io.github.eventbus.Event}
 * envelope, the {@link io.github.eventbus.EventObserver} annotation and the types they use.
 */
@NullMarked
package io.github.eventbus;

import org.jspecify.annotations.NullMarked;
