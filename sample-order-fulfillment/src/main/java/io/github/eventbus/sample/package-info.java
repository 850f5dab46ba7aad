/**
 * A sample order-fulfilment application built on the event-bus starter.
 */
@NullMarked
package io.github.eventbus.sample;

import org.jspecify.annotations.NullMarked;
