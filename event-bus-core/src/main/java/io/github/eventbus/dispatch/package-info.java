/**
 * The dispatcher behind {@link io.github.eventbus.EventBus}: observer discovery, per-observer mailboxes,
 * routing by payload type. Public types here are for the auto-configuration and for users who build a
 * bus without Spring Boot; everything else is internal.
 */
@NullMarked
package io.github.eventbus.dispatch;

import org.jspecify.annotations.NullMarked;
