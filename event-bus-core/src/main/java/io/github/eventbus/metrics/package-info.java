/**
 * Names of the bus's Micrometer meters and observations, with their tag keys: the documented contract
 * dashboards and alerts rely on. Needs Micrometer on the classpath only when used.
 */
@NullMarked
package io.github.eventbus.metrics;

import org.jspecify.annotations.NullMarked;
